import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yichuang.settings")
application = get_wsgi_application()


def _refuse_unsafe_production_start() -> None:
    """gunicorn runs no system checks: in production mode a configuration error (the offline
    identity provider, the console SMS backend …) must stop the server, not only `check --deploy`."""
    from django.conf import settings
    from django.core import checks

    if not settings.SECURE_MODE:
        return
    errors = [m for m in checks.run_checks(include_deployment_checks=True) if m.level >= checks.ERROR]
    if errors:
        raise SystemExit("YICHUANG_SECURE=1 拒绝启动:\n" + "\n".join(f"{m.id}: {m.msg}" for m in errors))


_refuse_unsafe_production_start()
