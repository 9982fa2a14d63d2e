"""Django settings for YiChuang.

Everything that differs between a laptop demo and a county's production servers comes from
the environment: DATABASE_URL (SQLite file by default, PostgreSQL in production), DEBUG,
SECRET_KEY, ALLOWED_HOSTS.
"""

import os
import tempfile
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("YICHUANG_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("DEBUG", False)
DEV_SECRET_KEY = "dev-only-insecure-key-change-me-in-production-0123456789"  # refused in production mode
SECRET_KEY = os.environ.get("SECRET_KEY", DEV_SECRET_KEY)
# Key rotation: the previous key(s), comma-separated, still open sessions and signed links.
SECRET_KEY_FALLBACKS = [k for k in os.environ.get("SECRET_KEY_FALLBACKS", "").split(",") if k]
ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "csp",
    "axes",
    "yichuang.common",
    "yichuang.ledger",
    "yichuang.org",
    "yichuang.catalog",
    "yichuang.people",
    "yichuang.cases",
    "yichuang.seals",
    "yichuang.fees",
    "yichuang.feedback",
    "yichuang.supervision",
    "yichuang.notify",
    "yichuang.consult",
    "yichuang.portal",
    "yichuang.workbench",
    "yichuang.floor",
    "yichuang.demo",
    "yichuang.ops",
    "huey.contrib.djhuey",
    "yichuang.cluster",
    "yichuang.licences",
    "yichuang.commitments",
    "yichuang.exchange",
    "yichuang.provincial",
    "yichuang.sso",
]

MIDDLEWARE = [
    "yichuang.ops.requestid.RequestIdMiddleware",  # first: every log line of the request has its id
    "yichuang.ops.metrics.LatencyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "yichuang.common.auth.SessionUserMiddleware",  # the user read with the session: one statement (0141)
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "yichuang.common.middleware.StructuredApiErrorsMiddleware",
    "yichuang.common.control_characters.RefuseNulMiddleware",
    "yichuang.org.calendar.CalendarPerRequest",  # one read of the working-day calendar per request
    "yichuang.cluster.routers.ReplicaReadsMiddleware",  # scorecards and public pages may read the replica
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes requires: it turns a locked-out login into the 429 answer.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "yichuang.urls"
WSGI_APPLICATION = "yichuang.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "yichuang" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'yichuang.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # WAL lets readers proceed while a writer commits. IMMEDIATE transactions take the write lock
    # at BEGIN and wait for it (busy timeout): a deferred transaction that reads and then writes
    # fails at once with "database is locked" when another writer is active.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # A file, not shared-cache memory, so concurrency tests with real threads wait for locks
    # (busy timeout) exactly as the product does, instead of failing with "table is locked".
    # One file per process: several test runs (CI, a developer, helpers) may run side by side.
    # In the system's temp folder: a fresh clone has no var/ yet.
    DATABASES["default"]["TEST"] = {
        "NAME": os.environ.get(
            "SQLITE_TEST_NAME", os.path.join(tempfile.gettempdir(), f"yichuang-test-{os.getpid()}.sqlite3")
        )
    }

elif DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # The hot path's fixed statements (`fastsql.bound_cursor`: sessions, idempotency, intake) are
    # bound on the server, and psycopg prepares each on the connection after this many runs:
    # the server then neither parses nor plans them again (measured: PostgreSQL's CPU per intake
    # 4.0 → 1.5 ms, decision 0148). Django's other statements bind on the client and are never
    # prepared. Behind a pooler in transaction mode (pgbouncer < 1.21) set it to "off".
    _prepare = os.environ.get("DB_PREPARE_THRESHOLD", "5")
    DATABASES["default"].setdefault("OPTIONS", {})["prepare_threshold"] = None if _prepare == "off" else int(_prepare)

# Several machines (issue 16 §7, decision 0071): a streaming replica that scorecards and public
# pages may read, with read-your-writes for whoever just wrote (yichuang/cluster/routers.py).
if os.environ.get("YICHUANG_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["YICHUANG_REPLICA_URL"], conn_max_age=DATABASES["default"]["CONN_MAX_AGE"]
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["yichuang.cluster.routers.ReplicaRouter"]
YICHUANG_PIN_SECONDS = int(os.environ.get("YICHUANG_PIN_SECONDS", "5"))

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "org.User"

# Login throttling (django-axes, docs/decisions/0015): every password login — the workbench's
# and the admin's — goes through this backend first. Counted per address AND username, so one
# clerk's typos never lock out a whole service centre behind one NAT address; five failures lock
# that pair for 15 minutes, a success resets the count. Failures are rows in the database, so
# every gunicorn worker sees the same count.
# Staff log in through StaffBackend (ModelBackend's checks; the user and their roles read in one
# statement, yichuang/common/auth.py); ModelBackend stays for the sessions it started.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "yichuang.common.auth.StaffBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Sessions in the database as before, read by one fixed statement (yichuang/common/sessions.py).
SESSION_ENGINE = "yichuang.common.sessions"
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("LOGIN_COOLOFF_HOURS", "0.25"))
AXES_LOCKOUT_PARAMETERS = [["ip_address", "username"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "yichuang.common.ratelimit.client_ip"  # same proxy rule as the rate limits
AXES_COOLOFF_MESSAGE = "登录失败次数过多,该账号在本机已暂时锁定,请15分钟后再试或联系中心管理员。"
AXES_LOCKOUT_MESSAGE = AXES_COOLOFF_MESSAGE
AXES_VERBOSE = False

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "yichuang" / "locale"]  # also Chinese for django-axes, which ships none
# A form posted with a missing or stale token gets a Chinese page (JSON under /api/), not Django's English one.
CSRF_FAILURE_VIEW = "yichuang.common.error_views.csrf_failure"

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "yichuang" / "static"]  # site-wide CSS/JS, served locally (no CDN)
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "yichuang.common.staticfinders.NpmFinder",
]
# Front-end packages installed by `npm ci` from package-lock.json; only these files are served.
NPM_ROOT = Path(os.environ.get("YICHUANG_NPM_ROOT", BASE_DIR / "node_modules"))
NPM_STATIC_FILES = {
    "vendor/htmx.min.js": "htmx.org/dist/htmx.min.js",
    "vendor/echarts.min.js": "echarts/dist/echarts.min.js",
}
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG

