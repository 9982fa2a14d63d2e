"""印章、签章 (seals): electronic seals, signer backends, sealed documents, the seal-use log
and public verification (issue 5)."""

from django.apps import AppConfig
from django.conf import settings
from django.core import checks


class SealsConfig(AppConfig):
    name = "yichuang.seals"
    verbose_name = "印章、签章"

    def ready(self):
        checks.register(check_seal_settings, "security")
        from . import consumers  # noqa: F401  registers the outbox consumer


def check_seal_settings(app_configs, **kwargs):
    found = []
    if not getattr(settings, "YICHUANG_SEAL_KEY", None):
        found.append(
            checks.Warning(
                "YICHUANG_SEAL_KEY 未设置:印章私钥用 SECRET_KEY 派生的密钥加密。",
                hint="生产环境请设置独立的 YICHUANG_SEAL_KEY(轮换 SECRET_KEY 时印章仍可用),并妥善备份。",
                id="seals.W001",
            )
        )
    if not getattr(settings, "YICHUANG_PUBLIC_URL", None) and not settings.DEBUG:
        found.append(
            checks.Warning(
                "YICHUANG_PUBLIC_URL 未设置:文书二维码将指向 http://localhost:8000。",
                hint="设置为群众访问本平台的地址,如 https://zwfw.example.gov.cn。",
                id="seals.W002",
            )
        )
    return found
