"""实施清单 workflow (R-11, issue 17 §3): a township drafts its list, submits it; the county files
it (备案) or returns it with reasons; then it is published onto the site's list. Every step is
audited; only the right side may take each step; forms need the CSRF token."""

import pytest
from django.test import Client
from django.urls import reverse

from yichuang.catalog import services as catalog
from yichuang.catalog.filing import services
from yichuang.catalog.filing.workflow import TRANSITIONS, State
from yichuang.catalog.models import ImplementationList, SiteItem
from yichuang.catalog.tests.factories import publishable_draft
from yichuang.common.errors import DomainError, NotAllowed
from yichuang.ledger.models import AuditRecord
from yichuang.org.models import StaffRole
from yichuang.org.tests.factories import CountySiteFactory, DepartmentFactory, StaffRoleFactory, TownshipSiteFactory

pytestmark = pytest.mark.django_db


class World:
    def __init__(self):
        self.county = CountySiteFactory()
        self.township = TownshipSiteFactory(parent=self.county)
        self.department = DepartmentFactory(site=self.township)
        self.head = StaffRoleFactory(site=self.township, role=StaffRole.Role.HEAD).user
        self.county_head = StaffRoleFactory(site=self.county, role=StaffRole.Role.HEAD).user
        self.other_head = StaffRoleFactory(site=TownshipSiteFactory(parent=self.county), role=StaffRole.Role.HEAD).user
        self.listed = self.publish("330000000301")
        catalog.implement_at(self.township, self.listed)
        self.new = self.publish("330000000302")

    def publish(self, code):
        return catalog.publish(catalog.create_draft(code, publishable_draft(department=self.department)))

    def submitted(self):
        lst = services.open_list(self.township, self.head)
        services.perform(lst, "edit", self.head, item=self.new.item)
        return services.perform(lst, "submit", self.head)


@pytest.fixture
def world():
    return World()


def test_a_new_draft_starts_from_the_published_list(world):
    lst = services.open_list(world.township, world.head)
    assert list(lst.entries.values_list("item_id", flat=True)) == [world.listed.item_id]


def test_the_township_submits_and_the_county_files_then_the_township_publishes(world):
    lst = world.submitted()
    lst = services.perform(lst, "file", world.county_head)
    assert lst.state == State.FILED and lst.filed_at and lst.reviewed_by == world.county_head.username
    lst = services.perform(lst, "publish", world.head)
    assert lst.state == State.PUBLISHED
    active = set(SiteItem.objects.filter(site=world.township, is_active=True).values_list("item_id", flat=True))
    assert active == {world.listed.item_id, world.new.item_id}


def test_publishing_withdraws_the_items_removed_from_the_list(world):
    lst = services.open_list(world.township, world.head)
    services.perform(lst, "edit", world.head, item=world.listed.item, remove=True)
    services.perform(lst, "edit", world.head, item=world.new.item)
    services.perform(
        services.perform(services.perform(lst, "submit", world.head), "file", world.county_head), "publish", world.head
    )
    assert not SiteItem.objects.get(site=world.township, item=world.listed.item).is_active


def test_a_returned_list_carries_the_reason_and_can_be_submitted_again(world):
    lst = services.perform(world.submitted(), "return", world.county_head, reason="缺少婚姻登记类事项")
    assert (lst.state, lst.return_reason) == (State.RETURNED, "缺少婚姻登记类事项")
    assert services.perform(lst, "submit", world.head).state == State.SUBMITTED


def test_returning_without_a_reason_is_refused(world):
    with pytest.raises(DomainError) as refused:
        services.perform(world.submitted(), "return", world.county_head, reason="  ")
    assert refused.value.code == "reason_required"


def test_a_township_cannot_file_its_own_list(world):
    with pytest.raises(NotAllowed):
        services.perform(world.submitted(), "file", world.head)


def test_another_township_cannot_submit_the_list(world):
    lst = services.open_list(world.township, world.head)
    with pytest.raises(NotAllowed):
        services.perform(lst, "submit", world.other_head)


def test_the_county_cannot_draft_a_townships_list(world):
    lst = services.open_list(world.township, world.head)
    with pytest.raises(NotAllowed):
        services.perform(lst, "edit", world.county_head, item=world.new.item)


