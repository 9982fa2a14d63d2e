"""The demo county's catalogue: every item of the `items_*` modules created, published and
implemented through `catalog.services` (create_draft → publish → implement_at), so each passes
the same publish rules as an administrator's; if one does not, the load fails and the data is
fixed — the rules are never relaxed for the demo. Then the bundles (一件事), search synonyms,
life-event facts and 检索关键词.

Item identity (issue 17): as in the national model, one 基本编码 (type + seq + 0000 + 000) is
shared by every body implementing the entry — the county and each township implementing it —
and each implementation (Item) has its own 实施编码 = basic code + the body's credit code.
"""

from __future__ import annotations

import datetime as dt

from yichuang.catalog import services as catalog
from yichuang.catalog.models import (
    Bundle,
    BundleItem,
    Fee,
    Item,
    ItemVersion,
    Material,
    Rule,
    SearchSynonym,
    SpecialProcedure,
    Step,
)
from yichuang.catalog.models.choices import CaseKind, DelegationMode, ExerciseLevel, HandlingMode, OnlineDepth
from yichuang.catalog.validation import Draft
from yichuang.org.models import Department, Site

from . import bundles, items_civil, items_fees, items_land, items_market, items_police, items_social
from . import county as C
from .items_base import LICENCE, ItemSpec, mode_of
from .org import Org

ITEM_MODULES = (items_civil, items_social, items_police, items_land, items_market)
ITEM_MODULES += (items_fees,)  # the 不动产登记费 item (issue 18 §2)
EFFECTIVE = dt.date(2025, 1, 1)


def basic_code(spec: ItemSpec) -> str:
    # One shared code per catalogue entry, whichever body implements it: the implementer is told
    # apart by the 实施编码.
    return f"{spec.type}{spec.seq}0000000"


def build_items(org: Org) -> dict[tuple[str, str], Item]:
    """Create, publish and implement every item. Returns items by (site key, seq)."""
    plan = [(spec, "qx") for m in ITEM_MODULES for spec in m.COUNTY]
    plan += [(spec, t.key) for t in C.TOWNSHIPS for m in ITEM_MODULES for spec in m.TOWNSHIP]
    codes = [(basic_code(spec), key) for spec, key in plan]
    duplicates = {c for c in codes if codes.count(c) > 1}
    if duplicates:
        raise ValueError(f"demo item codes collide: {sorted(duplicates)}")
    items = {}
    for spec, key in plan:
        site, dept = org.sites[key], org.departments[(key, spec.dept)]
        version = catalog.create_draft(basic_code(spec), make_draft(spec, site, dept, org), actor=C.ACTOR)
        version = catalog.publish(version, actor=C.ACTOR)
        catalog.implement_at(site, version, actor=C.ACTOR)
        for station in org.villages.get(key, []) if spec.village else []:
            catalog.implement_at(station, version, actor=C.ACTOR)
        items[(key, spec.seq)] = version.item
    return items


POWER_SOURCE = {
    DelegationMode.OWN: lambda by, dept: "法定本级行使",
    DelegationMode.DEVOLVED: lambda by, dept: f"上级下放(原由{by.name}实施)",
    DelegationMode.ENTRUSTED: lambda by, dept: f"上级委托({by.name}委托实施)",
    DelegationMode.ENTRUSTED_INTAKE: lambda by, dept: f"委托收件(受理后报{by.name}审批)",
    DelegationMode.STATIONED: lambda by, dept: f"派驻机构实施({dept.supervising_department}派驻)",
}


