"""Production mode (YICHUANG_SECURE=1) refuses a start that would misbehave in a county's
server room (issue 16 §6). Errors, not warnings: `check`, `migrate` and gunicorn (yichuang/wsgi.py
runs the checks itself in production mode) all stop. The SMS gateway has its own (portal.E002)."""

from __future__ import annotations

from urllib.parse import urlparse

from django.conf import settings
from django.core import checks

# Caches every process on every host sees alike; rate limits and throttles count in them.
SHARED_CACHES = (
    "django.core.cache.backends.redis.RedisCache",
    "django.core.cache.backends.memcached.PyMemcacheCache",
    "django.core.cache.backends.memcached.PyLibMCCache",
    "django_redis.cache.RedisCache",
)
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "0.0.0.0", ""}


def check_production_start(app_configs, **kwargs):
    if not getattr(settings, "SECURE_MODE", False):
        return []
    found = []
    public = urlparse(settings.YICHUANG_PUBLIC_URL or "")
    if public.scheme != "https" or (public.hostname or "") in LOCAL_HOSTS:
        found.append(
            checks.Error(
                f"YICHUANG_PUBLIC_URL 为 {settings.YICHUANG_PUBLIC_URL!r}:文书二维码和短信链接会指向群众打不开的地址。",
                hint="设置为群众访问本平台的 https 地址,如 https://zwfw.example.gov.cn。",
                id="cluster.E001",
            )
        )
    if not settings.YICHUANG_SEAL_KEY:
        found.append(
            checks.Error(
                "YICHUANG_SEAL_KEY 未设置:印章私钥会用 SECRET_KEY 派生的密钥加密,轮换 SECRET_KEY 后印章不可用。",
                hint="设置独立的 YICHUANG_SEAL_KEY 并备份(docs/deployment.md § 密钥)。",
                id="cluster.E002",
            )
        )
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if backend not in SHARED_CACHES:
        found.append(
            checks.Error(
                f"缓存 {backend} 不是各服务器共享的缓存:限流、登录锁定只在单个进程内计数。",
                hint="设置 YICHUANG_CACHE_URL=redis://…(docs/deployment.md § 配置)。",
                id="cluster.E003",
            )
        )
    return found
