"""The demo county 清溪县 (issue 2 §7): loaded once for this module, then checked rule by rule.

Loading takes several seconds, so the module fixture loads it once inside a transaction that is
rolled back after the last test; pytest-django runs each test in a savepoint inside it (its
TestCase wrapper skips the class-level teardown that would close the connection), which works
the same on SQLite and PostgreSQL.

The root conftest moves each test's clock to a fixed day; the module fixture runs before that,
on the real clock, so a test about "today" compares with the moment the demo was loaded.
"""

import io

import pytest
from django.db import transaction
from django.utils import timezone

from yichuang.cases.models import Case
from yichuang.catalog.models import Bundle, BundleItem, Item, ItemVersion, Material, Rule, SearchSynonym, SiteItem
from yichuang.catalog.models.choices import DelegationMode, VersionStatus
from yichuang.catalog.validation import VAGUE_MATERIAL, Draft, publish_problems
from yichuang.common.idnumbers import is_valid_uscc
from yichuang.demo import county
from yichuang.demo.loader import load
from yichuang.demo.logins import demo_logins
from yichuang.ledger.models import AuditRecord
from yichuang.org.models import (
    CalendarDay,
    CalendarYear,
    Department,
    Leave,
    Post,
    Region,
    Site,
    StaffRole,
    User,
    Window,
)

pytestmark = pytest.mark.django_db
PREFIX = county.COUNTY_CODE[:6]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        out = io.StringIO()
        counts = load(out)
        yield {"output": out.getvalue(), "counts": counts, "loaded_at": timezone.now()}
        transaction.set_rollback(True)


def _sites(level):
    return list(Site.objects.filter(code__startswith=PREFIX, level=level).select_related("region", "parent__region"))


def _published():
    return ItemVersion.objects.filter(status=VersionStatus.PUBLISHED, item__basic_code__regex=r"^\d{12}$")


def test_the_demo_loads_and_prints_the_logins_and_the_urls(demo):
    assert demo["counts"]["事项"] > 0
    for text in ("admin", "ft_clerk1", "qx_head", county.PASSWORD, "/guide/", "/admin/", "/api/docs/"):
        assert text in demo["output"]


def test_sites_exist_at_every_level_with_the_standard_names_of_seed_003(demo):
    counties, townships, villages = (_sites(level) for level in Site.Level.values)
    assert (len(counties), len(townships) >= 3, len(villages) >= 6) == (1, True, True)
    expected = {s.pk: Site.standard_name(s.level, county.COUNTY_NAME) for s in counties}
    expected |= {s.pk: Site.standard_name(s.level, county.COUNTY_NAME, s.region.name) for s in townships}
    expected |= {
        s.pk: Site.standard_name(s.level, county.COUNTY_NAME, s.parent.region.name, s.region.name) for s in villages
    }
    for site in counties + townships + villages:
        site.full_clean()
        assert site.name == expected[site.pk]
        assert site.address and site.hours and site.phone and site.complaint_phone


def test_a_street_centre_is_named_with_banshichu(demo):
    streets = [s for s in _sites(Site.Level.TOWNSHIP) if s.region.name.endswith("街道")]
    assert streets
    assert all(s.name.endswith("街道办事处便民服务中心") for s in streets)


def test_each_township_has_two_villages_and_region_codes_nest(demo):
    for site in _sites(Site.Level.TOWNSHIP):
        stations = list(site.children.select_related("region"))
        assert len(stations) >= 2
        assert all(s.region.code[:9] == site.region.code[:9] and s.region.parent_id == site.region_id for s in stations)
    for region in Region.objects.filter(code__startswith=PREFIX):
        region.full_clean()


def test_every_window_type_exists_at_the_county_and_each_township(demo):
    for site in _sites(Site.Level.COUNTY) + _sites(Site.Level.TOWNSHIP):
        types = list(site.windows.values_list("type", flat=True))
        assert set(types) == set(Window.Type.values), site.name
        assert types.count(Window.Type.INTAKE) >= 2, site.name


def test_village_stations_have_a_general_window_and_a_helpdesk(demo):
    for site in _sites(Site.Level.VILLAGE):
        assert set(site.windows.values_list("type", flat=True)) == {Window.Type.INTAKE, Window.Type.HELPDESK}


def test_every_role_has_staff_at_the_county_and_each_township(demo):
    for site in _sites(Site.Level.COUNTY) + _sites(Site.Level.TOWNSHIP):
        assert set(StaffRole.objects.filter(site=site).values_list("role", flat=True)) == set(StaffRole.Role.values)


def test_every_village_station_has_helpers(demo):
    for site in _sites(Site.Level.VILLAGE):
        assert StaffRole.objects.filter(site=site, role=StaffRole.Role.HELPER).count() >= 2


