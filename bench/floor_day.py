#!/usr/bin/env python
"""Bench: a township hall's day at the 取号叫号 (issue 19, done-when).

    .venv/bin/python bench/floor_day.py                  # throwaway SQLite under /tmp
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/yc_bench_floor .venv/bin/python bench/floor_day.py

1. Latency through the real views (Django's test client, in process): the peak hour's
   tickets taken at the kiosk, called and finished by the clerks at their windows, and the
   call screen's fragment rendered as the television polls it. The screen's update time is
   the poll interval (1 s) plus that render: at most 1 s + render, on average 0.5 s + render.
2. The day (08:00–18:00, 220 an hour at the peak) driven by SimPy's clock through the real
   services (issue, call_next, finish with `now=`): the waits the tickets record.
3. The capacity recommendation (Erlang C) for the peak against a long SimPy run of the same
   M/M/c hour: the mean waits and their difference (the issue asks for ≤ 10 %).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yichuang.settings")
_TMP = Path(tempfile.mkdtemp(prefix="yichuang_bench_floor_"))
if not os.environ.get("DATABASE_URL"):
    os.environ["DATABASE_URL"] = f"sqlite:///{_TMP / 'bench.sqlite3'}"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

# Arrivals per hour from 08:00 (a township's Monday: the morning peak, a lunch dip, the afternoon).
PROFILE = [60, 150, 220, 200, 110, 80, 170, 190, 120, 50]
SERVICE_MINUTES = 4.0
TARGET_MINUTES = 5.0


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def ms(values: list[float]) -> str:
    values = sorted(values)
    p95 = values[min(len(values) - 1, int(len(values) * 0.95))]
    return f"median {statistics.median(values) * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms (n={len(values)})"


def hall_with(windows: int):
    from yichuang.floor import services, staffing
    from yichuang.floor.models import AttendanceMark
    from yichuang.floor.tests.factories import make_hall
    from yichuang.org.models import Post, StaffRole, Window
    from yichuang.org.tests.factories import PostFactory, StaffRoleFactory, UserFactory, WindowFactory

    hall = make_hall()
    desks = [(hall.window, hall.clerk), (hall.second_window, hall.second_clerk)]
    while len(desks) < windows:
        window = WindowFactory(site=hall.site, type=Window.Type.INTAKE)
        clerk = StaffRoleFactory(site=hall.site, role=StaffRole.Role.CLERK, user=UserFactory()).user
        post = PostFactory(window=window, staff=clerk, position=Post.Position.A)
        staffing.mark(post, clerk, AttendanceMark.Kind.SIGN_IN)
        desks.append((window, clerk))
    return hall, desks, services


def latency(hall, desks, tickets: int) -> None:
    from yichuang.floor import device

    settings.YICHUANG = {**settings.YICHUANG, "FLOOR_KIOSK_RATE": "0", "FLOOR_SCREEN_RATE": "0"}
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    kiosk = Client()
    kiosk.cookies[device.COOKIE] = hall.kiosk_token
    clerks = []
    for window, clerk in desks:
        c = Client()
        c.force_login(clerk)
        clerks.append((window, c))
    screen = Client()
    issue_t, call_t, finish_t, screen_t = [], [], [], []
    from yichuang.floor.models import Ticket

    rng = random.Random(3)
    for i in range(tickets):
        start = time.perf_counter()
        r = kiosk.post(reverse("floor:kiosk"), {"category": "A", "green": "elderly" if i % 20 == 0 else ""})
        issue_t.append(time.perf_counter() - start)
        assert r.status_code == 302, r.status_code
        if i % 3 == 2:  # the windows keep up: a clerk finishes and calls the next
            window, c = clerks[rng.randrange(len(clerks))]
            current = Ticket.objects.filter(window=window, state=Ticket.State.CALLED).first()
            if current:
                start = time.perf_counter()
                c.post(reverse("floor:ticket_act", args=[current.pk, "finish"]))
                finish_t.append(time.perf_counter() - start)
            start = time.perf_counter()
            r = c.post(reverse("floor:call_next", args=[window.pk]))
            call_t.append(time.perf_counter() - start)
        if i % 5 == 0:
            start = time.perf_counter()
            r = screen.get(reverse("floor:screen_now", args=[hall.site.code]))
            screen_t.append(time.perf_counter() - start)
            assert r.status_code == 200
    print(f"[load {load()}] kiosk ticket (POST /floor/kiosk/): {ms(issue_t)}")
    print(f"[load {load()}] clerk call next (POST): {ms(call_t)}")
    print(f"[load {load()}] clerk finish + 评价器 opened (POST): {ms(finish_t)}")
    render = statistics.median(screen_t)
    print(f"[load {load()}] call-screen fragment ({len(desks)} windows): {ms(screen_t)}")
    print(
        f"call-screen update time (poll every 1 s + render): mean {0.5 + render:.2f} s, worst {1 + max(screen_t):.2f} s"
    )


def day(hall, desks, services) -> None:
    """The day on SimPy's clock through the real services."""
    import simpy

    from yichuang.floor.models import Ticket

    Ticket.objects.all().delete()
    rng = random.Random(11)
    env = simpy.Environment()
    opening = timezone.make_aware(dt.datetime.combine(timezone.localdate(), dt.time(8, 0)))
    at = lambda: opening + dt.timedelta(minutes=env.now)  # noqa: E731

    # One wake-up per ticket taken: an idle clerk presses 叫号 when someone arrives, not in a
    # busy loop (which would call the database thousands of times for nothing).
    arrived = simpy.Store(env)

    def arrivals():
        while env.now < len(PROFILE) * 60:
            rate = PROFILE[int(env.now // 60)] / 60.0
            yield env.timeout(rng.expovariate(rate))
            if env.now < len(PROFILE) * 60:
                services.issue(hall.site, "A", now=at())
                arrived.put(1)

    def clerk(window, user):
        while env.now < len(PROFILE) * 60 + 120:
            ticket = services.call_next(window, user, now=at())
            if ticket is None:
                yield arrived.get()
                continue
            yield env.timeout(rng.expovariate(1.0 / SERVICE_MINUTES))
            services.finish(ticket, user, now=at())

    env.process(arrivals())
    for window, user in desks:
        env.process(clerk(window, user))
    started = time.perf_counter()
    env.run(until=len(PROFILE) * 60 + 120)
    took = time.perf_counter() - started
    done = list(Ticket.objects.filter(state=Ticket.State.DONE))
    by_hour: dict[int, list[float]] = {}
    for t in done:
        by_hour.setdefault(timezone.localtime(t.issued_at).hour, []).append(t.wait_seconds / 60)
    print(
        f"[load {load()}] the day through the services: {len(done)} tickets served by {len(desks)} windows "
        f"in {took:.1f} s wall clock ({len(done) * 3 / took:.0f} service calls/s)"
    )
    from yichuang.floor import capacity

    for hour in sorted(by_hour):
        rate = PROFILE[hour - 8]
        predicted = capacity.mean_wait(len(desks), rate, SERVICE_MINUTES)
        print(
            f"  {hour:02d}:00 arrivals {rate:>3}/h  mean wait {statistics.mean(by_hour[hour]):5.2f} min "
            f"(Erlang C steady state {predicted:5.2f} min)"
        )


def agreement() -> None:
    from yichuang.floor import capacity

    peak = max(PROFILE)
    servers = capacity.windows_needed(peak, SERVICE_MINUTES, TARGET_MINUTES)
    formula = capacity.mean_wait(servers, peak, SERVICE_MINUTES)
    started = time.perf_counter()
    runs = [capacity.simulate(servers, peak, SERVICE_MINUTES, hours=300, seed=s).mean_wait_minutes for s in range(5)]
    took = time.perf_counter() - started
    mean = statistics.mean(runs)
    half = 2.776 * statistics.stdev(runs) / len(runs) ** 0.5  # t(0.975, 4)
    print(
        f"[load {load()}] capacity at the peak ({peak}/h, {SERVICE_MINUTES:g} min each, target {TARGET_MINUTES:g} min): "
        f"Erlang C recommends {servers} windows, mean wait {formula:.2f} min; SimPy 5 × 300 h: {mean:.2f} ± {half:.2f} min "
        f"({took:.1f} s); difference {abs(mean - formula) / formula * 100:.1f} %"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tickets", type=int, default=240, help="tickets of the latency phase (the peak hour)")
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    from yichuang.floor import capacity

    windows = capacity.windows_needed(max(PROFILE), SERVICE_MINUTES, TARGET_MINUTES)
    hall, desks, services = hall_with(windows)
    print(f"database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}; {len(desks)} windows")
    latency(hall, desks, args.tickets)
    day(hall, desks, services)
    agreement()


if __name__ == "__main__":
    main()
