import datetime as dt
from zoneinfo import ZoneInfo

import pytest

# Shared browser-test fixtures (Playwright + Debian's Chromium + axe-core).
pytest_plugins = ["yichuang.common.browser_testing"]

# A Monday in a year the working calendar knows. Case clocks count working days from "today";
# with the real date a 20-working-day limit started in December would reach into a year whose
# holidays are not yet published, and the suite would fail for reasons of the calendar.
TEST_TODAY = dt.datetime(2026, 6, 15, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """On PostgreSQL the test databases commit without waiting for the disk (synchronous_commit off,
    per connection): a crash of the test server may lose the last commits of a throw-away database,
    which nobody needs, and every committing test (live servers, threads, migrations) stops waiting
    for fsync on a machine the suite shares. Locking, isolation and constraints are unchanged."""
    from django.conf import settings

    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("postgresql"):
        options = db.setdefault("OPTIONS", {})
        options["options"] = (options.get("options", "") + " -c synchronous_commit=off").strip()


@pytest.fixture(autouse=True)
def _known_calendar_today(time_machine):
    time_machine.move_to(TEST_TODAY, tick=True)


@pytest.fixture(autouse=True)
def _task_queue_in_memory(monkeypatch):
    """Tasks enqueued by a test (the relay's wake-ups) stay in this test's memory; tests run them
    explicitly (yichuang/ops/tests)."""
    from huey.contrib.djhuey import HUEY
    from huey.storage import MemoryStorage

    monkeypatch.setattr(HUEY, "storage", MemoryStorage(HUEY.name))
    from yichuang.ops.tasks import WAKE

    # Every wake-up enqueued at once, as before coalescing (decision 0125): a task scheduled for
    # later is not run by a test's `HUEY.execute`; ops/tests/test_wakeups.py sets the window.
    WAKE.reset()
    monkeypatch.setattr(WAKE, "_window", 0)


@pytest.fixture(autouse=True)
def _test_environment(settings, tmp_path):
    """Uploads in a temporary folder; a fast password hasher; plain static storage (the production manifest exists only
    after collectstatic); an empty cache so throttles and rate limits start from zero."""
    from django.core.cache import cache

    settings.MEDIA_ROOT = tmp_path / "media"
    # Factories give every staff user a password; PBKDF2 would spend most of the suite's time.
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]  # still verifies demo data
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # Each test its own local cache (the shared database cache is proven across processes in
    # yichuang/ops/tests/test_shared_cache.py).
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "tests"}}
    cache.clear()
    yield
    cache.clear()
