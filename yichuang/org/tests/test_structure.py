"""Regions, sites, departments and staff roles (R-01…R-04)."""

import pytest
from django.core.exceptions import ValidationError

from yichuang.org.models import Region, Site, StaffRole
from yichuang.org.tests.factories import (
    CountySiteFactory,
    DepartmentFactory,
    LeaveFactory,
    TownshipRegionFactory,
    TownshipSiteFactory,
    UserFactory,
)


def error_codes(exc: ValidationError) -> set[str]:
    return {e.code for errors in exc.error_dict.values() for e in errors}


def test_standard_names_follow_seed_003():
    assert Site.standard_name(Site.Level.TOWNSHIP, "清溪县", "青石镇") == "青石镇人民政府便民服务中心"
    assert Site.standard_name(Site.Level.TOWNSHIP, "清溪县", "城东街道") == "城东街道办事处便民服务中心"
    assert Site.standard_name(Site.Level.VILLAGE, "清溪县", "青石镇", "桃源村") == "青石镇桃源村便民服务站"
    assert Site.standard_name(Site.Level.COUNTY, "清溪县") == "清溪县人民政府政务服务中心"


@pytest.mark.django_db
def test_a_township_site_with_a_nonstandard_name_is_refused():
    site = TownshipSiteFactory.build(region=TownshipRegionFactory(), parent=CountySiteFactory(), name="青石镇服务大厅")
    with pytest.raises(ValidationError) as excinfo:
        site.full_clean()
    assert "nonstandard_site_name" in error_codes(excinfo.value)


@pytest.mark.django_db
def test_a_village_station_must_hang_under_a_township_centre():
    county = CountySiteFactory()
    site = Site(
        code="330999101001",
        name="第1镇桃源村便民服务站",
        level=Site.Level.VILLAGE,
        region=county.region,
        parent=county,
        address="村委会",
        hours="全天",
        phone="1",
    )
    with pytest.raises(ValidationError) as excinfo:
        site.full_clean()
    assert "site_parent_level" in error_codes(excinfo.value)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "code, level",
    [
        ("33099900000", Region.Level.COUNTY),
        ("330999100000", Region.Level.COUNTY),
        ("330999000000", Region.Level.TOWNSHIP),
    ],
)
def test_region_code_must_be_twelve_digits_that_match_the_level(code, level):
    with pytest.raises(ValidationError):
        Region(code=code, name="某地", level=level).full_clean()


@pytest.mark.django_db
def test_department_credit_code_with_a_wrong_check_character_is_refused():
    department = DepartmentFactory()
    department.credit_code = department.credit_code[:-1] + ("0" if department.credit_code[-1] != "0" else "1")
    with pytest.raises(ValidationError) as excinfo:
        department.full_clean()
    assert "invalid_uscc" in error_codes(excinfo.value)


@pytest.mark.django_db
def test_an_approver_must_belong_to_a_department_of_the_same_site():
    role = StaffRole(user=UserFactory(), site=TownshipSiteFactory(), role=StaffRole.Role.APPROVER)
    with pytest.raises(ValidationError) as excinfo:
        role.full_clean()
    assert "approver_needs_department" in error_codes(excinfo.value)
    role.department = DepartmentFactory()  # stationed at another site
    with pytest.raises(ValidationError) as excinfo:
        role.full_clean()
    assert "department_other_site" in error_codes(excinfo.value)


@pytest.mark.django_db
def test_leave_must_end_after_it_starts():
    import datetime as dt

    from django.utils import timezone

    now = timezone.now()
    leave = LeaveFactory.build(starts_at=now, ends_at=now - dt.timedelta(minutes=1))
    leave.staff.save()
    with pytest.raises(ValidationError) as excinfo:
        leave.full_clean()
    assert "leave_ends_before_start" in error_codes(excinfo.value)