def test_a_submitted_list_cannot_be_edited(world):
    with pytest.raises(DomainError) as refused:
        services.perform(world.submitted(), "edit", world.head, item=world.listed.item, remove=True)
    assert refused.value.code == "transition_not_allowed" and "已报送备案" in refused.value.message


def test_a_list_cannot_be_published_before_it_is_filed(world):
    with pytest.raises(DomainError) as refused:
        services.perform(world.submitted(), "publish", world.head)
    assert refused.value.code == "transition_not_allowed"


def test_only_this_centres_published_implementations_can_be_added(world):
    elsewhere = catalog.publish(catalog.create_draft("330000000309", publishable_draft()))
    lst = services.open_list(world.township, world.head)
    with pytest.raises(DomainError) as refused:
        services.perform(lst, "edit", world.head, item=elsewhere.item)
    assert refused.value.code == "not_a_candidate"


def test_every_step_is_audited(world):
    lst = services.perform(world.submitted(), "file", world.county_head)
    services.perform(lst, "publish", world.head)
    actions = list(
        AuditRecord.objects.filter(stream=f"implementation_list:{world.township.code}")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == [
        "catalog.list_opened",
        "catalog.list_added",
        "catalog.list_submit",
        "catalog.list_file",
        "catalog.list_publish",
    ]


def test_the_transition_table_names_a_side_for_every_step():
    assert {who for _, who in TRANSITIONS.values()} == {"township", "county"}
    assert all(state != State.PUBLISHED for state, _ in TRANSITIONS)  # a published list is final


def test_only_one_list_is_in_the_works_per_site(world):
    assert services.open_list(world.township, world.head) == services.open_list(world.township, world.head)
    assert ImplementationList.objects.filter(site=world.township).count() == 1


# ---- pages ----------------------------------------------------------------------------------
def test_the_county_page_shows_each_township_and_leads_to_its_list_with_differences(world, client):
    lst = world.submitted()
    client.force_login(world.county_head)
    overview = client.get(reverse("filing:county")).content.decode()
    assert world.township.name in overview and reverse("filing:detail", args=[lst.pk]) in overview
    page = client.get(reverse("filing:detail", args=[lst.pk])).content.decode()
    assert "予以备案" in page and "退回修改" in page and "与基本目录的差异" in page and "新增" in page


def test_the_workbench_bar_leads_the_county_head_to_the_filing_page(world, client):
    client.force_login(world.county_head)
    assert reverse("filing:county") in client.get(reverse("workbench:search")).content.decode()


def test_the_township_head_reaches_the_list_from_the_bar_and_submits_it_by_form(world, client):
    client.force_login(world.head)
    assert reverse("filing:township") in client.get(reverse("workbench:search")).content.decode()
    detail = client.get(reverse("filing:township"), follow=True)
    lst = detail.context["lst"]
    client.post(reverse("filing:act", args=[lst.pk]), {"action": "submit"})
    assert ImplementationList.objects.get(pk=lst.pk).state == State.SUBMITTED


def test_another_township_does_not_see_the_list(world, client):
    lst = services.open_list(world.township, world.head)
    client.force_login(world.other_head)
    assert client.get(reverse("filing:detail", args=[lst.pk])).status_code == 404


def test_a_township_head_filing_by_form_is_refused(world, client):
    lst = world.submitted()
    client.force_login(world.head)
    response = client.post(reverse("filing:act", args=[lst.pk]), {"action": "file"})
    assert response.status_code == 403 and ImplementationList.objects.get(pk=lst.pk).state == State.SUBMITTED


def test_the_forms_need_the_csrf_token(world):
    lst = world.submitted()
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(world.county_head)
    response = strict.post(reverse("filing:act", args=[lst.pk]), {"action": "file"})
    assert response.status_code == 403 and ImplementationList.objects.get(pk=lst.pk).state == State.SUBMITTED


def test_a_stranger_is_sent_to_the_login(world, client):
    response = client.get(reverse("filing:county"))
    assert response.status_code == 302 and reverse("workbench:login") in response["Location"]
