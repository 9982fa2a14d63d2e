"""Staff download of a case's notices at /documents/<case>/<kind>.pdf (issue 4): the case's
own sites' staff get the PDF inline; another site's staff and staff without a role get 404;
anonymous visitors go to the workbench login (architecture invariant 6)."""

import pytest
from django.test import Client
from django.urls import reverse

from yichuang.cases import services as cases
from yichuang.org.models import StaffRole
from yichuang.org.tests.factories import StaffRoleFactory, TownshipSiteFactory, UserFactory
from yichuang.seals import services
from yichuang.seals.models import CaseDocument, NoticeKind
from yichuang.seals.selectors import notice_links
from yichuang.seals.tests.factories import decided_case, make_seal_world, new_case

pytestmark = pytest.mark.django_db


def url(case, kind):
    return reverse("documents:notice", args=[case.number, kind])


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def sw():
    return make_seal_world()


def test_the_case_sites_clerk_gets_the_notice_inline_as_pdf(sw):
    case = new_case(sw.world)
    response = logged_in(sw.world.clerk).get(url(case, NoticeKind.ONE_TIME_NOTICE))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline;") and response.content.startswith(b"%PDF-")


def test_downloading_a_notice_stores_it_with_the_case_once(sw):
    case = new_case(sw.world)
    client = logged_in(sw.world.clerk)
    first = client.get(url(case, NoticeKind.ONE_TIME_NOTICE)).content
    assert client.get(url(case, NoticeKind.ONE_TIME_NOTICE)).content == first
    assert CaseDocument.objects.filter(case=case, kind=NoticeKind.ONE_TIME_NOTICE).count() == 1


def test_staff_of_another_site_get_404(sw):
    case = new_case(sw.world)
    stranger = StaffRoleFactory(site=TownshipSiteFactory(), role=StaffRole.Role.CLERK, user=UserFactory()).user
    assert logged_in(stranger).get(url(case, NoticeKind.ONE_TIME_NOTICE)).status_code == 404


def test_a_user_without_any_staff_role_gets_404(sw):
    case = new_case(sw.world)
    assert logged_in(UserFactory()).get(url(case, NoticeKind.ONE_TIME_NOTICE)).status_code == 404


def test_anonymous_visitors_are_sent_to_the_workbench_login(sw):
    response = Client().get(url(new_case(sw.world), NoticeKind.ONE_TIME_NOTICE))
    assert response.status_code == 302 and response["Location"].startswith("/workbench/login/")


def test_a_notice_that_does_not_apply_yet_is_404(sw):
    case = new_case(sw.world)  # not accepted: no 受理通知书
    assert logged_in(sw.world.clerk).get(url(case, NoticeKind.ACCEPTANCE)).status_code == 404


def test_an_unknown_kind_is_404(sw):
    assert logged_in(sw.world.clerk).get(url(new_case(sw.world), "passport")).status_code == 404


def test_the_decision_download_is_the_sealed_document_itself(sw):
    use = services.seal_case_document(decided_case(sw.world), actor=sw.world.clerk)
    response = logged_in(sw.world.clerk).get(url(use.case, NoticeKind.DECISION))
    with use.document.open("rb") as f:
        assert response.status_code == 200 and response.content == f.read()


def test_notice_links_name_the_denial_decision_and_point_at_the_download(sw):
    case = cases.start_review(cases.accept(new_case(sw.world), sw.world.clerk), sw.world.approver)
    case = cases.deny(case, sw.world.approver, reason="年龄不符", basis="《办法》第五条")
    services.seal_case_document(case)
    links = {link["kind"]: link for link in notice_links(case)}
    assert links[NoticeKind.DECISION]["label"] == "不予给付决定书"  # a 行政给付 item
    assert links[NoticeKind.DECISION]["url"] == f"/documents/{case.number}/decision.pdf"
