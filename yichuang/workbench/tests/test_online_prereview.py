"""预审 of online applications at the window (R-20, R-21): the first clerk who acts on an online
case in 预审 owns it (首问负责), whichever outcome they choose, in the same transaction."""

import pytest
from django.test import Client

from yichuang.cases import services as cases
from yichuang.cases.tests.factories import make_world
from yichuang.cases.workflow import State
from yichuang.portal.tests.factories import citizen

pytestmark = pytest.mark.django_db


def online_case(world, complete=True):
    account = citizen()
    uploaded = list(world.version.materials.values_list("pk", flat=True)) if complete else []
    return cases.submit_online(
        site=world.site,
        version=world.version,
        applicant=account.applicant,
        uploaded=uploaded,
        form_data={"applicant": {"age": 86}},
        submitted_by=cases.online.applicant_actor(account.user),
    )


def as_user(user):
    client = Client()
    client.force_login(user)
    return client


def test_the_clerk_who_accepts_an_online_application_becomes_its_owner():
    world = make_world()
    case = online_case(world)
    response = as_user(world.clerk).post(f"/workbench/cases/{case.number}/act/accept/", {})
    assert response.status_code == 302, response.content.decode()[:500]
    case.refresh_from_db()
    assert (case.state, case.owner) == (State.ACCEPTED, world.clerk)


def test_a_refused_prereview_action_leaves_the_online_case_without_an_owner():
    world = make_world()
    case = online_case(world, complete=False)  # materials missing: the service refuses to accept
    response = as_user(world.clerk).post(f"/workbench/cases/{case.number}/act/accept/", {})
    assert response.status_code in (400, 409)
    case.refresh_from_db()
    assert (case.state, case.owner) == (State.PREREVIEW, None)
