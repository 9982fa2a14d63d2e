"""A desk's queue statement is composed once and run many times (issue 20: home pages stay fast
at 1,000,000 cases; decision 0115): it depends on who asks at which desk, never on the cases,
so a case that arrives later is listed by the statement composed before it, and two people of
different sites never share one."""

from dataclasses import replace

import pytest

from yichuang.cases.tests.factories import make_world
from yichuang.catalog.services import implement_at
from yichuang.common import composed
from yichuang.org.models import StaffRole
from yichuang.org.tests.factories import StaffRoleFactory, TownshipSiteFactory, UserFactory
from yichuang.workbench import queue_rows

from .test_pages import logged_in, new_case

pytestmark = pytest.mark.django_db


class Kept(dict):
    """The statements, counting how many are composed."""

    composed = 0

    def __setitem__(self, key, value):
        self.composed += 1
        super().__setitem__(key, value)


def test_a_desks_statement_composed_before_a_case_arrived_lists_it(monkeypatch):
    monkeypatch.setattr(queue_rows, "_STATEMENTS", Kept())
    world = make_world()
    first = new_case(world)
    client = logged_in(world.clerk)
    assert first.number in client.get("/workbench/").content.decode()
    composed = queue_rows._STATEMENTS.composed
    later = new_case(world)
    page = client.get("/workbench/").content.decode()
    assert later.number in page and first.number in page
    assert composed > 0 and queue_rows._STATEMENTS.composed == composed  # run anew, not composed again


def test_clerks_of_two_townships_do_not_share_a_statement_or_its_cases():
    here = make_world()
    site = TownshipSiteFactory(parent=here.site.parent)
    implement_at(site, here.version)
    clerk = StaffRoleFactory(site=site, role=StaffRole.Role.CLERK, user=UserFactory()).user
    ours, theirs = new_case(here), new_case(replace(here, site=site, clerk=clerk))
    page = logged_in(here.clerk).get("/workbench/").content.decode()
    other = logged_in(clerk).get("/workbench/").content.decode()
    assert ours.number in page and theirs.number not in page
    assert theirs.number in other and ours.number not in other


def test_a_queue_row_shows_the_applicant_masked_and_the_state_in_words():
    world = make_world()
    case = new_case(world)
    page = logged_in(world.clerk).get("/workbench/").content.decode()
    assert case.applicant.masked_number in page and case.applicant.citizen_id not in page
    assert case.get_state_display() in page
    assert f'href="/workbench/cases/{case.number}/"' in page


def test_the_case_page_statement_kept_for_one_township_shows_another_townships_case_to_nobody(monkeypatch):
    """The case page's statement is composed once per visibility (common.composed, decision 0130):
    a clerk of another township asking for the same number after it was kept still gets 404."""
    monkeypatch.setattr(composed, "_COMPOSED", {})
    here = make_world()
    site = TownshipSiteFactory(parent=here.site.parent)
    clerk = StaffRoleFactory(site=site, role=StaffRole.Role.CLERK, user=UserFactory()).user
    case, later = new_case(here), new_case(here)
    assert logged_in(here.clerk).get(f"/workbench/cases/{case.number}/").status_code == 200
    assert (
        logged_in(here.clerk).get(f"/workbench/cases/{later.number}/").status_code == 200
    )  # same statement, new number
    assert logged_in(clerk).get(f"/workbench/cases/{case.number}/").status_code == 404


def test_heads_of_two_townships_do_not_share_an_overview_or_its_cases(monkeypatch):
    monkeypatch.setattr(composed, "_COMPOSED", {})
    here = make_world()
    site = TownshipSiteFactory(parent=here.site.parent)
    implement_at(site, here.version)
    clerk = StaffRoleFactory(site=site, role=StaffRole.Role.CLERK, user=UserFactory()).user
    ours, theirs = new_case(here), new_case(replace(here, site=site, clerk=clerk))
    head = StaffRoleFactory(site=here.site, role=StaffRole.Role.HEAD, user=UserFactory()).user
    other_head = StaffRoleFactory(site=site, role=StaffRole.Role.HEAD, user=UserFactory()).user
    assert theirs.home_site_id == here.site.pk  # the item's home: its head sees both
    page = logged_in(head).get("/workbench/").content.decode()
    other = logged_in(other_head).get("/workbench/").content.decode()
    assert ours.number in page and theirs.number in page
    assert theirs.number in other and ours.number not in other
