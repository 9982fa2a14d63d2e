"""Real-name identity providers (pluggable): settings.YICHUANG_IDENTITY_PROVIDER names a class
with `verify_person(name, citizen_id)` and `verify_company(credit_code, name, representative)`,
each returning an IdentityCheck.

The default checks what can be checked without the public-security or market-regulation
services a county connects in production: the number's check character and a plausible name.
It never claims more: a production deployment replaces it."""
from __future__ import annotations

import dataclasses
import re

from django.conf import settings
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

    def verify_company(self, credit_code: str, name: str, representative: str) -> IdentityCheck:
        if not is_valid_uscc(credit_code):
            return IdentityCheck(False, "统一社会信用代码无效:应为18位且校验码正确。")
        if len((name or "").strip()) < 2:
            return IdentityCheck(False, "请填写营业执照上的单位名称。")
        if not representative:
            return IdentityCheck(False, "请先完成个人实名认证,法人须由法定代表人本人登录。")
        return IdentityCheck(True)


def get_provider():
    return import_string(getattr(settings, "YICHUANG_IDENTITY_PROVIDER", DEFAULT_PROVIDER))()