def make_draft(spec: ItemSpec, site: Site, dept: Department, org: Org) -> Draft:
    mode = mode_of(spec, next(k for k, s in org.sites.items() if s.pk == site.pk))
    if (mode in (DelegationMode.OWN, DelegationMode.STATIONED)) == bool(spec.by):
        raise ValueError(f"{spec.name}: 'by' must name the county department exactly when the item is delegated")
    if spec.handling == HandlingMode.ESCALATE and not spec.by and mode != DelegationMode.STATIONED:
        raise ValueError(f"{spec.name}: an escalated item needs the county department it goes to")
    by = org.departments[("qx", spec.by)] if spec.by else None
    names = {"dept": dept.short_name or dept.name, "by": by.name if by else dept.supervising_department}
    statutory, promised = spec.days
    implementation = Item.implementation_code_for(basic_code(spec), dept)
    visits = spec.visits if spec.visits is not None else (0 if spec.online == OnlineDepth.FULL else 1)
    steps = [_step(s, names) for s in spec.steps]
    county_level = site.level == Site.Level.COUNTY or mode == DelegationMode.ENTRUSTED_INTAKE
    version = ItemVersion(
        name=spec.name,
        implementation_code=implementation,
        handling_code=f"{implementation}001",
        item_type=spec.type,
        legal_basis=spec.basis,
        power_source=POWER_SOURCE[mode](by, dept),
        exercise_level=ExerciseLevel.COUNTY if county_level else ExerciseLevel.TOWNSHIP,
        department=dept,
        entrusting_body=by.name if by and mode != DelegationMode.DEVOLVED else "",
        delegation_mode=mode,
        service_object=spec.who,
        keywords=spec.keywords,
        statutory_days=statutory,
        statutory_note=spec.statutory_note,
        promised_days=promised,
        promised_note=spec.promised_note,
        case_kind=CaseKind.INSTANT if promised == 0 else CaseKind.PROMISED,
        conditions=spec.conditions,
        procedure="→".join(s.name for s in steps),
        special_procedure_note=_special_note(spec),
        handling_mode=spec.handling,
        visits_required=visits,
        visit_reason=spec.visit_reason if visits else "",
        online_depth=spec.online,
        tongban_scope=spec.tongban,
        tongban_local_approval=spec.local_approval,
        appointment_supported=spec.quota is not None,
        appointment_daily_quota=spec.quota,
        online_payment=bool(spec.fees),
        express_delivery=spec.express,
        self_service=spec.self_service,
        has_fees=bool(spec.fees),
        result_type=spec.result[0],
        result_name=spec.result[1],
        licence_type_code=LICENCE.get(spec.licence, spec.licence),
        consult_phone=dept.phone or site.phone,
        complaint_phone="12345",
        review_body=org.review_bodies[dept.pk],
        litigation_body=C.COURT,
        location=f"{site.address} {site.name}",
        hours=site.hours,
        effective_date=EFFECTIVE,
    )
    return Draft(
        version=version,
        materials=[Material(**m) for m in spec.materials],
        fees=[Fee(name=n, standard=s, basis=b, reducible=r) for n, s, b, r in spec.fees],
        steps=steps,
        procedures=[SpecialProcedure(kind=k, max_days=d, description=t) for k, d, t in spec.procedures],
        rules=[Rule(expression=e, sentence=s, stage=Rule.Stage.INTAKE) for e, s in spec.rules],
    )


def _step(row: tuple, names: dict[str, str]) -> Step:
    name, actor, days, *rest = row
    return Step(
        name=name.lstrip("*"),
        actor=actor.format(**names),
        days=days,
        description=rest[0] if rest else "",
        has_special_procedure=name.startswith("*"),
    )


def _special_note(spec: ItemSpec) -> str:
    if not spec.procedures:
        return ""
    labels = dict(SpecialProcedure.Kind.choices)
    parts = [f"{labels[k]}:{t},不超过{d}个工作日" for k, d, t in spec.procedures]
    return ";".join(parts) + "。特别程序所需时间不计入办理时限,并书面告知申请人。"


def build_bundles(items: dict[tuple[str, str], Item]) -> None:
    for b in bundles.BUNDLES:
        bundle, created = Bundle.objects.get_or_create(
            code=b["code"],
            defaults={
                "name": b["name"],
                "description": b["description"],
                "keywords": b["keywords"],
                "is_published": True,
            },
        )
        if created:
            BundleItem.objects.bulk_create(
                [BundleItem(bundle=bundle, item=items[ref], order=n) for n, ref in enumerate(b["items"], start=1)]
            )


def build_life_facts() -> None:
    """The facts life events ask (migration 0005 wrote them; a flushed test database has none)."""
    from yichuang.portal.fact_defaults import seed
    from yichuang.portal.models import ItemFact, LifeFact

    seed(LifeFact, ItemFact)


def build_item_keywords() -> None:
    """检索关键词(俗称) per entry (migration 0007 wrote them; a flushed test database has none)."""
    from yichuang.portal.keyword_defaults import seed
    from yichuang.portal.models import ItemKeywords

    seed(ItemKeywords)


def build_example_needs() -> None:
    """常见问法 the guide compares needs with (decision 0146); a flushed test database has none."""
    from yichuang.portal.example_needs_demo import seed
    from yichuang.portal.models import ExampleNeed

    seed(ExampleNeed)


def build_synonyms() -> None:
    # An administrator's own entry for a term wins over the demo's.
    for term, expansions in bundles.SYNONYMS.items():
        SearchSynonym.objects.get_or_create(term=term, defaults={"expansions": expansions})
