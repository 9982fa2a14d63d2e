"""The service guide (办事指南) as one document: 同源发布 (R-12).

`guide_document(site_item)` is the only place that decides what a published guide says. The
HTML page, the print layout and the API response are all rendered from its dict, so the three
can never disagree. Every leaf is a string or an integer a citizen can read (choice codes are
turned into their Chinese labels, yes/no into words), so the page can show every value of it —
a test checks that it does.
"""

from __future__ import annotations

from django.utils import timezone

from yichuang.org.models import Site

from . import bundles, selectors
from .models import Bundle, Material, SiteItem
from .models.choices import CaseKind, ItemType, OnlineDepth, TongbanScope

GOVERNMENT_NOTE = "由政府部门核发,无需提交,窗口调取"
NOT_COUNTED = "不计入办理时限"
NO_FEE = "不收费"
SHARED_NOTE = "多个事项共用,只需提交一次"
PRODUCED_NOTE = "由本一件事中“{}”的办理结果提供,无需另行提交"
STRICTNESS = {Material.Necessity.OPTIONAL: 0, Material.Necessity.DEFERRABLE: 1, Material.Necessity.REQUIRED: 2}


def days_text(days: int | None, zero: str = "当场办结") -> str:
    if days is None:
        return "未规定"
    return zero if days == 0 else f"{days}个工作日"


def _supported(flag: bool) -> str:
    return "支持" if flag else "不支持"


def _date(value) -> str:
    if value is None:
        return ""
    if hasattr(value, "tzinfo"):
        value = timezone.localtime(value)
    return value.strftime("%Y-%m-%d")


def site_info(site: Site) -> dict:
    return {
        "code": site.code,
        "name": site.name,
        "level": site.get_level_display(),
        "address": site.address,
        "hours": site.hours,
        "phone": site.phone,
        "complaint_phone": site.complaint_phone,
    }


def item_summary(row: dict) -> dict:
    """One line of an item list (pages and API), from a row of `selectors.list_site_items`."""
    return {
        "basic_code": row["basic_code"],
        "name": row["name"],
        "department": row["department"],
        "item_type": ItemType(row["item_type"]).label,
        "case_kind": CaseKind(row["case_kind"]).label,
        "promised_days": row["promised_days"],
        "promised": days_text(row["promised_days"]),
        "fees": "收费" if row["has_fees"] else NO_FEE,
    }


def _tags(v, site: Site) -> list[str]:
    """The handling-mode flags of R-15 in the words the seeds use."""
    tags = []
    if v.case_kind == CaseKind.INSTANT:
        tags.append("即办件(马上办)")
    if v.online_depth >= OnlineDepth.ONLINE:
        tags.append("网上办")
    if v.visits_required == 0:
        tags.append("零跑动")
    elif v.visits_required == 1:
        tags.append("最多跑一次")
    if site.level == Site.Level.VILLAGE:
        tags.append("就近办")
    if v.tongban_scope != TongbanScope.NONE:
        tags.append(v.get_tongban_scope_display())
    return tags


def offers(v) -> dict:
    """What the guide page offers beside reading (issue 15 §1): 网上申请 where the item is handled
    online at least to pre-review, 预约 where it takes appointments, and each material's blank
    form that is a link."""
    return {
        "online": v.online_depth >= OnlineDepth.PREREVIEW,
        "booking": bool(v.appointment_supported and v.appointment_daily_quota),
        "forms": [
            {"name": m.name, "url": m.blank_form}
            for m in v.materials.all()
            if m.blank_form.startswith(("https://", "http://", "/"))
        ],
    }


def _materials(materials: list[Material]) -> list[dict]:
    return [
        {
            "order": i,
            "name": m.name,
            "kind": m.get_kind_display(),
            "form": m.get_form_display(),
            "necessity": m.get_necessity_display(),
            "source": m.get_source_display(),
            "issuing_body": m.issuing_body,
            "copies": m.copies,
            "spec": m.spec,
            "acceptance_standard": m.acceptance_standard,
            "basis": m.basis,
            "blank_form": m.blank_form,
            "sample": m.sample,
            "commitment": "可用告知承诺替代" if m.commitment_allowed else "",
            "note": GOVERNMENT_NOTE if m.is_fetched else "",
        }
        for i, m in enumerate(materials, start=1)
    ]


