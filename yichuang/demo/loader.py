"""Build the demo county 清溪县 in one transaction, through the services.

Organisation rows are saved after `full_clean()` so the model rules (standard site names,
site parents, region codes, credit-code check characters, approvers' departments) check the
data. Every item version goes through `catalog.services.create_draft` → `publish` →
`implement_at`, so each one passes the same publish rules as an administrator's; if one does
not, the load fails and the data is fixed — the rules are never relaxed for the demo.

Item identity (issue 17): as in the national model, one 基本编码 (type + seq + 0000 + 000) is
shared by every body implementing the entry — the county and each township implementing it —
and each implementation (Item) has its own 实施编码 = basic code + the body's credit code.
"""

from __future__ import annotations

import datetime as dt
import os
import unicodedata
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

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
    SiteItem,
    SpecialProcedure,
    Step,
)
from yichuang.catalog.models.choices import CaseKind, DelegationMode, ExerciseLevel, HandlingMode, OnlineDepth
from yichuang.catalog.validation import Draft
from yichuang.common.idnumbers import uscc_check_char
from yichuang.org.models import Department, Leave, Post, Region, Site, StaffRole, User, Window
from yichuang.org.services import seed_calendar_from_library
from yichuang.sso import demo as demo_sso

from . import bundles, clock_threshold, items_civil, items_fees, items_land, items_market, items_police, items_social
from . import county as C
from . import fees as demo_fees
from . import floor as demo_floor
from . import history as demo_history
from . import licences as demo_licences
from .items_base import LICENCE, ItemSpec, mode_of

ITEM_MODULES = (items_civil, items_social, items_police, items_land, items_market)
ITEM_MODULES += (items_fees,)  # the 不动产登记费 item (issue 18 §2)
EFFECTIVE = dt.date(2025, 1, 1)
ACTOR = "demo:load_demo"  # how the audit log names the demo loader
URLS = ("/guide/", "/admin/", "/api/docs/")


@dataclass
class Org:
    sites: dict[str, Site] = field(default_factory=dict)  # "qx", "ft", "ft_sp" …
    villages: dict[str, list[Site]] = field(default_factory=dict)  # township key → stations
    departments: dict[tuple[str, str], Department] = field(default_factory=dict)
    review_bodies: dict[int, str] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)


def _next_year_by_weekday_rule(say) -> None:
    """From December a case's statutory due date lands next year; a year the calendar library
    does not know yet would refuse every such case (calendar_year_unknown). The demo enters it
    by the Monday–Friday rule, as an administrator would before the State Council publishes its
    holidays, and says so; a real centre enters the published holidays in the admin."""
    from yichuang.org.calendar import library_years
    from yichuang.org.models import CalendarYear

    _, last = library_years()
    for year in range(last + 1, timezone.localdate().year + 2):
        _, made = CalendarYear.objects.get_or_create(
            year=year, defaults={"source": "演示:暂按周一至周五,待录入法定节假日"}
        )
        if made:
            say(
                f"日历库尚无{year}年的法定节假日,演示数据暂按周一至周五工作日录入;正式使用前请管理员录入国务院公布的安排。"
            )


def load(stdout=None) -> dict[str, int]:
    """Load the demo county unless it is there already. Returns the row counts it created."""
    say = _writer(stdout)
    seed_calendar_from_library()
    _next_year_by_weekday_rule(say)
    if Site.objects.filter(code=C.COUNTY_CODE).exists():
        say(f"{C.COUNTY_NAME}演示数据已经载入,本次未作任何修改。")
        print_logins(say)
        return {}
    with transaction.atomic():
        org = build_org(say)
        items = build_items(org)
        build_bundles(items)
        build_synonyms()
        build_life_facts()
        build_item_keywords()
        demo_fees.load()
    with transaction.atomic():
        history = demo_history.load(say)
        demo_floor.load(say)
        demo_licences.load(say)
        demo_sso.load(say)  # the demo clerk the local 统一身份认证 knows (yichuang/sso/demo.py)
    clock_threshold.load(say)  # a yellow card the schedule raises by itself (yichuang.ops)
    counts = {
        "站点": Site.objects.filter(code__startswith=C.COUNTY_CODE[:6]).count(),
        "进驻部门": len(org.departments),
        "窗口": Window.objects.filter(site__in=org.sites.values()).count(),
        "工作人员": len(org.users),
        "事项": len(items),
        "不同事项名称": len({v.name for v in ItemVersion.objects.filter(item__in=items.values(), status="published")}),
        "实施清单条目": SiteItem.objects.filter(site__in=org.sites.values()).count(),
        "一件事": Bundle.objects.filter(code__in=[b["code"] for b in bundles.BUNDLES]).count(),
        "检索同义词": SearchSynonym.objects.count(),
        "在办件": history["open"],
        "监察预警": history["alerts"],
    }
    say("已载入" + C.COUNTY_NAME + "演示数据:" + ",".join(f"{k} {v}" for k, v in counts.items()))
    print_logins(say)
    return counts


