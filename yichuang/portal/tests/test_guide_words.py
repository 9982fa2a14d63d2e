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


@pytest.mark.parametrize(("need", "age"), [("都过六十了", "60岁"), ("满六十就能领", "60岁"), ("今年七十多了", "70岁")])
def test_an_age_said_without_sui_as_older_people_say_it_is_read(need, age):
    assert guide_words.cut_ages(need)[1] == [age]


@pytest.mark.parametrize("need", ["买了六十块", "六十亩地", "家里有三十多头牛了", "花了二十多万"])
def test_tens_before_a_unit_are_no_age(need):
    assert guide_words.cut_ages(need)[1] == []


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


# ── third pass (decision 0136): dialect, look-alike characters and sound-alike slips ──


def test_dialect_and_look_alike_characters_are_read_as_standard_words():
    text, said = guide_words.standard("俺娃的户囗本掉了")
    assert text == "我孩子的户口本丢了" and ("娃", "孩子") in said


SOUNDS = guide_words.sounds_of(["低保", "社保卡", "身份证", "残疾证", "结婚证", "招人"])


@pytest.mark.parametrize(
    ("typed", "read"),
    [("低宝", "低保"), ("社宝卡", "社保卡"), ("身分证", "身份证"), ("残疾症", "残疾证"), ("结婚正", "结婚证")],
)
def test_a_slip_of_the_same_sound_is_read_as_the_catalogue_word(typed, read):
    text, fixed = guide_words.by_sound(f"{typed}怎么办", SOUNDS, set(), lambda word: None)
    assert text == f"{read}怎么办" and fixed == [(typed, read)]


def test_two_characters_jieba_knows_as_a_word_are_never_read_as_another_by_sound():
    known_to_jieba = {"找人": 3}.get  # 找人 sounds like the catalogue's 招人
    assert guide_words.by_sound("想找人调解", SOUNDS, set(), known_to_jieba) == ("想找人调解", [])


def test_a_word_of_the_catalogue_is_kept_as_typed():
    assert guide_words.by_sound("低保", SOUNDS, {"低保"}, lambda word: None) == ("低保", [])


@pytest.mark.parametrize("need", ["证照一次办", "户口医保一起办了", "都办了吧", "身后一件事"])
def test_asking_for_things_done_together_asks_for_the_life_event(need):
    assert guide_words.wants_together(need)


def test_a_plain_need_does_not_ask_for_the_life_event():
    assert not guide_words.wants_together("社保卡丢了")


def test_a_clause_the_citizen_says_is_not_the_need_is_dropped():
    read = guide_words.standard("我不是要办低保,我是想问高龄补贴")[0]
    assert "低保" not in read and "高龄补贴" in read


def test_a_not_that_no_later_clause_corrects_is_kept():
    assert "低保" in guide_words.standard("是不是要先办低保")[0]


def test_a_shop_opened_with_what_it_sells_in_between_is_read_as_opening_a_shop():
    assert "开店" in guide_words.rejoin("开个卖衣服的店要办啥证")


def test_look_alike_slips_are_read_only_inside_the_words_they_spoil():
    assert guide_words.standard("自己两亩薄地,户口薄己经丢了")[0] == "自己两亩薄地,户口簿已经丢了"


@pytest.mark.parametrize(("said", "word"), [("幺儿", "儿子"), ("咋整", "怎么办"), ("那口子", "老伴"), ("冇得", "没有")])
def test_more_dialect_words_are_read_as_standard_words(said, word):
    assert guide_words.standard(f"我{said}")[0] == f"我{word}"
