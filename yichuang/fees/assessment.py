"""The fee of a case, assessed once at acceptance from the fee lines of the item version the
case pinned (invariant 3): each line with an amount is charged once per case (按件), unless its
exemption rule holds for what the applicant declared (e.g. 低保 and 特困 households exempt
from the 居民身份证 工本费, 发改价格〔2003〕2322号). The rule is CEL over the case's form data,
the same language as the item's acceptance rules (catalog.rules)."""

from __future__ import annotations

from dataclasses import dataclass

import cel
from django.db import IntegrityError, transaction
from django.utils import timezone

from yichuang.cases.models import Case
from yichuang.catalog.models import Fee
from yichuang.ledger import services as ledger

from .models import Charge, ChargeLine


@dataclass(frozen=True)
class Line:
    name: str
    standard: str
    basis: str
    unit_fen: int
    quantity: int
    exempt: bool
    exemption_basis: str

    @property
    def amount_fen(self) -> int:
        return 0 if self.exempt else self.unit_fen * self.quantity


def exempt_by_rule(expression: str, form_data: dict) -> bool:
    """Whether an exemption rule holds. A rule that cannot be decided (the applicant did not
    say) or is broken does not exempt: the clerk sees the full amount and the basis."""
    if not expression.strip():
        return False
    try:
        return cel.evaluate(expression, form_data or {}) is True
    except Exception:  # noqa: BLE001  a broken or undecidable rule never waives money by itself
        return False


def lines_for(case: Case) -> list[Line]:
    """The case's fee lines as they would be assessed now (pure: reads, writes nothing)."""
    fees = Fee.objects.filter(version_id=case.item_version_id, amount_fen__isnull=False).order_by("order", "pk")
    return [
        Line(
            name=f.name,
            standard=f.standard,
            basis=f.basis,
            unit_fen=f.amount_fen,
            quantity=1,
            exempt=exempt_by_rule(f.exemption, case.form_data),
            exemption_basis=f.exemption_basis,
        )
        for f in fees
    ]


def payment_code(case: Case) -> str:
    """缴款码: 20 digits, the acceptance day and the case's row number — unique, and printable
    on the 缴费通知书 before anything else is known."""
    day = timezone.localtime(case.accepted_at or timezone.now()).strftime("%Y%m%d")
    return f"{day}{case.pk:012d}"


def assess(case: Case) -> Charge | None:
    """Write the case's charge once (None for a free item). Safe to call again and from two
    processes at once: the second finds the first's row."""
    existing = Charge.objects.filter(case=case).first()
    if existing is not None:
        return existing
    lines = lines_for(case)
    if not lines:
        return None
    total = sum(line.amount_fen for line in lines)
    try:
        with transaction.atomic():
            charge = Charge.objects.create(
                case=case,
                site=case.site,
                department_id=case.item_version.department_id,
                item_id=case.item_id,
                payment_code=payment_code(case),
                amount_fen=total,
                status=Charge.Status.DUE if total else Charge.Status.EXEMPT,
                assessed_at=timezone.now(),
                settled_at=None if total else timezone.now(),
            )
            ChargeLine.objects.bulk_create(
                ChargeLine(
                    charge=charge,
                    name=line.name,
                    standard=line.standard,
                    basis=line.basis,
                    unit_fen=line.unit_fen,
                    quantity=line.quantity,
                    exempt=line.exempt,
                    exemption_basis=line.exemption_basis if line.exempt else "",
                    amount_fen=line.amount_fen,
                )
                for line in lines
            )
            ledger.record(
                case.audit_stream,
                "fees.assessed",
                actor="system",
                object_type="fees.Charge",
                object_id=str(charge.pk),
                data={"amount_fen": total, "exempt_lines": [ln.name for ln in lines if ln.exempt]},
            )
    except IntegrityError:
        return Charge.objects.get(case=case)
    return charge
