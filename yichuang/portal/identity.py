"""Real-name identity providers (pluggable): settings.YICHUANG_IDENTITY_PROVIDER names a class
with `verify_person(name, citizen_id)` and
`verify_company(credit_code, name, representative_name, representative_citizen_id)`, each
returning an IdentityCheck. A company's representative is given by the ID number the provider
verified for the account, not only by name: names are not unique.

The default checks what can be checked without the public-security or market-regulation
services a county connects in production: the number's check character and a plausible name.
Anyone who knows a person's name and ID number passes it, so production mode refuses it (and
the console SMS backend, which writes login codes to the log): see check_production_backends."""

from __future__ import annotations

import dataclasses
import re

from django.conf import settings
from django.core import checks
from django.utils.module_loading import import_string

from yichuang.common.idnumbers import is_valid_citizen_id, is_valid_uscc

DEFAULT_PROVIDER = "yichuang.portal.identity.OfflineIdentityProvider"
CHINESE_NAME = re.compile(r"[\u4e00-\u9fff·]{2,20}")


@dataclasses.dataclass(frozen=True)
class IdentityCheck:
    ok: bool
    message: str = ""


class OfflineIdentityProvider:
    def verify_person(self, name: str, citizen_id: str) -> IdentityCheck:
        if not CHINESE_NAME.fullmatch(name or ""):
            return IdentityCheck(False, "请填写身份证上的中文姓名。")
        if not is_valid_citizen_id(citizen_id):
            return IdentityCheck(False, "公民身份号码无效:应为18位且校验码正确。")
        return IdentityCheck(True)

    def verify_company(
        self, credit_code: str, name: str, representative_name: str, representative_citizen_id: str
    ) -> IdentityCheck:
        if not is_valid_uscc(credit_code):
            return IdentityCheck(False, "统一社会信用代码无效:应为18位且校验码正确。")
        if len((name or "").strip()) < 2:
            return IdentityCheck(False, "请填写营业执照上的单位名称。")
        if not representative_name or not is_valid_citizen_id(representative_citizen_id):
            return IdentityCheck(False, "请先完成个人实名认证,法人须由法定代表人本人登录。")
        return IdentityCheck(True)


def get_provider():
    return import_string(getattr(settings, "YICHUANG_IDENTITY_PROVIDER", DEFAULT_PROVIDER))()


SMS_DEFAULT_BACKEND = "yichuang.notify.sms.ConsoleAndDatabaseBackend"  # notify.sms.DEFAULT_BACKEND


def _configured_class(setting: str, default: str, error_id: str, found: list):
    path = getattr(settings, setting, None) or default
    try:
        return import_string(path)
    except ImportError as exc:
        found.append(checks.Error(f"{setting} = {path!r} 无法导入:{exc}", id=error_id))
        return None


@checks.register(checks.Tags.security)
def check_production_backends(app_configs, **kwargs):
    """Production mode (YICHUANG_SECURE=1) refuses to start with the demo's backends: with the
    offline provider anyone who knows a name and ID number becomes that person online; the
    console backend writes every login code to the server log. Errors, not warnings: `check`,
    `check --deploy`, `migrate` and `runserver` stop."""
    if not getattr(settings, "SECURE_MODE", False):
        return []
    from yichuang.notify.sms import ConsoleAndDatabaseBackend

    found: list = []
    provider = _configured_class("YICHUANG_IDENTITY_PROVIDER", DEFAULT_PROVIDER, "portal.E003", found)
    if isinstance(provider, type) and issubclass(provider, OfflineIdentityProvider):
        found.append(
            checks.Error(
                "生产模式不能使用离线实名核验(OfflineIdentityProvider):知道姓名和身份证号的任何人都能冒用他人身份。",
                hint="将 YICHUANG_IDENTITY_PROVIDER 设为对接公安、市场监管部门核验服务的类。",
                id="portal.E001",
            )
        )
    backend = _configured_class("YICHUANG_SMS_BACKEND", SMS_DEFAULT_BACKEND, "portal.E004", found)
    if isinstance(backend, type) and issubclass(backend, ConsoleAndDatabaseBackend):
        found.append(
            checks.Error(
                "生产模式不能使用控制台短信(ConsoleAndDatabaseBackend):登录验证码会写入服务器日志和数据库。",
                hint="将 YICHUANG_SMS_BACKEND 设为对接本县短信网关的类。",
                id="portal.E002",
            )
        )
    return found
