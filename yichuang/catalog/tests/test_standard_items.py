"""Item identity as the province publishes it (issue 17 §1, §2; R-05, R-10): one standard item
(基本编码 + 四级四同 elements) implemented by many bodies, each with its own 实施编码 and
delegation mode; an implementation that departs from the standard elements is not published."""

import pytest
from django.urls import reverse

from yichuang.catalog import services, standard
from yichuang.catalog.models import StandardItem
from yichuang.catalog.models.choices import DelegationMode as D
from yichuang.catalog.models.choices import ItemType
from yichuang.catalog.tests.factories import publishable_draft
from yichuang.catalog.tests.guide_factories import publish_item
from yichuang.common.errors import DomainError
from yichuang.org.tests.factories import DepartmentFactory, TownshipSiteFactory

pytestmark = pytest.mark.django_db

CODE = "000105001000"
ELEMENTS = {"name": "高龄津贴申领", "item_type": ItemType.BENEFIT, "legal_basis": "《老年人权益保障法》第三十三条"}


def provincial():
    return StandardItem.objects.create(basic_code=CODE, source=StandardItem.Source.PROVINCE, **ELEMENTS)


def at_township(mode, **overrides):
    site = TownshipSiteFactory()
    entrusting = "示范县民政局" if mode in (D.ENTRUSTED, D.ENTRUSTED_INTAKE) else ""
    return publish_item(
        site,
        basic_code=CODE,
        delegation_mode=mode,
        entrusting_body=entrusting,
        **{**ELEMENTS, **overrides},
    )


def test_two_townships_implement_one_basic_code_with_their_own_implementation_codes():
    provincial()
    a, b = at_township(D.DEVOLVED), at_township(D.ENTRUSTED_INTAKE)
    assert a.item.basic_code == b.item.basic_code == CODE and a.item.standard_id == b.item.standard_id
    assert a.item.implementation_code == CODE + a.version.department.credit_code
    assert a.item.implementation_code != b.item.implementation_code


def test_a_new_version_gets_the_implementation_code_of_its_item():
    provincial()
    site_item = at_township(D.OWN)
    assert site_item.version.implementation_code == site_item.item.implementation_code


def test_one_body_implements_a_standard_item_once():
    std = provincial()
    department = DepartmentFactory()
    assert services.implementation(std, department) == services.implementation(std, department)


def test_the_api_lists_one_basic_code_at_two_townships_with_each_delegation_mode(client):
    provincial()
    a, b = at_township(D.DEVOLVED), at_township(D.ENTRUSTED_INTAKE)
    body = client.get(reverse("api:standard-item", args=[CODE])).json()
    assert (body["basic_code"], body["name"]) == (CODE, ELEMENTS["name"])
    rows = {r["site_code"]: r for r in body["implementations"]}
    assert rows[a.site.code]["delegation_mode"] == "devolved" and rows[a.site.code]["delegation_mode_label"] == "下放"
    assert rows[b.site.code]["delegation_mode"] == "entrusted_intake"
    assert rows[b.site.code]["entrusting_body"] == "示范县民政局"


def test_the_api_answers_404_in_chinese_for_an_unknown_basic_code(client):
    response = client.get(reverse("api:standard-item", args=["999999999999"]))
    assert response.status_code == 404 and "基本编码" in response.json()["message"]


# ---- 四级四同 --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("override", "code"),
    [
        ({"name": "高龄老人补贴申领"}, "name_differs"),
        ({"item_type": ItemType.CONFIRMATION}, "type_differs"),
        ({"legal_basis": "《某省老年人条例》第十条"}, "basis_differs"),
        ({"implementation_code": "123456789012ABC"}, "code_differs"),
    ],
)
def test_each_changed_standard_element_is_listed_with_its_code(override, code):
    version = publishable_draft(**{**ELEMENTS, **override}).version
    differences = standard.differences(provincial(), version)
    assert [d.code for d in differences] == [code]
    assert "与基本目录不一致" in differences[0].message


def test_layout_whitespace_in_the_legal_basis_is_not_a_difference():
    version = publishable_draft(**{**ELEMENTS, "legal_basis": " 《老年人权益保障法》\n第三十三条 "}).version
    assert standard.differences(provincial(), version) == []


def test_publishing_a_version_that_renames_a_provincial_item_is_refused_with_the_list():
    provincial()
    draft = services.create_draft(CODE, publishable_draft(**{**ELEMENTS, "name": "高龄补贴", "item_type": "07"}))
    with pytest.raises(DomainError) as refused:
        services.publish(draft)
    assert refused.value.code == "standard_elements_differ"
    assert [p.code for p in refused.value.problems] == ["name_differs", "type_differs"]


def test_a_shared_local_item_is_published_with_its_differences_listed_not_refused():
    at_township(D.OWN)  # creates the local standard item from this first implementation
    other = at_township(D.OWN, name="另一个名称")
    assert [d.code for d in standard.differences(other.item.standard, other.version)] == ["name_differs"]
    assert StandardItem.objects.get(basic_code=CODE).name == ELEMENTS["name"]


def test_a_local_item_with_one_implementation_follows_its_new_version():
    site_item = at_township(D.OWN)
    draft = services.revise(site_item.item)
    draft.name = "高龄津贴申领(2026版)"
    draft.save()
    services.publish(draft)
    assert StandardItem.objects.get(basic_code=CODE).name == "高龄津贴申领(2026版)"


def test_the_refusal_is_structured_for_api_callers():
    """code, message and per element the standard and the implementation's value (Problem.as_dict)."""
    provincial()
    draft = services.create_draft(CODE, publishable_draft(**{**ELEMENTS, "name": "别名"}))
    with pytest.raises(DomainError) as refused:
        services.publish(draft)
    problem = refused.value.problems[0].as_dict()
    assert (problem["code"], problem["field"], problem["standard"], problem["implementation"]) == (
        "name_differs",
        "name",
        "高龄津贴申领",
        "别名",
    )
    assert "基本目录为“高龄津贴申领”" in problem["message"]


def test_an_excel_import_publishing_a_renamed_provincial_item_is_refused_at_its_cell():
    from yichuang.catalog.excel import ImportRefused
    from yichuang.catalog.tests.excel_helpers import export_bytes, run_import, set_cell

    provincial()
    draft = services.create_draft(CODE, publishable_draft(**ELEMENTS))
    data = set_cell(export_bytes(), "事项", CODE, "事项名称", "改过的名称")
    data = set_cell(data, "事项", CODE, "状态", "已发布")
    with pytest.raises(ImportRefused) as refused:
        run_import(data)
    assert [(e.code, e.header) for e in refused.value.errors] == [("name_differs", "事项名称")]
    assert draft.item.versions.get().status == "draft"
