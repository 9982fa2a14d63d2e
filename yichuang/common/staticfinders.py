"""Serve a named handful of files from npm packages as static files.

Government intranets have no internet, so nothing comes from a CDN; and third-party source is
never copied into the repository. `npm ci` (run by make) puts the packages in node_modules, and
this finder exposes exactly the files listed in settings.NPM_STATIC_FILES — not the 70 MB of
node_modules — to runserver, whitenoise and collectstatic.
"""

from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles.finders import BaseFinder
from django.core.checks import Warning
from django.core.files.storage import FileSystemStorage


class NpmFinder(BaseFinder):
    def __init__(self, *args, **kwargs):
        self.root = Path(settings.NPM_ROOT)
        self.files = dict(settings.NPM_STATIC_FILES)  # static path -> path inside node_modules

    def check(self, **kwargs):
        missing = [src for src in self.files.values() if not (self.root / src).is_file()]
        if not missing:
            return []
        return [
            Warning(f"前端依赖未安装:{', '.join(missing)}", hint="Run `npm ci` (make does it).", id="yichuang.W001")
        ]

    def find(self, path, find_all=False, **kwargs):
        find_all = find_all or kwargs.get("all", False)
        source = self.files.get(path)
        if source is None or not (self.root / source).is_file():
            return [] if find_all else None
        found = str(self.root / source)
        return [found] if find_all else found

    def list(self, ignore_patterns):
        for static_path, source in self.files.items():
            if (self.root / source).is_file():
                yield static_path, _SingleFileStorage(self.root / source, static_path)


class _SingleFileStorage(FileSystemStorage):
    """collectstatic copies `static_path` from this storage: map that one name onto the npm file."""

    def __init__(self, source: Path, static_path: str):
        super().__init__(location=str(source.parent))
        self._source, self._static_path = source, static_path

    def path(self, name):
        return str(self._source) if name == self._static_path else super().path(name)

    def open(self, name, mode="rb"):
        return super().open(self._source.name if name == self._static_path else name, mode)
