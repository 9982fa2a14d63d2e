"""guide_document(): the one source of every published guide (R-12, R-14, R-15, R-16)."""

import json

import pytest

from yichuang.catalog import guide, services
from yichuang.catalog.models import Material, SiteItem
from yichuang.catalog.tests.factories import fee, publishable_draft
from yichuang.catalog.tests.guide_factories import (  # noqa: F401
    bundle,
    county,
    full_draft,
    material,
    publish_item,
    township,
)
from yichuang.org.tests.factories import DepartmentFactory

pytestmark = pytest.mark.django_db


def leaves(value):
    if isinstance(value, dict):
        for v in value.values():
            yield from leaves(v)
    elif isinstance(value, list):
        for v in value:
            yield from leaves(v)
    else:
        yield value


@pytest.fixture
def site():
    return township()


@pytest.fixture
def full(site):
    return publish_item(site, draft=full_draft(DepartmentFactory(site=site, phone="0571-80001111")))


def test_every_leaf_is_readable_text_or_a_number(full):
    doc = guide.guide_document(full)
    assert json.loads(json.dumps(doc)) == doc
    assert all(type(v) in (str, int) or v is None for v in leaves(doc))


def test_choice_codes_become_chinese_labels(full):
    doc = guide.guide_document(full)
    assert doc["item"]["item_type"] == "行政许可"
    assert doc["item"]["exercise_level"] == "乡(镇、街道)级"
    assert doc["item"]["delegation_mode"] == "委托"
    assert doc["item"]["service_object"] == "自然人、法人"
    assert doc["time_limit"]["case_kind"] == "承诺件"
    assert doc["time_limit"]["handling_mode"] == "窗口受理部门办理"
    assert doc["result"]["type"] == "证照"
    assert doc["materials"][2]["necessity"] == "容缺(可后补)"
    assert {"label": "网上办理深度", "value": "全程网办"} in doc["convenience"]


def test_government_issued_material_is_flagged_as_fetched_by_the_window(full):
    materials = guide.guide_document(full)["materials"]
    assert materials[0]["name"] == "居民身份证"
    assert materials[0]["source"] == "政府部门核发"
    assert materials[0]["note"] == "由政府部门核发,无需提交,窗口调取"
    assert materials[1]["note"] == ""


def test_location_and_hours_fall_back_to_the_sites_when_left_blank(site):
    doc = guide.guide_document(publish_item(site, location="", hours=""))
    assert doc["place"] == {"location": site.address, "hours": site.hours}


def test_location_and_hours_of_the_version_win_when_given(full):
    doc = guide.guide_document(full)
    assert doc["place"] == {"location": "便民服务中心一楼3号窗口", "hours": "周一至周六 9:00-17:00"}


def test_an_item_without_fees_says_no_fee(site):
    doc = guide.guide_document(publish_item(site))
    assert doc["fees"] == {"summary": "不收费", "items": []}


def test_a_charged_item_lists_each_fee_with_standard_and_basis(site):
    draft = publishable_draft(department=DepartmentFactory(site=site), has_fees=True)
    draft.fees = [fee()]
    doc = guide.guide_document(publish_item(site, draft=draft))
    assert doc["fees"]["summary"] == "收费"
    assert doc["fees"]["items"] == [
        {"name": "工本费", "standard": "10元/证", "basis": "发改价格〔2017〕1186号", "reducible": "不可减免"}
    ]


def test_steps_carry_their_limits_and_special_procedures_are_not_counted(full):
    proc = guide.guide_document(full)["procedure"]
    assert [(s["name"], s["actor"], s["limit"]) for s in proc["steps"]] == [
        ("受理", "综合受理窗口", "当场办理"),
        ("审核", "市场监管所", "2个工作日"),
        ("发照", "综合出件窗口", "1个工作日"),
    ]
    assert proc["total"] == "3个工作日"
    assert proc["special_procedures"][0]["kind"] == "现场勘验"
    assert proc["special_procedures"][0]["note"] == "不计入办理时限"


def test_flowchart_hangs_a_special_procedure_beside_the_step_that_contains_it(full):
    chart = guide.guide_document(full)["flowchart"]
    assert [n["name"] for n in chart["nodes"]] == ["受理", "审核", "发照"]
    assert chart["side_notes"] == [{"after_step": 2, "text": "现场勘验:不超过5个工作日,不计入办理时限"}]
    assert chart["end"] == "办结:营业执照"


def test_rules_are_published_as_sentences_never_as_expressions(full):
    doc = guide.guide_document(full)
    assert doc["conditions"]["rules"] == [
        {"stage": "受理条件", "sentence": "经营者年满18周岁"},
        {"stage": "审批条件", "sentence": "经营场所符合要求"},
    ]
    assert "applicant.age" not in json.dumps(doc, ensure_ascii=False)


