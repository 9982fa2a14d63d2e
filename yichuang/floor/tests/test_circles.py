"""Service circles (issue 19 §4; R-56): reach time by road ≈ 1.3 × great-circle distance at a
stated speed, the villages outside their 15-minute (rural) target listed, an offline map."""

import pytest
from django.test import Client
from django.urls import reverse

from yichuang.floor import circles
from yichuang.floor.models import Location
from yichuang.org.models import Region

pytestmark = pytest.mark.django_db
CENTRE = (119.5, 29.0)
KM_LON = 1 / (111.2 * 0.8746)  # degrees of longitude per km at 29°N


def _village(township, seq: int, name: str, km_east: float):
    region = Region.objects.create(
        code=township.code[:9] + f"{seq:03d}", name=name, level=Region.Level.VILLAGE, parent=township
    )
    Location.objects.create(region=region, longitude=CENTRE[0] + km_east * KM_LON, latitude=CENTRE[1])
    return region


def _county_with_two_villages(hall):
    township = hall.site.region
    Location.objects.create(site=hall.site, longitude=CENTRE[0], latitude=CENTRE[1])
    _village(township, 201, "近村", 3)
    _village(township, 202, "远村", 10)
    return township.parent


def test_the_great_circle_distance_of_one_degree_of_latitude_is_111_km():
    assert circles.great_circle_km((119.5, 29.0), (119.5, 30.0)) == pytest.approx(111.2, rel=0.01)


def test_reach_time_is_the_road_distance_at_the_rural_speed():
    assert circles.minutes(10, "rural") == pytest.approx(10 * 1.3 / 30 * 60)


def test_a_village_3_km_from_its_centre_is_within_15_minutes(hall):
    county = _county_with_two_villages(hall)
    near = next(r for r in circles.reaches(county) if r.village.name == "近村")
    assert near.centre_minutes == pytest.approx(7.8, abs=0.1) and near.reached


def test_a_village_10_km_away_without_a_station_is_listed_outside(hall):
    county = _county_with_two_villages(hall)
    far = next(r for r in circles.reaches(county) if r.village.name == "远村")
    assert (far.station, far.reached, far.target) == (None, False, 15)
    assert far.best == pytest.approx(26.0, abs=0.1)


def test_the_map_is_the_countys_own_geojson(hall):
    county = _county_with_two_villages(hall)
    geo = circles.geojson(county, circles.reaches(county))
    assert [f["properties"]["name"] for f in geo["features"]] == [hall.site.region.name]


def test_the_circles_page_lists_the_villages_outside(hall):
    _county_with_two_villages(hall)
    client = Client()
    client.force_login(hall.head)
    body = client.get(reverse("floor:circles", args=[hall.site.code])).content.decode()
    assert "<strong>远村</strong>" in body and 'id="circle-data"' in body
