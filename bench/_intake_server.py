"""bench/intake.py's server (also used by the other benches): gunicorn started on a port nobody
else answers on and stopped with its workers, and the CPU seconds of gunicorn and of the bench
database's PostgreSQL backends, read from /proc."""

from __future__ import annotations

import http.client
import os
import signal
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"


def port_answers(port: int) -> bool:
    try:
        http.client.HTTPConnection(HOST, port, timeout=1).connect()
        return True
    except OSError:
        return False


def worker_args(spec: str) -> list[str]:
    """`5`: five sync workers (one request at a time each; the connection closes after every
    answer). `3x4`: three gthread workers of four threads each, keeping connections alive."""
    workers, _, threads = spec.partition("x")
    if not threads:
        return ["--workers", workers, "--worker-class", "sync"]
    return ["--workers", workers, "--worker-class", "gthread", "--threads", threads, "--keep-alive", "30"]


def worker_label(spec: str) -> str:
    workers, _, threads = spec.partition("x")
    return f"{workers} gthread workers x {threads}" if threads else f"{workers} sync workers"


def start_gunicorn(url: str, workers: str, port: int) -> subprocess.Popen:
    if port_answers(port):  # else /healthz would be answered by whatever already listens there
        raise RuntimeError(f"port {port} is already in use: choose another with --port")
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DEBUG": "0",
        "LOG_LEVEL": "WARNING",
        "CONN_MAX_AGE": "600",
        "DJANGO_SETTINGS_MODULE": "yichuang.settings",
    }
    process = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "yichuang.wsgi:application",
            "--bind",
            f"{HOST}:{port}",
            *worker_args(str(workers)),
            "--backlog",
            "2048",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    for _ in range(300):
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return process
        except OSError:
            pass
        if process.poll() is not None:
            raise RuntimeError("gunicorn exited at start")
        time.sleep(0.1)
    stop(process)
    raise RuntimeError("gunicorn did not answer /healthz")


def cpu_seconds(match) -> float:
    """CPU time (user + system) of the processes whose /proc entry `match`es."""
    total, tick = 0.0, os.sysconf("SC_CLK_TCK")
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if match(fields, cmdline):
            total += (int(fields[11]) + int(fields[12])) / tick
    return total


def cpu_meter(gunicorn_pgrp: int, database: str):
    """A function returning (gunicorn CPU s, CPU s of the bench database's PostgreSQL backends):
    other tenants of the machine are not counted."""

    def meter() -> tuple[float, float]:
        return (
            cpu_seconds(lambda f, c: int(f[2]) == gunicorn_pgrp),
            cpu_seconds(lambda f, c: c.startswith("postgres: ") and f" {database} " in c),
        )

    return meter


def stop(process: subprocess.Popen | None) -> None:
    if process is None or process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)  # its own session: the master and its workers only
    try:
        process.wait(20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
