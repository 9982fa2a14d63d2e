"""After logging in, each person lands on their own work and can always get back and out
(issue 20 §8): a supervisor on the alerts (not a page saying they have no role), staff on their
queues; every staff page — workbench and supervision alike — carries the same bar with the
links of the person's roles and a logout."""

import pytest
from django.test import Client

from yichuang.org.models import StaffRole
from yichuang.org.tests.factories import StaffRoleFactory, TownshipSiteFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"


def login(user) -> str:
    response = Client().post("/workbench/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    return response["Location"]


def page_for(user, url: str) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_a_supervisor_lands_on_the_alerts_of_their_sites():
    supervisor = StaffRoleFactory(site=TownshipSiteFactory(), role=StaffRole.Role.SUPERVISOR).user
    assert login(supervisor) == "/supervision/"


def test_a_clerk_lands_on_their_queues():
    clerk = StaffRoleFactory(site=TownshipSiteFactory(), role=StaffRole.Role.CLERK).user
    assert login(clerk) == "/workbench/"


def test_a_head_who_also_watches_lands_on_their_queues():
    site = TownshipSiteFactory()
    head = StaffRoleFactory(site=site, role=StaffRole.Role.HEAD).user
    StaffRoleFactory(site=site, role=StaffRole.Role.SUPERVISOR, user=head)
    assert login(head) == "/workbench/"


def test_a_login_sent_from_a_page_returns_to_that_page():
    supervisor = StaffRoleFactory(site=TownshipSiteFactory(), role=StaffRole.Role.SUPERVISOR).user
    response = Client().post(
        "/workbench/login/?next=/supervision/scorecard/", {"username": supervisor.username, "password": PASSWORD}
    )
    assert response["Location"] == "/supervision/scorecard/"


def test_supervision_pages_link_back_to_the_workbench_and_offer_a_logout():
    head = StaffRoleFactory(site=TownshipSiteFactory(), role=StaffRole.Role.HEAD).user
    page = page_for(head, "/supervision/scorecard/")
    assert 'href="/workbench/"' in page and 'action="/workbench/logout/"' in page


def test_the_inbox_link_shows_only_to_those_who_may_open_it():
    head = StaffRoleFactory(site=TownshipSiteFactory(), role=StaffRole.Role.HEAD).user
    assert "/supervision/inbox/" not in page_for(head, "/supervision/")


def test_a_supervisor_alone_is_not_offered_a_queue_they_do_not_have():
    supervisor = StaffRoleFactory(site=TownshipSiteFactory(), role=StaffRole.Role.SUPERVISOR).user
    page = page_for(supervisor, "/supervision/")
    assert 'href="/workbench/"' not in page and "/workbench/logout/" in page


def test_a_person_without_any_role_lands_on_the_workbench_which_explains():
    assert login(UserFactory()) == "/workbench/"
