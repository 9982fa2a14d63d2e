"""Helpers for the guide tests: "a site with published items", built through the real services
(create_draft → publish → implement_at) so that what the pages show is what publishing produced."""

from __future__ import annotations

import itertools

from yichuang.catalog import services
from yichuang.catalog.models import Bundle, BundleItem, Material, SearchSynonym, SiteItem
from yichuang.catalog.tests.factories import publishable_draft
from yichuang.org.models import Region, Site
from yichuang.org.tests.factories import CountySiteFactory, DepartmentFactory, TownshipSiteFactory

_codes = itertools.count(1)


def next_code() -> str:
    return f"GD{next(_codes):010d}"


def publish_item(
    site: Site,
    department=None,
    basic_code: str | None = None,
    materials=None,
    draft=None,
    implement: bool = True,
    **overrides,
) -> SiteItem | None:
    """Create, publish and (by default) put on `site`'s list one item; returns its SiteItem."""
    draft = draft or publishable_draft(department=department or DepartmentFactory(site=site), **overrides)
    if materials is not None:
        draft.materials = materials
    version = services.publish(services.create_draft(basic_code or next_code(), draft))
    return services.implement_at(site, version) if implement else None


def township(**kw) -> Site:
    return TownshipSiteFactory(**kw)


def village(parent: Site, name: str = "东村") -> Site:
    region = Region.objects.create(
        code=f"{parent.region.code[:9]}{Site.objects.count() + 200:03d}",
        name=name,
        level=Region.Level.VILLAGE,
        parent=parent.region,
    )
    township_name = parent.region.name
    return Site.objects.create(
        code=region.code,
        name=Site.standard_name(Site.Level.VILLAGE, "示范县", township_name, name),
        level=Site.Level.VILLAGE,
        region=region,
        parent=parent,
        address=f"{township_name}{name}村委会",
        hours="周一至周五 8:30-17:00",
        phone="0571-80000000",
    )


def county() -> Site:
    return CountySiteFactory()


def bundle(code: str, name: str, items, keywords: str = "", published: bool = True) -> Bundle:
    b = Bundle.objects.create(
        code=code, name=name, description=f"{name}:相关事项一次申请。", keywords=keywords, is_published=published
    )
    for order, item in enumerate(items, start=1):
        BundleItem.objects.create(bundle=b, item=item, order=order)
    return b


def synonym(term: str, expansions: str) -> SearchSynonym:
    return SearchSynonym.objects.create(term=term, expansions=expansions)


def material(name: str, **kw) -> Material:
    return Material(name=name, **kw)


def full_draft(department, name: str = "个体工商户设立登记", **overrides):
    """A draft with every optional element filled in, so a test can see each one rendered."""
    import datetime as dt

    from yichuang.catalog.models import Fee, Rule, SpecialProcedure, Step
    from yichuang.catalog.models.choices import (
        DelegationMode,
        ItemType,
        OnlineDepth,
        ResultType,
        ServiceObject,
        TongbanScope,
    )

    fields = dict(
        name=name,
        department=department,
        item_type=ItemType.LICENSING,
        keywords="营业执照 个体户 开店",
        implementation_code="113309990000000000A3300000001",
        handling_code="11330999000000000A330000000100",
        power_source="上级委托",
        entrusting_body="示范县市场监督管理局",
        delegation_mode=DelegationMode.ENTRUSTED,
        service_object=ServiceObject.BOTH,
        statutory_days=15,
        statutory_note="自受理之日起计算",
        promised_days=3,
        promised_note="材料齐全当场受理",
        conditions="在本县有固定经营场所的个体经营者。",
        procedure="网上或窗口申请,受理后审核,核准后发照。",
        special_procedure_note="经营场所需现场核查的,核查时间不计入时限。",
        visits_required=1,
        visit_reason="领取纸质营业执照",
        online_depth=OnlineDepth.FULL,
        tongban_scope=TongbanScope.COUNTY,
        tongban_local_approval=True,
        appointment_supported=True,
        appointment_daily_quota=30,
        online_payment=True,
        express_delivery=True,
        self_service=True,
        has_fees=True,
        result_type=ResultType.LICENCE,
        result_name="营业执照",
        result_sample="samples/yyzz.pdf",
        location="便民服务中心一楼3号窗口",
        hours="周一至周六 9:00-17:00",
        effective_date=dt.date(2025, 1, 1),
        cancel_date=dt.date(2030, 12, 31),
    )
    fields.update(overrides)
    draft = publishable_draft(**fields)
    draft.materials = [
        material(
            "居民身份证",
            kind=Material.Kind.ORIGINAL,
            source=Material.Source.GOVERNMENT,
            issuing_body="县公安局",
            licence_type_code="111",
        ),
        material(
            "个体工商户登记申请书",
            kind=Material.Kind.ORIGINAL,
            form=Material.Form.PAPER,
            copies=2,
            spec="A4",
            acceptance_standard="申请人签字",
            basis="《促进个体工商户发展条例》第八条",
            blank_form="forms/sqs.docx",
            sample="forms/sqs-sample.pdf",
            commitment_allowed=True,
        ),
        material("经营场所使用证明", kind=Material.Kind.COPY, necessity=Material.Necessity.DEFERRABLE),
    ]
    draft.fees = [Fee(name="执照副本工本费", standard="5元/份", basis="示价〔2024〕1号", reducible=True)]
    draft.steps = [
        Step(name="受理", actor="综合受理窗口", days=0, description="材料齐全即受理"),
        Step(name="审核", actor="市场监管所", days=2, description="核查经营场所", has_special_procedure=True),
        Step(name="发照", actor="综合出件窗口", days=1),
    ]
    draft.procedures = [
        SpecialProcedure(kind=SpecialProcedure.Kind.SITE_INSPECTION, max_days=5, description="必要时实地核查经营场所")
    ]
    draft.rules = [
        Rule(expression="applicant.age >= 18", sentence="经营者年满18周岁"),
        Rule(stage=Rule.Stage.APPROVAL, expression="premises.ok == true", sentence="经营场所符合要求"),
    ]
    return draft