def test_every_staff_role_passes_its_model_rules_and_approvers_belong_to_a_department_at_their_site(demo):
    roles = StaffRole.objects.filter(site__code__startswith=PREFIX).select_related("department", "site")
    for role in roles:
        role.full_clean()
    approvers = [r for r in roles if r.role == StaffRole.Role.APPROVER]
    assert approvers and all(r.department.site_id == r.site_id for r in approvers)


def test_every_staffed_window_has_an_a_and_a_b_post_held_by_different_people(demo):
    windows = Window.objects.filter(site__code__startswith=PREFIX).prefetch_related("posts")
    assert windows
    for window in windows:
        posts = {p.position: p.staff_id for p in window.posts.all()}
        assert set(posts) == {Post.Position.A, Post.Position.B}, str(window)
        assert posts["A"] != posts["B"]


def test_a_township_a_post_clerk_is_away_on_the_day_of_loading_and_the_b_post_covers(demo):
    moment = demo["loaded_at"]
    away = set(Leave.objects.filter(starts_at__lte=moment, ends_at__gte=moment).values_list("staff_id", flat=True))
    windows = Window.objects.filter(
        site__level=Site.Level.TOWNSHIP, posts__position=Post.Position.A, posts__staff__in=away
    )
    assert windows.exists()
    for window in windows:
        assert window.posts.get(position=Post.Position.B).staff_id not in away


def test_the_away_clerk_has_open_cases_at_the_window_so_the_b_post_sees_them_under_cover(demo):
    moment = demo["loaded_at"]
    away = Leave.objects.filter(starts_at__lte=moment, ends_at__gte=moment).values_list("staff_id", flat=True)
    waiting = Case.objects.filter(owner__in=away, state__in=["prereview", "accepted"])
    assert waiting.exists()


def test_heads_and_admins_can_use_the_admin_and_the_demo_password_works(demo):
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff
    heads = User.objects.filter(staff_roles__role__in=[StaffRole.Role.HEAD, StaffRole.Role.ADMIN])
    assert heads and all(u.is_staff for u in heads)
    clerk = User.objects.get(username="ft_clerk1")
    assert clerk.full_name and not clerk.is_staff and clerk.check_password(county.PASSWORD)


def test_department_credit_codes_are_valid_and_unique(demo):
    departments = list(Department.objects.filter(site__code__startswith=PREFIX))
    for department in departments:
        department.full_clean()
    codes = [d.credit_code for d in departments]
    assert all(is_valid_uscc(c) for c in codes) and len(set(codes)) == len(codes)


def test_at_least_65_distinct_published_item_names(demo):
    assert len(set(_published().values_list("name", flat=True))) >= 65


def test_every_published_version_passes_the_publish_rules(demo):
    versions = _published().prefetch_related("materials", "fees", "steps", "specialprocedures", "rules")
    failures = {f"{v.name}@{v.department_id}": [p.code for p in publish_problems(Draft.of(v))] for v in versions}
    assert versions and {k: v for k, v in failures.items() if v} == {}


def test_no_material_name_is_vague(demo):
    names = set(Material.objects.filter(version__in=_published()).values_list("name", flat=True))
    assert names and sorted(n for n in names if VAGUE_MATERIAL.search(n)) == []


def test_government_issued_materials_name_their_issuer_and_some_are_deferrable(demo):
    materials = Material.objects.filter(version__in=_published())
    issued = materials.filter(source=Material.Source.GOVERNMENT)
    assert issued.exists() and not issued.filter(issuing_body="").exists()
    assert materials.filter(necessity=Material.Necessity.DEFERRABLE).exists()


def test_item_codes_have_the_standard_lengths_and_embed_the_implementing_body(demo):
    # 实施编码 = the shared basic code + the implementing body's 18-character credit code
    # (decision 0085; domain-facts leaves the national layout unverified).
    for version in _published().select_related("item", "department"):
        assert len(version.item.basic_code) == 12
        assert version.implementation_code == version.item.basic_code + version.department.credit_code


def test_delegated_items_name_the_county_department_that_entrusts_them(demo):
    county_names = set(Department.objects.filter(site__level=Site.Level.COUNTY).values_list("name", flat=True))
    entrusted = _published().filter(delegation_mode__in=[DelegationMode.ENTRUSTED, DelegationMode.ENTRUSTED_INTAKE])
    assert entrusted.exists()
    assert set(entrusted.values_list("entrusting_body", flat=True)) <= county_names


def test_about_twenty_items_carry_eligibility_rules(demo):
    names = set(Rule.objects.filter(version__in=_published()).values_list("version__name", flat=True))
    assert len(names) >= 20