# ── organisation ─────────────────────────────────────────────────────────────────────────


def _clean_save(obj):
    obj.full_clean()
    obj.save()
    return obj


def build_org(say) -> Org:
    org = Org()
    county_region = _clean_save(Region(code=C.COUNTY_CODE, name=C.COUNTY_NAME, level=Region.Level.COUNTY))
    county = _clean_save(
        Site(
            code=C.COUNTY_CODE,
            name=C.county_site_name(),
            level=Site.Level.COUNTY,
            region=county_region,
            address=C.COUNTY_SITE["address"],
            hours=C.HOURS,
            phone=C.COUNTY_SITE["phone"],
            complaint_phone=C.COUNTY_SITE["complaint_phone"],
        )
    )
    org.sites["qx"] = county
    for t in C.TOWNSHIPS:
        region = _clean_save(Region(code=t.code, name=t.name, level=Region.Level.TOWNSHIP, parent=county_region))
        site = _clean_save(
            Site(
                code=t.code,
                name=Site.standard_name(Site.Level.TOWNSHIP, C.COUNTY_NAME, t.name),
                level=Site.Level.TOWNSHIP,
                region=region,
                parent=county,
                address=t.address,
                hours=C.HOURS,
                phone=t.phone,
                complaint_phone=C.COUNTY_SITE["complaint_phone"],
            )
        )
        org.sites[t.key] = site
        org.villages[t.key] = []
        for v in t.villages:
            v_region = _clean_save(Region(code=v.code, name=v.name, level=Region.Level.VILLAGE, parent=region))
            station = _clean_save(
                Site(
                    code=v.code,
                    name=Site.standard_name(Site.Level.VILLAGE, C.COUNTY_NAME, t.name, v.name),
                    level=Site.Level.VILLAGE,
                    region=v_region,
                    parent=site,
                    address=v.address,
                    hours=C.VILLAGE_HOURS,
                    phone=t.phone,
                    complaint_phone=C.COUNTY_SITE["complaint_phone"],
                )
            )
            org.sites[f"{t.key}_{v.key}"] = station
            org.villages[t.key].append(station)
    _build_departments(org)
    _build_staff(org, say)
    return org


def _org_code_check(body: str) -> str:
    """Check character of the embedded 8+1 organisation code (GB 11714, MOD 11)."""
    c = 11 - sum(int(ch) * w for ch, w in zip(body, (3, 7, 9, 10, 5, 8, 4, 2))) % 11
    return {10: "X", 11: "0"}.get(c, str(c))


def credit_code(kind: str, serial: int) -> str:
    """A valid, fictional 统一社会信用代码: kind + county region + organisation code + check."""
    org_code = f"{70110000 + serial * 37:08d}"
    body = kind + C.COUNTY_CODE[:6] + org_code + _org_code_check(org_code)
    return body + uscc_check_char(body)


def _build_departments(org: Org) -> None:
    serial = 0
    county_names = {d.key: d.name for d in C.COUNTY_DEPARTMENTS}
    for d in C.COUNTY_DEPARTMENTS:
        serial += 1
        dept = _clean_save(
            Department(
                name=d.name,
                short_name=d.short,
                credit_code=credit_code(d.kind, serial),
                site=org.sites["qx"],
                supervising_department=d.supervising,
                phone=d.phone,
            )
        )
        org.departments[("qx", d.key)] = dept
        org.review_bodies[dept.pk] = d.review_body
    for t in C.TOWNSHIPS:
        for key, name, short, kind, supervisor in C.TOWNSHIP_DEPARTMENTS:
            serial += 1
            dept = _clean_save(
                Department(
                    name=name.format(t=t.name, s=t.short),
                    short_name=short.format(t=t.name, s=t.short),
                    credit_code=credit_code(kind, serial),
                    site=org.sites[t.key],
                    supervising_department=county_names[supervisor] if supervisor else C.TAX_SUPERVISOR,
                    phone=t.phone,
                )
            )
            org.departments[(t.key, key)] = dept
            org.review_bodies[dept.pk] = C.TAX_REVIEW_BODY if key == "sws" else C.COUNTY_GOVERNMENT


