"""Citizen login by phone and one-time code; real-name check; legal-person (法人) login.

Codes: 6 digits, stored as a salted keyed hash, valid CODE_MINUTES, at most MAX_ATTEMPTS
wrong tries, one send per phone per SEND_INTERVAL and SENDS_PER_HOUR an hour (counted in the
database, so several app processes share the limit). Audit records name the account by its
pseudonymous username, never by phone or ID number (invariant 8)."""
from __future__ import annotations

import datetime as dt
import hmac
import secrets

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from yichuang.common.errors import DomainError, NotAllowed, Problem
from yichuang.ledger import services as ledger
from yichuang.people import services as people
from yichuang.people.models import Applicant
from yichuang.people.numbers import MOBILE, normalise_phone
from yichuang.people.selectors import find_applicant

from ..identity import get_provider
from ..models import CitizenAccount, LegalRepresentation, LoginCode
from ..numbers import code_digest, phone_digest
from ..sms import get_backend

CODE_MINUTES = 5
MAX_ATTEMPTS = 5
SEND_INTERVAL = dt.timedelta(seconds=60)
SENDS_PER_HOUR = 5


def clean_phone(phone: str) -> str:
    phone = normalise_phone(phone or "")
    if not MOBILE.fullmatch(phone):
        raise DomainError(Problem("invalid_phone", "请输入11位手机号码。", "phone"))
    return phone


def _audit(account: CitizenAccount, action: str, **data) -> None:
    ledger.record(f"citizen:{account.pk}", f"portal.{action}", actor=account.user.username,
                  object_type="portal.CitizenAccount", object_id=str(account.pk), data=data)


@transaction.atomic
def send_login_code(phone: str) -> None:
    """Send a fresh code, unless this phone asked too recently or too often."""
    phone = clean_phone(phone)
    digest, now = phone_digest(phone), timezone.now()
    recent = LoginCode.objects.select_for_update().filter(phone_digest=digest,
                                                          created_at__gte=now - dt.timedelta(hours=1))
    times = list(recent.values_list("created_at", flat=True))
    if any(t > now - SEND_INTERVAL for t in times):
        raise DomainError(Problem("code_sent_recently", "验证码已发送,请60秒后再试。", "phone"))
    if len(times) >= SENDS_PER_HOUR:
        raise DomainError(Problem("too_many_codes", "该手机号获取验证码过于频繁,请一小时后再试。", "phone"))
    code = f"{secrets.randbelow(10 ** 6):06d}"
    salt = secrets.token_hex(8)
    LoginCode.objects.create(phone_digest=digest, code_hash=f"{salt}${code_digest(phone, code, salt)}",
                             created_at=now, expires_at=now + dt.timedelta(minutes=CODE_MINUTES))
    # Sent inside the transaction: the database backend's record commits with the code.
    get_backend().send(phone, f"【一窗通】您的登录验证码是{code},{CODE_MINUTES}分钟内有效。请勿告诉他人。")


def _check_code(phone: str, code: str) -> None:
    now = timezone.now()
    row = (LoginCode.objects.select_for_update().filter(phone_digest=phone_digest(phone), used_at__isnull=True)
           .order_by("-created_at").first())
    if row is None or row.expires_at <= now:
        raise DomainError(Problem("code_expired", "验证码已失效,请重新获取。", "code"))
    if row.attempts >= MAX_ATTEMPTS:
        raise DomainError(Problem("code_locked", "验证码错误次数过多,请重新获取。", "code"))
    salt, _, expected = row.code_hash.partition("$")
    if not hmac.compare_digest(expected, code_digest(phone, (code or "").strip(), salt)):
        row.attempts += 1
        row.save(update_fields=["attempts"])
        left = MAX_ATTEMPTS - row.attempts
        raise DomainError(Problem("code_wrong", f"验证码不正确,还可以再试{left}次。" if left else
                                  "验证码错误次数过多,请重新获取。", "code"))
    row.used_at = now
    row.save(update_fields=["used_at"])