def test_handling_flags_of_r15_are_tagged(full):
    tags = guide.guide_document(full)["item"]["tags"]
    assert tags == ["网上办", "最多跑一次", "全县(市)通办"]


def test_document_names_the_published_life_events_it_belongs_to(full, site):
    bundle("open-shop", "我要开店", [full.item])
    bundle("hidden", "未发布的一件事", [full.item], published=False)
    assert guide.guide_document(full)["bundles"] == [{"code": "open-shop", "name": "我要开店"}]


def test_document_follows_the_newly_published_version(site, full):
    draft = services.revise(full.item)
    draft.name = "个体工商户设立登记(新版)"
    draft.save()
    services.publish(draft)
    doc = guide.guide_document(SiteItem.objects.get(pk=full.pk))
    assert (doc["item"]["name"], doc["item"]["version"]) == ("个体工商户设立登记(新版)", 2)


def test_bundle_document_lists_a_shared_material_once_with_every_item_using_it(site):
    dept = DepartmentFactory(site=site)
    id_card = dict(source=Material.Source.GOVERNMENT, issuing_body="县公安局")
    a = publish_item(
        site,
        department=dept,
        name="出生医学证明办理",
        materials=[material("居民身份证", **id_card), material("出生医学证明申请表")],
    )
    b = publish_item(
        site, department=dept, name="新生儿户口登记", materials=[material("居民身份证", **id_card), material("结婚证")]
    )
    doc = guide.bundle_document(site, bundle("birth", "出生一件事", [a.item, b.item]))
    names = [m["name"] for m in doc["materials"]]
    assert names == ["居民身份证", "出生医学证明申请表", "结婚证"]
    shared = doc["materials"][0]
    assert shared["used_by"] == ["出生医学证明办理", "新生儿户口登记"]
    assert shared["shared"] == "多个事项共用,只需提交一次"
    assert shared["note"] == "由政府部门核发,无需提交,窗口调取"
    assert doc["materials"][1]["shared"] == ""


def test_bundle_document_keeps_the_strictest_necessity_of_a_shared_material(site):
    dept = DepartmentFactory(site=site)
    optional, deferrable = Material.Necessity.OPTIONAL, Material.Necessity.DEFERRABLE
    a = publish_item(site, department=dept, materials=[material("户口簿", necessity=optional), material("照片")])
    b = publish_item(
        site,
        department=dept,
        materials=[material("户口簿", necessity=deferrable), material("照片", necessity=optional)],
    )
    doc = guide.bundle_document(site, bundle("birth", "出生一件事", [a.item, b.item]))
    assert {m["name"]: m["necessity"] for m in doc["materials"]} == {"户口簿": "容缺(可后补)", "照片": "必要"}


def test_bundle_document_does_not_ask_for_what_an_earlier_item_of_the_event_produces(site):
    dept = DepartmentFactory(site=site)
    first = publish_item(
        site,
        department=dept,
        name="出生医学证明办理",
        result_name="出生医学证明",
        materials=[material("出生医学证明申请表")],
    )
    second = publish_item(
        site,
        department=dept,
        name="新生儿户口登记",
        result_name="户口簿",
        materials=[material("出生医学证明"), material("结婚证")],
    )
    doc = guide.bundle_document(site, bundle("birth", "出生一件事", [first.item, second.item]))
    notes = {m["name"]: m["note"] for m in doc["materials"]}
    assert notes["出生医学证明"] == "由本一件事中“出生医学证明办理”的办理结果提供,无需另行提交"
    assert notes["结婚证"] == ""


def test_bundle_document_names_the_centre_above_that_handles_an_item_and_its_address():
    top = county()
    site = township(parent=top)
    here = publish_item(site, name="新生儿户口登记")
    above = publish_item(top, name="社会保障卡申领")
    doc = guide.bundle_document(site, bundle("birth", "出生一件事", [here.item, above.item]))
    assert [(i["name"], i["offered"], i["place"]) for i in doc["items"]] == [
        ("新生儿户口登记", "本站可办", here.version.location or site.address),
        ("社会保障卡申领", f"由{top.name}办理", above.version.location or top.address),
    ]


def test_bundle_document_never_sends_the_citizen_to_a_centre_that_does_not_offer_the_item(site):
    here = publish_item(site, name="新生儿户口登记")
    elsewhere = publish_item(township(), name="社会保障卡申领")
    doc = guide.bundle_document(site, bundle("birth", "出生一件事", [here.item, elsewhere.item]))
    offered = dict((i["name"], i["offered"]) for i in doc["items"])
    assert offered == {"新生儿户口登记": "本站可办", "社会保障卡申领": "本站和县级中心均不办理此项,请拨打咨询电话"}
    assert "上级服务中心" not in str(doc)
