"""常见问法 (issue 15 §2; decision 0146): the smart guide compares a need with the example needs the
centre keeps, and an example close enough answers as it was answered — an item, or "没有找到"."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.smart_guide_needs import HELD_OUT_GUIDE, SITE_CODE
from tests.smart_guide_needs_guide2 import HELD_OUT_GUIDE2
from tests.smart_guide_needs_guide2_after import HELD_OUT_GUIDE2_AFTER
from tests.smart_guide_needs_guide3 import HELD_OUT_GUIDE3
from tests.test_smart_guide import demo  # noqa: F401  (the demo county, loaded once for the module)
from yichuang.org.models import Site
from yichuang.org.tests.factories import UserFactory
from yichuang.portal import guide, guide_examples
from yichuang.portal.example_needs_demo import EXAMPLES
from yichuang.portal.guide import suggest
from yichuang.portal.models import ExampleNeed

pytestmark = pytest.mark.django_db


def _keys(need):
    site = Site.objects.get(code=SITE_CODE)
    return [f"bundle:{s.key}" if s.kind == "bundle" else s.key for s in suggest(site, need, limit=3)]


def test_the_demo_bank_keeps_the_guides_own_checks_out():
    checks = {row[0] for row in HELD_OUT_GUIDE + HELD_OUT_GUIDE2 + HELD_OUT_GUIDE2_AFTER + HELD_OUT_GUIDE3}
    assert len(EXAMPLES) >= 400 and not checks & {text for text, _ in EXAMPLES}


@pytest.mark.usefixtures("demo")
def test_a_need_close_to_an_example_the_centre_adds_is_answered_by_its_item_at_once():
    need = "隔壁那档子事到底咋整才好"
    assert "050010000" not in _keys(need)
    ExampleNeed.objects.create(text="隔壁那档子事到底咋整才好呀", answer="050010000")
    assert _keys(need)[0] == "050010000"


@pytest.mark.usefixtures("demo")
def test_a_need_close_to_an_example_with_no_item_gets_the_honest_empty_answer():
    need = "身份证丢了在外地的派出所补"
    assert _keys(need)
    ExampleNeed.objects.create(text="身份证丢了在外地的派出所补办", answer="")
    assert _keys(need) == []


def test_examples_are_compared_by_character_pairs_so_a_typo_still_comes_close():
    bank = guide_examples.bank_of([("社保卡丢了怎么补", "202100000"), ("孩子出生了要办什么", "bundle:newborn")])
    near = guide_examples.nearest(bank, "社保咔丢了怎么补")
    assert near["202100000"] >= guide.EXAMPLE_JOIN > near.get("bundle:newborn", 0.0)


@pytest.mark.usefixtures("demo")
def test_weak_words_with_no_example_near_are_no_answer():
    index = guide.index_for(Site.objects.get(code=SITE_CODE))
    doc = index["docs"][0]
    weak = (doc, guide._evidence(index) * 1.1, [])
    strong = (doc, guide._evidence(index) * guide.EXAMPLE_LEX_STRONG * 1.1, [])
    assert guide._with_examples(index, "啊啊啊哦哦哦", [weak]) == []
    assert guide._with_examples(index, "啊啊啊哦哦哦", [strong])[0][0] is doc


def test_an_answer_must_be_an_entry_a_life_event_or_blank():
    ExampleNeed(text="低保怎么办", answer="050010000").full_clean()
    ExampleNeed(text="孩子出生了", answer="bundle:newborn").full_clean()
    ExampleNeed(text="驾照换证", answer="").full_clean()
    with pytest.raises(ValidationError):
        ExampleNeed(text="低保", answer="0500").full_clean()


def test_admin_edits_an_example(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    row = ExampleNeed.objects.create(text="吃低保去哪里", answer="050010000")
    url = reverse("admin:portal_exampleneed_change", args=[row.pk])
    assert "常见问法" in client.get(url).content.decode()
    response = client.post(url, {"text": "吃低保去哪里申请", "answer": "050010000"})
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.text == "吃低保去哪里申请"


def test_what_a_need_says_that_no_example_says_keeps_the_example_from_deciding_alone():
    bank = guide_examples.bank_of(EXAMPLES)

    def decided(need):
        return guide_examples.nearest(bank, need)["073080000"] * guide_examples.said_share(bank, need)

    assert decided("家里养了条狗") >= guide.EXAMPLE_SURE > decided("家里养了条金鱼")