def _build_staff(org: Org, say) -> None:
    # PBKDF2 takes ~0.5 s per hash; every demo account shares one password, so hash it once.
    password = make_password(C.PASSWORD)
    taken = set(User.objects.filter(username__in=_all_usernames()).values_list("username", flat=True))
    counter = iter(range(1, 10_000))

    def user(username: str, is_staff: bool = False) -> User:
        if username in taken:
            say(f"用户 {username} 已存在,沿用原账号(未修改其密码)。")
            return org.users.setdefault(username, User.objects.get(username=username))
        n = next(counter)
        org.users[username] = User.objects.create(
            username=username, full_name=C.person_name(n), phone=C.person_phone(n), password=password, is_staff=is_staff
        )
        return org.users[username]

    admin = user("admin", is_staff=True)
    if "admin" not in taken:
        admin.full_name, admin.is_superuser = "系统管理员", True
        admin.save(update_fields=["full_name", "is_superuser"])
    centres = [("qx", [d.key for d in C.COUNTY_DEPARTMENTS], C.COUNTY_CLERKS, C.COUNTY_WINDOWS)]
    centres += [
        (t.key, [d[0] for d in C.TOWNSHIP_DEPARTMENTS], C.TOWNSHIP_CLERKS, C.TOWNSHIP_WINDOWS) for t in C.TOWNSHIPS
    ]
    for key, dept_keys, clerks, windows in centres:
        site = org.sites[key]
        for i in range(1, clerks + 1):
            _role(user(f"{key}_clerk{i}"), site, StaffRole.Role.CLERK)
        for d in dept_keys:
            _role(user(f"{key}_approver_{d}"), site, StaffRole.Role.APPROVER, org.departments[(key, d)])
        for suffix, role in C.CENTRE_ROLES:
            _role(user(f"{key}_{suffix}", is_staff=role in (StaffRole.Role.HEAD, StaffRole.Role.ADMIN)), site, role)
        _windows(site, key, windows, org)
    for t in C.TOWNSHIPS:
        for v in t.villages:
            key = f"{t.key}_{v.key}"
            for i in range(1, C.VILLAGE_HELPERS + 1):
                _role(user(f"{key}_helper{i}"), org.sites[key], StaffRole.Role.HELPER)
            _windows(org.sites[key], key, C.VILLAGE_WINDOWS, org)
    _leaves(org)


def _role(user: User, site: Site, role: str, department: Department | None = None) -> None:
    _clean_save(StaffRole(user=user, site=site, role=role, department=department))


def _windows(site: Site, key: str, windows, org: Org) -> None:
    for number, type_, name, a, b in windows:
        window = _clean_save(Window(site=site, number=number, type=type_, name=name))
        _clean_save(Post(window=window, position=Post.Position.A, staff=org.users[f"{key}_{a}"]))
        _clean_save(Post(window=window, position=Post.Position.B, staff=org.users[f"{key}_{b}"]))


def _leaves(org: Org) -> None:
    """Make the A/B feature visible: 凤田镇's A-post clerk at 综合受理(一) is away all day today,
    so the B post covers; a county clerk has a training session tomorrow afternoon."""
    today = timezone.localdate()
    tz = timezone.get_current_timezone()

    def at(day: dt.date, h: int, m: int, s: int = 0) -> dt.datetime:
        return dt.datetime.combine(day, dt.time(h, m, s), tzinfo=tz)

    tomorrow = today + dt.timedelta(days=1)
    _clean_save(
        Leave(
            staff=org.users["ft_clerk2"],
            starts_at=at(today, 0, 0),
            ends_at=at(today, 23, 59, 59),
            reason="事假(全天),由B岗顶岗",
        )
    )
    _clean_save(
        Leave(
            staff=org.users["qx_clerk3"],
            starts_at=at(tomorrow, 14, 30),
            ends_at=at(tomorrow, 17, 30),
            reason="参加全市政务服务业务培训",
        )
    )


def _all_usernames() -> list[str]:
    names = ["admin"]
    for key, depts, clerks in [("qx", [d.key for d in C.COUNTY_DEPARTMENTS], C.COUNTY_CLERKS)] + [
        (t.key, [d[0] for d in C.TOWNSHIP_DEPARTMENTS], C.TOWNSHIP_CLERKS) for t in C.TOWNSHIPS
    ]:
        names += [f"{key}_clerk{i}" for i in range(1, clerks + 1)] + [f"{key}_approver_{d}" for d in depts]
        names += [f"{key}_{suffix}" for suffix, _ in C.CENTRE_ROLES]
    names += [
        f"{t.key}_{v.key}_helper{i}" for t in C.TOWNSHIPS for v in t.villages for i in range(1, C.VILLAGE_HELPERS + 1)
    ]
    return names


