"""Issue 15 §4 (R-13, R-22): an online application is submitted only with every 必要 material
uploaded, fetched from the licence store or — where the item allows — promised (容缺); the page
says truthfully what was fetched; what was typed stays after an error; a draft outlives a logout."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from yichuang.cases.models import Case, CaseMaterial

from ..models import Draft
from .factories import PDF, citizen, online_world, with_id_card
from .test_pages import _apply_url

pytestmark = pytest.mark.django_db
Status = CaseMaterial.Status


def _client(client, account):
    client.force_login(account.user)
    return client


def _submit(client, world, **extra):
    return client.post(_apply_url(world), {"applicant.age": "86", "delivery": "window", "action": "submit", **extra})


def test_nothing_is_submitted_without_the_required_materials_and_each_is_named(client):
    world, account = online_world(), citizen()
    response = _submit(_client(client, account), world)
    page = response.content.decode()
    assert response.status_code == 400 and not Case.objects.exists()
    assert "“居民身份证”是必要材料,请上传。" in page
    assert "“户口簿”是必要材料,请上传,或勾选“容缺后补”并填写承诺补交日期。" in page


def test_a_deferrable_material_may_be_promised_by_a_date_and_the_case_records_the_promise(client):
    world, account = online_world(), with_id_card(citizen())
    pk = world.material("户口簿").pk
    _submit(_client(client, account), world, **{f"defer_{pk}": "yes", f"promise_{pk}": "2026-06-20"})
    row = Case.objects.get().materials.get(material_id=pk)
    assert (row.status, str(row.promised_by)) == (Status.DEFERRED, "2026-06-20")


def test_a_promise_without_a_date_is_refused_and_the_tick_stays(client):
    world, account = online_world(), with_id_card(citizen())
    pk = world.material("户口簿").pk
    page = _submit(_client(client, account), world, **{f"defer_{pk}": "yes", f"promise_{pk}": ""}).content.decode()
    assert "“户口簿”:请填写承诺补交日期" in page and f'name="defer_{pk}" value="yes" checked' in page
    assert not Case.objects.exists()


def test_a_required_material_that_is_not_deferrable_cannot_be_promised(client):
    world, account = online_world(), citizen()
    pk = world.material("居民身份证").pk
    page = _submit(_client(client, account), world, **{f"defer_{pk}": "yes", f"promise_{pk}": "2026-06-20"})
    assert "“居民身份证”是必要材料,请上传。" in page.content.decode() and not Case.objects.exists()


def test_the_page_says_fetched_only_when_the_licence_store_holds_it_and_then_asks_no_upload(client):
    world, account = online_world(), citizen()
    pk = world.material("居民身份证").pk
    before = _client(client, account).get(_apply_url(world)).content.decode()
    assert "已从电子证照库调取,无需上传" not in before and f'name="file_{pk}"' in before
    with_id_card(account)
    after = client.get(_apply_url(world)).content.decode()
    assert "已从电子证照库调取,无需上传" in after and f'name="file_{pk}"' not in after


def test_a_material_said_fetched_is_fetched_in_the_case(client):
    world, account = online_world(), with_id_card(citizen())
    hukou = world.material("户口簿").pk
    _submit(_client(client, account), world, **{f"file_{hukou}": SimpleUploadedFile("户口簿.pdf", PDF)})
    statuses = {m.material.name: m.status for m in Case.objects.get().materials.select_related("material")}
    assert statuses == {"居民身份证": Status.FETCHED, "户口簿": Status.RECEIVED}


def test_a_draft_survives_a_logout_with_its_answers_and_files(client):
    world, account = online_world(), citizen()
    hukou = world.material("户口簿").pk
    _client(client, account).post(
        _apply_url(world),
        {
            "applicant.age": "86",
            "delivery": "post",
            "delivery_address": "凤田镇凤田村8号",
            "action": "save",
            f"file_{hukou}": SimpleUploadedFile("户口簿.pdf", PDF),
        },
    )
    client.post(reverse("portal:logout"))
    page = _client(client, account).get(_apply_url(world)).content.decode()
    assert (
        Draft.objects.count() == 1
        and "凤田镇凤田村8号" in page
        and "已上传:户口簿.pdf" in page
        and 'value="86"' in page
    )


def test_the_identity_form_keeps_the_name_typed_after_an_error(client):
    from .factories import logged_in_account

    account = logged_in_account()
    client.force_login(account.user)
    page = client.post(reverse("portal:identity"), {"step": "person", "name": "王小明", "citizen_id": "123"})
    assert 'value="王小明"' in page.content.decode() and 'value="123"' in page.content.decode()
