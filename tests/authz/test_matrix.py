"""The authorisation matrix, generated from the URL configuration (issue 8; R-04 roles by site,
R-52 supervision scope, architecture invariant "authorisation by role AND site on every view").

Every URL pattern Django serves × every principal (anonymous, two citizens, each of the six staff
roles at township A and at township B), GET and POST, with real sessions through the real
views. What each pattern must do comes from its line in yichuang/common/access.py; a pattern
without a line fails `test_every_url_pattern_is_classified`.

Object addresses are filled with township A's objects (its case numbers, site code, item),
so "other site" is township B's staff asking for A's case; integer ids are guessed (1, 2, 3).
Beyond the status codes, no response body may contain a case number, an applicant's ID number
or phone of a site the principal holds no role at (citizens and anonymous: of any site).
"""

from __future__ import annotations

import re

import pytest
from django.contrib import admin

from yichuang.common.access import ADMIN, CITIZEN, PUBLIC, STAFF, classify
from yichuang.ledger.models import AuditRecord

from .conftest import url_patterns

PARAM = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")
LOGIN_PATHS = ("/workbench/login/", "/admin/login/", "/hall/login/", "/accounts/login/")
ROUTES = sorted({route for route, _ in url_patterns() if not route.startswith("admin/")})
# Fills a route parameter from township A's data; anything else is a guessed value.
SAMPLES = {
    "number": lambda town: town.cases["A"][0].number,
    "case_number": lambda town: town.cases["A"][0].number,
    "site_code": lambda town: town.site_code("A"),
    "basic_code": lambda town: town.worlds["A"].version.item.basic_code,
    "action": lambda town: "accept",
}


def concrete(route: str, town, access) -> tuple[str, bool]:
    """The path to request, and whether every parameter came from real data (not a guess)."""
    if access.example:
        # A regex pattern's example is a made-up address (e.g. an unknown action): nothing to admit.
        return "/" + access.example.format(number=town.cases["A"][0].number), False
    known = True

    def fill(m):
        nonlocal known
        if m["name"] in SAMPLES:
            return SAMPLES[m["name"]](town)
        known = False
        return {"int": "1", "path": "1", "uuid": "00000000-0000-4000-8000-000000000001"}.get(m["converter"], "x1")

    return "/" + PARAM.sub(fill, route), known


def refused(response) -> bool:
    if response.status_code in (401, 403, 404, 405):
        return True
    return response.status_code in (301, 302) and response["Location"].split("?")[0].endswith(LOGIN_PATHS)


def leaked(response, principal, town, path: str) -> set[str]:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    text = body.decode("utf-8", "ignore")
    hidden = set()
    for side in ("A", "B"):
        if principal.site != side:
            hidden |= town.secrets(side)
    if principal.label in town.owned:  # a citizen sees their own case
        hidden -= town.tokens(town.owned[principal.label])
    return {s for s in hidden if s in text and s not in path}  # echoing the address asked for is no leak


def describe(principal, method, path, response) -> str:
    where = response.get("Location", "")
    return f"{principal.label:<14} {method} {path} → {response.status_code} {where}"


def check(route: str, town) -> list[str]:
    access = classify(route)
    path, fully_known = concrete(route, town, access)
    has_object = bool(PARAM.search(route)) or bool(access.example)
    problems = []
    for p in town.principals:
        for method in ("GET", "POST"):
            before = AuditRecord.objects.count()
            response = p.get(path) if method == "GET" else p.post(path)
            line = describe(p, method, path, response)
            if response.status_code >= 500:
                problems.append(f"server error: {line}")
                continue
            if leak := leaked(response, p, town, path):
                problems.append(f"leaks {sorted(leak)}: {line}")
            if access.kind == PUBLIC:
                # A redirect to a login page after POST is how logging out ends: only GET must not ask to log in.
                asks_login = method == "GET" and response.status_code in (301, 302) and refused(response)
                if response.status_code in (401, 403) or asks_login:
                    problems.append(f"public address refused: {line}")
                continue
            may = _may_enter(access, p, has_object)
            if not may and not refused(response):
                problems.append(f"not refused ({access.kind}): {line}")
            if not may and method == "POST" and AuditRecord.objects.count() != before:
                problems.append(f"refused request wrote an audit record: {line}")
            # Other site's staff asking for this site's object: refused, whatever their role.
            if has_object and access.kind == STAFF and p.site == "B" and not refused(response):
                problems.append(f"other site's object not refused: {line}")
            if (
                may
                and (p.site == "A" or p.label == "citizen")
                and method == "GET"
                and fully_known
                and (response.status_code in (401, 403, 404) or refused(response) and response.status_code == 302)
            ):
                problems.append(f"allowed role refused: {line}")
    return problems


