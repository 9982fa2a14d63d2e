"""Build the demo county 清溪县 through the services: first the county itself — its
organisation (`org`), its catalogue (`catalogue`) and the fee amounts — in one transaction, then
in a second what happens in it (a history of cases, the hall floor, licences, the demo
identities). `logins` prints the accounts to try.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from yichuang.catalog.models import Bundle, ItemVersion, SearchSynonym, SiteItem
from yichuang.org.models import Site, Window
from yichuang.org.services import seed_calendar_from_library
from yichuang.sso import demo as demo_sso

from . import bundles, clock_threshold
from . import county as C
from . import fees as demo_fees
from . import floor as demo_floor
from . import history as demo_history
from . import licences as demo_licences
from .catalogue import (
    build_bundles,
    build_example_needs,
    build_item_keywords,
    build_items,
    build_life_facts,
    build_synonyms,
)
from .logins import print_logins
from .org import build_org


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
        build_example_needs()
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


def _writer(stdout):
    if stdout is None:
        return print

    def say(line: str) -> None:
        stdout.write(line + "\n")

    return say
