"""The capacity plan of a site (issue 19 §3; R-63): arrivals and service times from the tickets
per category and hour, windows recommended by Erlang C, compared with the staffed windows; a
what-if item adds its volume from the other sites."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from yichuang.catalog.models import SiteItem
from yichuang.floor import capacity, planning
from yichuang.floor.models import Ticket
from yichuang.org.tests.factories import TownshipSiteFactory

pytestmark = pytest.mark.django_db


def _served(site, day, hour, category="A", count=1, minutes=10):
    at = timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 5)))
    last = Ticket.objects.filter(site=site, day=day, category=category).count()
    for n in range(count):
        Ticket.objects.create(
            site=site,
            day=day,
            category=category,
            queue=category,
            number=last + n + 1,
            issued_at=at,
            called_at=at,
            started_at=at,
            finished_at=at + dt.timedelta(minutes=minutes),
            state=Ticket.State.DONE,
        )


def test_arrivals_and_service_times_come_from_past_tickets(hall):
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    _served(hall.site, yesterday, 9, count=30, minutes=10)
    p = planning.plan(hall.site)
    nine = next(r for r in p.rows if r.hour == 9)
    assert (nine.arrivals["A"], p.service["A"]) == (30, 10)
    assert nine.needed["A"] == capacity.windows_needed(30, 10, p.target)


def test_an_hour_without_tickets_needs_no_window(hall):
    _served(hall.site, timezone.localdate() - dt.timedelta(days=1), 9, count=5)
    assert next(r for r in planning.plan(hall.site).rows if r.hour == 15).total_needed == 0


def test_the_shortfall_compares_with_the_staffed_windows(hall):
    _served(hall.site, timezone.localdate() - dt.timedelta(days=1), 10, count=60, minutes=12)
    ten = next(r for r in planning.plan(hall.site).rows if r.hour == 10)
    assert ten.rostered == 2 and ten.shortfall == ten.total_needed - 2 > 0


def test_a_what_if_item_brings_its_volume_from_the_other_sites(hall):
    other = TownshipSiteFactory(parent=hall.site.parent)
    version = hall.fw.world.version
    case = hall.fw.new_case()  # received here, then moved: the item's volume is the other site's
    type(case).objects.filter(pk=case.pk).update(site=other)
    SiteItem.objects.filter(site=hall.site, item=version.item).delete()
    SiteItem.objects.create(site=other, item=version.item, version=version)
    p = planning.plan(hall.site, item=version.item)
    assert p.item_per_day > 0
    assert sum(r.extra for r in p.rows) == pytest.approx(p.item_per_day, rel=0.01)


def test_the_planning_page_shows_the_table_and_the_chart_data(hall):
    client = Client()
    client.force_login(hall.head)
    body = client.get(reverse("floor:planning", args=[hall.site.code])).content.decode()
    assert "各时段测算表" in body and 'id="plan-data"' in body


def test_an_unknown_what_if_item_is_refused_in_words(hall):
    client = Client()
    client.force_login(hall.head)
    response = client.get(reverse("floor:planning", args=[hall.site.code]), {"item": "NOPE"})
    assert response.status_code == 400 and "没有基本编码为" in response.content.decode()
