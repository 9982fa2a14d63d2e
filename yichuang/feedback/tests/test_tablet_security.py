"""The 评价器 cannot be used by the clerk it rates (issue 13): a window tablet is bound to its
window by the site's head and rates with its own device token, never under a staff session; a
clerk opens encounters only at the window where they hold the A or B post."""

import pytest
from django.test import Client
from rest_framework.test import APIClient

from yichuang.common.errors import NotAllowed
from yichuang.feedback import device, services
from yichuang.feedback.models import Rating, TabletDevice
from yichuang.ledger.models import AuditRecord
from yichuang.org.models import StaffRole
from yichuang.org.tests.factories import PostFactory, WindowFactory

from .factories import bound_tablet, staff_at, tablet_client

pytestmark = pytest.mark.django_db
TABLET = "/feedback/tablet/"
TABLET_API = "/api/v1/feedback/tablet/rating/"


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_clerk_session_cannot_rate_own_encounter(fw):
    encounter = services.start_encounter(fw.window, fw.clerk)
    response = tablet_client(fw.tablet_token, user=fw.clerk).post(TABLET, {"token": encounter.token, "level": "5"})
    assert response.status_code == 403 and not Rating.objects.exists()


def test_clerk_session_cannot_rate_own_encounter_over_the_api(fw):
    encounter = services.start_encounter(fw.window, fw.clerk)
    client = APIClient()
    client.force_login(fw.clerk)
    response = client.post(
        TABLET_API, {"token": encounter.token, "level": 5}, format="json", headers={device.HEADER: fw.tablet_token}
    )
    assert response.status_code == 403 and response.json()["code"] == "rater_is_staff"
    assert not Rating.objects.exists()


def test_a_rating_without_a_bound_tablet_is_refused(fw):
    encounter = services.start_encounter(fw.window, fw.clerk)
    response = Client().post(TABLET, {"token": encounter.token, "level": "5"})
    assert response.status_code == 400 and "不是窗口评价器" in response.content.decode()
    assert not Rating.objects.exists()


def test_the_bound_tablet_rates_the_open_encounter_once_for_its_clerk(fw):
    encounter = services.start_encounter(fw.window, fw.clerk)
    client = tablet_client(fw.tablet_token)
    first = client.post(TABLET, {"token": encounter.token, "level": "4"})
    second = client.post(TABLET, {"token": encounter.token, "level": "4"})
    assert (first.status_code, second.status_code) == (302, 409)
    assert list(Rating.objects.values_list("staff", "window", "level")) == [(fw.clerk.pk, fw.window.pk, 4)]


def test_the_bound_tablet_rates_over_the_api_with_its_device_header(fw):
    encounter = services.start_encounter(fw.window, fw.clerk)
    response = APIClient().post(
        TABLET_API, {"token": encounter.token, "level": 5}, format="json", headers={device.HEADER: fw.tablet_token}
    )
    assert response.status_code == 201 and response.json()["window"] == fw.window.pk


def test_the_tablet_shows_only_its_own_window_s_encounter(fw):
    other = WindowFactory(site=fw.site)
    _, token = bound_tablet(other, fw.head)
    encounter = services.start_encounter(fw.window, fw.clerk)
    page = tablet_client(token).get(TABLET).content.decode()
    assert "办理完毕后" in page and encounter.token not in page


def test_a_tablet_cannot_rate_an_encounter_of_another_window(fw):
    _, token = bound_tablet(WindowFactory(site=fw.site), fw.head)
    encounter = services.start_encounter(fw.window, fw.clerk)
    response = tablet_client(token).post(TABLET, {"token": encounter.token, "level": "5"})
    assert response.status_code == 400 and not Rating.objects.exists()


def test_a_clerk_cannot_open_an_encounter_at_a_window_without_their_post(fw):
    colleague_window = WindowFactory(site=fw.site)
    PostFactory(window=colleague_window, staff=staff_at(fw.site, StaffRole.Role.CLERK))
    with pytest.raises(NotAllowed):
        services.start_encounter(colleague_window, fw.clerk)


def test_the_b_post_clerk_may_open_an_encounter_at_the_window(fw):
    b_clerk = staff_at(fw.site, StaffRole.Role.CLERK)
    PostFactory(window=fw.window, staff=b_clerk, position="B")
    assert services.start_encounter(fw.window, b_clerk).staff == b_clerk


def test_the_desk_of_a_colleague_s_window_is_refused(fw):
    colleague_window = WindowFactory(site=fw.site)
    response = logged_in(fw.clerk).post(f"/feedback/windows/{colleague_window.pk}/encounters/")
    assert response.status_code == 403


def test_the_site_head_binds_the_tablet_and_leaves_it_without_a_session(fw):
    client = logged_in(fw.head)
    response = client.post(f"/feedback/windows/{fw.window.pk}/tablet/")
    assert response.status_code == 302 and response.cookies[device.COOKIE].value
    assert "_auth_user_id" not in client.session
    assert TabletDevice.objects.get(revoked_at__isnull=True, window=fw.window).bound_by == fw.head


def test_binding_a_tablet_is_audited_without_the_token(fw):
    device_row, token = services.bind_tablet(fw.window, fw.head)
    record = AuditRecord.objects.get(action="feedback.tablet.bind", object_id=str(device_row.pk))
    assert record.actor == fw.head.username and record.data["window"] == fw.window.pk
    assert token not in str(record.data)


def test_a_clerk_cannot_bind_a_tablet(fw):
    assert logged_in(fw.clerk).post(f"/feedback/windows/{fw.window.pk}/tablet/").status_code == 403


def test_rebinding_the_window_revokes_the_old_tablet(fw):
    services.bind_tablet(fw.window, fw.head)
    encounter = services.start_encounter(fw.window, fw.clerk)
    response = tablet_client(fw.tablet_token).post(TABLET, {"token": encounter.token, "level": "5"})
    assert response.status_code == 400 and not Rating.objects.exists()


def test_the_head_finds_every_window_of_the_site_and_its_tablet_from_the_workbench_bar(fw):
    other = WindowFactory(site=fw.window.site)
    client = logged_in(fw.head)
    assert "/feedback/tablets/" in client.get("/workbench/").content.decode()
    page = client.get("/feedback/tablets/").content.decode()
    assert f"/feedback/windows/{fw.window.pk}/tablet/" in page and f"/feedback/windows/{other.pk}/tablet/" in page
    assert "已绑定" in page and "未绑定" in page


def test_the_tablet_list_is_for_heads_only(fw):
    assert logged_in(fw.clerk).get("/feedback/tablets/").status_code == 403
