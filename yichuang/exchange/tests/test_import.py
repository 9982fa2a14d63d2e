"""The provincial catalogue import (issue 17 §4): one standard item implemented by many bodies
at many sites; re-importing the same file writes nothing; a changed element makes a new
version (published or draft, as the file says); every bad value is named by item, row and
field and nothing is written."""

import copy
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from yichuang.catalog.exchange.importer import ImportRefused, import_file
from yichuang.catalog.exchange.sample import document
from yichuang.catalog.models import Item, ItemVersion, SiteItem, StandardItem
from yichuang.catalog.models.choices import VersionStatus
from yichuang.org.tests.factories import DepartmentFactory, TownshipSiteFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pairs():
    """Two township sites, each with its own body implementing the items."""
    out = []
    for _ in range(2):
        department = DepartmentFactory(site=TownshipSiteFactory())
        out.append((department.credit_code, department.site.code))
    return out


def run(doc: dict):
    return import_file("catalog.json", json.dumps(doc, ensure_ascii=False).encode())


def test_one_standard_item_is_implemented_by_each_body_at_each_site(pairs):
    run(document(3, pairs))
    assert StandardItem.objects.count() == 3 and Item.objects.count() == 6
    assert SiteItem.objects.filter(item__basic_code="000000000001").count() == 2


def test_imported_standard_items_are_marked_provincial(pairs):
    run(document(1, pairs))
    assert StandardItem.objects.get().source == StandardItem.Source.PROVINCE


def test_reimporting_the_same_file_writes_nothing(pairs):
    doc = document(3, pairs)
    run(doc)
    with CaptureQueriesContext(connection) as queries:
        report = run(doc)
    writes = [q["sql"] for q in queries if q["sql"].split()[0].upper() in ("INSERT", "UPDATE", "DELETE")]
    assert writes == [] and report.unchanged == 6 and not report.wrote


def test_a_changed_element_makes_a_new_published_version_and_moves_the_sites(pairs):
    doc = document(2, pairs)
    run(doc)
    changed = copy.deepcopy(doc)
    changed["items"][0]["promised_days"] = 6
    report = run(changed)
    assert report.versions_published == 2 and report.unchanged == 2
    item = Item.objects.filter(basic_code="000000000000").first()
    assert [v.status for v in item.versions.order_by("number")] == [VersionStatus.RETIRED, VersionStatus.PUBLISHED]
    assert SiteItem.objects.get(item=item).version.promised_days == 6


def test_a_changed_four_same_element_updates_the_standard_item(pairs):
    doc = document(1, pairs)
    run(doc)
    doc["items"][0]["legal_basis"] = "《新办法》第一条"
    run(doc)
    assert StandardItem.objects.get().legal_basis == "《新办法》第一条"
    assert ItemVersion.objects.filter(status="published", legal_basis="《新办法》第一条").count() == 2


def test_a_file_marked_draft_makes_drafts_and_leaves_the_site_lists(pairs):
    doc = document(1, pairs)
    run(doc)
    doc["items"][0]["promised_days"] = 6
    doc["status"] = "draft"
    report = run(doc)
    assert report.versions_drafted == 2
    assert {si.version.promised_days for si in SiteItem.objects.all()} == {5}


def test_every_bad_value_is_named_by_item_row_and_field_and_nothing_is_written(pairs):
    doc = document(3, pairs)
    doc["items"][1]["item_type"] = "XX"
    doc["items"][2]["statutory_days"] = "二十"
    doc["items"][2]["implementations"][0]["department_code"] = "91330000000000000X"
    with pytest.raises(ImportRefused) as refused:
        run(doc)
    found = {(p.location["item"], p.location["row"], p.location["field"], p.code) for p in refused.value.problems}
    assert ("000000000001", 2, "item_type", "unknown_code") in found
    assert ("000000000002", 3, "statutory_days", "not_an_integer") in found
    assert StandardItem.objects.count() == 0


def test_an_unknown_department_is_refused_with_its_code(pairs):
    doc = document(1, pairs)
    doc["items"][0]["implementations"][0]["department_code"] = "91330000000000000X"
    with pytest.raises(ImportRefused) as refused:
        run(doc)
    assert [p.code for p in refused.value.problems] == ["unknown_department"]
    assert "91330000000000000X" in refused.value.problems[0].message


def test_a_publishing_rule_broken_by_one_item_refuses_the_whole_file(pairs):
    doc = document(2, pairs)
    doc["items"][1]["promised_days"] = 30  # above the statutory 20
    with pytest.raises(ImportRefused) as refused:
        run(doc)
    assert refused.value.problems[0].location["item"] == "000000000001"
    assert Item.objects.count() == 0


def test_a_file_that_is_not_the_exchange_format_is_refused(pairs):
    with pytest.raises(ImportRefused) as refused:
        import_file("x.json", b'{"items": 3}')
    assert refused.value.problems[0].code == "not_exchange_format"


def test_the_excel_form_imports_the_same_catalogue(pairs):
    from yichuang.catalog.exchange.excel_writer import workbook_bytes

    import_file("catalog.xlsx", workbook_bytes(document(2, pairs)))
    assert Item.objects.count() == 4 and SiteItem.objects.count() == 4


def test_an_excel_sheet_may_write_a_code_as_its_chinese_name(pairs):
    from yichuang.catalog.exchange.excel_writer import workbook_bytes

    doc = document(1, pairs)
    doc["items"][0]["item_type"] = "公共服务"
    import_file("catalog.xlsx", workbook_bytes(doc))
    assert StandardItem.objects.get().item_type == "20"