LOGIN_URL = "/admin/login/"

# ── Operations (docs/decisions/0030, 0031): shared cache, task runner, metrics, logs ────────
# One cache for every process, so a rate limit is the same whichever worker or host answers:
# Redis in production (YICHUANG_CACHE_URL=redis://…), the database's cache table by default
# (`make demo`: shared by the gunicorn workers, nothing else to start).
CACHE_URL = os.environ.get("YICHUANG_CACHE_URL", "")
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
    if CACHE_URL.startswith(("redis://", "rediss://", "unix://"))
    else {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "yichuang_cache",
        # Past MAX_ENTRIES Django deletes a third of the rows, live rate-limit counters included
        # (a limit would start again from zero): room for a county's addresses × limits × windows.
        "OPTIONS": {"MAX_ENTRIES": 200_000},
    }
}
# The task runner (huey): the schedule of yichuang/ops/schedule.py and the outbox relay's
# wake-ups. A SQLite file by default (`make demo` starts `yichuang run_huey` beside gunicorn),
# Redis in production (YICHUANG_TASKS_URL=redis://…). Several consumers may run on several hosts
# with Redis: each periodic job is enqueued by every consumer's scheduler, so run the scheduler
# in one (`run_huey` on the others with `--no-periodic`); every job is idempotent anyway.
TASKS_URL = os.environ.get("YICHUANG_TASKS_URL", "")
HUEY = {
    "name": "yichuang",
    "immediate": False,
    "utc": False,  # crontabs in Beijing time (Django sets the process time zone to TIME_ZONE)
    "consumer": {"workers": int(os.environ.get("YICHUANG_TASK_WORKERS", "2")), "worker_type": "thread"},
    **(
        {"huey_class": "huey.RedisHuey", "url": TASKS_URL}
        if TASKS_URL.startswith(("redis://", "rediss://", "unix://"))
        else {"huey_class": "yichuang.ops.taskqueue.FileHuey", "filename": str(VAR_DIR / "tasks.sqlite3")}
    ),
}
# Consumer deliveries: attempts before a dead letter (2, 4, 8 … s apart: ~17 minutes for 10).
YICHUANG_RELAY_MAX_ATTEMPTS = int(os.environ.get("YICHUANG_RELAY_MAX_ATTEMPTS", "10"))
# /healthz fails when the oldest due undelivered event is older than this.
YICHUANG_RELAY_MAX_LAG_SECONDS = int(os.environ.get("YICHUANG_RELAY_MAX_LAG_SECONDS", "300"))
# /metrics: a bearer token, or addresses of the monitoring network (comma-separated CIDRs).
YICHUANG_METRICS_TOKEN = os.environ.get("YICHUANG_METRICS_TOKEN", "")
YICHUANG_METRICS_NETWORKS = [n for n in os.environ.get("YICHUANG_METRICS_NETWORKS", "").split(",") if n.strip()]

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.AnonRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"anon": os.environ.get("ANON_RATE", "120/min")},
    # limit/offset and JSON numbers read strictly: a 30-digit offset or `1e400` is a 400, not a 500.
    "DEFAULT_PAGINATION_CLASS": "yichuang.common.pagination.StrictLimitOffsetPagination",
    "DEFAULT_PARSER_CLASSES": [
        "yichuang.common.parsers.StrictJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "yichuang.common.errors.api_exception_handler",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "一窗通 YiChuang API",
    "DESCRIPTION": "县、镇(街道)、村(社区)政务服务:事项目录、办事指南、办件、印章、评价与监察。",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    # Swagger UI assets come from the sidecar package: county intranets have no internet.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Two choice sets are named "kind" (applicant and smart-guide suggestion): name each one.
    "ENUM_NAME_OVERRIDES": {"ApplicantKindEnum": "yichuang.people.models.applicant.Applicant.Kind"},
    # Every operation documents the structured errors every API view answers (issue 8).
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "yichuang.common.openapi.document_structured_errors",
    ],
}