def _procedure(v, steps, procedures) -> dict:
    return {
        "text": v.procedure,
        "steps": [
            {
                "order": i,
                "name": s.name,
                "actor": s.actor,
                "days": s.days,
                "limit": days_text(s.days, "当场办理"),
                "description": s.description,
                "special": "含特别程序" if s.has_special_procedure else "",
            }
            for i, s in enumerate(steps, start=1)
        ],
        "total": days_text(sum(s.days for s in steps), "当场办理"),
        "special_procedures": [
            {
                "kind": p.get_kind_display(),
                "max_days": p.max_days,
                "limit": f"不超过{p.max_days}个工作日",
                "description": p.description,
                "note": NOT_COUNTED,
            }
            for p in procedures
        ],
        "special_note": v.special_procedure_note,
    }


def _flowchart(v, steps, procedures) -> dict:
    """Boxes joined by arrows, start to result. Special procedures hang beside the step that
    contains them (or after the last box when no step is marked): they stop the clock."""
    anchor = next((i for i, s in enumerate(steps, start=1) if s.has_special_procedure), None)
    return {
        "start": "申请人提出申请",
        "nodes": [
            {"order": i, "name": s.name, "actor": s.actor, "limit": days_text(s.days, "当场办理")}
            for i, s in enumerate(steps, start=1)
        ],
        "side_notes": [
            {
                "after_step": anchor or len(steps),
                "text": f"{p.get_kind_display()}:不超过{p.max_days}个工作日,{NOT_COUNTED}",
            }
            for p in procedures
        ],
        "end": f"办结:{v.result_name}",
    }


def _convenience(v) -> list[dict]:
    rows = [
        ("到办事现场次数", f"{v.visits_required}次"),
        ("必须现场办理的原因", v.visit_reason),
        ("网上办理深度", v.get_online_depth_display()),
        ("通办范围", v.get_tongban_scope_display()),
    ]
    if v.tongban_scope != TongbanScope.NONE:
        rows.append(("通办方式", "通办地受理、通办地审批" if v.tongban_local_approval else "通办地受理、归属地审批"))
    quota = f",每日号源{v.appointment_daily_quota}个" if v.appointment_supported and v.appointment_daily_quota else ""
    rows += [
        ("预约办理", _supported(v.appointment_supported) + quota),
        ("网上支付", _supported(v.online_payment)),
        ("快递送达", _supported(v.express_delivery)),
        ("自助终端", _supported(v.self_service)),
    ]
    return [{"label": label, "value": value} for label, value in rows if value]


