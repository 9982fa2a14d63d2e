"""Citizen login by phone and one-time code; real-name check; legal-person (法人) login.

Codes: 6 digits, stored as a salted keyed hash, valid CODE_MINUTES, at most MAX_ATTEMPTS
wrong tries, one send per phone per SEND_INTERVAL and SENDS_PER_HOUR an hour (counted in the
database, so several app processes share the limit). Audit records name the account by its
pseudonymous username, never by phone or ID number (invariant 8).

Binding an account to a person (issue 13): passing the identity provider is enough for a person
the platform does not know yet, or whose phone on record is the account's own. A person with a
history (cases, licences, mandates) or with another phone on record is bound only after the new
account enters a code sent to that phone on record — or, with no mobile on record, at a window.
The citizen path never rewrites an applicant's master data or phone; every attempt is audited."""

from __future__ import annotations

import datetime as dt
import hmac
import secrets

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from yichuang.common.errors import DomainError, NotAllowed, Problem
from yichuang.common.idnumbers import normalise_digits
from yichuang.ledger import services as ledger
from yichuang.notify.sms import get_backend
from yichuang.people import services as people
from yichuang.people.models import Applicant
from yichuang.people.numbers import MOBILE, normalise_number, normalise_phone
from yichuang.people.selectors import find_applicant

from ..identity import get_provider
from ..models import CitizenAccount, IdentityProof, LegalRepresentation, LoginCode
from ..numbers import code_digest, phone_digest

CODE_MINUTES = 5
MAX_ATTEMPTS = 5
SEND_INTERVAL = dt.timedelta(seconds=60)
SENDS_PER_HOUR = 5


def clean_phone(phone: str) -> str:
    phone = normalise_phone(phone or "")
    if not MOBILE.fullmatch(phone):
        raise DomainError(Problem("invalid_phone", "请输入11位手机号码。", "phone"))
    return phone


def audit_account(account: CitizenAccount, action: str, **data) -> None:
    """An account event in the citizen's audit chain (also for other sign-in routes: sso)."""
    ledger.record(
        f"citizen:{account.pk}",
        f"portal.{action}",
        actor=account.user.username,
        object_type="portal.CitizenAccount",
        object_id=str(account.pk),
        data=data,
    )


@transaction.atomic
def send_login_code(phone: str) -> None:
    """Send a fresh code, unless this phone asked too recently or too often."""
    phone = clean_phone(phone)
    digest, now = phone_digest(phone), timezone.now()
    _refuse_if_sent_too_often(digest, now)
    code = f"{secrets.randbelow(10**6):06d}"
    salt = secrets.token_hex(8)
    LoginCode.objects.create(
        phone_digest=digest,
        code_hash=f"{salt}${code_digest(phone, code, salt)}",
        created_at=now,
        expires_at=now + dt.timedelta(minutes=CODE_MINUTES),
    )
    # Sent inside the transaction: the database backend's record commits with the code.
    get_backend().send(phone, f"【一窗通】您的登录验证码是{code},{CODE_MINUTES}分钟内有效。请勿告诉他人。")


def _refuse_if_sent_too_often(digest: str, now, field: str = "phone") -> None:
    """One limit per phone for every code sent to it — login codes and binding proofs alike —
    so neither can be used to flood someone's phone."""
    since = now - dt.timedelta(hours=1)
    times = [
        *LoginCode.objects.select_for_update()
        .filter(phone_digest=digest, created_at__gte=since)
        .values_list("created_at", flat=True),
        *IdentityProof.objects.select_for_update()
        .filter(phone_digest=digest, created_at__gte=since)
        .values_list("created_at", flat=True),
    ]
    if any(t > now - SEND_INTERVAL for t in times):
        raise DomainError(Problem("code_sent_recently", "验证码已发送,请60秒后再试。", field))
    if len(times) >= SENDS_PER_HOUR:
        raise DomainError(Problem("too_many_codes", "该手机号获取验证码过于频繁,请一小时后再试。", field))


def _typed_code(code) -> str:
    """A full-width code reads as ASCII; anything that is not six ASCII digits is just wrong."""
    return normalise_digits(code) if isinstance(code, str) else ""


