"""The facts a life event's one form asks are the county's data, not code (issue 15 §2 of the
second pass): LifeFact rows (one question each) and ItemFact rows (which catalogue entries need
it), filled from the old code table by migration and edited in the admin, so that a new item
that needs a fact is a row and not a code edit."""

import pytest
from django.urls import reverse

from yichuang.cases.models import Case
from yichuang.org.tests.factories import UserFactory
from yichuang.people.tests.factories import make_citizen_id
from yichuang.portal import life_facts
from yichuang.portal.models import ItemFact, LifeFact

from .factories import citizen
from .life_event_world import make_world
from .test_life_events import NEWBORN, _submit

pytestmark = pytest.mark.django_db


def test_the_migrated_table_asks_a_newborns_name_sex_birth_date_place_and_parents():
    world = make_world()
    birth = world.newborn.bundle_items.get(order=1).item.versions.get()
    names = [f.name for f in life_facts.facts_for([birth])]
    assert names == [
        "child.name",
        "child.sex",
        "child.birth_date",
        "child.birth_place",
        "father.name",
        "father.citizen_id",
        "mother.name",
        "mother.citizen_id",
    ]


def test_a_fact_shared_by_two_items_of_an_event_is_asked_once():
    world = make_world()
    versions = [bi.item.versions.get() for bi in world.newborn.bundle_items.all()]
    names = [f.name for f in life_facts.facts_for(versions)]
    assert names.count("child.name") == 1


def test_a_fact_added_as_data_is_asked_and_reaches_the_case_without_a_code_edit(client):
    world = make_world()
    blood = LifeFact.objects.create(name="child.blood_type", label="新生儿血型", group="新生儿信息")
    ItemFact.objects.create(entry="073010000", fact=blood, order=99)
    client.force_login(citizen().user)
    url = reverse("portal:apply_bundle", args=[world.fengtian.code, "newborn"])
    assert "新生儿血型" in client.get(url).content.decode()
    parents = {"father.citizen_id": make_citizen_id(11), "mother.citizen_id": make_citizen_id(12)}
    assert _submit(client, url, {**NEWBORN, **parents, "child.blood_type": "O型"}).status_code == 302
    birth = Case.objects.get(item_version__name="出生登记")
    assert birth.form_data["child"]["blood_type"] == "O型"


def test_a_fact_removed_as_data_is_no_longer_asked(client):
    world = make_world()
    ItemFact.objects.filter(entry="073010000", fact__name="child.birth_place").delete()
    client.force_login(citizen().user)
    page = client.get(reverse("portal:apply_bundle", args=[world.fengtian.code, "newborn"])).content.decode()
    assert "出生地点" not in page and "新生儿姓名" in page


def test_the_admin_edits_a_fact_with_the_items_that_need_it(client):
    make_world()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    fact = LifeFact.objects.get(name="child.name")
    page = client.get(reverse("admin:portal_lifefact_change", args=[fact.pk])).content.decode()
    assert "新生儿姓名" in page and "073010000" in page and "事项编码(前九位)" in page


def test_an_item_entry_that_is_not_nine_digits_is_refused_in_chinese():
    from django.core.exceptions import ValidationError

    fact = LifeFact.objects.create(name="shop.owner", label="经营者", group="店铺信息")
    with pytest.raises(ValidationError) as exc:
        ItemFact(entry="0150", fact=fact).full_clean()
    assert "前九位" in str(exc.value)