# ── catalogue ────────────────────────────────────────────────────────────────────────────


def basic_code(spec: ItemSpec, suffix: str = "000") -> str:
    # One shared code per catalogue entry; the implementer is told apart by the 实施编码.
    return f"{spec.type}{spec.seq}0000000"


def build_items(org: Org) -> dict[tuple[str, str], Item]:
    """Create, publish and implement every item. Returns items by (site key, seq)."""
    plan = [(spec, "qx", "000") for m in ITEM_MODULES for spec in m.COUNTY]
    plan += [(spec, t.key, t.code[6:9]) for t in C.TOWNSHIPS for m in ITEM_MODULES for spec in m.TOWNSHIP]
    codes = [(basic_code(spec), key) for spec, key, _ in plan]
    duplicates = {c for c in codes if codes.count(c) > 1}
    if duplicates:
        raise ValueError(f"demo item codes collide: {sorted(duplicates)}")
    items = {}
    for spec, key, suffix in plan:
        site, dept = org.sites[key], org.departments[(key, spec.dept)]
        version = catalog.create_draft(basic_code(spec, suffix), make_draft(spec, site, dept, org), actor=ACTOR)
        version = catalog.publish(version, actor=ACTOR)
        catalog.implement_at(site, version, actor=ACTOR)
        for station in org.villages.get(key, []) if spec.village else []:
            catalog.implement_at(station, version, actor=ACTOR)
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


def build_synonyms() -> None:
    # An administrator's own entry for a term wins over the demo's.
    for term, expansions in bundles.SYNONYMS.items():
        SearchSynonym.objects.get_or_create(term=term, defaults={"expansions": expansions})


# ── logins ───────────────────────────────────────────────────────────────────────────────


def demo_logins() -> list[tuple[str, str, str]]:
    """One account per role and centre (the pattern repeats for the rest); the approver is the one
    whose queue the demo history filled."""
    role = dict(StaffRole.Role.choices)
    rows = [("admin", "超级管理员", "全部站点")]
    centres = [("qx", C.county_site_name(), "mzj")]
    centres += [(t.key, Site.standard_name(Site.Level.TOWNSHIP, C.COUNTY_NAME, t.name), "shsw") for t in C.TOWNSHIPS]
    for key, site_name, dept in centres:
        rows += [
            (f"{key}_clerk1", role["clerk"], site_name),
            (demo_history.busy_approver(key, f"{key}_approver_{dept}"), role["approver"], site_name),
        ]
        rows += [(f"{key}_{suffix}", role[r], site_name) for suffix, r in C.CENTRE_ROLES]
    rows += [
        (
            f"{t.key}_{v.key}_helper1",
            role["helper"],
            Site.standard_name(Site.Level.VILLAGE, C.COUNTY_NAME, t.name, v.name),
        )
        for t in C.TOWNSHIPS
        for v in t.villages
    ]
    return rows


def print_logins(say) -> None:
    rows = [("用户名", "角色", "站点", "密码")] + [(*r, C.PASSWORD) for r in demo_logins()]
    widths = [max(_width(r[i]) for r in rows) for i in range(4)]
    say("")
    say("演示账号(所有账号密码相同;中心负责人和管理员可登录 /admin/):")
    for n, row in enumerate(rows):
        say("  " + "  ".join(_pad(cell, w) for cell, w in zip(row, widths)).rstrip())
        if n == 0:
            say("  " + "  ".join("-" * w for w in widths))
    say(
        f"  其余账号同一规律:<站点>_clerk1…{C.TOWNSHIP_CLERKS}(县中心到 {C.COUNTY_CLERKS})、"
        "<站点>_approver_<部门>(如 ft_approver_pcs、qx_approver_gaj)、<站点>_<村>_helper1/2。"
    )
    say("  站点前缀:qx 县中心,xc 溪城街道,ft 凤田镇,sm 石门镇。ft_clerk2 今天全天请假,由B岗 ft_clerk1 顶岗。")
    say("")
    port = os.environ.get("PORT", "8000")  # make demo passes PORT through to the server
    say("访问地址:" + "  ".join(f"http://127.0.0.1:{port}{u}" for u in URLS))


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def _writer(stdout):
    if stdout is None:
        return print

    def say(line: str) -> None:
        stdout.write(line + "\n")

    return say
