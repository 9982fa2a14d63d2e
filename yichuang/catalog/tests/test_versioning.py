"""Versions: draft → published → retired; a published version never changes (invariant 3)."""

import pytest

from yichuang.catalog import services
from yichuang.catalog.models import ItemVersion, Material, SiteItem
from yichuang.catalog.tests.factories import publishable_draft
from yichuang.common.errors import Conflict
from yichuang.org.tests.factories import TownshipSiteFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def published():
    return services.publish(services.create_draft("330000000001", publishable_draft(name="高龄老人津贴申请")))


def test_editing_a_published_version_is_refused(published):
    published.name = "改名"
    with pytest.raises(Conflict) as excinfo:
        published.save()
    assert excinfo.value.code == "version_immutable"
    assert ItemVersion.objects.get(pk=published.pk).name == "高龄老人津贴申请"


def test_adding_a_material_to_a_published_version_is_refused(published):
    with pytest.raises(Conflict):
        Material.objects.create(version=published, name="结婚证")


def test_editing_a_published_item_makes_a_new_draft_version_with_the_same_content(published):
    draft = services.revise(published.item)
    assert (draft.number, draft.status) == (2, "draft")
    assert [m.name for m in draft.materials.all()] == [m.name for m in published.materials.all()]
    assert draft.steps.count() == published.steps.count() and draft.rules.count() == published.rules.count()


def test_revising_twice_returns_the_same_draft(published):
    assert services.revise(published.item).pk == services.revise(published.item).pk


def test_publishing_a_new_version_retires_the_old_and_moves_site_lists(published):
    site = TownshipSiteFactory()
    services.implement_at(site, published)
    draft = services.revise(published.item)
    draft.promised_days = 6
    draft.save()
    services.publish(draft)
    published.refresh_from_db()
    assert published.status == "retired" and published.retired_at is not None
    assert SiteItem.objects.get(site=site, item=published.item).version_id == draft.pk


def test_the_old_version_keeps_its_content_after_a_new_one_is_published(published):
    """Running cases pin the version they were accepted under."""
    draft = services.revise(published.item)
    draft.name = "高龄老人津贴(新)"
    draft.save()
    services.publish(draft)
    assert ItemVersion.objects.get(pk=published.pk).name == "高龄老人津贴申请"


def test_only_one_draft_per_item_at_a_time(published):
    services.revise(published.item)
    with pytest.raises(Conflict) as excinfo:
        # The same body implementing the same standard item: the same implementation.
        services.create_draft(published.item.basic_code, publishable_draft(department=published.department))
    assert excinfo.value.code == "draft_exists"


def test_a_draft_cannot_go_on_a_site_list():
    draft = services.create_draft("330000000002", publishable_draft())
    with pytest.raises(Conflict) as excinfo:
        services.implement_at(TownshipSiteFactory(), draft)
    assert excinfo.value.code == "not_published"


def test_retiring_takes_the_item_off_site_lists(published):
    site_item = services.implement_at(TownshipSiteFactory(), published)
    services.retire(published)
    site_item.refresh_from_db()
    assert site_item.is_active is False


def test_publishing_twice_is_refused(published):
    with pytest.raises(Conflict) as excinfo:
        services.publish(published)
    assert excinfo.value.code == "not_a_draft"
