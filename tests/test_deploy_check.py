"""Production settings (issue 8; R-ids: see docs/reliability.md § Production settings).

Settings are read once per process from the environment, so each test starts a real
`yichuang check --deploy` (or a settings import) in a child process with the production
environment a county would set: YICHUANG_SECURE=1 behind an HTTPS proxy, its own SECRET_KEY.
"""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def production_env(**overrides) -> dict:
    # DJANGO_ALLOW_ASYNC_UNSAFE is the browser tests' own (Playwright in the test process), not production's.
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "YICHUANG_SECURE", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="yichuang.settings",
        YICHUANG_SECURE="1",
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(60),
        YICHUANG_SEAL_KEY=secrets.token_urlsafe(40),
        ALLOWED_HOSTS="zwfw.qingxi.gov.cn",
        YICHUANG_PUBLIC_URL="https://zwfw.qingxi.gov.cn",
        YICHUANG_CACHE_URL="redis://127.0.0.1:6379/8",  # named only: `check` does not connect
        # A county plugs in its own identity service and SMS gateway; any class but the demo's will do here.
        YICHUANG_IDENTITY_PROVIDER="yichuang.portal.tests.doubles.RefusingProvider",
        YICHUANG_SMS_BACKEND="yichuang.portal.tests.doubles.RecordingBackend",
    )
    env.update(overrides)
    return env


def run(args: list[str], env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


# The checks about deployment: Django's security checks, the CSP and login-throttling apps', and the
# seal key's. (Schema-generation warnings of drf-spectacular belong to the API's own tests.)
DEPLOY_CHECKS = ("(security.", "(csp.", "(axes.", "(seals.", "(portal.", "(cluster.", "(sso.")


def test_check_deploy_is_clean_in_production_mode():
    result = run(["-m", "django", "check", "--deploy"], production_env())
    output = result.stdout + result.stderr
    assert result.returncode == 0, output  # no errors of any kind
    assert not [line for line in output.splitlines() if any(check in line for check in DEPLOY_CHECKS)], output


def test_check_deploy_warns_without_production_mode():
    """The check itself is live: the same command without YICHUANG_SECURE names the gaps."""
    env = production_env()
    del env["YICHUANG_SECURE"]
    result = run(["-m", "django", "check", "--deploy"], env)
    for check in ("security.W004", "security.W008", "security.W012", "security.W016"):  # HSTS, SSL, cookies
        assert check in result.stderr + result.stdout


def test_production_mode_refuses_the_offline_identity_provider():
    env = production_env()
    del env["YICHUANG_IDENTITY_PROVIDER"]
    result = run(["-m", "django", "check", "--deploy"], env)
    assert result.returncode != 0 and "portal.E001" in result.stdout + result.stderr


def test_production_mode_refuses_the_console_sms_backend():
    env = production_env()
    del env["YICHUANG_SMS_BACKEND"]
    result = run(["-m", "django", "check"], env)  # not only --deploy: migrate and runserver stop too
    assert result.returncode != 0 and "portal.E002" in result.stdout + result.stderr


def test_production_mode_refuses_an_identity_provider_that_cannot_be_imported():
    result = run(["-m", "django", "check"], production_env(YICHUANG_IDENTITY_PROVIDER="county.nowhere.Provider"))
    assert result.returncode != 0 and "portal.E003" in result.stdout + result.stderr


def test_production_mode_refuses_a_start_without_a_public_url():
    env = production_env()
    del env["YICHUANG_PUBLIC_URL"]  # QR codes on sealed documents would point to localhost
    result = run(["-m", "django", "check"], env)
    assert result.returncode != 0 and "cluster.E001" in result.stdout + result.stderr


def test_production_mode_refuses_a_public_url_without_https():
    result = run(["-m", "django", "check"], production_env(YICHUANG_PUBLIC_URL="http://zwfw.qingxi.gov.cn"))
    assert result.returncode != 0 and "cluster.E001" in result.stdout + result.stderr


def test_production_mode_refuses_a_start_without_a_seal_key():
    env = production_env()
    del env["YICHUANG_SEAL_KEY"]
    result = run(["-m", "django", "check"], env)
    assert result.returncode != 0 and "cluster.E002" in result.stdout + result.stderr


def test_production_mode_refuses_a_cache_each_process_keeps_to_itself():
    env = production_env()
    del env["YICHUANG_CACHE_URL"]  # rate limits would count per worker, not per county
    result = run(["-m", "django", "check"], env)
    assert result.returncode != 0 and "cluster.E003" in result.stdout + result.stderr


def test_gunicorn_refuses_a_production_start_without_a_shared_cache():
    env = production_env()
    del env["YICHUANG_CACHE_URL"]
    result = run(["-c", "import yichuang.wsgi"], env)
    assert result.returncode != 0 and "cluster.E003" in result.stderr


def test_production_mode_refuses_the_development_secret_key():
    env = production_env()
    del env["SECRET_KEY"]
    result = run(["-c", "import django; django.setup()"], env)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


PRINT_SETTINGS = (
    "import django; django.setup(); from django.conf import settings as s; "
    "print(s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT,"
    " s.SECURE_PROXY_SSL_HEADER[0], s.SESSION_COOKIE_HTTPONLY)"
)


def test_production_mode_sends_hsts_and_secure_cookies_only_over_https_proxy():
    result = run(["-c", PRINT_SETTINGS], production_env())
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["31536000", "True", "True", "True", "HTTP_X_FORWARDED_PROTO", "True"]


CSP_HEADERS = (
    "import django; django.setup(); from csp.middleware import CSPMiddleware; from django.http import HttpResponse;"
    "from django.test import RequestFactory\n"
    "r = CSPMiddleware(lambda request: HttpResponse())(RequestFactory().get('/guide/'))\n"
    "print(r.get('Content-Security-Policy')); print(r.get('Content-Security-Policy-Report-Only'))"
)


def test_production_mode_enforces_the_content_security_policy():
    result = run(["-c", CSP_HEADERS], production_env())
    assert result.returncode == 0, result.stderr
    enforced, report_only = result.stdout.splitlines()
    assert "script-src 'self'" in enforced and "unsafe-inline" not in enforced
    assert report_only == "None"


def test_password_validators_refuse_short_common_and_numeric_passwords():
    code = (
        "import django; django.setup(); from django.contrib.auth.password_validation import validate_password;"
        "from django.core.exceptions import ValidationError\n"
        "for p in ['short', 'password123', '1234567890123', 'qingxi-window-7319']:\n"
        "    try: validate_password(p); print(p, 'ok')\n"
        "    except ValidationError as e: print(p, 'refused')"
    )
    result = run(["-c", code], production_env())
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "short",
        "refused",
        "password123",
        "refused",
        "1234567890123",
        "refused",
        "qingxi-window-7319",
        "ok",
    ]


