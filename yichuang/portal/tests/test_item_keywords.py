"""检索关键词(俗称) are the centre's data (issue 15, third pass; decision 0136): one row per catalogue
entry, filled for every demo entry, edited in the admin, and an edit shows in the guide's next
answer."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from yichuang.org.tests.factories import UserFactory
from yichuang.portal.keyword_defaults import KEYWORDS, seed
from yichuang.portal.models import ItemKeywords

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def demo_words():
    # What migration 0007 fills; filled again here because a transactional test elsewhere on
    # the same worker may have flushed the tables since the test database was migrated.
    seed(ItemKeywords)


def test_every_demo_entry_has_ten_to_thirty_plain_words():
    counts = {entry: len(words.split()) for entry, words in KEYWORDS.items()}
    assert all(10 <= n <= 30 for n in counts.values()), counts


def test_the_defaults_fill_the_words_of_the_demo_entries():
    assert "吃低保" in ItemKeywords.objects.get(entry="050010000").word_list


def test_filling_the_defaults_again_keeps_what_the_centre_edited():
    ItemKeywords.objects.filter(entry="050010000").update(words="兜底 没收入")
    seed(ItemKeywords)
    assert ItemKeywords.objects.get(entry="050010000").word_list == ["兜底", "没收入"]
    assert ItemKeywords.objects.count() == len(KEYWORDS)


def test_words_may_be_separated_by_spaces_or_chinese_commas():
    assert ItemKeywords(entry="050010000", words="吃低保、困难补助,没收入 兜底").word_list == [
        "吃低保",
        "困难补助",
        "没收入",
        "兜底",
    ]


def test_an_entry_that_is_not_nine_digits_is_refused_in_chinese():
    with pytest.raises(ValidationError) as exc:
        ItemKeywords(entry="0500", words="低保").full_clean()
    assert "前九位" in str(exc.value)


def test_admin_edits_keywords(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    row = ItemKeywords.objects.get(entry="073080000")
    url = reverse("admin:portal_itemkeywords_change", args=[row.pk])
    assert "群众说法" in client.get(url).content.decode()
    response = client.post(url, {"entry": "073080000", "words": "养狗 狗证 毛孩子"})
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.word_list == ["养狗", "狗证", "毛孩子"]


def test_the_admin_list_shows_the_item_name_beside_the_entry(client):
    from yichuang.catalog.models import StandardItem

    StandardItem.objects.create(basic_code="073080000000", name="犬只登记", item_type="05", legal_basis="—")
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    page = client.get(reverse("admin:portal_itemkeywords_changelist") + "?q=073080000").content.decode()
    assert "犬只登记" in page and "毛孩子" not in page


def test_the_demo_words_add_the_situations_after_the_names():
    from yichuang.portal.keyword_defaults import demo_words

    words = demo_words("050120000")
    assert words[0] == "受灾" and "滑坡" in words and len(words) == len(set(words))


def test_the_situations_migration_appends_only_what_a_row_lacks_and_keeps_the_centres_words():
    from yichuang.portal.keyword_defaults import add_situations

    ItemKeywords.objects.filter(entry="050120000").update(words="受灾、自家写的词")
    add_situations(ItemKeywords)
    words = ItemKeywords.objects.get(entry="050120000").word_list
    assert words[:2] == ["受灾", "自家写的词"] and "滑坡" in words and words.count("受灾") == 1