def _check_code(phone: str, code: str) -> None:
    now = timezone.now()
    row = (
        LoginCode.objects.select_for_update()
        .filter(phone_digest=phone_digest(phone), used_at__isnull=True)
        .order_by("-created_at")
        .first()
    )
    if row is None or row.expires_at <= now:
        raise DomainError(Problem("code_expired", "验证码已失效,请重新获取。", "code"))
    if row.attempts >= MAX_ATTEMPTS:
        raise DomainError(Problem("code_locked", "验证码错误次数过多,请重新获取。", "code"))
    salt, _, expected = row.code_hash.partition("$")
    if not hmac.compare_digest(expected, code_digest(phone, _typed_code(code), salt)):
        row.attempts += 1
        row.save(update_fields=["attempts"])
        left = MAX_ATTEMPTS - row.attempts
        raise DomainError(
            Problem(
                "code_wrong",
                f"验证码不正确,还可以再试{left}次。" if left else "验证码错误次数过多,请重新获取。",
                "code",
            )
        )
    row.used_at = now
    row.save(update_fields=["used_at"])


def _committing_refusal(step, *, refused: CitizenAccount | None = None, action: str = ""):
    """Run step() in a transaction whose writes commit even when it refuses (a wrong code counts
    against the code; a refusal is audited), then re-raise the refusal. With `refused`, the
    step's own writes are undone and only the refusal's audit record (`action`) commits."""
    with transaction.atomic():
        try:
            if refused is None:
                return step()
            with transaction.atomic():
                return step()
        except DomainError as exc:
            failure = exc
            if refused is not None:
                audit_account(refused, action, code=exc.code)
    raise failure


def log_in_with_code(phone: str, code: str) -> CitizenAccount:
    """The account for this phone (created at first login) once the code is right. A wrong code
    counts against the code even though the login fails: that write must commit."""
    phone = clean_phone(phone)
    _committing_refusal(lambda: _check_code(phone, code))
    with transaction.atomic():
        account = CitizenAccount.objects.select_related("user", "applicant").filter(phone=phone).first()
        if account is None:
            user = get_user_model().objects.create_user(username=f"citizen-{secrets.token_hex(6)}")
            account = CitizenAccount.objects.create(user=user, phone=phone)
            audit_account(account, "registered")
        if account.user.staff_roles.exists():
            # Staff use the workbench with their passwords; the hall is for citizens only.
            raise NotAllowed(Problem("staff_account", "工作人员账号请从工作台登录。", "phone"))
        audit_account(account, "logged_in")
    return account


class IdentityProofRequired(DomainError):
    """Not a refusal: a code went to the phone on record; the account must enter it."""


def _has_history(applicant: Applicant) -> bool:
    """Something the platform holds about this person that a stranger must not read."""
    return (
        applicant.cases.exists()
        or applicant.licences.exists()
        or applicant.authorisations_given.exists()
        or applicant.authorisations_received.exists()
    )


def bind_identity(account: CitizenAccount, applicant: Applicant, how: str) -> Applicant:
    """Binds the account to a verified applicant; `how` names the proof (audited)."""
    if CitizenAccount.objects.filter(applicant=applicant).exclude(pk=account.pk).exists():
        raise DomainError(
            Problem("identity_taken", "该身份已绑定其他手机号,请先用原手机号登录解绑或到窗口办理。", "citizen_id")
        )
    account.applicant, account.verified_at = applicant, timezone.now()
    account.save(update_fields=["applicant", "verified_at"])
    audit_account(account, "identity_verified", applicant=applicant.pk, how=how)
    ledger.record(
        f"applicant:{applicant.pk}",
        "applicant.account_bound",
        actor=account.user.username,
        object_type="people.Applicant",
        object_id=str(applicant.pk),
        data={"how": how},
    )
    return applicant