def test_the_wsgi_application_refuses_to_start_with_the_offline_identity_provider():
    """gunicorn runs no system checks, so the WSGI module runs them itself in production mode."""
    env = production_env()
    del env["YICHUANG_IDENTITY_PROVIDER"]
    result = run(["-c", "import yichuang.wsgi"], env)
    assert result.returncode != 0 and "portal.E001" in result.stderr


def test_the_wsgi_application_starts_in_a_clean_production_configuration():
    result = run(["-c", "import yichuang.wsgi"], production_env())
    assert result.returncode == 0, result.stderr


def test_production_mode_accepts_the_provinces_identity_platform_over_https():
    env = production_env(
        OIDC_PROVIDER_URL="https://tyrz.zj.gov.example/oidc", OIDC_CLIENT_ID="qingxi", OIDC_CLIENT_SECRET="s" * 40
    )
    result = run(["-m", "django", "check", "--deploy"], env)
    assert result.returncode == 0 and "(sso." not in result.stdout + result.stderr


def test_production_mode_refuses_an_identity_platform_over_plain_http():
    env = production_env(
        OIDC_PROVIDER_URL="http://127.0.0.1:8403", OIDC_CLIENT_ID="qingxi", OIDC_CLIENT_SECRET="s" * 40
    )
    result = run(["-m", "django", "check", "--deploy"], env)
    assert result.returncode != 0 and "sso.E001" in result.stdout + result.stderr


def test_production_mode_refuses_the_demo_identity_client_secret():
    env = production_env(
        OIDC_PROVIDER_URL="https://tyrz.zj.gov.example/oidc",
        OIDC_CLIENT_ID="qingxi",
        OIDC_CLIENT_SECRET="demo-oidc-secret-not-for-production",
    )
    result = run(["-m", "django", "check"], env)
    assert result.returncode != 0 and "sso.E002" in result.stdout + result.stderr


def test_a_half_configured_identity_platform_is_named():
    env = production_env(OIDC_PROVIDER_URL="https://tyrz.zj.gov.example/oidc")
    result = run(["-m", "django", "check"], env)
    assert "sso.W001" in result.stdout + result.stderr
