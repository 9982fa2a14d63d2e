"""The demo county's recent history (issue 20 §9), so queues, alerts and scorecards show
something on first start:

- scorecards: three months of counted cases (the `gen_cases` generator, supervision.history),
  into the rollup tables the scorecards read;
- queues and alerts: open cases through the real services at every centre, for the departments
  of the approvers `make demo` prints — some waiting for 受理, some accepted and in 审查 — then
  the 电子监察 scan. A few accepted cases are moved back in time (their receipt, acceptance and
  due dates; the ledger keeps the real moment) so the scan finds yellow, red and overdue ones.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from yichuang.cases import services
from yichuang.cases.models import Case, CaseMaterial
from yichuang.cases.services import MaterialInput
from yichuang.catalog.models import SiteItem
from yichuang.catalog.models.choices import HandlingMode
from yichuang.common.idnumbers import citizen_id_check_char
from yichuang.org.calendar import add_working_days
from yichuang.org.models import Site, StaffRole, User
from yichuang.people.models import Applicant
from yichuang.supervision import history
from yichuang.supervision.models import DailyRollup
from yichuang.supervision.scan import scan_alerts

from . import county as C

COUNTED_CASES = 4000  # three months of a small county's counted cases
OPEN_PER_CENTRE = 12  # real open cases per centre
BACKDATED = (0, 3, 6, 9)  # of the accepted ones, these go back 15–25 working days (clock alerts)


def load(say) -> dict[str, int]:
    today = timezone.localdate()
    counted = 0
    if not DailyRollup.objects.exists():
        counted = history.load(COUNTED_CASES, today - dt.timedelta(days=91), today - dt.timedelta(days=1))["received"]
    opened = sum(_open_cases(key, site, today) for key, site in _centres())
    raised = scan_alerts()
    say(f"演示历史:近三个月成绩单计数 {counted} 件,在办件 {opened} 件,电子监察预警 {sum(raised.values())} 条。")
    return {"counted": counted, "open": opened, "alerts": sum(raised.values())}


def _centres():
    yield "qx", Site.objects.get(code=C.COUNTY_CODE)
    for t in C.TOWNSHIPS:
        yield t.key, Site.objects.get(code=t.code)


def _open_cases(key: str, site: Site, today: dt.date) -> int:
    clerk = User.objects.get(username=f"{key}_clerk1")
    # A second clerk receives every fourth case, so where they are away today (ft_clerk2) their B
    # sees A's cases under 顶岗 on the workbench (AB岗, R-55) rather than an empty queue.
    second = User.objects.filter(
        username=f"{key}_clerk2", staff_roles__site=site, staff_roles__role=StaffRole.Role.CLERK
    ).first()
    by_department: dict[int, list] = {}
    for si in (
        SiteItem.objects.filter(site=site, version__department__site=site)
        .select_related("version")
        .prefetch_related("version__materials", "version__rules")
        .order_by("version__item__basic_code")
    ):
        v = si.version
        if not v.rules.all() and v.promised_days and v.handling_mode != HandlingMode.ESCALATE:
            by_department.setdefault(v.department_id, []).append(v)
    if not by_department:
        return 0
    # The department with most such items: its approver is the one `make demo` prints.
    department, versions = max(by_department.items(), key=lambda kv: (len(kv[1]), -kv[0]))
    approver = User.objects.filter(staff_roles__site=site, staff_roles__department_id=department).order_by("pk").first()
    people = _applicants()
    made = 0
    for n in range(OPEN_PER_CENTRE):
        version = versions[n % len(versions)]
        materials = {m.pk: MaterialInput(CaseMaterial.Status.RECEIVED) for m in version.materials.all()}
        receiver = second if second is not None and n % 4 == 3 else clerk
        case = services.receive(
            site=site,
            clerk=receiver,
            version=version,
            applicant=people[(n * 7 + len(key)) % len(people)],
            materials=materials,
            form_data={},
        )
        made += 1
        if n % 3 == 2:  # a third waits at the window for 受理
            continue
        case = services.accept(case, receiver)
        if n % 3 == 1:
            services.start_review(case, approver)
        if n in BACKDATED:
            _move_back(case, 15 + n)
    return made


def _applicants(count: int = 60) -> list[Applicant]:
    """Fictional residents of 清溪县 (region 331199, valid check characters), made once."""
    out = []
    for n in range(1, count + 1):
        first17 = f"{C.COUNTY_CODE[:6]}{1950 + n % 50}{1 + n % 12:02d}{1 + n % 28:02d}{n % 1000:03d}"
        number = first17 + citizen_id_check_char(first17)
        person, _ = Applicant.objects.get_or_create(
            kind="natural",
            citizen_id=number,
            defaults={
                "name": C.person_name(500 + n),
                "phone": C.person_phone(500 + n),
                "address": f"{C.COUNTY_NAME}溪城街道",
            },
        )
        out.append(person)
    return out


def _move_back(case: Case, days: int) -> None:
    received = timezone.now() - dt.timedelta(days=days * 7 // 5)
    accepted_on = timezone.localdate(received)
    Case.objects.filter(pk=case.pk).update(
        received_at=received,
        accepted_at=received,
        accepted_on=accepted_on,
        due_date=add_working_days(case.home_site, accepted_on, case.item_version.promised_days),
    )


def busy_approver(site_key: str, fallback: str) -> str:
    """The approver at this centre with the most demo cases waiting for 审查 (demo.history puts
    them on one department's items), so the printed login has work to do."""
    site = Site.objects.filter(
        code=C.COUNTY_CODE if site_key == "qx" else next(t.code for t in C.TOWNSHIPS if t.key == site_key)
    ).first()
    waiting = Case.objects.filter(home_site=site, state__in=["accepted", "in_review"]).values_list(
        "item_version__department_id", flat=True
    )
    if site is None or not waiting:
        return fallback
    department = max(set(waiting), key=list(waiting).count)
    role = StaffRole.objects.filter(site=site, role=StaffRole.Role.APPROVER, department_id=department)
    return role.order_by("user__username").values_list("user__username", flat=True).first() or fallback