def _send_proof(account: CitizenAccount, applicant: Applicant) -> None:
    now = timezone.now()
    digest = phone_digest(applicant.phone)
    _refuse_if_sent_too_often(digest, now, "citizen_id")
    # Per account too: one account must not page through many people's phones.
    if (
        IdentityProof.objects.filter(account=account, created_at__gte=now - dt.timedelta(hours=1)).count()
        >= SENDS_PER_HOUR
    ):
        raise DomainError(Problem("too_many_codes", "实名绑定验证码获取过于频繁,请一小时后再试。", "citizen_id"))
    code, salt = f"{secrets.randbelow(10**6):06d}", secrets.token_hex(8)
    IdentityProof.objects.create(
        account=account,
        applicant=applicant,
        phone_digest=digest,
        created_at=now,
        code_hash=f"{salt}${code_digest(f'{applicant.phone}#{account.pk}', code, salt)}",
        expires_at=now + dt.timedelta(minutes=CODE_MINUTES),
    )
    get_backend().send(
        applicant.phone,
        f"【一窗通】有人申请将您的实名身份绑定到一个新的网办账号,验证码{code},"
        f"{CODE_MINUTES}分钟内有效。如非本人申请,请勿告诉任何人。",
    )
    audit_account(account, "identity_proof_sent", applicant=applicant.pk)


def _verify(account: CitizenAccount, name: str, citizen_id: str) -> Applicant | None:
    """The applicant now bound, or None when a proof code was sent."""
    # of=self: PostgreSQL cannot lock the nullable side (applicant) of the outer join.
    account = (
        CitizenAccount.objects.select_for_update(of=("self",)).select_related("user", "applicant").get(pk=account.pk)
    )
    check = get_provider().verify_person(name, citizen_id)
    if not check.ok:
        raise DomainError(Problem("identity_not_verified", check.message, "citizen_id"))
    citizen_id = normalise_number(Applicant.Kind.NATURAL, citizen_id)
    if account.applicant_id is not None:
        if account.applicant.citizen_id == citizen_id:
            return account.applicant
        raise DomainError(Problem("identity_fixed", "本账号已实名认证,不能改为他人身份。", "citizen_id"))
    known = find_applicant(Applicant.Kind.NATURAL, citizen_id)
    if known is None:  # first sight: the account's phone is the only contact there is
        applicant = people.find_or_register_applicant_for_citizen(
            Applicant.Kind.NATURAL, citizen_id, actor=account.user.username, name=name, phone=account.phone
        )
        if applicant.phone != account.phone:  # registered at a window meanwhile: not ours to claim blind
            raise DomainError(Problem("identity_retry", "该身份刚刚在其他渠道登记,请重新提交实名认证。", "citizen_id"))
        return bind_identity(account, applicant, "new_applicant")
    if known.name != name:
        raise DomainError(Problem("identity_not_verified", "姓名与身份证号码不一致。", "name"))
    if CitizenAccount.objects.filter(applicant=known).exists():
        raise DomainError(
            Problem("identity_taken", "该身份已绑定其他手机号,请先用原手机号登录解绑或到窗口办理。", "citizen_id")
        )
    if known.phone == account.phone:  # the login code already proved this phone
        return bind_identity(account, known, "phone_on_record")
    if not known.phone and not _has_history(known):
        return bind_identity(account, known, "no_history")
    if not MOBILE.fullmatch(known.phone or ""):
        raise DomainError(
            Problem(
                "identity_needs_window_check",
                "该身份已在窗口登记办理记录,但没有可接收短信的手机号,无法在线核验。请携带身份证到窗口核验。",
                "citizen_id",
            )
        )
    _send_proof(account, known)
    return None


def verify_identity(account: CitizenAccount, *, name: str, citizen_id: str) -> Applicant:
    """实名认证: the provider confirms name + ID number; the account becomes that applicant —
    at once, or (IdentityProofRequired) once confirm_identity_binding gets the code sent to
    the person's phone on record. A refusal is audited too, and that record commits."""
    name = (name or "").strip() if isinstance(name, str) else ""
    citizen_id = normalise_digits(citizen_id).upper()
    applicant = _committing_refusal(
        lambda: _verify(account, name, citizen_id), refused=account, action="identity_refused"
    )
    if applicant is None:
        raise IdentityProofRequired(
            Problem(
                "identity_proof_required",
                "该身份已有办事记录。为保护您的信息,我们已向该身份登记的手机号发送验证码,"
                "请输入验证码完成绑定;如已不用该手机号,请携带身份证到窗口核验。",
                "code",
            )
        )
    return applicant


def pending_proof(account: CitizenAccount) -> IdentityProof | None:
    return (
        IdentityProof.objects.filter(account=account, used_at__isnull=True, expires_at__gt=timezone.now())
        .order_by("-created_at")
        .first()
    )