def _may_enter(access, principal, has_object: bool) -> bool:
    if access.kind == STAFF:
        return principal.role is not None and (access.roles is None or principal.role in access.roles)
    if access.kind == CITIZEN:  # object addresses name the first citizen's own case
        return principal.label == "citizen" or (principal.label == "citizen-2" and not (has_object and access.own))
    return False


def test_every_url_pattern_is_classified():
    missing = [route for route, _ in url_patterns() if classify(route) is None]
    assert not missing, (
        "These URL patterns have no access rule. Add one line per pattern to ROUTES in "
        "yichuang/common/access.py — public() / staff() or staff('head', 'supervisor') / citizen() — "
        "so the authorisation matrix can prove it:\n" + "\n".join(f'    "{r}": staff(),' for r in missing)
    )


@pytest.mark.parametrize("route", [r for r in ROUTES if classify(r) is not None])
def test_route_obeys_its_access_rule(route, town):
    problems = check(route, town)
    assert not problems, f"{route} ({classify(route)}):\n" + "\n".join(problems)


def test_guessed_case_numbers_are_refused_to_other_sites_and_outsiders(town):
    """Case numbers are readable and sequential: B's staff, citizens and anonymous guessing A's
    numbers (the real ones and their neighbours) get the same refusal as for a number that does
    not exist, on every case address."""
    numbers = [c.number for c in town.cases["A"]]
    last = numbers[-1]
    guesses = numbers + [last[:-1] + str((int(last[-1]) + 1) % 10), "NO-SUCH-CASE"]
    case_routes = [r for r in ROUTES if "<str:number>" in r or "<str:case_number>" in r]
    outsiders = [p for p in town.principals if p.site != "A"]
    problems = []
    for route in case_routes:
        for number in guesses:
            path = "/" + PARAM.sub(lambda m: number if m["name"] in ("number", "case_number") else "x1", route)
            for p in outsiders:
                if p.label in town.owned and town.owned[p.label].number == number:
                    continue  # the citizen whose case it is
                response = p.get(path)
                if not refused(response) or leaked(response, p, town, path):
                    problems.append(describe(p, "GET", path, response))
    assert not problems, "\n".join(problems)


def test_admin_site_admits_only_accounts_with_admin_access(town):
    """Django's admin: every registered model's list and add page sends anyone without is_staff
    to the admin login; the centre head and admin (is_staff, as in the demo county) get in."""
    paths = ["/admin/"] + [
        f"/admin/{m._meta.app_label}/{m._meta.model_name}/{suffix}"
        for m in admin.site._registry
        for suffix in ("", "add/")
    ]
    assert classify("admin/") is not None and classify("admin/").kind == ADMIN
    problems = []
    for p in town.principals:
        is_staff = p.user is not None and type(p.user).objects.get(pk=p.user.pk).is_staff
        for path in paths:
            response = p.get(path)
            if response.status_code >= 500:
                problems.append(f"server error: {describe(p, 'GET', path, response)}")
            elif not is_staff and not refused(response):
                problems.append(f"not refused: {describe(p, 'GET', path, response)}")
        if is_staff and p.get("/admin/").status_code != 200:
            problems.append(f"admin refused: {p.label}")
    assert not problems, "\n".join(problems)
