"""The smart guide and the things a need names (证, 照, 卡, 票, 车 …; decision 0147): a thing no item
knows refuses an answer unless the answer is plainly named beside it, and a thing is known through
the shorter thing its name ends in; and an entry's 常见问法 taken together (its profile)."""

import pytest

from yichuang.portal import guide_examples
from yichuang.portal.guide import NOT_HERE_FLOOR, Need, _explains, _thing_apart, _with_examples
from yichuang.portal.guide_index import Doc
from yichuang.portal.guide_things import names_a_thing, thing_heads

FIREWORKS = Doc("item", "015410000", "烟花爆竹经营(零售)许可证核发", ("烟花爆竹经营(零售)许可证核发", "卖鞭炮", ""))


@pytest.mark.parametrize("word", ["续签", "换新证", "补办证", "退费"])
def test_handling_words_before_a_thing_name_no_particular_thing(word):
    assert not names_a_thing(word)


def test_a_thing_is_known_through_the_shorter_thing_its_name_ends_in():
    assert thing_heads("零售许可证", [FIREWORKS], set(), {"许可证": 100}) == ["许可证"]


def test_a_thing_whose_ending_no_item_names_stays_unknown():
    assert thing_heads("结婚照", [FIREWORKS], set(), {"婚照": 1}) == []


def _shop_and_health_card() -> Need:
    return Need(units=[("小吃店", ["小吃店"]), ("健康证", ["健康证", "健康"])], said={})


def test_an_answer_named_by_a_long_word_of_the_need_is_not_refused_for_an_unknown_thing_beside_it():
    assert _explains({"小吃店"}, _shop_and_health_card(), {"小吃店"}, named=frozenset({"小吃店"}))


def test_an_unknown_thing_still_refuses_an_answer_the_need_does_not_name():
    assert not _explains({"小吃店"}, _shop_and_health_card(), {"小吃店"})


def test_an_answer_named_by_a_two_character_word_beside_an_unknown_thing_is_refused():
    need = Need(units=[("出国", ["出国"]), ("护照", ["护照"])], said={})
    assert not _explains({"出国"}, need, {"出国"}, named=frozenset({"出国"}))


def test_an_example_about_another_thing_does_not_decide_for_a_need_naming_the_answers_thing():
    renewal = Doc("item", "200150000", "残疾人证换领、补领", ("残疾人证换领、补领", "换残疾证 残疾证到期", ""))
    index = {"docs": [renewal], "synonyms": {}, "words": ["残疾证", "换残疾证", "到期"], "sounds": {}}
    assert _thing_apart(index, [(renewal, 9.0, [])], "残疾证到期换证", "驾驶证到期换证")
    assert not _thing_apart(index, [(renewal, 9.0, [])], "残疾证到期换证", "残疾证到期了换证吗")


def _bank():
    return guide_examples.bank_of([("墙裂开了", "054040000"), ("下雨漏水", "054040000"), ("墙上挂画", "")])


def test_a_need_sharing_a_little_with_each_of_an_entrys_examples_is_closer_to_its_profile_than_to_any_one():
    need = "墙裂开了又下雨漏水"
    assert guide_examples.profiles(_bank(), need)["054040000"] > guide_examples.nearest(_bank(), need)["054040000"]


def test_an_example_left_out_is_taken_out_of_its_entrys_profile():
    whole = guide_examples.profiles(_bank(), "墙裂开了")["054040000"]
    assert guide_examples.profiles(_bank(), "墙裂开了", leave_out="墙裂开了").get("054040000", 0.0) < whole


def test_a_need_more_like_the_matters_not_handled_here_than_like_any_entry_is_not_here():
    not_here = guide_examples.not_here
    assert not_here({"": 0.2, "073080000": 0.1}, NOT_HERE_FLOOR) and not not_here(
        {"": 0.2, "073080000": 0.3}, NOT_HERE_FLOOR
    )


def test_a_faint_likeness_to_the_matters_not_handled_here_is_not_enough():
    assert not guide_examples.not_here({"": 0.03}, NOT_HERE_FLOOR)


def test_an_entry_joined_by_its_profile_alone_says_so():
    bank = guide_examples.bank_of(
        [
            ("墙裂开了", "054040000"),
            ("下雨漏水", "054040000"),
            ("营业执照办理", "015010000"),
            ("开店要执照", "015010000"),
        ]
    )
    shop = Doc("item", "015010000", "个体工商户设立登记", ("个体工商户设立登记", "执照", ""))
    repair = Doc("item", "054040000", "农村危房改造补助申请", ("农村危房改造补助申请", "危房", ""))
    index = {"docs": [shop, repair], "examples": bank, "synonyms": {}, "words": [], "sounds": {}}
    answers = _with_examples(index, "墙裂了雨漏了执照", [(shop, 100.0, ["“执照”"])])
    assert [(doc.key, why) for doc, _, why in answers][1] == ("054040000", ["与此事项的常见问法整体相近"])
