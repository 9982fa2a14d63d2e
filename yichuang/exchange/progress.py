"""An import's progress, outside its transaction: a small JSON file per job under var/, written
at most twice a second, which the upload page polls. (The job row cannot carry it: the import
writes in one transaction, and nothing it writes is visible before it commits.)"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from django.conf import settings


def path(job_id: int) -> Path:
    return Path(settings.VAR_DIR) / "catalog-imports" / f"job-{job_id}.json"


class FileProgress:
    def __init__(self, job_id: int):
        self.file, self.last = path(job_id), 0.0
        self.file.parent.mkdir(parents=True, exist_ok=True)

    def __call__(self, desc: str, total: int):
        return _Bar(self, desc, total)

    def write(self, desc: str, done: int, total: int, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self.last < 0.5:
            return
        self.last = now
        tmp = self.file.with_suffix(".tmp")
        tmp.write_text(json.dumps({"desc": desc, "done": done, "total": total}, ensure_ascii=False))
        os.replace(tmp, self.file)  # atomic: the page never reads half a file


class _Bar:
    def __init__(self, sink: FileProgress, desc: str, total: int):
        self.sink, self.desc, self.total, self.done = sink, desc, max(total, 1), 0
        sink.write(desc, 0, self.total, force=True)

    def update(self, n: int) -> None:
        self.done = min(self.done + n, self.total)
        self.sink.write(self.desc, self.done, self.total, force=self.done == self.total)


def read(job_id: int) -> dict:
    try:
        return json.loads(path(job_id).read_text())
    except (OSError, ValueError):
        return {"desc": "排队中", "done": 0, "total": 1}
