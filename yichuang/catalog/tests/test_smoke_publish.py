import pytest

from yichuang.catalog import services
from yichuang.catalog.tests.factories import publishable_draft


@pytest.mark.django_db
def test_a_complete_draft_publishes_and_its_parts_are_kept():
    version = services.create_draft("000000000001", publishable_draft())
    published = services.publish(version)
    assert published.status == "published"
    assert [m.name for m in published.materials.all()] == ["居民身份证", "户口簿"]
    assert published.search_text.startswith(published.name.lower())
