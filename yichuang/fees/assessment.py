"""The fee of a case, assessed once at acceptance from the fee lines of the item version the
case pinned (invariant 3): each line with an amount is charged when its condition holds (blank:
always), times its quantity (blank: once per case, 按件; e.g. 每增加一本证书 10元 times the extra
certificates), unless its exemption rule holds for what the applicant declared (e.g. 低保 and 特困 households exempt
from the 居民身份证 工本费, 发改价格〔2003〕2322号). The rule is CEL over the case's form data,
the same language as the item's acceptance rules (catalog.rules)."""

from __future__ import annotations

import re
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


MAX_QUANTITY = 99  # more certificates than this on one case is a typing error, not a fee


_ROOT = re.compile(r"(?<![\w.\"'])([A-Za-z_]\w*)\.")


def _activation(expression: str, form_data: dict) -> dict:
    """The form data with every object the expression names present (an empty map if the form
    did not ask): so a line can say with has() what an unstated fact means — 住宅 unless the
    applicant said otherwise — instead of failing on a missing name."""
    data = dict(form_data or {})
    for name in _ROOT.findall(expression):
        data.setdefault(name, {})
    return data


def applies(condition: str, form_data: dict) -> bool:
    """Whether a conditional line is charged. Undecidable (a broken rule, or a fact it reads
    without has()) → not charged: no money is asked without the fact its basis names."""
    if not condition.strip():
        return True
    try:
        return cel.evaluate(condition, _activation(condition, form_data)) is True
    except Exception:  # noqa: BLE001  a broken or undecidable condition charges nothing by itself
        return False


def quantity_of(expression: str, form_data: dict) -> int:
    """How many units a line charges (件, 本). Blank or undecidable → 1, the standard's own unit;
    a negative count is 0 and a count is never above MAX_QUANTITY."""
    if not expression.strip():
        return 1
    try:
        value = cel.evaluate(expression, _activation(expression, form_data))
    except Exception:  # noqa: BLE001
        return 1
    if isinstance(value, bool) or not isinstance(value, int):
        return 1
    return max(0, min(int(value), MAX_QUANTITY))


def lines_for(case: Case) -> list[Line]:
    """The case's fee lines as they would be assessed now (pure: reads, writes nothing)."""
    fees = Fee.objects.filter(version_id=case.item_version_id, amount_fen__isnull=False).order_by("order", "pk")
    data = case.form_data or {}
    out = []
    for f in fees:
        if not applies(f.condition, data):
            continue
        quantity = quantity_of(f.quantity, data)
        if quantity == 0:
            continue
        out.append(
            Line(
                name=f.name,
                standard=f.standard,
                basis=f.basis,
                unit_fen=f.amount_fen,
                quantity=quantity,
                exempt=exempt_by_rule(f.exemption, data),
                exemption_basis=f.exemption_basis,
            )
        )
    return out


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
    if not lines and not Fee.objects.filter(version_id=case.item_version_id, amount_fen__isnull=False).exists():
        return None  # a free item: no charge row at all
    # A charged item whose conditional lines all fall away owes nothing: a settled charge of 0
    # (the hand-out guard reads "no charge yet" as "not assessed").
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
