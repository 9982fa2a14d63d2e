"""Catalogue validation (R-12…R-14): every rule refuses with its own code."""

import pytest

from yichuang.catalog import services
from yichuang.catalog.models import Fee, Material, Rule
from yichuang.catalog.models.choices import CaseKind
from yichuang.catalog.tests.factories import fee, publishable_draft
from yichuang.catalog.validation import VAGUE_MATERIAL, publish_problems
from yichuang.common.errors import DomainError

pytestmark = pytest.mark.django_db


def refusal_codes(callable_, *args) -> set[str]:
    with pytest.raises(DomainError) as excinfo:
        callable_(*args)
    return {p.code for p in excinfo.value.problems}


@pytest.mark.parametrize(
    "name", ["其他材料", "有关材料", "相关材料", "其它相关材料", "申请人身份证明等材料", "相关证明材料", "其他"]
)
def test_vague_material_names_are_refused_even_in_a_draft(name):
    draft = publishable_draft()
    draft.materials.append(Material(name=name))
    assert "vague_material" in refusal_codes(services.create_draft, "000000000010", draft)


@pytest.mark.parametrize(
    "name", ["其他家庭成员居民身份证", "结婚证", "村民委员会出具的家庭经济状况说明", "有效期内的营业执照"]
)
def test_specific_material_names_are_accepted(name):
    assert not VAGUE_MATERIAL.search(name)


def test_vague_material_problem_points_at_the_material():
    draft = publishable_draft()
    draft.materials.append(Material(name="有关材料"))
    problem = next(p for p in publish_problems(draft) if p.code == "vague_material")
    assert problem.field == "materials[2].name"
    assert "有关材料" in problem.message


def test_promised_limit_above_the_statutory_one_is_refused():
    draft = publishable_draft(statutory_days=10, promised_days=15)
    assert "promised_exceeds_statutory" in refusal_codes(services.create_draft, "000000000011", draft)


def test_an_instant_item_must_promise_zero_days():
    draft = publishable_draft(case_kind=CaseKind.INSTANT, promised_days=3)
    assert "instant_needs_zero_days" in refusal_codes(services.create_draft, "000000000012", draft)


def test_steps_may_not_add_up_to_more_than_the_promised_limit():
    draft = publishable_draft(promised_days=4)
    assert "steps_exceed_promised" in refusal_codes(services.create_draft, "000000000013", draft)


def test_a_rule_that_does_not_parse_is_refused():
    draft = publishable_draft()
    draft.rules.append(Rule(expression="applicant.age >= ", sentence="申请人年满80周岁"))
    assert "rule_syntax" in refusal_codes(services.create_draft, "000000000014", draft)


def test_a_rule_without_a_readable_sentence_is_refused():
    draft = publishable_draft()
    draft.rules.append(Rule(expression="applicant.age >= 60", sentence=" "))
    assert "rule_sentence_missing" in refusal_codes(services.create_draft, "000000000015", draft)


def test_a_government_issued_material_must_say_who_issues_it():
    draft = publishable_draft()
    draft.materials.append(Material(name="结婚证", source=Material.Source.GOVERNMENT))
    assert "government_material_needs_issuer" in refusal_codes(services.create_draft, "000000000016", draft)


def test_the_same_material_listed_twice_is_refused():
    draft = publishable_draft()
    draft.materials.append(Material(name="户口簿"))
    assert "duplicate_material" in refusal_codes(services.create_draft, "000000000017", draft)


def test_publishing_without_materials_is_refused():
    draft = publishable_draft()
    draft.materials = []
    version = services.create_draft("000000000020", draft)
    assert "materials_missing" in refusal_codes(services.publish, version)


@pytest.mark.parametrize(
    "field, code",
    [
        ("statutory_days", "statutory_days_missing"),
        ("promised_days", "promised_days_missing"),
        ("has_fees", "fees_undeclared"),
    ],
)
def test_publishing_without_limits_or_a_fee_declaration_is_refused(field, code):
    version = services.create_draft("000000000021", publishable_draft(**{field: None}))
    assert code in refusal_codes(services.publish, version)


def test_publishing_a_charged_item_without_fee_items_is_refused():
    version = services.create_draft("000000000022", publishable_draft(has_fees=True))
    assert "fees_missing" in refusal_codes(services.publish, version)


def test_a_charged_item_with_its_fee_items_publishes():
    draft = publishable_draft(has_fees=True)
    draft.fees = [fee()]
    version = services.publish(services.create_draft("000000000023", draft))
    assert list(version.fees.values_list("standard", flat=True)) == ["10元/证"]
    assert isinstance(version.fees.first(), Fee)


@pytest.mark.parametrize("field", ["consult_phone", "complaint_phone", "review_body", "litigation_body"])
def test_publishing_without_contacts_is_refused(field):
    version = services.create_draft("000000000024", publishable_draft(**{field: ""}))
    with pytest.raises(DomainError) as excinfo:
        services.publish(version)
    assert {(p.code, p.field) for p in excinfo.value.problems} == {("contact_missing", field)}
    assert excinfo.value.code == "publish_incomplete"


def test_publishing_without_steps_is_refused():
    draft = publishable_draft()
    draft.steps = []
    version = services.create_draft("000000000025", draft)
    assert "steps_missing" in refusal_codes(services.publish, version)


def test_a_refused_publish_leaves_the_draft_a_draft():
    version = services.create_draft("000000000026", publishable_draft(consult_phone=""))
    with pytest.raises(DomainError):
        services.publish(version)
    version.refresh_from_db()
    assert version.status == "draft" and version.published_at is None