def log_in_with_code(phone: str, code: str) -> CitizenAccount:
    """The account for this phone (created at first login) once the code is right. A wrong code
    counts against the code even though the login fails: that write must commit."""
    phone = clean_phone(phone)
    with transaction.atomic():
        try:
            _check_code(phone, code)
        except DomainError as exc:
            failure = exc
        else:
            failure = None
    if failure is not None:
        raise failure
    with transaction.atomic():
        account = CitizenAccount.objects.select_related("user", "applicant").filter(phone=phone).first()
        if account is None:
            user = get_user_model().objects.create_user(username=f"citizen-{secrets.token_hex(6)}")
            account = CitizenAccount.objects.create(user=user, phone=phone)
            _audit(account, "registered")
        if account.user.staff_roles.exists():
            # Staff use the workbench with their passwords; the hall is for citizens only.
            raise NotAllowed(Problem("staff_account", "工作人员账号请从工作台登录。", "phone"))
        _audit(account, "logged_in")
    return account


@transaction.atomic
def verify_identity(account: CitizenAccount, *, name: str, citizen_id: str) -> Applicant:
    """实名认证: the provider confirms name + ID number; the account becomes that applicant."""
    account = CitizenAccount.objects.select_for_update().get(pk=account.pk)
    citizen_id = (citizen_id or "").strip().upper()
    name = (name or "").strip()
    check = get_provider().verify_person(name, citizen_id)
    if not check.ok:
        raise DomainError(Problem("identity_not_verified", check.message, "citizen_id"))
    if account.applicant_id is not None:
        if account.applicant.citizen_id == citizen_id:
            return account.applicant
        raise DomainError(Problem("identity_fixed", "本账号已实名认证,不能改为他人身份。", "citizen_id"))
    known = find_applicant(Applicant.Kind.NATURAL, citizen_id)
    if known is not None and known.name != name:  # checked before the write: it would overwrite the name
        raise DomainError(Problem("identity_not_verified", "姓名与身份证号码不一致。", "name"))
    applicant = people.find_or_create_applicant(Applicant.Kind.NATURAL, citizen_id, actor=account.user.username,
                                                name=name, phone=account.phone)
    if CitizenAccount.objects.filter(applicant=applicant).exclude(pk=account.pk).exists():
        raise DomainError(Problem("identity_taken", "该身份已绑定其他手机号,请先用原手机号登录解绑或到窗口办理。",
                                  "citizen_id"))
    account.applicant, account.verified_at = applicant, timezone.now()
    account.save(update_fields=["applicant", "verified_at"])
    _audit(account, "identity_verified")
    return applicant


@transaction.atomic
def add_company(account: CitizenAccount, *, credit_code: str, name: str) -> Applicant:
    """法人登录: the real-named legal representative adds the company they represent."""
    if account.applicant_id is None:
        raise DomainError(Problem("identity_required", "请先完成个人实名认证。", "credit_code"))
    credit_code, name = (credit_code or "").strip().upper(), (name or "").strip()
    representative = account.applicant.name
    check = get_provider().verify_company(credit_code, name, representative)
    if not check.ok:
        raise DomainError(Problem("company_not_verified", check.message, "credit_code"))
    known = find_applicant(Applicant.Kind.LEGAL, credit_code)
    if known is not None and known.legal_representative and known.legal_representative != representative:
        raise DomainError(Problem("not_representative", "您不是该单位登记的法定代表人。", "credit_code"))
    company = people.find_or_create_applicant(Applicant.Kind.LEGAL, credit_code, actor=account.user.username,
                                              name=name, legal_representative=representative)
    LegalRepresentation.objects.get_or_create(account=account, applicant=company,
                                              defaults={"verified_at": timezone.now()})
    _audit(account, "company_added", company=company.credit_code)
    return company
