"""The demo county's hall floor (issue 19): today's sign-ins at every centre's posts, and ten
working days of tickets with their waits and service times, so the call screen, the clerks'
panels, the head's floor page and the capacity plan show something on first start. Rows are
bulk-created (a few thousand tickets) to keep `make demo` fast."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from yichuang.floor.models import AttendanceMark, Location, Ticket, TicketCounter
from yichuang.org.models import Leave, Post, Region, Site

from . import county as C

# Tickets per hour from 08:00 at a township centre (the county centre takes about three times as many).
HOURLY = (6, 14, 18, 15, 6, 4, 10, 13, 8, 3)
CATEGORY_SHARE = (("A", 0.55, 9.0), ("B", 0.15, 14.0), ("C", 0.2, 4.0), ("D", 0.1, 12.0))  # code, share, mean minutes
HISTORY_DAYS = 10


def load(say) -> dict[str, int]:
    rng = random.Random(19)
    now = timezone.now()
    today = timezone.localdate(now)
    tz = timezone.get_current_timezone()
    sites = [Site.objects.get(code=C.COUNTY_CODE)] + [Site.objects.get(code=t.code) for t in C.TOWNSHIPS]
    marks = _sign_ins(sites, now, today, tz)
    tickets: list[Ticket] = []
    day, done_days = today, 0
    while done_days < HISTORY_DAYS:
        day -= dt.timedelta(days=1)
        if day.weekday() >= 5:
            continue
        done_days += 1
        for site in sites:
            tickets += _day(site, day, rng, tz, scale=3 if site.level == Site.Level.COUNTY else 1)
    for site in sites:
        tickets += _today(site, today, now, rng, tz)
    Ticket.objects.bulk_create(tickets, batch_size=1000)
    counters: dict[tuple, int] = {}
    for t in tickets:
        if t.day == today:
            key = (t.site_id, t.category)
            counters[key] = max(counters.get(key, 0), t.number)
    TicketCounter.objects.bulk_create(
        [TicketCounter(site_id=s, day=today, category=c, last=n) for (s, c), n in counters.items()]
    )
    places = _locations()
    say(
        f"大厅现场演示数据:今日签到 {marks} 个岗位,排队号 {len(tickets)} 个(近{HISTORY_DAYS}个工作日及今日),"
        f"村(社区)与站点位置 {places} 处。"
    )
    return {"签到": marks, "排队号": len(tickets), "位置": places}


# Service circles: the county centre at (119.50, 29.00); offsets in km east / north.
CENTRE = (119.5, 29.0)
SITE_KM = {"331199000000": (0, 0), "331199001000": (0.8, 0.4), "331199101000": (13, 3), "331199102000": (-11, -9)}
VILLAGE_KM = {  # code: (name for a village with no station yet, km east, km north of the centre)
    "331199001001": ("", 2.0, 1.0),
    "331199001002": ("", -1.0, 1.6),
    "331199001003": ("城南社区", 1.5, -3.9),
    "331199101201": ("", 13.6, 3.5),
    "331199101202": ("", 17.5, 9.0),
    "331199101203": ("下洋村", 16.0, -1.0),
    "331199101204": ("岭头村", 21.0, 8.5),
    "331199102201": ("", -11.4, -9.6),
    "331199102202": ("", -15.0, -5.0),
    "331199102203": ("石坑村", -7.0, -12.5),
    "331199102204": ("高山村", -19.5, -15.0),
}


def _lonlat(km_east: float, km_north: float) -> tuple[float, float]:
    import math

    lat = CENTRE[1] + km_north / 111.2
    return round(CENTRE[0] + km_east / (111.2 * math.cos(math.radians(CENTRE[1]))), 6), round(lat, 6)


def _locations() -> int:
    rows = []
    for code, (name, east, north) in VILLAGE_KM.items():
        region = Region.objects.filter(code=code).first()
        if region is None:
            parent = Region.objects.get(code=code[:9] + "000")
            region = Region(code=code, name=name, level=Region.Level.VILLAGE, parent=parent)
            region.full_clean()
            region.save()
        lon, lat = _lonlat(east, north)
        rows.append(Location(region=region, longitude=lon, latitude=lat))
        station = Site.objects.filter(region=region).first()
        if station is not None:  # the station sits at the village committee, off the village's centre
            lon, lat = _lonlat(east + 0.4, north - 0.3)
            rows.append(Location(site=station, longitude=lon, latitude=lat))
    for code, (east, north) in SITE_KM.items():
        site = Site.objects.filter(region__code=code, level__in=(Site.Level.COUNTY, Site.Level.TOWNSHIP)).first()
        if site is not None:
            lon, lat = _lonlat(east, north)
            rows.append(Location(site=site, longitude=lon, latitude=lat))
    Location.objects.bulk_create(rows)
    return len(rows)


def _sign_ins(sites, now, today, tz) -> int:
    """Every A/B post at the centres signed in at 08:25 today (or now, before then), except
    people on leave."""
    at = min(now, dt.datetime.combine(today, dt.time(8, 25), tzinfo=tz))
    away = set(Leave.objects.filter(starts_at__lte=now, ends_at__gt=now).values_list("staff_id", flat=True))
    posts = Post.objects.filter(window__site__in=sites, window__is_active=True).exclude(staff_id__in=away)
    rows = [
        AttendanceMark(post=p, staff_id=p.staff_id, kind=AttendanceMark.Kind.SIGN_IN, at=at, day=today) for p in posts
    ]
    AttendanceMark.objects.bulk_create(rows)
    return len(rows)


def _pick(rng) -> tuple[str, float]:
    x = rng.random()
    for code, share, minutes in CATEGORY_SHARE:
        if x < share:
            return code, minutes
        x -= share
    return CATEGORY_SHARE[0][0], CATEGORY_SHARE[0][2]


def _ticket(site, day, number, code, issued, wait, service, rng) -> Ticket:
    called = issued + dt.timedelta(minutes=wait)
    skipped = rng.random() < 0.03
    return Ticket(
        site=site,
        day=day,
        category=code,
        queue=code,
        number=number,
        priority=Ticket.Priority.GREEN if rng.random() < 0.05 else Ticket.Priority.NORMAL,
        green_reason="",
        state=Ticket.State.SKIPPED if skipped else Ticket.State.DONE,
        issued_at=issued,
        called_at=called,
        last_called_at=called,
        calls=2 if skipped else 1,
        started_at=None if skipped else called + dt.timedelta(seconds=40),
        finished_at=called + dt.timedelta(minutes=2 if skipped else service),
    )


def _day(site, day, rng, tz, scale: int = 1, until: dt.datetime | None = None) -> list[Ticket]:
    out, numbers = [], {}
    for offset, per_hour in enumerate(HOURLY):
        for _ in range(rng.randint(per_hour * scale * 7 // 10, per_hour * scale * 13 // 10)):
            issued = dt.datetime.combine(day, dt.time(8 + offset, rng.randrange(60), rng.randrange(60)), tzinfo=tz)
            if until is not None and issued > until:
                continue
            code, minutes = _pick(rng)
            numbers[code] = numbers.get(code, 0) + 1
            wait = rng.expovariate(1 / (4 + per_hour / 3))
            t = _ticket(site, day, numbers[code], code, issued, wait, rng.expovariate(1 / minutes) + 1, rng)
            if t.priority == Ticket.Priority.GREEN:
                t.green_reason = rng.choice(Ticket.Green.values)
            out.append(t)
    out.sort(key=lambda t: t.issued_at)
    return out


def _today(site, today, now, rng, tz) -> list[Ticket]:
    """Today up to now (served, as the past days), and a few still waiting."""
    tickets = _day(site, today, rng, tz, until=now - dt.timedelta(minutes=20))
    numbers: dict[str, int] = {}
    for t in tickets:
        numbers[t.category] = max(numbers.get(t.category, 0), t.number)
    for i, code in enumerate(("A", "A", "C", "A", "B")):
        numbers[code] = numbers.get(code, 0) + 1
        tickets.append(
            Ticket(
                site=site,
                day=today,
                category=code,
                queue=code,
                number=numbers[code],
                priority=Ticket.Priority.GREEN if i == 3 else Ticket.Priority.NORMAL,
                green_reason=Ticket.Green.ELDERLY if i == 3 else "",
                issued_at=now - dt.timedelta(minutes=10 - i),
            )
        )
    return tickets
