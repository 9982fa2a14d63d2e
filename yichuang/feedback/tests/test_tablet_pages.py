"""评价器 pages (R-50, R-62): the clerk's desk opens an encounter, the window tablet shows the
form only for it and takes one rating; strangers are kept out."""
import pytest
from django.test import Client

from yichuang.feedback import services
from yichuang.feedback.models import Encounter, Rating

from .factories import other_site_head

pytestmark = pytest.mark.django_db


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_the_tablet_needs_a_login(fw):
    response = Client().get(f"/feedback/tablet/{fw.window.pk}/")
    assert response.status_code == 302 and response["Location"].startswith("/workbench/login/")


def test_staff_of_another_site_get_404_for_the_tablet(fw):
    assert logged_in(other_site_head()).get(f"/feedback/tablet/{fw.window.pk}/").status_code == 404


def test_the_head_is_not_a_window_clerk_and_gets_403_for_the_tablet(fw):
    assert logged_in(fw.head).get(f"/feedback/tablet/{fw.window.pk}/").status_code == 403


def test_the_desk_needs_a_window_role(fw):
    assert logged_in(fw.head).get(f"/feedback/windows/{fw.window.pk}/").status_code == 403


def test_without_an_encounter_the_tablet_waits(fw):
    page = logged_in(fw.clerk).get(f"/feedback/tablet/{fw.window.pk}/").content.decode()
    assert "办理完毕后" in page and 'name="level"' not in page


def test_the_desk_button_opens_an_encounter(fw):
    response = logged_in(fw.clerk).post(f"/feedback/windows/{fw.window.pk}/encounters/")
    assert response.status_code == 302 and Encounter.objects.filter(window=fw.window, staff=fw.clerk).exists()


def test_the_desk_refuses_a_case_number_of_another_site(fw):
    response = logged_in(fw.clerk).post(f"/feedback/windows/{fw.window.pk}/encounters/", {"case": "NOPE-1"})
    assert response.status_code == 400 and not Encounter.objects.exists()


def test_an_open_encounter_shows_the_form_with_its_token(fw):
    encounter = services.start_encounter(fw.window, fw.clerk)
    page = logged_in(fw.clerk).get(f"/feedback/tablet/{fw.window.pk}/").content.decode()
    assert encounter.token in page and "服务态度" in page


def test_the_tablet_rates_once_and_thanks(fw):
    encounter = services.start_encounter(fw.window, fw.clerk)
    client = logged_in(fw.clerk)
    first = client.post(f"/feedback/tablet/{fw.window.pk}/", {"token": encounter.token, "level": "5"})
    second = client.post(f"/feedback/tablet/{fw.window.pk}/", {"token": encounter.token, "level": "5"})
    assert first.status_code == 302 and second.status_code == 409 and Rating.objects.count() == 1
