"""Sends the fuzz requests and collects what went wrong: a status ≥ 500, or an exception the
view did not handle (Django's test client re-raises those).

Each hostile request runs in a savepoint that is rolled back afterwards, and the browser's
cookies are put back as they were: every value meets the page in the state it was opened in (a
hostile reason that happens to be valid would otherwise withdraw the case, and the approver's
forms after it would never be reached), and a database error (PostgreSQL aborts the whole
transaction on one) cannot spoil the next request. Opening a page (`keep=True`) is kept."""

from __future__ import annotations

import copy
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

from django.core.cache import cache
from django.db import transaction
from django.test import Client

from yichuang.org.models import User

from .values import short

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Failure:
    route: str  # the URL pattern of the page the request came from
    method: str
    url: str
    field: str  # the field or query parameter that held the hostile value ("*" = every field)
    value: str
    outcome: str  # "status 5xx" or the exception type
    where: str = ""  # the last frame in our code, and the very last frame

    def group(self) -> tuple:
        return (self.method, urlsplit(self.url).path, self.field, self.outcome, self.where)


def summarise(failures: list[Failure]) -> str:
    """One line per request, field and failing place, with every value that failed there."""
    groups: dict[tuple, list[str]] = {}
    for f in failures:
        groups.setdefault(f.group(), []).append(short(f.value))
    return "\n".join(
        f"{m} {path} [{field}] → {outcome} at {where}: {', '.join(dict.fromkeys(values))}"
        for (m, path, field, outcome, where), values in groups.items()
    )


def _frames(exc: BaseException) -> tuple[str, str]:
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if str(ROOT / "yichuang") in f.filename]
    where = lambda f: f"{Path(f.filename).relative_to(ROOT) if str(ROOT) in f.filename else f.filename}:{f.lineno}"  # noqa: E731
    last = where(frames[-1]) if frames else "?"
    return type(exc).__name__, f"{where(ours[-1]) if ours else '?'} (last frame {last})"


def with_query(url: str, pairs: list[tuple[str, str]]) -> str:
    parts = urlsplit(url)
    return urlunsplit(("", "", parts.path, urlencode(pairs), ""))


@dataclass
class Fuzzer:
    route: str = ""
    requests: int = 0
    failures: list[Failure] = field(default_factory=list)
    fuzzed: set = field(default_factory=set)  # (method, path, field) that got hostile values
    _clients: dict = field(default_factory=dict)

    def client(self, user) -> Client:
        """A browser of its own per person, checking CSRF as production does (the page's token is
        one of the fields submitted), logged in with a real session."""
        key = user.pk if user else None
        if key not in self._clients:
            c = Client(enforce_csrf_checks=True)
            if user is not None:
                c.force_login(User.objects.get(pk=user.pk))
            self._clients[key] = c
        return self._clients[key]

    def send(
        self,
        user,
        method: str,
        url: str,
        pairs: list[tuple[str, str]] | None = None,
        *,
        field_name: str = "",
        value: str = "",
        enctype: str = "",
        headers: dict | None = None,
        keep: bool = False,
    ):
        """One request; the response, or None when it failed (recorded)."""
        # Rate limits count in the cache: a fuzz run is thousands of requests from one address,
        # and a 429 would hide the view behind it.
        cache.clear()
        self.requests += 1
        if field_name:
            self.fuzzed.add((method.upper(), urlsplit(url).path, field_name))
        client = self.client(user)
        cookies = copy.deepcopy(client.cookies)
        try:
            with transaction.atomic():
                if method == "get":
                    response = client.get(with_query(url, pairs) if pairs is not None else url, headers=headers)
                elif enctype == "multipart/form-data":
                    data: dict[str, list[str]] = {}
                    for k, v in pairs or []:
                        data.setdefault(k, []).append(v)
                    response = client.post(url, data, headers=headers)
                else:
                    response = client.post(
                        url, urlencode(pairs or []), headers=headers, content_type="application/x-www-form-urlencoded"
                    )
                transaction.set_rollback(not keep)
        except Exception as exc:  # what the fuzz test is for: report it with its request
            self.failures.append(Failure(self.route, method.upper(), url, field_name, value, *_frames(exc)))
            return None
        finally:
            if not keep:
                client.cookies = cookies
        if response.status_code >= 500:
            self.failures.append(
                Failure(self.route, method.upper(), url, field_name, value, f"status {response.status_code}")
            )
        return response
