"""Limits hold across processes (issue 16 §2, architecture invariant 12): gunicorn with several
worker processes and the embedded shared cache (the database's cache table, the default without
Redis) — the 11th request of a 10-per-hour limit is refused whichever worker answers it, and
the workers that answered are named by gunicorn's own access log."""

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

from yichuang.org.tests.factories import CountySiteFactory, UserFactory


def free_port() -> int:
    """A port nobody listens on now (several suites may run on one machine, e.g. under xdist)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


PORT = free_port()
ROOT = Path(__file__).resolve().parents[3]


def database_url() -> str:
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    return f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def wait_for_port(port: int, process, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError("gunicorn exited before serving")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise AssertionError("gunicorn did not start")


@pytest.fixture
def gunicorn(transactional_db, tmp_path):
    """Three worker processes over the test database; each connection may go to any of them
    (SO_REUSEPORT lets the kernel spread them)."""
    log = tmp_path / "access.log"
    with connection.cursor() as cursor:  # counters other tests' servers may have left in the table
        cursor.execute("DELETE FROM yichuang_cache")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "yichuang.settings",
        "DATABASE_URL": database_url(),
        "YICHUANG_VAR_DIR": str(tmp_path),
        "GUIDE_SEARCH_RATE": "10/hour",
        "DEBUG": "1",  # static files from the finders: the test has no collectstatic manifest
        "YICHUANG_CACHE_URL": "",
    }
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "yichuang.wsgi:application", "--bind", f"127.0.0.1:{PORT}",
         "--workers", "3", "--reuse-port", "--timeout", "120", "--access-logfile", str(log), "--access-logformat", "%(p)s %(s)s"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        wait_for_port(PORT, process)
        yield log
    finally:
        process.terminate()
        process.wait(timeout=120)


def get(path: str) -> int:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{PORT}{path}", timeout=120) as response:
            return response.status
    except urllib.error.HTTPError as refused:
        return refused.code


def test_the_eleventh_search_of_a_ten_per_hour_limit_is_refused_by_whichever_worker_answers(gunicorn):
    site = CountySiteFactory()
    statuses = [get(f"/guide/{site.code}/?q=%E6%88%B7%E5%8F%A3") for _ in range(16)]
    assert statuses[:10] == [200] * 10
    assert statuses[10:] == [429] * 6
    time.sleep(1)  # gunicorn writes its access log after answering
    answered = [line.split() for line in gunicorn.read_text().splitlines()]
    refused_by = {pid for pid, status in answered if status == "429"}
    assert len({pid for pid, _ in answered}) >= 2, "one worker answered everything: nothing was shared"
    assert len(refused_by) >= 2 or len({pid for pid, s in answered if s == "200"} - refused_by) >= 1


def login(username: str, password: str) -> int:
    """A fresh browser each time (its own connection, so any worker may answer): the form, then
    the post with its CSRF token."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"http://127.0.0.1:{PORT}/workbench/login/", timeout=120).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    body = urllib.parse.urlencode({"username": username, "password": password, "csrfmiddlewaretoken": token})
    request = urllib.request.Request(
        f"http://127.0.0.1:{PORT}/workbench/login/", body.encode(), headers={"Referer": f"http://127.0.0.1:{PORT}/"}
    )
    try:
        with opener.open(request, timeout=120) as response:
            return response.status
    except urllib.error.HTTPError as refused:
        return refused.code


def test_the_login_lock_holds_whichever_worker_answers(gunicorn, settings):
    user = UserFactory()
    statuses = [login(user.username, "wrong-password") for _ in range(settings.AXES_FAILURE_LIMIT + 2)]
    assert statuses[: settings.AXES_FAILURE_LIMIT - 1] == [200] * (settings.AXES_FAILURE_LIMIT - 1)
    assert set(statuses[settings.AXES_FAILURE_LIMIT - 1 :]) == {429}
    time.sleep(1)
    posts = [line.split() for line in gunicorn.read_text().splitlines()]
    assert len({pid for pid, _ in posts}) >= 2
