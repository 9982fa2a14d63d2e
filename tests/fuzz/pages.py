"""Which pages are fuzzed, as whom, and how: every URL pattern under the five page trees, opened
as each person the access rules admit; each form on it submitted and each query parameter set
with one hostile value at a time.

Query parameters come from three places: the page's links, its GET forms, and the names its
view's module reads (request.GET.get("…") in the source) — a parameter nothing links to is still
one an attacker can send.
"""

from __future__ import annotations

import inspect
import re
from urllib.parse import urlencode, urlsplit

from authz.conftest import url_patterns
from authz.test_matrix import PARAM, SAMPLES
from django.urls import Resolver404, resolve

from yichuang.common.access import CITIZEN, PUBLIC, STAFF, classify

from .driver import Fuzzer
from .htmlforms import Form, parse, query_params
from .values import HOSTILE

TREES = ("hall/", "workbench/", "feedback/", "supervision/", "guide/")
ROUTES = sorted(r for r, _ in url_patterns() if r.startswith(TREES) or r == "")
# Submitting these would end the session the rest of the run needs; the CSRF token is Django's
# own check (any change is a 403), so it is submitted as the page gave it.
SKIP_ACTIONS = ("/logout/",)
UNTOUCHED = {"csrfmiddlewaretoken"}
READS = re.compile(r"""(?:GET|query_params)(?:\.get\(|\[)\s*["'](\w+)["']""")
SELF_LINKS = 6  # states of one page reached through its own links (?by=bundle, ?item=…), at most


def _ids(town) -> dict:
    """Route parameters the matrix guesses (integers, uuids) filled with the fuzz county's objects."""
    return {
        "window_id": str(town.window.pk),
        "feedback/tickets/": str(town.ticket.pk),
        "supervision/alerts/": str(town.alert.pk),
        "code": town.worlds["A"].version.item.basic_code,
    }


def path_for(route: str, town) -> str:
    ids = _ids(town)

    def fill(m):
        if m["name"] in SAMPLES:
            return SAMPLES[m["name"]](town)
        if m["name"] in ids:
            return ids[m["name"]]
        prefix = next((p for p in ids if "/" in p and route.startswith(p)), None)
        if prefix and m["name"] == "pk":
            return ids[prefix]
        return {"int": "1", "uuid": "00000000-0000-4000-8000-000000000001"}.get(m["converter"], "x1")

    return "/" + PARAM.sub(fill, route)


def more_states(route: str, town, fz: Fuzzer, user) -> list[str]:
    """Further addresses of the same page whose forms only appear in another state."""
    site, item = town.site_code("A"), town.worlds["A"].version.item.basic_code
    if route == "workbench/cases/<str:number>/":
        return [f"/workbench/cases/{town.in_review.number}/"]
    if route == "hall/cases/<str:number>/":
        return [f"/hall/cases/{town.supplementing.number}/"]
    if route == "feedback/tablet/<int:window_id>/":
        return [f"/feedback/tablet/{town.window.pk}/?started=1"]
    if route == "guide/search/":
        return [f"/guide/search/?{urlencode({'site': site, 'q': '津贴'})}"]
    if route == "workbench/intake/":
        # The full intake form needs an applicant looked up first (kept in the session).
        lookup = next(f for f in page_forms(fz, user, "/workbench/intake/") if f.action.endswith("/applicant/"))
        applicant = town.worlds["A"].applicant
        fz.send(
            user,
            "post",
            lookup.action,
            [
                (k, {"kind": applicant.kind, "number": applicant.citizen_id, "site": site}.get(k, v))
                for k, v in lookup.data()
            ],
            keep=True,
        )
        return [f"/workbench/intake/?{urlencode({'site': site, 'item': item})}"]
    return []


def page_forms(fz: Fuzzer, user, path: str) -> list[Form]:
    response = fz.send(user, "get", path, keep=True)
    if response is None or not response.get("Content-Type", "").startswith("text/html"):
        return []
    return parse(response.content.decode("utf-8", "replace"), path)[0]


