"""Service circles (R-56: urban 10-minute, rural 15-minute service reach).

Method: the straight-line (great-circle, haversine) distance between a village's centre and
its station or its township centre, times 1.3 for the road (a common detour factor for
county road networks), at 30 km/h in the countryside (a 村道/县道 by car, motorbike or the
village bus, stops included) and 15 km/h in a 街道's communities (town streets by e-bike or
bus). A community (区划 code 001–199, 居委会) has the 10-minute target, a village (200–399)
the 15-minute one. A place counts as reached when its own station or the township centre is
within the target. No map service is asked: the figures are reproducible from the coordinates."""

from __future__ import annotations

import math
from dataclasses import dataclass

from yichuang.org.models import Region, Site

from .models import Location

ROAD_FACTOR = 1.3
SPEED_KMH = {"urban": 15.0, "rural": 30.0}
TARGET_MINUTES = {"urban": 10, "rural": 15}
EARTH_KM = 6371.0


def great_circle_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    (lon1, lat1), (lon2, lat2) = ((math.radians(x), math.radians(y)) for x, y in (a, b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_KM * math.asin(math.sqrt(h))


def kind_of(village: Region) -> str:
    return "urban" if int(village.code[9:]) < 200 else "rural"


def minutes(km: float, kind: str) -> float:
    return km * ROAD_FACTOR / SPEED_KMH[kind] * 60


@dataclass
class Reach:
    village: Region
    township: Region
    kind: str
    point: tuple[float, float]
    station: Site | None
    station_minutes: float | None
    centre: Site | None
    centre_minutes: float | None

    @property
    def target(self) -> int:
        return TARGET_MINUTES[self.kind]

    @property
    def best(self) -> float | None:
        known = [m for m in (self.station_minutes, self.centre_minutes) if m is not None]
        return min(known) if known else None

    @property
    def reached(self) -> bool:
        return self.best is not None and self.best <= self.target


def _point(location: Location) -> tuple[float, float]:
    return float(location.longitude), float(location.latitude)


def reaches(county: Region) -> list[Reach]:
    """Every village of the county that has a location, with its reach times."""
    places = {loc.region_id: _point(loc) for loc in Location.objects.filter(region__isnull=False)}
    sites = {loc.site_id: _point(loc) for loc in Location.objects.filter(site__isnull=False)}
    site_of_region = {s.region_id: s for s in Site.objects.filter(is_active=True, region__parent__parent=county)}
    site_of_region |= {s.region_id: s for s in Site.objects.filter(is_active=True, region__parent=county)}
    out = []
    villages = Region.objects.filter(level=Region.Level.VILLAGE, parent__parent=county).select_related("parent")
    for village in villages.order_by("code"):
        point = places.get(village.pk)
        if point is None:
            continue
        kind = kind_of(village)
        station, centre = site_of_region.get(village.pk), site_of_region.get(village.parent_id)

        def reach(site):
            if site is None or site.pk not in sites:
                return None
            return round(minutes(great_circle_km(point, sites[site.pk]), kind), 1)

        out.append(Reach(village, village.parent, kind, point, station, reach(station), centre, reach(centre)))
    return out


def geojson(county: Region, reach_list: list[Reach]) -> dict:
    """The county's own map for the offline chart: one polygon per township around its
    villages and centre (a demo outline drawn from the coordinates, not surveyed borders)."""
    features = []
    centres = {loc.site.region_id: _point(loc) for loc in Location.objects.filter(site__region__parent=county)}
    by_township: dict[int, list[tuple[float, float]]] = {}
    for r in reach_list:
        by_township.setdefault(r.township.pk, []).append(r.point)
    for township in Region.objects.filter(parent=county, level=Region.Level.TOWNSHIP).order_by("code"):
        points = by_township.get(township.pk, []) + ([centres[township.pk]] if township.pk in centres else [])
        if not points:
            continue
        cx = sum(p[0] for p in points) / len(points)
        cy = sum(p[1] for p in points) / len(points)
        radius = max(max(math.hypot(p[0] - cx, p[1] - cy) for p in points), 0.01) * 1.25 + 0.01
        ring = [
            [
                round(cx + radius * math.cos(2 * math.pi * k / 12), 6),
                round(cy + radius * math.sin(2 * math.pi * k / 12), 6),
            ]
            for k in range(12)
        ]
        ring.append(ring[0])
        features.append(
            {
                "type": "Feature",
                "properties": {"name": township.name},
                "geometry": {"type": "Polygon", "coordinates": [ring]},
            }
        )
    return {"type": "FeatureCollection", "features": features}


def chart_data(county: Region, reach_list: list[Reach]) -> dict:
    sites = Location.objects.filter(site__isnull=False).select_related("site")
    return {
        "geo": geojson(county, reach_list),
        "villages": [
            {"name": r.village.name, "value": [*r.point, r.best or 0], "reached": r.reached} for r in reach_list
        ],
        "sites": [{"name": loc.site.name, "value": [*_point(loc), 0]} for loc in sites],
    }
