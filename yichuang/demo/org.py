"""The demo county's organisation (R-01…R-05): regions and sites, departments with valid credit
codes, staff with their roles, windows with A/B posts, and two leaves. Every row is saved after
`full_clean()`, so the model rules (standard site names, site parents, region codes, credit-code
check characters, approvers' departments) check the data in `county`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from yichuang.common.idnumbers import uscc_check_char
from yichuang.org.models import Department, Leave, Post, Region, Site, StaffRole, User, Window

from . import county as C


@dataclass
class Org:
    sites: dict[str, Site] = field(default_factory=dict)  # "qx", "ft", "ft_sp" …
    villages: dict[str, list[Site]] = field(default_factory=dict)  # township key → stations
    departments: dict[tuple[str, str], Department] = field(default_factory=dict)
    review_bodies: dict[int, str] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)


def _clean_save(obj):
    obj.full_clean()
    obj.save()
    return obj


def _place(
    level: str,
    code: str,
    name: str,
    site_name: str,
    within: tuple[Region, Site] | None,
    address: str,
    hours: str,
    phone: str,
) -> tuple[Region, Site]:
    """A region and the centre or station serving it, under `within` (the region and site above)."""
    region = _clean_save(Region(code=code, name=name, level=level, parent=within[0] if within else None))
    site = _clean_save(
        Site(
            code=code,
            name=site_name,
            level=level,
            region=region,
            parent=within[1] if within else None,
            address=address,
            hours=hours,
            phone=phone,
            complaint_phone=C.COUNTY_SITE["complaint_phone"],
        )
    )
    return region, site


def build_org(say) -> Org:
    org = Org()
    county = _place(
        Site.Level.COUNTY,
        C.COUNTY_CODE,
        C.COUNTY_NAME,
        C.county_site_name(),
        None,
        C.COUNTY_SITE["address"],
        C.HOURS,
        C.COUNTY_SITE["phone"],
    )
    org.sites["qx"] = county[1]
    for t in C.TOWNSHIPS:
        township_name = Site.standard_name(Site.Level.TOWNSHIP, C.COUNTY_NAME, t.name)
        township = _place(Site.Level.TOWNSHIP, t.code, t.name, township_name, county, t.address, C.HOURS, t.phone)
        org.sites[t.key] = township[1]
        org.villages[t.key] = []
        for v in t.villages:
            station_name = Site.standard_name(Site.Level.VILLAGE, C.COUNTY_NAME, t.name, v.name)
            _, station = _place(
                Site.Level.VILLAGE, v.code, v.name, station_name, township, v.address, C.VILLAGE_HOURS, t.phone
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
