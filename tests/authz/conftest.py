"""A small county for the authorisation matrix: two townships (A and B), each with one published
item, every staff role (clerk, approver, head, supervisor, helper, admin) and cases; two
citizens without staff roles; nobody logged in. Built by the project's own factories."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from yichuang.cases.models import Case
from yichuang.cases.tests.factories import make_world
from yichuang.catalog.models.choices import OnlineDepth
from yichuang.org.models import StaffRole, User
from yichuang.org.tests.factories import StaffRoleFactory, UserFactory

ROLES = [r.value for r in StaffRole.Role]
DJANGO_ADMIN_ROLES = {StaffRole.Role.HEAD, StaffRole.Role.ADMIN}  # as the demo county grants is_staff


def url_patterns(resolver=None, prefix: str = ""):
    """Every leaf pattern as (full route, pattern): the URL configuration as it is at test time."""
    for p in (resolver or get_resolver()).url_patterns:
        route = prefix + str(p.pattern)
        if isinstance(p, URLResolver):
            yield from url_patterns(p, route)
        elif isinstance(p, URLPattern):
            yield route, p


@dataclass
class Principal:
    """Someone making requests: a role at a site, a citizen, or nobody."""

    label: str
    user: User | None = None
    site: str | None = None  # "A" or "B" for staff
    role: str | None = None
    _client: Client | None = field(default=None, repr=False)

    @property
    def client(self) -> Client:
        if self._client is None:
            self._client = Client()
            if self.user is not None:
                self._client.force_login(User.objects.get(pk=self.user.pk))
        return self._client

    def get(self, path: str):
        return self.client.get(path)

    def post(self, path: str, body: dict | None = None):
        return self.client.post(
            path,
            data=json.dumps(body or {}),
            content_type="application/json",
            headers={"Idempotency-Key": uuid.uuid4().hex},
        )


@dataclass
class Town:
    worlds: dict  # "A"/"B" -> cases.tests.factories.World
    principals: list[Principal]
    cases: dict  # "A"/"B" -> [Case]

    def site_code(self, side: str) -> str:
        return self.worlds[side].site.code

    owned: dict = field(default_factory=dict)  # citizen label -> their own Case

    @staticmethod
    def tokens(case) -> set[str]:
        a = case.applicant
        return {s for s in (case.number, a.citizen_id or a.credit_code, a.phone) if s}

    def secrets(self, side: str) -> set[str]:
        """What nobody outside side's site may ever see: case numbers, applicants' numbers, phones."""
        return set().union(*(self.tokens(case) for case in self.cases[side]))


def intake_cases(world, n: int) -> list[Case]:
    from yichuang.cases import services
    from yichuang.cases.services import MaterialInput
    from yichuang.people.tests.factories import ApplicantFactory

    out = []
    for _ in range(n):
        case = services.receive(
            site=world.site,
            clerk=world.clerk,
            version=world.version,
            applicant=ApplicantFactory(),
            materials={m.pk: MaterialInput("received", None, "") for m in world.version.materials.all()},
            form_data={"applicant": {"age": 85}},
            authorisation=None,
            channel="window",
        )
        out.append(Case.objects.select_related("applicant").get(pk=case.pk))
    return out


@pytest.fixture
def town(db) -> Town:
    # Items handled online: the hall's apply page refuses any other (issue 15 §5).
    online = {"online_depth": OnlineDepth.ONLINE}
    worlds = {"A": make_world("330000000101", **online), "B": make_world("330000000102", **online)}
    principals = [
        Principal("anonymous"),
        Principal("citizen", UserFactory(username="citizen-1")),
        Principal("citizen-2", UserFactory(username="citizen-2")),
    ]
    for side, world in worlds.items():
        for role in ROLES:
            if role == StaffRole.Role.CLERK:
                user = world.clerk
            elif role == StaffRole.Role.APPROVER:
                user = world.approver
            else:
                user = StaffRoleFactory(site=world.site, role=role, user=UserFactory()).user
            if role in DJANGO_ADMIN_ROLES:
                User.objects.filter(pk=user.pk).update(is_staff=True)
            principals.append(Principal(f"{role}@{side}", user, side, role))
    cases = {side: intake_cases(world, 2) for side, world in worlds.items()}
    town = Town(worlds, principals, cases)
    _link_citizens(town)
    return town


def _link_citizens(town: Town) -> None:
    """Where the portal keeps citizen accounts, each test citizen is the verified applicant of
    one case: "citizen" owns township A's first case (the one object addresses name), "citizen-2"
    township B's — so citizen() addresses are proved for the owner and for another citizen."""
    from django.apps import apps
    from django.utils import timezone

    try:
        account = apps.get_model("portal", "CitizenAccount")
    except LookupError:
        return
    for label, case in (("citizen", town.cases["A"][0]), ("citizen-2", town.cases["B"][0])):
        user = next(p.user for p in town.principals if p.label == label)
        account.objects.create(
            user=user, phone=case.applicant.phone[:11], applicant=case.applicant, verified_at=timezone.now()
        )
        town.owned[label] = case
