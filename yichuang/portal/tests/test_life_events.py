"""一件事 at every site (issue 15 §3; R-16): each item handled where it is offered, one form with
every fact the items need, one submission, one tracking page, no internal names."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from yichuang.cases.models import Case
from yichuang.catalog import bundles

from .. import location
from .factories import PDF, citizen
from .life_event_world import make_world

pytestmark = pytest.mark.django_db
NEWBORN = {
    "child.name": "李小禾",
    "child.sex": "female",
    "child.birth_date": "2026-01-05",
    "child.birth_place": "清溪县人民医院",
    "father.name": "李大山",
    "father.citizen_id": "",
    "mother.name": "王秀兰",
    "mother.citizen_id": "",
}


def _files(page: str) -> dict:
    return {n: SimpleUploadedFile(f"{n}.pdf", PDF) for n in set(re.findall(r'name="(file_\d+)"', page))}


def _submit(client, url, extra=None):
    page = client.get(url).content.decode()
    return client.post(url, {"action": "submit", "delivery": "window", **_files(page), **(extra or {})})


def _made(applicant):
    return {(c.site, c.item_version.name) for c in Case.objects.filter(applicant=applicant)}


def test_a_life_event_at_a_township_sends_each_item_to_the_centre_that_handles_it(client):
    w = make_world()
    account = citizen()
    client.force_login(account.user)
    _submit(
        client,
        reverse("portal:apply_bundle", args=[w.xicheng.code, "small-restaurant"]),
        {
            "shop.name": "阿香小吃",
            "shop.address": "溪城街道府前路3号",
            "shop.scope": "小吃",
            "shop.sign_text": "阿香小吃",
        },
    )
    assert _made(account.applicant) == {
        (w.xicheng, "个体工商户设立登记"),
        (w.xicheng, "小餐饮店登记"),
        (w.county, "设置户外广告审批"),
    }


def test_at_the_county_a_township_only_item_asks_which_township_and_never_says_higher_centre(client):
    w = make_world()
    client.force_login(citizen().user)
    page = client.get(reverse("portal:apply_bundle", args=[w.county.code, "small-restaurant"])).content.decode()
    assert "请选择您所在(或经营所在)的乡镇(街道)" in page and w.xicheng.name in page
    assert "上级服务中心" not in page and "个体工商户设立登记" in page


def test_at_the_county_with_a_township_chosen_the_cases_go_to_that_township_and_the_county(client):
    w = make_world()
    account = citizen()
    client.force_login(account.user)
    url = reverse("portal:apply_bundle", args=[w.county.code, "small-restaurant"]) + f"?township={w.xicheng.code}"
    _submit(
        client,
        url,
        {"shop.name": "阿香小吃", "shop.address": "府前路3号", "shop.scope": "小吃", "shop.sign_text": "阿香"},
    )
    assert _made(account.applicant) == {
        (w.xicheng, "个体工商户设立登记"),
        (w.xicheng, "小餐饮店登记"),
        (w.county, "设置户外广告审批"),
    }


def test_the_household_address_names_the_citizens_township():
    w = make_world()
    assert location.from_address("示范县凤田镇上坪村12号") == w.fengtian
    assert location.from_address("外省某市某路1号") is None


def test_the_newborn_form_asks_for_the_child_and_the_parents_and_shows_no_internal_names(client):
    w = make_world()
    client.force_login(citizen().user)
    page = client.get(reverse("portal:apply_bundle", args=[w.fengtian.code, "newborn"])).content.decode()
    for label in ("新生儿姓名", "新生儿性别", "出生日期", "出生地点", "父亲姓名", "母亲公民身份号码"):
        assert label in page
    assert "parent" not in re.sub(r"<[^>]+>", "", page) and "缺少判断所需信息" not in page


def test_a_newborn_submission_without_the_childs_facts_is_refused_with_nothing_made(client):
    w = make_world()
    account = citizen()
    client.force_login(account.user)
    response = _submit(client, reverse("portal:apply_bundle", args=[w.fengtian.code, "newborn"]))
    assert response.status_code == 400 and "请填写“新生儿姓名”" in response.content.decode()
    assert not Case.objects.filter(applicant=account.applicant).exists()


def test_one_submission_has_one_tracking_page_listing_every_case(client):
    from yichuang.people.tests.factories import make_citizen_id

    w = make_world()
    account = citizen()
    client.force_login(account.user)
    facts = {**NEWBORN, "father.citizen_id": make_citizen_id(11), "mother.citizen_id": make_citizen_id(12)}
    response = _submit(client, reverse("portal:apply_bundle", args=[w.fengtian.code, "newborn"]), facts)
    assert response.status_code == 302 and "/life-events/" in response["Location"]
    page = client.get(response["Location"]).content.decode()
    cases = Case.objects.filter(applicant=account.applicant)
    assert {c.site for c in cases} == {w.fengtian, w.county}
    assert all(c.number in page for c in cases) and "新生儿出生一件事办理进度" in page
    assert cases.first().form_data["child"]["name"] == "李小禾"


def test_another_citizen_cannot_see_a_life_events_tracking_page(client):
    from yichuang.people.tests.factories import make_citizen_id

    w = make_world()
    client.force_login(citizen().user)
    facts = {**NEWBORN, "father.citizen_id": make_citizen_id(13), "mother.citizen_id": make_citizen_id(14)}
    url = _submit(client, reverse("portal:apply_bundle", args=[w.fengtian.code, "newborn"]), facts)["Location"]
    client.force_login(citizen(name="赵六").user)
    assert client.get(url).status_code == 404


def test_a_bundle_is_placed_by_catalogue_entry_not_by_one_townships_item():
    w = make_world()
    placed = {p.name: p.site for p in bundles.place(w.xicheng, w.restaurant)}
    assert placed == {"个体工商户设立登记": w.xicheng, "小餐饮店登记": w.xicheng, "设置户外广告审批": w.county}
