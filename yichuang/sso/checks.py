"""Start-up checks of the 统一身份认证 settings (`yichuang check`; production in --deploy too)."""

from django.conf import settings
from django.core import checks

DEMO_SECRET = "demo-oidc-secret-not-for-production"  # the demo's and the local provider's


@checks.register(checks.Tags.security)
def check_oidc_settings(app_configs, **kwargs):
    c = settings.YICHUANG_OIDC
    found = []
    parts = [c["URL"], c["CLIENT_ID"], c["CLIENT_SECRET"]]
    if any(parts) and not all(parts):
        found.append(
            checks.Warning(
                "统一身份认证只配置了一部分:OIDC_PROVIDER_URL、OIDC_CLIENT_ID、OIDC_CLIENT_SECRET 须同时设置,否则不启用。",
                id="sso.W001",
            )
        )
    if getattr(settings, "SECURE_MODE", False) and c["URL"]:
        if not c["URL"].startswith("https://"):
            found.append(
                checks.Error(
                    "生产模式下统一身份认证平台地址(OIDC_PROVIDER_URL)必须使用 https。",
                    hint="填写省统一身份认证平台提供的 https 地址(即 ID 令牌中的 iss)。",
                    id="sso.E001",
                )
            )
        if c["CLIENT_SECRET"] == DEMO_SECRET:
            found.append(
                checks.Error(
                    "生产模式不能使用演示的统一身份认证客户端密钥(OIDC_CLIENT_SECRET)。",
                    hint="填写省统一身份认证平台为本县登记的客户端密钥。",
                    id="sso.E002",
                )
            )
    return found
