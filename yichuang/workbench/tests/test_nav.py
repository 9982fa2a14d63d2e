"""The workbench bar links each person to the work of their role (R-50, R-51, R-55): a clerk to
the rating device of each window they hold, heads and supervisors to the bad-review tickets."""

import pytest
from django.test import Client

from yichuang.org.models import StaffRole
from yichuang.org.tests.factories import PostFactory, StaffRoleFactory, TownshipSiteFactory, WindowFactory

pytestmark = pytest.mark.django_db


def home_for(user) -> str:
    client = Client()
    client.force_login(user)
    response = client.get("/workbench/")
    assert response.status_code == 200
    return response.content.decode()


def test_a_clerk_is_linked_to_the_rating_device_of_each_window_they_hold():
    site = TownshipSiteFactory()
    clerk = StaffRoleFactory(site=site, role=StaffRole.Role.CLERK).user
    window = WindowFactory(site=site)
    PostFactory(window=window, staff=clerk)
    assert f"/feedback/windows/{window.pk}/" in home_for(clerk)


def test_a_head_is_linked_to_the_tickets_and_a_clerk_is_not():
    site = TownshipSiteFactory()
    head = StaffRoleFactory(site=site, role=StaffRole.Role.HEAD).user
    clerk = StaffRoleFactory(site=site, role=StaffRole.Role.CLERK).user
    assert "/feedback/tickets/" in home_for(head)
    assert "/feedback/tickets/" not in home_for(clerk)


def test_an_approver_gets_neither_rating_devices_nor_tickets():
    approver = StaffRoleFactory(site=TownshipSiteFactory(), role=StaffRole.Role.APPROVER).user
    page = home_for(approver)
    assert "/feedback/" not in page


def test_a_head_is_linked_to_alerts_and_scorecards():
    head = StaffRoleFactory(site=TownshipSiteFactory(), role=StaffRole.Role.HEAD).user
    page = home_for(head)
    assert "/supervision/" in page and "/supervision/scorecard/" in page