def test_every_township_lists_at_least_40_items_of_its_own_departments(demo):
    for site in _sites(Site.Level.TOWNSHIP):
        entries = list(SiteItem.objects.filter(site=site, is_active=True).select_related("version__department"))
        assert len(entries) >= 40, site.name
        assert all(e.version.department.site_id == site.pk for e in entries)


def test_the_county_lists_the_items_of_its_own_departments(demo):
    site = _sites(Site.Level.COUNTY)[0]
    entries = list(SiteItem.objects.filter(site=site).select_related("version__department"))
    assert len(entries) >= 25 and all(e.version.department.site_id == site.pk for e in entries)


def test_each_village_station_offers_about_ten_services_of_its_township(demo):
    for site in _sites(Site.Level.VILLAGE):
        entries = list(SiteItem.objects.filter(site=site).select_related("version__department"))
        assert 8 <= len(entries) <= 15, site.name
        assert all(e.version.department.site_id == site.parent_id for e in entries)


def test_at_least_two_published_bundles_of_published_items(demo):
    bundles = Bundle.objects.filter(is_published=True).prefetch_related("items")
    assert bundles.count() >= 2
    for bundle in bundles:
        items = list(bundle.items.all())
        assert len(items) >= 2
        assert all(i.versions.filter(status=VersionStatus.PUBLISHED).exists() for i in items)


def test_the_newborn_bundle_collects_the_birth_certificate(demo):
    items = Bundle.objects.get(code="newborn").items.all()
    materials = Material.objects.filter(version__item__in=items, version__status=VersionStatus.PUBLISHED)
    assert materials.filter(name="出生医学证明", source=Material.Source.GOVERNMENT).exists()


def test_search_synonyms_cover_what_people_say(demo):
    terms = set(SearchSynonym.objects.values_list("term", flat=True))
    assert len(terms) >= 15
    assert {"社保", "医保", "低保", "五保", "户口", "残疾证", "开饭店", "盖房子", "结婚", "生孩子"} <= terms


def test_loading_twice_creates_nothing_new(demo):
    models = (
        Region,
        Site,
        Department,
        Window,
        Post,
        StaffRole,
        User,
        Leave,
        Item,
        ItemVersion,
        Material,
        Rule,
        SiteItem,
        Bundle,
        BundleItem,
        SearchSynonym,
        CalendarDay,
        CalendarYear,
        AuditRecord,
    )
    before = {m.__name__: m.objects.count() for m in models}
    out = io.StringIO()
    assert load(out) == {}
    assert {m.__name__: m.objects.count() for m in models} == before
    assert "已经载入" in out.getvalue() and county.PASSWORD in out.getvalue()


def test_the_demo_knows_next_years_working_days_and_says_they_are_provisional(demo):
    """From December a statutory due date lands next year: without that year every such case
    was refused (calendar_year_unknown). A year the library lacks is entered by the weekday rule."""
    next_year = demo["loaded_at"].year + 1
    assert CalendarYear.objects.filter(year=next_year).exists()
    from yichuang.org.calendar import library_years

    if next_year > library_years()[1]:
        assert f"{next_year}年" in demo["output"] and "周一至周五" in demo["output"]


def test_the_demo_starts_with_open_cases_alerts_and_three_months_of_scorecard_counts(demo):
    from yichuang.cases.models import Case
    from yichuang.supervision.models import Alert, DailyRollup

    assert Case.objects.filter(state="prereview").exists() and Case.objects.filter(state="in_review").exists()
    assert Alert.objects.exists()
    days = DailyRollup.objects.values_list("day", flat=True)
    assert (demo["loaded_at"].date() - min(days)).days >= 80 and sum(
        DailyRollup.objects.values_list("received", flat=True)
    ) >= 1000


def test_every_printed_approver_has_demo_cases_waiting_for_review(demo):
    from yichuang.cases import selectors

    approvers = [row[0] for row in demo_logins() if row[1] == "审批"]
    assert approvers
    for username in approvers:
        user = User.objects.get(username=username)
        assert username in demo["output"]
        assert selectors.queue(user).filter(state__in=["accepted", "in_review"]).exists(), username


def test_gen_cases_up_to_today_adds_to_the_counts_already_there(demo):
    from django.core.management import call_command

    from yichuang.supervision.models import DailyRollup, MonthlyRollup

    before = sum(DailyRollup.objects.values_list("received", flat=True))
    today = timezone.localdate().isoformat()
    call_command("gen_cases", count=300, start="2026-05-01", end=today, force=True, stdout=io.StringIO())
    call_command("gen_cases", count=300, start="2026-05-01", end=today, force=True, stdout=io.StringIO())
    assert sum(DailyRollup.objects.values_list("received", flat=True)) == before + 600
    assert sum(MonthlyRollup.objects.values_list("received", flat=True)) == before + 600
