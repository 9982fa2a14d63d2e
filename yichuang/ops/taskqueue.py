"""The embedded task queue: huey's SQLite storage in a file under var/, whose folder a fresh
clone does not have yet (huey opens the file as soon as the app loads)."""

from pathlib import Path

from huey import SqliteHuey


class FileHuey(SqliteHuey):
    def __init__(self, name="huey", filename="huey.db", **kwargs):
        Path(filename).parent.mkdir(parents=True, exist_ok=True)
        super().__init__(name, filename=filename, **kwargs)
