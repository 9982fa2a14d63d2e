"""The processes bench/faults.py (and cluster.py, fees_faults.py) hurt: a PostgreSQL cluster of
its own, made with initdb in a temporary folder and crashed on demand; the outbox relay under a
supervisor that restarts it as systemd would; and the worker processes of a gunicorn master."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from intake import ROOT, stop


def _pg_bin() -> Path:
    """Debian's newest installed PostgreSQL server binaries (initdb, pg_ctl), or PG_BIN."""
    if os.environ.get("PG_BIN"):
        return Path(os.environ["PG_BIN"])
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parent.parent.name))
    if not found:
        sys.exit("faults.py needs PostgreSQL's server binaries: apt-get install postgresql")
    return found[-1].parent


PG_BIN = _pg_bin()


# ---------------------------------------------------------------- a PostgreSQL of our own


class Cluster:
    def __init__(self, port: int):
        self.port, self.dir = port, Path(tempfile.mkdtemp(prefix="yc-faults-pg-"))
        self.data = self.dir / "data"
        self.url = f"postgres://postgres@127.0.0.1:{port}/yc_faults"

    def _as_owner(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        # initdb and pg_ctl refuse to run as root; the cluster belongs to the postgres account.
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        return subprocess.run([*prefix, *args], check=check, capture_output=True, text=True)

    def pg_ctl(self, *args: str) -> None:
        options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1"
        self._as_owner(
            str(PG_BIN / "pg_ctl"),
            "-D",
            str(self.data),
            "-o",
            options,
            "-l",
            str(self.dir / "log"),
            "-w",
            "-t",
            "60",
            *args,
        )

    def create(self) -> None:
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres")
        self._as_owner(
            str(PG_BIN / "initdb"),
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "--auth=trust",
            "--encoding=UTF8",
            "--locale=C.UTF-8",
        )
        self.pg_ctl("start")
        import psycopg

        with psycopg.connect(self.url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
            conn.execute("CREATE DATABASE yc_faults")

    def crash_and_restart(self) -> float:
        """An immediate shutdown (no checkpoint: recovery replays the WAL, as after a power cut)."""
        began = time.monotonic()
        self.pg_ctl("-m", "immediate", "restart")
        return time.monotonic() - began

    def destroy(self) -> None:
        self._as_owner(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop", check=False)
        shutil.rmtree(self.dir, ignore_errors=True)


# ---------------------------------------------------------------- processes under test


class Relay:
    """A worker delivering the outbox — `yichuang relay_outbox` by default, or the task runner
    (`run_huey`, bench/cluster.py) — restarted whenever it dies (killed, or its database went
    away), as systemd's Restart= does."""

    def __init__(self, url: str, command: tuple[str, ...] = ("relay_outbox", "--interval", "0.5")):
        self.url, self.command, self.process, self.restarts, self.stopping = url, command, None, 0, False
        self.thread = threading.Thread(target=self._supervise, daemon=True)

    def start(self) -> None:
        self._spawn()
        self.thread.start()

    def _spawn(self) -> None:
        env = {**os.environ, "DATABASE_URL": self.url, "LOG_LEVEL": "ERROR"}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "yichuang.cli", *self.command],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )

    def _supervise(self) -> None:
        while not self.stopping:
            if self.process.poll() is not None and not self.stopping:
                time.sleep(1)  # as systemd's RestartSec
                self.restarts += 1
                self._spawn()
            time.sleep(0.2)

    def kill(self) -> None:
        os.killpg(self.process.pid, signal.SIGKILL)

    def stop(self) -> None:
        self.stopping = True
        stop(self.process)


def worker_pids(master: int) -> list[int]:
    pids = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            if int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1]) == master:
                pids.append(int(pid))
        except (OSError, IndexError, ValueError):
            continue
    return pids
