"""The fourth held-out table of the smart guide (tests/smart_guide_needs_fourth.py) is sound as a
judge: every answer it expects is a real demo item or life event, and no need is asked twice.

Only the table's shape is checked here — never how the guide answers it (bench/smart_guide.py
prints that as aggregate figures, "held-out 4"). Checked against the demo county's item specs
and bundles as the loader builds them, so no database is needed.
"""

from collections import Counter

from tests.smart_guide_needs_fourth import ALT, HELD_OUT_FOURTH
from yichuang.demo.bundles import BUNDLES
from yichuang.demo.loader import ITEM_MODULES, basic_code


def demo_answers() -> set[str]:
    # The first nine digits of the basic code ("四级四同"), as the guide reports an item's key.
    items = {basic_code(spec)[:9] for module in ITEM_MODULES for spec in (*module.COUNTY, *module.TOWNSHIP)}
    return items | {f"bundle:{bundle['code']}" for bundle in BUNDLES}


def expected_answers() -> list[str]:
    return [answer for _, expected, _ in HELD_OUT_FOURTH if expected for answer in expected.split(ALT)]


def test_every_expected_answer_is_a_demo_item_or_life_event():
    assert set(expected_answers()) - demo_answers() == set()


def test_no_need_is_asked_twice():
    counts = Counter(need for need, _, _ in HELD_OUT_FOURTH)
    assert [need for need, n in counts.items() if n > 1] == []


def test_acceptable_answers_of_one_need_are_distinct():
    repeated = [
        need for need, expected, _ in HELD_OUT_FOURTH if len(set(expected.split(ALT))) != len(expected.split(ALT))
    ]
    assert repeated == []


def test_the_table_has_enough_needs_with_and_without_an_item():
    with_item = sum(1 for _, expected, _ in HELD_OUT_FOURTH if expected)
    assert with_item >= 120
    assert len(HELD_OUT_FOURTH) - with_item >= 20
