"""The demo's 统一身份认证 link: the clerk whom the local provider knows (local_provider.py)."""

from django.conf import settings

from yichuang.org.models import User

from . import local_provider
from .models import StaffIdentity


def load(say) -> None:
    clerk = User.objects.filter(username=local_provider.DEMO_STAFF_USERNAME).first()
    if clerk is None:
        return
    issuer = settings.YICHUANG_OIDC["URL"] or f"http://127.0.0.1:{local_provider.DEMO_PORT}"
    StaffIdentity.objects.get_or_create(
        user=clerk, defaults={"issuer": issuer, "subject": local_provider.DEMO_STAFF_SUBJECT}
    )
    say(f"统一身份认证:{clerk.username} 已关联平台账号 {local_provider.DEMO_STAFF_SUBJECT}。")
