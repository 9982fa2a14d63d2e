"""Factories for the catalogue. `publishable_draft()` gives a complete item that passes every
publish rule; tests then break exactly one thing."""

import factory

from yichuang.catalog.models import Fee, ItemVersion, Material, Rule, SpecialProcedure, Step
from yichuang.catalog.models.choices import CaseKind, ExerciseLevel, HandlingMode, ItemType, ResultType, ServiceObject
from yichuang.catalog.validation import Draft
from yichuang.org.tests.factories import DepartmentFactory


class ItemVersionFactory(factory.django.DjangoModelFactory):
    """Unsaved by default (`.build()`): services save versions."""

    class Meta:
        model = ItemVersion

    name = factory.Sequence(lambda n: f"高龄老人津贴申请{n}")
    item_type = ItemType.BENEFIT
    legal_basis = "《浙江省老年人权益保障条例》第二十条"
    power_source = "法定本级行使"
    exercise_level = ExerciseLevel.TOWNSHIP
    # Created even when the version is only built: a version needs a saved implementing body.
    department = factory.LazyFunction(DepartmentFactory.create)
    service_object = ServiceObject.PERSON
    keywords = "高龄 老人 津贴"
    statutory_days = 20
    promised_days = 5
    case_kind = CaseKind.PROMISED
    conditions = "年满80周岁的本县户籍老年人。"
    procedure = "申请—受理—审核—决定—发放"
    handling_mode = HandlingMode.DEPARTMENT
    has_fees = False
    result_type = ResultType.PAYMENT
    result_name = "高龄津贴发放"
    consult_phone = "0571-87654321"
    complaint_phone = "12345"
    review_body = "示范县人民政府"
    litigation_body = "示范县人民法院"


def publishable_draft(**overrides) -> Draft:
    version = ItemVersionFactory.build(**overrides)
    return Draft(
        version=version,
        materials=[
            Material(
                name="居民身份证",
                kind=Material.Kind.ORIGINAL,
                source=Material.Source.GOVERNMENT,
                issuing_body="公安机关",
                licence_type_code="111",
            ),
            Material(name="户口簿", kind=Material.Kind.ORIGINAL, necessity=Material.Necessity.DEFERRABLE),
        ],
        fees=[],
        steps=[
            Step(name="受理", actor="综合受理窗口", days=0),
            Step(name="审核", actor="社会事务办", days=3),
            Step(name="决定", actor="中心负责人", days=2),
        ],
        procedures=[SpecialProcedure(kind=SpecialProcedure.Kind.SITE_INSPECTION, max_days=5)],
        rules=[Rule(expression="applicant.age >= 80", sentence="申请人年满80周岁")],
    )


def fee(**kw) -> Fee:
    return Fee(**{"name": "工本费", "standard": "10元/证", "basis": "发改价格〔2017〕1186号", **kw})
