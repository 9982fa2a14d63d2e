"""The floor's pages (issue 19 §1): the bound kiosk, the call screen, the clerk's panel and the
head's overview, with their refusals."""

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from yichuang.floor import services
from yichuang.floor.models import Kiosk, Ticket

from .factories import kiosk_client

pytestmark = pytest.mark.django_db


def _staff(user):
    client = Client()
    client.force_login(user)
    return client


def test_a_browser_that_is_no_kiosk_cannot_take_a_number(hall):
    response = Client().post(reverse("floor:kiosk"), {"category": "A"})
    assert response.status_code == 400 and "本设备不是取号机" in response.content.decode()
    assert not Ticket.objects.exists()


def test_the_kiosk_issues_a_number_and_shows_it_large(hall):
    client = kiosk_client(hall.kiosk_token)
    response = client.post(reverse("floor:kiosk"), {"category": "A", "green": ""}, follow=True)
    assert 'data-ticket="A001"' in response.content.decode()


def test_the_kiosk_refuses_without_its_csrf_token(hall):
    client = Client(enforce_csrf_checks=True)
    client.cookies["yc_kiosk"] = hall.kiosk_token
    assert client.post(reverse("floor:kiosk"), {"category": "A"}).status_code == 403


@override_settings(YICHUANG={"FLOOR_KIOSK_RATE": "2/min"})
def test_the_kiosk_is_rate_limited_per_address(hall):
    client = kiosk_client(hall.kiosk_token)
    statuses = [client.post(reverse("floor:kiosk"), {"category": "A"}).status_code for _ in range(3)]
    assert statuses == [302, 302, 429]


def test_the_green_channel_ticket_says_so(hall):
    client = kiosk_client(hall.kiosk_token)
    response = client.post(reverse("floor:kiosk"), {"category": "A", "green": "disabled"}, follow=True)
    assert "绿色通道(残疾人)" in response.content.decode()


def test_the_call_screen_announces_the_call(hall):
    services.issue(hall.site, "A")
    services.call_next(hall.window, hall.clerk)
    body = Client().get(reverse("floor:screen_now", args=[hall.site.code])).content.decode()
    assert f"请<strong>A001</strong>号到<strong>{hall.window.number}</strong>号窗口" in body


def test_the_call_screen_of_an_unknown_site_is_not_found(hall):
    assert Client().get(reverse("floor:screen", args=["999999999999"])).status_code == 404


def test_the_clerks_home_page_has_the_call_panel(hall):
    body = _staff(hall.clerk).get(reverse("workbench:home")).content.decode()
    assert "叫号与考勤" in body and reverse("floor:call_next", args=[hall.window.pk]) in body


def test_the_clerk_calls_from_the_panel(hall):
    services.issue(hall.site, "A")
    response = _staff(hall.clerk).post(reverse("floor:call_next", args=[hall.window.pk]), follow=True)
    assert f"已叫号:请A001号到{hall.window.number}号窗口" in response.content.decode()


def test_a_clerk_cannot_call_at_a_colleagues_window(hall):
    response = _staff(hall.second_clerk).post(reverse("floor:call_next", args=[hall.window.pk]))
    assert response.status_code == 403


def test_binding_a_kiosk_logs_the_head_out_and_sets_the_device_cookie(hall):
    client = _staff(hall.head)
    response = client.post(reverse("floor:bind_kiosk", args=[hall.site.code]))
    assert response.status_code == 302 and Kiosk.digest(response.cookies["yc_kiosk"].value)
    assert "_auth_user_id" not in client.session
    assert Kiosk.objects.filter(token_hash=Kiosk.digest(response.cookies["yc_kiosk"].value)).exists()


def test_the_heads_overview_shows_windows_and_times(hall):
    body = _staff(hall.head).get(reverse("floor:overview", args=[hall.site.code])).content.decode()
    assert "窗口与AB岗在岗情况" in body and "平均等候" in body


def test_a_clerk_does_not_see_the_heads_overview(hall):
    assert _staff(hall.clerk).get(reverse("floor:overview", args=[hall.site.code])).status_code == 403


def test_the_scorecard_shows_waiting_and_service_times(hall):
    import datetime as dt

    from django.utils import timezone

    t0 = timezone.now() - dt.timedelta(minutes=30)
    services.issue(hall.site, "A", now=t0)
    ticket = services.call_next(hall.window, hall.clerk, now=t0 + dt.timedelta(minutes=6))
    services.finish(ticket, hall.clerk, now=t0 + dt.timedelta(minutes=18))
    body = _staff(hall.head).get(reverse("supervision:scorecard")).content.decode()
    assert "排队等候与办理时间" in body
    assert '<td data-label="平均等候">6.0</td>' in body and '<td data-label="平均办理">12.0</td>' in body