# One JSON object per line with the request id (YICHUANG_LOG_FORMAT=text for a person's terminal).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "yichuang.ops.requestid.RequestIdFilter"}},
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
            "json_ensure_ascii": False,
        },
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "text" if os.environ.get("YICHUANG_LOG_FORMAT") == "text" else "json",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # django-axes logs every login at INFO; lockouts (WARNING) are what operators need.
        "axes": {"level": "WARNING"},
        # Configured here, so `run_huey` adds no handler of its own (one JSON line per message).
        "huey": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}

# Warning thresholds and other tunables live here until an admin UI owns them.
YICHUANG = {
    "GUIDE_SEARCH_RATE": os.environ.get("GUIDE_SEARCH_RATE", "60/min"),
    # Behind our own reverse proxies set this to their number (1 behind one nginx), so rate
    # limits see the citizen's address instead of the proxy's. 0 trusts no X-Forwarded-For.
    "TRUSTED_PROXY_HOPS": int(os.environ.get("TRUSTED_PROXY_HOPS", "0")),
    "VERIFY_RATE": os.environ.get("VERIFY_RATE", "30/min"),
    "VERIFY_UPLOAD_MAX_BYTES": 10 * 1024 * 1024,
    # Clock warnings (限时办结): yellow when this many working days or fewer remain, red at or
    # below the red threshold (0 = due today) and whenever the case is overdue.
    "WARNING_YELLOW_DAYS": int(os.environ.get("WARNING_YELLOW_DAYS", "2")),
    "WARNING_RED_DAYS": int(os.environ.get("WARNING_RED_DAYS", "0")),
    # 补正期限: working days of the home site after a 补正 notice within which the applicant must
    # supply; past it an application not yet accepted ends (`yichuang run_time_rules`, decision
    # 0022). The catalogue has no per-item limit; 20 working days is about a calendar month.
    "SUPPLEMENT_DAYS": int(os.environ.get("SUPPLEMENT_DAYS", "20")),
}

# How long a stored answer to an `Idempotency-Key` write is kept (`yichuang purge_idempotency`).
# Past it, a retry with the same key is taken as a new request and writes again, so retention
# must outlast every retry a client can still send: not just seconds-later network retries but
# a counter terminal or partner system that queued requests through an outage or a closure
# (the Spring Festival and National Day breaks run 7–9 days with their weekends). 30 days covers
# those with margin, and costs little: one short row per write, a few KB of JSON at most.
YICHUANG_IDEMPOTENCY_RETENTION_DAYS = int(os.environ.get("YICHUANG_IDEMPOTENCY_RETENTION_DAYS", "30"))

# Seals (一枚印章): the key that encrypts seal private keys at rest — set it in production, back
# it up, never change it; the public address QR codes on sealed documents point to; and the
# signer backend (an SM2 signer replaces PAdES here without touching callers).
YICHUANG_SEAL_KEY = os.environ.get("YICHUANG_SEAL_KEY")
YICHUANG_PUBLIC_URL = os.environ.get("YICHUANG_PUBLIC_URL", "http://localhost:8000")
YICHUANG_SIGNER = os.environ.get("YICHUANG_SIGNER", "yichuang.seals.signers.pades.PadesSigner")

# The online hall's real-name check and SMS gateway (yichuang/portal/identity.py, notify/sms.py). The
# defaults are the demo's — an offline check that anyone knowing a name and ID number passes, and
# an SMS "gateway" that logs the codes — so production mode refuses them (portal.E001/E002).
YICHUANG_IDENTITY_PROVIDER = os.environ.get(
    "YICHUANG_IDENTITY_PROVIDER", "yichuang.portal.identity.OfflineIdentityProvider"
)
YICHUANG_SMS_BACKEND = os.environ.get("YICHUANG_SMS_BACKEND", "yichuang.notify.sms.ConsoleAndDatabaseBackend")

