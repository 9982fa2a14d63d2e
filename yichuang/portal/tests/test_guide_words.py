"""The smart guide's grammar (issue 15 §1, second pass): ages said in words become ages, and
离合词 split by 了/过/个 are joined back before the need is cut into words."""

import pytest

from yichuang.portal import guide_words


@pytest.mark.parametrize(
    ("need", "age"),
    [("八十三岁", "83岁"), ("九十多岁", "90岁"), ("六十周岁", "60岁"), ("不满十八岁", "<18岁"), ("85岁", "85岁")],
)
def test_an_age_in_words_or_digits_is_read_as_a_number(need, age):
    assert guide_words.cut_ages(f"老人{need}了")[1] == [age]


def test_numerals_that_are_no_age_are_left_alone():
    assert guide_words.cut_ages("一件事一次办") == ("一件事一次办", [])


@pytest.mark.parametrize(
    ("need", "joined"),
    [
        ("跟老婆离了婚", "跟老婆离婚"),
        ("结过婚", "结婚"),
        ("退了休", "退休"),
        ("下了岗", "下岗"),
        ("生了个娃", "生孩子"),
    ],
)
def test_a_split_separable_word_is_joined_back(need, joined):
    assert guide_words.rejoin(need) == joined


def test_a_second_child_keeps_its_own_word():
    assert guide_words.rejoin("准备生二孩") == "准备生二孩"


def test_an_age_meets_the_tightest_lower_limit_of_the_catalogue():
    limits = {guide_words.LOWER: {60, 80, 16}, guide_words.UPPER: {18, 16}}
    assert guide_words.age_meets("83岁", limits) == (guide_words.LOWER, 80)
    assert guide_words.age_meets("70岁", limits) == (guide_words.LOWER, 60)
    assert guide_words.age_meets("<18岁", limits) == (guide_words.UPPER, 18)
    assert guide_words.age_meets("10岁", limits) is None


def test_the_catalogue_sets_lower_and_upper_limits_in_its_own_words():
    assert guide_words.doc_limits("年满80周岁、具有本县户籍") == [(guide_words.LOWER, 80)]
    assert guide_words.doc_limits("未满18周岁的本县户籍未成年人") == [(guide_words.UPPER, 18)]
