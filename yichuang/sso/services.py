"""Who a verified ID token is here (统一身份认证 → our accounts).

Staff: by the stored link (issuer + subject → staff account); the platform grants no roles, so a
linked account still needs its own roles at sites, and an unknown subject is refused.
Citizens: by the real-name claims the platform verified (name + 公民身份号码). The platform's
check is the real-name check (R-60), so a person we know is bound to the account without the
proof code the offline check needs (yichuang/portal/services/accounts.py); a person we do not
know yet is registered at first login, with the platform's verified phone, as the phone-code
login registers them. Our master data is never rewritten from a claim: a name that differs from
the one registered at a window is refused (a window corrects it), as on the hall's own path."""

from __future__ import annotations

import secrets

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from yichuang.common.errors import DomainError
from yichuang.common.idnumbers import is_valid_citizen_id, normalise_digits
from yichuang.ledger import services as ledger
from yichuang.people import services as people
from yichuang.people.models import Applicant
from yichuang.people.numbers import MOBILE, normalise_phone
from yichuang.people.selectors import find_applicant
from yichuang.portal.models import CitizenAccount
from yichuang.portal.services import accounts as hall_accounts

from .client import LoginRefused
from .models import StaffIdentity

PHONE_FALLBACK = "请用手机验证码登录。"


def _audit_staff(user, action: str) -> None:
    ledger.record(
        f"user:{user.pk}", f"sso.{action}", actor=user.username, object_type="org.User", object_id=str(user.pk)
    )


@transaction.atomic
def staff_user_for(claims: dict):
    link = (
        StaffIdentity.objects.select_for_update()
        .select_related("user")
        .filter(issuer=claims["iss"], subject=claims["sub"])
        .first()
    )
    if link is None:
        raise LoginRefused(
            "unknown_staff",
            "您的统一身份认证账号尚未关联本系统的工作人员账号。请联系中心管理员在管理后台“工作人员统一身份关联”中登记后再登录,"
            "或暂用工作台的用户名和密码登录。",
        )
    user = link.user
    if not user.is_active:
        raise LoginRefused("staff_inactive", "该工作人员账号已停用,请联系中心管理员。")
    if not user.staff_roles.exists():
        raise LoginRefused("staff_no_roles", "该工作人员账号在本系统没有任何站点的岗位,请联系中心管理员分配。")
    link.last_login_at = timezone.now()
    link.save(update_fields=["last_login_at"])
    _audit_staff(user, "staff_logged_in")
    return user


def _identity_claims(claims: dict) -> tuple[str, str]:
    name = claims.get("name") if isinstance(claims.get("name"), str) else ""
    number = normalise_digits(claims.get("id_number") or "").upper() if isinstance(claims.get("id_number"), str) else ""
    if not name.strip() or not is_valid_citizen_id(number):
        raise LoginRefused("no_identity_claims", "统一身份认证未提供有效的实名信息(姓名和身份证号)。" + PHONE_FALLBACK)
    return name.strip(), number


def _verified_phone(claims: dict) -> str:
    phone = normalise_phone(claims.get("phone_number") or "") if isinstance(claims.get("phone_number"), str) else ""
    if claims.get("phone_number_verified") is not True or not MOBILE.fullmatch(phone):
        raise LoginRefused("no_verified_phone", "统一身份认证未提供已核验的手机号,无法开通网办账号。" + PHONE_FALLBACK)
    return phone


def _account_for_phone(phone: str) -> CitizenAccount:
    account = CitizenAccount.objects.select_for_update().select_related("user").filter(phone=phone).first()
    if account is None:
        user = get_user_model().objects.create_user(username=f"citizen-{secrets.token_hex(6)}")
        account = CitizenAccount.objects.create(user=user, phone=phone)
        hall_accounts.audit_account(account, "registered", via="sso")
    return account


def citizen_account_for(claims: dict) -> CitizenAccount:
    name, citizen_id = _identity_claims(claims)
    try:
        return _citizen_account(name, citizen_id, claims)
    except DomainError as exc:  # the people rules' own refusals, as a refusal page
        raise LoginRefused(f"citizen:{exc.code}", exc.message)


@transaction.atomic
def _citizen_account(name: str, citizen_id: str, claims: dict) -> CitizenAccount:
    applicant = find_applicant(Applicant.Kind.NATURAL, citizen_id)
    if applicant is not None and applicant.name != name:
        raise LoginRefused("name_mismatch", "统一身份认证的姓名与本系统登记的不一致,请携带身份证到窗口核对。")
    account = None
    if applicant is not None:
        account = (
            CitizenAccount.objects.select_for_update(of=("self",))
            .select_related("user")
            .filter(applicant=applicant)
            .first()
        )
    if account is None:
        account = _account_for_phone(_verified_phone(claims))
        if account.applicant_id is not None and (applicant is None or account.applicant_id != applicant.pk):
            raise LoginRefused("phone_taken", "该手机号的网办账号已实名为他人,请用手机验证码登录或到窗口办理。")
    if account.user.staff_roles.exists():
        raise LoginRefused("staff_account", "工作人员账号请从工作台登录。")
    if account.applicant_id is None:
        if applicant is None:
            applicant = people.find_or_register_applicant_for_citizen(
                Applicant.Kind.NATURAL, citizen_id, actor=account.user.username, name=name, phone=account.phone
            )
        hall_accounts.bind_identity(account, applicant, "sso")
    hall_accounts.audit_account(account, "logged_in", via="sso")
    return account
