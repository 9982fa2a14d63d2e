"""Migration 0004–0006 (issue 17 §1): a catalogue with invented per-implementer codes and running
cases becomes standard items with shared basic codes, and nothing is lost — every item, version,
site list entry and case keeps its id, and each case still resolves its version and site.

The data is made the real way (services, intake) with the old-style codes, the catalogue is
migrated back to 0003 (where each of those codes was its own Item), then forward again — once for
the module (each migration back and forth costs seconds): the tests only read what it left, each
inside its own transaction that is rolled back, and the module's rows are flushed at its end."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from yichuang.cases.models import Case, CaseMaterial
from yichuang.cases.services.intake import MaterialInput, receive
from yichuang.catalog import services
from yichuang.catalog.models import Item, ItemVersion, SiteItem, StandardItem
from yichuang.catalog.models.choices import DelegationMode as D
from yichuang.catalog.tests.factories import publishable_draft
from yichuang.common.testing import on_the_suites_day
from yichuang.org.models import StaffRole
from yichuang.org.services import seed_calendar_from_library
from yichuang.org.tests.factories import (
    CountySiteFactory,
    DepartmentFactory,
    StaffRoleFactory,
    TownshipSiteFactory,
)
from yichuang.people.tests.factories import ApplicantFactory

pytestmark = pytest.mark.django_db

BEFORE = [("catalog", "0003_fee_amounts")]
ENTRY = "050010000"  # type 05 + seq 001 + 0000: the catalogue part the old demo shared


def migrate(targets) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


def latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def old_demo():
    """The old demo's shape: one entry at the county (…000) and at two townships (…001, …002),
    each its own item and code; plus an unrelated item; a case on each implementation."""
    seed_calendar_from_library([2025, 2026])
    county = CountySiteFactory()
    sites = [county, TownshipSiteFactory(parent=county), TownshipSiteFactory(parent=county)]
    modes = [D.OWN, D.ENTRUSTED_INTAKE, D.ENTRUSTED]
    cases = []
    for n, (site, mode) in enumerate(zip(sites, modes)):
        draft = publishable_draft(
            name="最低生活保障审核确认",
            department=DepartmentFactory(site=site),
            delegation_mode=mode,
            entrusting_body="" if mode == D.OWN else "清溪县民政局",
        )
        version = services.publish(services.create_draft(f"{ENTRY}{n:03d}", draft))
        services.implement_at(site, version)
        clerk = StaffRoleFactory(site=site, role=StaffRole.Role.CLERK).user
        received = {m.pk: MaterialInput(CaseMaterial.Status.RECEIVED) for m in version.materials.all()}
        cases.append(receive(site=site, clerk=clerk, version=version, applicant=ApplicantFactory(), materials=received))
    lone = services.publish(services.create_draft("330000000777", publishable_draft(name="独有事项")))
    services.implement_at(lone.department.site, lone)
    return cases


def snapshot():
    return {
        "items": sorted(Item.objects.values_list("pk", flat=True)),
        "versions": sorted(ItemVersion.objects.values_list("pk", "item_id", "name", "status")),
        "site_items": sorted(SiteItem.objects.values_list("pk", "site_id", "item_id", "version_id", "is_active")),
        "cases": sorted(Case.objects.values_list("pk", "item_id", "item_version_id", "site_id", "home_site_id")),
    }


@pytest.fixture(scope="module")
def migrated(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), on_the_suites_day():
        try:
            cases = old_demo()
            before = snapshot()
            migrate(BEFORE)
            migrate(latest())
            yield cases, before
        finally:
            migrate(latest())
            # What a transactional test's teardown does: every table emptied for the tests after.
            call_command("flush", verbosity=0, interactive=False)


def test_nothing_is_lost_and_ids_are_kept(migrated):
    _, before = migrated
    assert snapshot() == before


def test_the_invented_codes_become_one_shared_basic_code(migrated):
    shared = Item.objects.filter(basic_code=f"{ENTRY}000")
    assert shared.count() == 3 and len({i.standard_id for i in shared}) == 1
    assert sorted(i.legacy_code for i in shared) == ["", f"{ENTRY}001", f"{ENTRY}002"]
    standard = StandardItem.objects.get(basic_code=f"{ENTRY}000")
    assert standard.name == "最低生活保障审核确认"


def test_each_implementation_code_is_the_basic_code_and_the_bodys_credit_code(migrated):
    for item in Item.objects.select_related("department"):
        assert item.implementation_code == item.basic_code + item.department.credit_code


def test_an_item_with_no_partner_keeps_its_own_code(migrated):
    assert Item.objects.get(basic_code="330000000777").standard.basic_code == "330000000777"


def test_cases_still_resolve_their_version_and_site(migrated):
    cases, _ = migrated
    for old in cases:
        case = Case.objects.select_related("item_version__item", "site").get(pk=old.pk)
        assert case.item_version_id == old.item_version_id and case.site_id == old.site_id
        assert case.item_version.item.basic_code == f"{ENTRY}000"
        assert SiteItem.objects.get(site=case.site, item=case.item).version_id == case.item_version_id


def test_after_the_migration_the_api_lists_the_entry_at_both_townships(migrated, client):
    body = client.get(reverse("api:standard-item", args=[f"{ENTRY}000"])).json()
    modes = sorted(r["delegation_mode"] for r in body["implementations"])
    assert modes == ["entrusted", "entrusted_intake", "own"]


def test_an_old_guide_link_with_the_invented_code_still_finds_the_item(migrated, client):
    cases, _ = migrated
    township = cases[1].site
    response = client.get(reverse("api:item-guide", args=[township.code, f"{ENTRY}001"]))
    assert response.status_code == 200 and response.json()["item"]["basic_code"] == f"{ENTRY}000"