def guide_document(site_item: SiteItem) -> dict:
    """The complete guide of an item as offered at a site."""
    v, site, dept = site_item.version, site_item.site, site_item.version.department
    materials, fees = list(v.materials.all()), list(v.fees.all())
    steps, procedures = list(v.steps.all()), list(v.specialprocedures.all())
    return {
        "site": site_info(site),
        "item": {
            "name": v.name,
            "basic_code": site_item.item.basic_code,
            "implementation_code": v.implementation_code,
            "handling_code": v.handling_code,
            "version": v.number,
            "published_on": _date(v.published_at),
            "item_type": v.get_item_type_display(),
            "legal_basis": v.legal_basis,
            "power_source": v.power_source,
            "exercise_level": v.get_exercise_level_display(),
            "department": dept.name,
            "department_phone": dept.phone,
            "supervising_department": dept.supervising_department,
            "entrusting_body": v.entrusting_body,
            "delegation_mode": v.get_delegation_mode_display(),
            "service_object": v.get_service_object_display(),
            "keywords": v.keywords,
            "effective_date": _date(v.effective_date),
            "cancel_date": _date(v.cancel_date),
            "tags": _tags(v, site),
        },
        "time_limit": {
            "case_kind": v.get_case_kind_display(),
            "handling_mode": v.get_handling_mode_display(),
            "statutory_days": v.statutory_days,
            "statutory": days_text(v.statutory_days),
            "statutory_note": v.statutory_note,
            "promised_days": v.promised_days,
            "promised": days_text(v.promised_days),
            "promised_note": v.promised_note,
        },
        "conditions": {
            "text": v.conditions,
            "rules": [{"stage": r.get_stage_display(), "sentence": r.sentence} for r in v.rules.all()],
        },
        "materials": _materials(materials),
        "fees": {
            "summary": "收费" if v.has_fees else NO_FEE,
            "items": [
                {
                    "name": f.name,
                    "standard": f.standard,
                    "basis": f.basis,
                    "reducible": "可减免" if f.reducible else "不可减免",
                }
                for f in fees
            ],
        },
        "procedure": _procedure(v, steps, procedures),
        "flowchart": _flowchart(v, steps, procedures),
        "result": {"type": v.get_result_type_display(), "name": v.result_name, "sample": v.result_sample},
        "convenience": _convenience(v),
        "place": {"location": v.location or site.address, "hours": v.hours or site.hours},
        "contacts": {
            "consult_phone": v.consult_phone or site.phone,
            "complaint_phone": v.complaint_phone or site.complaint_phone,
            "review_body": v.review_body,
            "litigation_body": v.litigation_body,
        },
        "bundles": [{"code": b.code, "name": b.name} for b in selectors.item_bundles(site_item.item_id)],
    }


# An item no centre in reach offers: at the county it is the citizen's township's (the page asks
# which); below the county nobody in reach handles it, and the page says so plainly.
NOT_IN_REACH = {True: "由您所在的乡镇(街道)便民服务中心办理", False: "本站和县级中心均不办理此项,请拨打咨询电话"}


def bundle_document(site: Site, bundle: Bundle, home: Site | None = None) -> dict:
    """A life event seen from a site: its items, each with the centre that handles it and where
    that is (`bundles.place`), and the union of their materials with each shared material listed
    once (R-16: shared materials are collected once). A material that an earlier item of the
    event produces (its result) is not asked of the citizen again (R-13)."""
    items, combined, produced = [], {}, {}
    for placement in bundles.place(site, bundle, home):
        site_item = placement.site_item
        if site_item is None:
            items.append(
                {
                    "basic_code": "",
                    "site_code": "",
                    "name": placement.name,
                    "offered": NOT_IN_REACH[site.level == Site.Level.COUNTY],
                    "place": "",
                }
            )
            continue
        there = site_item.site
        items.append(
            {
                "basic_code": site_item.item.basic_code,
                "site_code": there.code,
                "name": site_item.version.name,
                "offered": "本站可办" if there.pk == site.pk else f"由{there.name}办理",
                "place": site_item.version.location or there.address,
            }
        )
        v = site_item.version
        for m in v.materials.all():
            key = m.name.strip()
            note = PRODUCED_NOTE.format(produced[key]) if key in produced else (GOVERNMENT_NOTE if m.is_fetched else "")
            entry = combined.setdefault(
                key,
                {
                    "name": key,
                    "necessity": m.get_necessity_display(),
                    "note": note,
                    "used_by": [],
                    "_rank": STRICTNESS[m.necessity],
                },
            )
            # The strictest necessity wins: required by one item means it must be brought.
            if STRICTNESS[m.necessity] > entry["_rank"]:
                entry["necessity"], entry["_rank"] = m.get_necessity_display(), STRICTNESS[m.necessity]
            if v.name not in entry["used_by"]:
                entry["used_by"].append(v.name)
        produced.setdefault(v.result_name.strip(), v.name)
    materials = list(combined.values())
    for entry in materials:
        del entry["_rank"]
        entry["shared"] = SHARED_NOTE if len(entry["used_by"]) > 1 else ""
    return {
        "code": bundle.code,
        "name": bundle.name,
        "description": bundle.description,
        "keywords": bundle.keywords,
        "items": items,
        "materials": materials,
    }