def _confirm(account: CitizenAccount, code: str) -> Applicant:
    account = CitizenAccount.objects.select_for_update().select_related("user").get(pk=account.pk)
    if account.applicant_id is not None:
        raise DomainError(Problem("identity_fixed", "本账号已实名认证,不能改为他人身份。", "code"))
    proof = (
        IdentityProof.objects.select_for_update()
        .select_related("applicant")
        .filter(account=account, used_at__isnull=True)
        .order_by("-created_at")
        .first()
    )
    if proof is None or proof.expires_at <= timezone.now():
        raise DomainError(Problem("code_expired", "验证码已失效,请重新提交实名认证以获取新的验证码。", "code"))
    if proof.attempts >= MAX_ATTEMPTS:
        raise DomainError(Problem("code_locked", "验证码错误次数过多,请重新提交实名认证以获取新的验证码。", "code"))
    salt, _, expected = proof.code_hash.partition("$")
    phone = proof.applicant.phone  # a phone changed at a window since the code was sent voids it
    if not hmac.compare_digest(expected, code_digest(f"{phone}#{account.pk}", _typed_code(code), salt)):
        proof.attempts += 1
        proof.save(update_fields=["attempts"])
        audit_account(account, "identity_proof_wrong", applicant=proof.applicant_id)
        left = MAX_ATTEMPTS - proof.attempts
        raise DomainError(
            Problem(
                "code_wrong",
                f"验证码不正确,还可以再试{left}次。"
                if left
                else "验证码错误次数过多,请重新提交实名认证以获取新的验证码。",
                "code",
            )
        )
    proof.used_at = timezone.now()
    proof.save(update_fields=["used_at"])
    return bind_identity(account, proof.applicant, "code_to_phone_on_record")


def confirm_identity_binding(account: CitizenAccount, code: str) -> Applicant:
    """The second step of a binding that needs proof. A wrong code counts against the code even
    though the binding fails: that write (and the audit record) must commit."""
    return _committing_refusal(lambda: _confirm(account, code))


def add_company(account: CitizenAccount, *, credit_code: str, name: str) -> Applicant:
    """法人登录: the real-named legal representative adds the company they represent. The
    representative is the verified natural person (their ID number), never a name: a company
    whose verified representative is someone else, or which has a history but no verified
    representative yet, is refused; its registered name is never overwritten. A refusal is
    audited, and that record commits."""
    return _committing_refusal(
        lambda: _add_company(account, credit_code, name), refused=account, action="company_refused"
    )


def _add_company(account: CitizenAccount, credit_code: str, name: str) -> Applicant:
    if account.applicant_id is None:
        raise DomainError(Problem("identity_required", "请先完成个人实名认证。", "credit_code"))
    credit_code = normalise_digits(credit_code).upper()
    name = (name or "").strip() if isinstance(name, str) else ""
    person = account.applicant
    check = get_provider().verify_company(credit_code, name, person.name, person.citizen_id)
    if not check.ok:
        raise DomainError(Problem("company_not_verified", check.message, "credit_code"))
    known = find_applicant(Applicant.Kind.LEGAL, credit_code)
    if known is not None and known.representative_id not in (None, person.pk):
        raise DomainError(Problem("not_representative", "您不是该单位登记的法定代表人。", "credit_code"))
    if known is not None and known.representative_id is None:
        if known.legal_representative and known.legal_representative != person.name:
            raise DomainError(Problem("not_representative", "您不是该单位登记的法定代表人。", "credit_code"))
        if _has_history(known):  # registered at a window by name only: a name proves nothing
            raise DomainError(
                Problem(
                    "company_needs_window_check",
                    "该单位已有办事记录,但尚未核验法定代表人身份。请法定代表人携带营业执照和身份证到窗口核验。",
                    "credit_code",
                )
            )
    company = people.find_or_register_applicant_for_citizen(
        Applicant.Kind.LEGAL, credit_code, actor=account.user.username, name=name, legal_representative=person.name
    )
    company = people.record_verified_representative(company, person, actor=account.user.username)
    LegalRepresentation.objects.get_or_create(
        account=account, applicant=company, defaults={"verified_at": timezone.now()}
    )
    audit_account(account, "company_added", company=company.credit_code)
    return company
