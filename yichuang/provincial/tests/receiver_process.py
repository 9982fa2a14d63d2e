"""The reference provincial receiver as a real process on loopback, for tests and the bench."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import time
from contextlib import contextmanager

from yichuang.common.testing import answers
from yichuang.common.testing import worker_port as shifted_port

KEY = "test-provincial-key"
BASE_PORT = 9250  # huiji's range 9250-9299: one port per xdist worker, 9290+ for the bench


def worker_port() -> int:
    return shifted_port(BASE_PORT, spread=30)


def clock_offset() -> float:
    """How far this process's clock was moved (the suite moves it to a known working day): the
    receiver keeps the same time, so a timestamp is judged as between two real machines."""
    real = float(subprocess.check_output([sys.executable, "-c", "import time; print(time.time())"]))
    return time.time() - real


class Running:
    def __init__(self, port: int, db: str, key: str = KEY):
        self.port, self.db, self.key, self.url = port, db, key, f"http://127.0.0.1:{port}"
        self.process = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "yichuang.provincial.reference_receiver", "--port", str(self.port)]
            + ["--key", self.key, "--db", self.db, "--clock-offset", str(clock_offset())],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        if answers(self.url + "/health"):
            return
        self.stop()
        raise RuntimeError("reference provincial receiver did not start")

    def stop(self) -> None:
        """kill -9: the receiver gets no chance to tidy up, as in a crash."""
        if self.process is not None:
            self.process.kill()
            self.process.wait(10)
            self.process = None

    def records(self) -> list[dict]:
        with sqlite3.connect(self.db) as db:
            return [json.loads(body) for (body,) in db.execute("select body from records order by rowid")]

    def forget(self, record_id: str) -> None:
        """The receiver loses a record it had acknowledged (its own storage failed)."""
        with sqlite3.connect(self.db) as db:
            db.execute("delete from records where record_id=?", (record_id,))


@contextmanager
def reference_receiver(port: int, db: str):
    running = Running(port, db)
    running.start()
    try:
        yield running
    finally:
        running.stop()
