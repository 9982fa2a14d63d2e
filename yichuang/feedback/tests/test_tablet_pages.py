"""评价器 pages (R-50, R-62): the clerk's desk opens an encounter at their own window, the head
binds the window's tablet, the bound tablet shows the form only for its window's encounter and
takes one rating; strangers are kept out."""

import pytest
from django.test import Client

from yichuang.feedback import services
from yichuang.feedback.models import Encounter

from .factories import other_site_head, tablet_client

pytestmark = pytest.mark.django_db
TABLET = "/feedback/tablet/"


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_a_browser_without_a_device_token_is_told_it_is_no_tablet(fw):
    page = Client().get(TABLET).content.decode()
    assert "本设备不是窗口评价器" in page and 'name="level"' not in page


def test_staff_of_another_site_get_404_for_the_bind_page(fw):
    assert logged_in(other_site_head()).get(f"/feedback/windows/{fw.window.pk}/tablet/").status_code == 404


def test_the_head_opens_the_bind_page(fw):
    page = logged_in(fw.head).get(f"/feedback/windows/{fw.window.pk}/tablet/").content.decode()
    assert "绑定本设备" in page


def test_the_desk_needs_a_window_role(fw):
    assert logged_in(fw.head).get(f"/feedback/windows/{fw.window.pk}/").status_code == 403


def test_the_desk_says_whether_the_window_has_a_tablet(fw):
    page = logged_in(fw.clerk).get(f"/feedback/windows/{fw.window.pk}/").content.decode()
    assert "评价器已绑定" in page


def test_without_an_encounter_the_tablet_waits(fw):
    page = tablet_client(fw.tablet_token).get(TABLET).content.decode()
    assert "办理完毕后" in page and 'name="level"' not in page


def test_the_desk_button_opens_an_encounter(fw):
    response = logged_in(fw.clerk).post(f"/feedback/windows/{fw.window.pk}/encounters/")
    assert response.status_code == 302 and Encounter.objects.filter(window=fw.window, staff=fw.clerk).exists()


def test_the_desk_refuses_a_case_number_of_another_site(fw):
    response = logged_in(fw.clerk).post(f"/feedback/windows/{fw.window.pk}/encounters/", {"case": "NOPE-1"})
    assert response.status_code == 400 and not Encounter.objects.exists()


def test_an_open_encounter_shows_the_form_with_its_token(fw):
    encounter = services.start_encounter(fw.window, fw.clerk)
    page = tablet_client(fw.tablet_token).get(TABLET).content.decode()
    assert encounter.token in page and "服务态度" in page


def test_the_tablet_with_a_staff_session_shows_no_form(fw):
    services.start_encounter(fw.window, fw.clerk)
    response = tablet_client(fw.tablet_token, user=fw.clerk).get(TABLET)
    assert response.status_code == 403 and 'name="level"' not in response.content.decode()
