"""Search over a site's published guides: substring matching that works for Chinese, synonyms,
AND across terms, ranking (R-11, R-62)."""

import pytest

from yichuang.catalog import selectors, services
from yichuang.catalog.tests.factories import publishable_draft
from yichuang.catalog.tests.guide_factories import bundle, publish_item, synonym, township  # noqa: F401
from yichuang.org.tests.factories import DepartmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def site():
    return township()


@pytest.fixture
def dept(site):
    return DepartmentFactory(site=site, name="社会事务办")


@pytest.fixture
def add(site, dept):
    def add(name, keywords="", **kw):
        return publish_item(
            site,
            department=kw.pop("department", dept),
            name=name,
            keywords=keywords,
            result_name=kw.pop("result_name", "办理结果"),
            **kw,
        )

    return add


@pytest.fixture
def synonyms():
    synonym("社保", "社会保障 社会保险")
    synonym("医保", "医疗保险 医疗保障")
    synonym("低保", "最低生活保障")


def names(site, q, limit=50):
    return [row["name"] for row in selectors.search_site_items(site, q, limit)]


def test_shebao_finds_an_item_named_social_security_card_through_a_synonym(site, add, synonyms):
    add("社会保障卡申领")
    assert names(site, "社保") == ["社会保障卡申领"]


def test_shebao_finds_an_item_whose_keywords_contain_it(site, add):
    add("灵活就业人员参保登记", keywords="社保 参保")
    assert names(site, "社保") == ["灵活就业人员参保登记"]


def test_yibao_finds_medical_insurance_items_through_a_synonym(site, add, synonyms):
    add("医疗保险参保登记")
    add("城乡居民医疗保障待遇申请")
    add("居住证申领")
    assert sorted(names(site, "医保")) == sorted(["城乡居民医疗保障待遇申请", "医疗保险参保登记"])


def test_every_term_must_match(site, add, synonyms):
    add("医疗保险凭证补办")
    add("医疗保险参保登记")
    add("居住证补办")
    assert names(site, "医保 补办") == ["医疗保险凭证补办"]


def test_dibao_finds_minimum_living_allowance(site, add, synonyms):
    add("最低生活保障申请")
    add("特困人员救助供养")
    assert names(site, "低保") == ["最低生活保障申请"]


def test_a_synonym_inside_a_longer_word_is_expanded_too(site, add, synonyms):
    add("社会保障卡补领")
    assert names(site, "社保卡") == ["社会保障卡补领"]


def test_name_matches_rank_before_keyword_matches_before_the_rest_then_by_name(site, add):
    add("其他部门的结果", result_name="营业执照副本")
    add("个体户开业指导", keywords="营业执照")
    add("营业执照遗失补领")
    add("营业执照变更登记")
    assert names(site, "营业执照") == ["营业执照变更登记", "营业执照遗失补领", "个体户开业指导", "其他部门的结果"]


def test_an_empty_query_gives_the_full_list(site, add):
    # Names that sort alike by code point and by pinyin, so the test holds under any collation.
    for n in ("证明C", "证明A", "证明B"):
        add(n)
    expected = ["证明A", "证明B", "证明C"]
    assert names(site, "") == expected
    assert names(site, "   ") == expected
    assert names(site, None) == expected


def test_queries_are_trimmed_lowered_deduplicated_and_capped():
    assert selectors.parse_query("  社保  社保 ＩＣＰ ") == ["社保", "icp"]
    assert selectors.parse_query("一 二 三 四 五 六 七") == ["一", "二", "三", "四", "五"]
    assert len(selectors.parse_query("长" * 80)[0]) == selectors.MAX_QUERY_CHARS


def test_latin_letters_match_regardless_of_case_and_width(site, add):
    add("ICP备案核验")
    assert names(site, "icp") == names(site, "ＩＣＰ") == ["ICP备案核验"]


def test_like_wildcards_in_a_query_are_literal(site, add):
    add("出生医学证明办理")
    assert names(site, "%") == [] and names(site, "_") == []


def test_basic_code_and_department_name_are_searchable(site, add):
    police = DepartmentFactory(site=site, name="派出所")
    item = add("居住证申领", department=police)
    add("低保申请")
    assert names(site, "派出所") == ["居住证申领"]
    assert names(site, item.item.basic_code.lower()) == ["居住证申领"]


def test_search_sees_only_this_sites_published_items(site, add, dept):
    add("出生医学证明办理")
    publish_item(township(), name="出生登记(别的镇)")
    services.create_draft("GDDRAFT00009", publishable_draft(department=dept, name="出生草稿"))
    retired = add("出生旧事项")
    services.retire(retired.version)
    assert names(site, "出生") == ["出生医学证明办理"]


def test_the_limit_is_respected(site, add):
    for i in range(5):
        add(f"津贴申请{i}")
    assert len(names(site, "津贴", limit=3)) == 3


def test_a_search_costs_one_query_whatever_the_number_of_terms(site, add, synonyms, django_assert_num_queries):
    add("医疗保险凭证补办")
    selectors.search_site_items(site, "医保", 50)  # fills the synonym cache
    with django_assert_num_queries(1):
        selectors.search_site_items(site, "医保 补办 凭证 医疗 保险", 50)


def test_life_events_are_found_by_name_and_by_keywords(site, add):
    item = add("新生儿户口登记")
    bundle("birth", "出生一件事", [item.item], keywords="生孩子 新生儿")
    bundle("retire", "退休一件事", [add("退休审批").item])
    assert [b.code for b in selectors.search_bundles(site, "出生")] == ["birth"]
    assert [b.code for b in selectors.search_bundles(site, "生孩子")] == ["birth"]
    assert selectors.search_bundles(site, "") == []


def test_search_page_shows_matching_life_events_and_items(client, site, add, synonyms):
    item = add("社会保障卡申领")
    bundle("card", "社保卡一件事", [item.item])
    html = client.get(f"/guide/{site.code}/", {"q": "社保"}).content.decode()
    assert "相关的一件事" in html and "社保卡一件事" in html
    assert "找到1个事项" in html and "社会保障卡申领" in html


def test_search_page_says_so_when_nothing_matches(client, site, add):
    add("居住证申领")
    html = client.get(f"/guide/{site.code}/", {"q": "火星移民"}).content.decode()
    assert "没有找到与“火星移民”有关的事项" in html