def viewers(route: str, town) -> list:
    """The people who may open the page: anonymous (and a citizen in the hall) for public pages,
    the first citizen for the hall's own pages, every admitted staff role of township A."""
    access = classify(route)
    by_label = {p.label: p for p in town.principals}
    if access.kind == PUBLIC:
        return [by_label["anonymous"]] + ([by_label["citizen"]] if route.startswith("hall/") else [])
    if access.kind == CITIZEN:
        return [by_label["citizen"]]
    if access.kind == STAFF:
        return [p for p in town.principals if p.site == "A" and (access.roles is None or p.role in access.roles)]
    return []


def in_scope(path: str) -> bool:
    return path == "/" or path.lstrip("/").startswith(TREES)


def source_params(path: str) -> list[str]:
    """The query parameters the view's module reads, by name."""
    try:
        func = resolve(path).func
    except Resolver404:
        return []
    module = inspect.getmodule(inspect.unwrap(getattr(func, "view_class", func)))
    return sorted(set(READS.findall(inspect.getsource(module)))) if module else []


def fuzz_form(fz: Fuzzer, user, form: Form) -> None:
    base = form.data()
    names = [n for n in form.names() if n not in UNTOUCHED]
    for name in names:
        for value in HOSTILE.values():
            pairs = [(k, value if k == name else v) for k, v in base]
            fz.send(user, form.method, form.action, pairs, field_name=name, value=value, enctype=form.enctype)
    if len(names) > 1:
        for value in HOSTILE.values():
            pairs = [(k, v if k in UNTOUCHED else value) for k, v in base]
            fz.send(user, form.method, form.action, pairs, field_name="*", value=value, enctype=form.enctype)


def fuzz_query(fz: Fuzzer, user, path: str, params: list[str]) -> None:
    for name in params:
        for value in HOSTILE.values():
            fz.send(user, "get", path, [(name, value)], field_name=name, value=value)


class RouteFuzz:
    """One URL pattern: its pages as each viewer, every form and parameter fuzzed once."""

    def __init__(self, route: str, town, fz: Fuzzer):
        self.route, self.town, self.fz = route, town, fz
        self.forms, self.params = set(), set()
        fz.route = route

    def run(self) -> None:
        path = path_for(self.route, self.town)
        for principal in viewers(self.route, self.town):
            user = principal.user
            todo = [path, *more_states(self.route, self.town, self.fz, user)]
            done = set()
            while todo and len(done) <= SELF_LINKS:
                page = todo.pop(0)
                if page in done:
                    continue
                done.add(page)
                todo += self.page(user, page)

    def page(self, user, path: str) -> list[str]:
        """Fuzz one page's forms and links; its links to other states of itself."""
        response = self.fz.send(user, "get", path, keep=True)
        if response is None or response.status_code >= 400:
            return []
        self.query(user, urlsplit(path).path, source_params(path))
        if not response.get("Content-Type", "").startswith("text/html"):
            return []
        forms, links = parse(response.content.decode("utf-8", "replace"), path)
        for form in forms:
            target = urlsplit(form.action).path
            key = (form.method, target, tuple(form.names()))
            if key not in self.forms and not target.endswith(SKIP_ACTIONS) and in_scope(target):
                self.forms.add(key)
                fuzz_form(self.fz, user, form)
        here, states = urlsplit(path).path, []
        for link in links:
            target, params = query_params(link)
            self.query(user, target, params)
            if target == here and params:
                states.append(link)
        return states

    def query(self, user, target: str, params: list[str]) -> None:
        todo = [p for p in params if (target, p) not in self.params]
        if in_scope(target) and todo and not target.endswith(SKIP_ACTIONS):
            self.params.update((target, p) for p in todo)
            fuzz_query(self.fz, user, target, todo)


def fuzz_route(route: str, town, fz: Fuzzer) -> None:
    RouteFuzz(route, town, fz).run()
