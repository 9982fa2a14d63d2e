"""我的设置 in the hall (issue 15 §3 of the second pass): the citizen turns SMS or the 消息 list
off and on; the page names the notices that reach them whatever they choose."""

import pytest
from django.urls import reverse

from yichuang.notify.models import ChannelPreference

from .factories import citizen

pytestmark = pytest.mark.django_db


def test_the_settings_page_is_linked_from_the_halls_menu_once_logged_in(client):
    client.force_login(citizen().user)
    page = client.get(reverse("portal:messages")).content.decode()
    assert f'href="{reverse("portal:settings")}"' in page


def test_the_settings_page_needs_a_login(client):
    response = client.get(reverse("portal:settings"))
    assert response.status_code == 302 and reverse("portal:login") in response["Location"]


def test_turning_sms_off_is_saved_for_the_applicant(client):
    account = citizen()
    client.force_login(account.user)
    response = client.post(reverse("portal:settings"), {"hall": "on"})
    assert response.status_code == 302
    choice = ChannelPreference.objects.get(applicant=account.applicant)
    assert (choice.sms, choice.hall) == (False, True)
    page = client.get(reverse("portal:settings")).content.decode()
    assert 'id="ch-sms" name="sms" aria' in page and 'id="ch-hall" name="hall" checked' in page


def test_the_page_names_the_notices_sent_whatever_is_chosen(client):
    client.force_login(citizen().user)
    page = client.get(reverse("portal:settings")).content.decode()
    assert "依法必须送达的通知" in page
    assert all(label in page for label in ("一次性告知", "不予受理", "办理结果"))


def test_the_settings_form_needs_its_csrf_token():
    from django.test import Client

    account = citizen()
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(account.user)
    assert strict.post(reverse("portal:settings"), {"hall": "on"}).status_code == 403
    assert not ChannelPreference.objects.exists()
