"""The money notices of a case (一次性收费, R-31; issue 18): the fee on the 受理通知书, the
缴费通知书 with its payment code, and the 非税收入电子票据-style receipt. Their facts are read
from the fees app's rows through the case's reverse accessors (`case.charge`): seals imports
nothing of that app (architecture § Apps), and a case without a charge has none of these.
Stored and verifiable at /verify like every other notice (notices.issue_notice)."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone

from yichuang.common.errors import DomainError, Problem

DIGITS = "零壹贰叁肆伍陆柒捌玖"
UNITS = ["", "拾", "佰", "仟"]
GROUPS = ["", "万", "亿"]


def yuan(fen: int) -> str:
    return f"{fen // 100}.{fen % 100:02d}元"


def capital(fen: int) -> str:
    """An amount in 大写, as a receipt prints it: 8050 → 捌拾元伍角整; 2000 → 贰拾元整."""
    whole, jiao, fen_ = fen // 100, fen // 10 % 10, fen % 10
    if whole == 0:
        text = ""
    else:
        parts, group = [], 0
        while whole:
            whole, chunk = divmod(whole, 10000)
            words, zero = "", False
            for i in range(3, -1, -1):
                d = chunk // 10**i % 10
                if d:
                    words += ("零" if zero and words else "") + DIGITS[d] + UNITS[i]
                    zero = False
                else:
                    zero = True
            if words:
                parts.insert(0, words + GROUPS[group])
            group += 1
        text = "".join(parts) + "元"
    if jiao == 0 and fen_ == 0:
        return (text or "零元") + "整"
    tail = (DIGITS[jiao] + "角" if jiao else ("零" if text else "")) + (DIGITS[fen_] + "分" if fen_ else "")
    return text + tail + ("整" if not fen_ else "")


def charge_of(case):
    return getattr(case, "charge", None)


def _lines(charge) -> list[dict]:
    return [
        {
            "name": ln.name,
            "standard": ln.standard,
            "basis": ln.basis,
            "quantity": ln.quantity,
            "unit": yuan(ln.unit_fen),
            "amount": "免收" if ln.exempt else yuan(ln.amount_fen),
            "exemption_basis": ln.exemption_basis,
        }
        for ln in charge.lines.all()
    ]


def acceptance_fee(case) -> dict:
    """What the 受理通知书 adds for a charged case (nothing for a free one, so the facts — and
    the stored notices — of free items are unchanged)."""
    charge = charge_of(case)
    if charge is None:
        return {}
    return {
        "fee": {
            "amount": yuan(charge.amount_fen),
            "payment_code": charge.payment_code,
            "exempt": charge.amount_fen == 0,
        }
    }


def hall_case_url(number: str) -> str:
    base = getattr(settings, "YICHUANG_PUBLIC_URL", "http://localhost:8000").rstrip("/")
    return f"{base}/hall/cases/{number}/"


def payment_notice(case, common) -> dict:
    charge = charge_of(case)
    if charge is None or charge.amount_fen == 0:
        raise DomainError(Problem("notice_not_applicable", "该办件不收费或已免收。", "kind"))
    return {
        **common(case, "payment_notice", case.site, charge.assessed_at),
        # The QR code opens the applicant's case in the hall, where 网上缴费 is one button.
        "progress_url": hall_case_url(case.number),
        "payment_code": charge.payment_code,
        "amount": yuan(charge.amount_fen),
        "amount_capital": capital(charge.amount_fen),
        "lines": _lines(charge),
    }


def fee_receipt(case, common) -> dict:
    charge = charge_of(case)
    payment = None
    if charge is not None:
        payment = charge.payments.filter(receipt_number__isnull=False).order_by("-paid_at", "-pk").first()
    if payment is None:
        raise DomainError(Problem("notice_not_applicable", "该办件没有已缴费用。", "kind"))
    return {
        **common(case, "fee_receipt", case.site, payment.paid_at),
        "receipt_number": payment.receipt_number,
        "payment_code": charge.payment_code,
        "channel": payment.get_channel_display(),
        "payer": payment.get_payer_kind_display(),
        "amount": yuan(payment.amount_fen),
        "amount_capital": capital(payment.amount_fen),
        "department_name": charge.department.name,
        "paid_on": timezone.localtime(payment.paid_at).strftime("%Y年%m月%d日"),
        "lines": _lines(charge),
        "cashier": str(payment.recorded_by) if payment.recorded_by else "统一公共支付平台",
    }