# Production (YICHUANG_SECURE=1, behind an HTTPS reverse proxy that sets X-Forwarded-Proto):
# `yichuang check --deploy` is clean with these (tests/test_deploy_check.py proves it).
SECURE_MODE = not DEBUG and env_bool("YICHUANG_SECURE", False)
if SECURE_MODE:
    from django.core.exceptions import ImproperlyConfigured

    if SECRET_KEY == DEV_SECRET_KEY or len(SECRET_KEY) < 50:
        raise ImproperlyConfigured("YICHUANG_SECURE=1 needs its own SECRET_KEY of at least 50 random characters.")
    SECURE_SSL_REDIRECT = True
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # load balancers probe over plain HTTP inside the network
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SECURE_HSTS_SECONDS = int(os.environ.get("HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("HSTS_PRELOAD", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SECURE_REFERRER_POLICY = "same-origin"
    X_FRAME_OPTIONS = "DENY"
    # Staff sessions end with the working day's browser, and after 8 hours at the latest.
    SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(8 * 3600)))

# Content-Security-Policy (django-csp, docs/decisions/0015): scripts and styles only from our own
# files — no inline <script>, no style="…", no event-handler attributes, no eval. Images may be
# data: URIs (QR codes). Enforced everywhere — production, the demo and the browser tests, whose
# tools (axe-core, 200% text) work through the DevTools protocol instead of injected tags.
# Swagger UI is served by SpectacularSwaggerSplitView, whose start-up script is a file.
CSP_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
CONTENT_SECURITY_POLICY = CSP_POLICY

# 一次性收费 (issue 18; yichuang.fees): the unified public payment platform. The defaults are the
# reference provider (`yichuang run_payment_provider`, port 8401) that the demo and tests start.
YICHUANG_PAYMENT = {
    "URL": os.environ.get("YICHUANG_PAYMENT_URL", "http://127.0.0.1:8401"),
    "KEY": os.environ.get("YICHUANG_PAYMENT_KEY", "demo-payment-key-not-for-production"),
    "NOTIFY_BASE": os.environ.get("YICHUANG_PAYMENT_NOTIFY_BASE", YICHUANG_PUBLIC_URL),
}

# The provincial 证照库 exchange (docs/licence-exchange.md); off while LICENCE_EXCHANGE_URL is unset.
LICENCE_EXCHANGE = {
    "URL": os.environ.get("LICENCE_EXCHANGE_URL", ""),
    "CA_CERT": os.environ.get("LICENCE_EXCHANGE_CA_CERT", str(VAR_DIR / "licence_exchange" / "ca.pem")),
    "TIMEOUT": float(os.environ.get("LICENCE_EXCHANGE_TIMEOUT", "2")),  # seconds: intake must not hang
    "CACHE_SECONDS": int(os.environ.get("LICENCE_EXCHANGE_CACHE_SECONDS", "300")),
}

# 办件信息汇聚 to the provincial platform (docs/provincial-exchange.md); off while
# PROVINCIAL_EXCHANGE_URL is unset. The key is the HMAC secret the province issues (decision 0100).
PROVINCIAL_EXCHANGE = {
    "URL": os.environ.get("PROVINCIAL_EXCHANGE_URL", ""),
    "KEY": os.environ.get("PROVINCIAL_EXCHANGE_KEY", ""),
    "SENDER": os.environ.get("PROVINCIAL_EXCHANGE_SENDER", "yichuang"),
    "TIMEOUT": float(os.environ.get("PROVINCIAL_EXCHANGE_TIMEOUT", "5")),  # seconds: a relay must not hang
}
# 统一身份认证 (issue 17 §7, R-60; docs/decisions/0095): citizens and staff log in with OpenID
# Connect against the province's platform. Off while any of the three is unset. The demo sets
# them to the local provider (`yichuang run_identity_provider`, 127.0.0.1:8403).
YICHUANG_OIDC = {
    "URL": os.environ.get("OIDC_PROVIDER_URL", "").rstrip("/"),  # the issuer, exactly as in its ID tokens
    "CLIENT_ID": os.environ.get("OIDC_CLIENT_ID", ""),
    "CLIENT_SECRET": os.environ.get("OIDC_CLIENT_SECRET", ""),
    "SCOPE": os.environ.get("OIDC_SCOPE", "openid profile phone idcard"),
    "TIMEOUT": float(os.environ.get("OIDC_TIMEOUT", "5")),  # seconds for the code exchange and key fetch
    "RATE": os.environ.get("OIDC_LOGIN_RATE", "30/min"),  # login starts and callbacks per address
    "LOGOUT": env_bool("OIDC_RP_LOGOUT", True),  # also end the platform's session at logout
}
# The login button's form is answered by a redirect to the platform: the browser checks that
# redirect against form-action, so the platform's origin is allowed there (and only there).
if YICHUANG_OIDC["URL"]:
    from urllib.parse import urlsplit

    CSP_POLICY["DIRECTIVES"]["form-action"].append("{0.scheme}://{0.netloc}".format(urlsplit(YICHUANG_OIDC["URL"])))
