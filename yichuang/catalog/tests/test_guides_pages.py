"""Public guide pages (R-11, R-12, R-16, R-62): what a citizen sees without logging in."""

import re
from html import unescape
from html.parser import HTMLParser

import pytest
from django.utils.html import escape

from yichuang.catalog import guide, services
from yichuang.catalog.tests.guide_factories import bundle, county, full_draft, material, publish_item, township, village  # noqa: F401
from yichuang.org.tests.factories import DepartmentFactory

pytestmark = pytest.mark.django_db


class Outline(HTMLParser):
    """Headings, landmarks, labels and external references of a page."""

    def __init__(self):
        super().__init__()
        self.headings, self.tags, self.label_for, self.fields, self.refs = [], [], set(), [], []
        self.lang = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append(tag)
        if tag == "html":
            self.lang = a.get("lang")
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if tag == "label":
            self.label_for.add(a.get("for"))
        if tag in {"input", "select", "textarea"} and a.get("type") not in {"hidden", "submit"}:
            self.fields.append(a.get("id"))
        if tag in {"script", "img"} and a.get("src"):
            self.refs.append(a["src"])
        if tag == "link" and a.get("href"):
            self.refs.append(a["href"])


def outline(response) -> Outline:
    parser = Outline()
    parser.feed(response.content.decode())
    return parser


@pytest.fixture
def site():
    return township()


@pytest.fixture
def dept(site):
    return DepartmentFactory(site=site, name="社会事务办")


def page(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, response.content.decode()[:500]
    return response.content.decode()


def test_the_front_door_links_to_the_guide_index(client):
    assert 'href="/guide/"' in page(client, "/")


def test_index_groups_sites_county_then_townships_then_villages(client):
    home = county()
    town = township(parent=home)
    station = village(town, "东村")
    html = page(client, "/guide/")
    assert html.index(home.name) < html.index(town.name) < html.index(station.name)
    assert "下辖1个村(社区)便民服务站" in html
    assert 'id="search-q"' in html


def test_index_search_box_sends_the_citizen_to_the_chosen_sites_results(client, site):
    response = client.get("/guide/search/", {"site": site.code, "q": " 低保 "})
    assert response.status_code == 302
    assert response["Location"] == f"/guide/{site.code}/?q=%E4%BD%8E%E4%BF%9D"


def test_site_page_groups_published_items_by_department(client, site, dept):
    other = DepartmentFactory(site=site, name="派出所")
    publish_item(site, department=dept, name="高龄津贴申请")
    permit = publish_item(site, department=other, name="居住证申领")
    publish_item(site, department=dept, name="低保申请")
    html = page(client, f"/guide/{site.code}/")
    police, social = html.index(">派出所<"), html.index(">社会事务办<")
    assert police < html.index("居住证申领") < social < html.index("低保申请") < html.index("高龄津贴申请")
    assert f'href="/guide/{site.code}/items/{permit.item.basic_code}/"' in html


def test_a_large_site_lists_departments_first_and_one_departments_items_per_page(client, site, dept, monkeypatch):
    from yichuang.catalog import selectors

    monkeypatch.setattr(selectors, "FULL_LIST_MAX", 2)
    police = DepartmentFactory(site=site, name="派出所")
    publish_item(site, department=dept, name="高龄津贴申请")
    publish_item(site, department=dept, name="低保申请")
    publish_item(site, department=police, name="居住证申领")
    html = page(client, f"/guide/{site.code}/")
    assert f'href="?dept={police.pk}"' in html and "社会事务办(2)" in html and "居住证申领" not in html
    html = page(client, f"/guide/{site.code}/?dept={police.pk}")
    assert "居住证申领" in html and "低保申请" not in html


def test_draft_versions_never_appear(client, site, dept):
    draft = services.create_draft("GDDRAFT00001", full_draft(dept, name="草稿事项不公开"))
    html = page(client, f"/guide/{site.code}/")
    assert "草稿事项不公开" not in html
    page(client, f"/guide/{site.code}/items/{draft.item.basic_code}/", status=404)


def test_a_retired_version_never_appears(client, site, dept):
    site_item = publish_item(site, department=dept, name="已废止的事项")
    services.retire(site_item.version)
    assert "已废止的事项" not in page(client, f"/guide/{site.code}/")
    page(client, f"/guide/{site.code}/items/{site_item.item.basic_code}/", status=404)


def test_a_revised_item_shows_only_its_new_version(client, site, dept):
    site_item = publish_item(site, department=dept, name="旧名称事项")
    draft = services.revise(site_item.item)
    draft.name = "新名称事项"
    draft.save()
    services.publish(draft)
    html = page(client, f"/guide/{site.code}/")
    assert "新名称事项" in html and "旧名称事项" not in html


def test_an_item_withdrawn_from_the_sites_list_does_not_appear(client, site, dept):
    site_item = publish_item(site, department=dept, name="暂停公布的事项")
    site_item.is_active = False
    site_item.save()
    assert "暂停公布的事项" not in page(client, f"/guide/{site.code}/")


def test_another_sites_items_do_not_appear(client, site, dept):
    other = township()
    item = publish_item(other, name="别的中心的事项")
    assert "别的中心的事项" not in page(client, f"/guide/{site.code}/")
    page(client, f"/guide/{site.code}/items/{item.item.basic_code}/", status=404)


@pytest.mark.parametrize("suffix", ["", "print/"])
def test_item_page_and_print_page_show_every_value_of_the_guide_document(client, site, dept, suffix):
    site_item = publish_item(site, draft=full_draft(DepartmentFactory(site=site, phone="0571-80001111")))
    bundle("open-shop", "我要开店", [site_item.item])
    doc = guide.guide_document(site_item)
    html = page(client, f"/guide/{site.code}/items/{site_item.item.basic_code}/{suffix}")
    missing = []

    def walk(path, value):
        if isinstance(value, dict):
            for k, v in value.items():
                walk(f"{path}.{k}", v)
        elif isinstance(value, list):
            for i, v in enumerate(value):
                walk(f"{path}[{i}]", v)
        elif value not in (None, ""):
            for line in str(value).splitlines():
                if escape(line) not in html:
                    missing.append((path, line))

    walk("doc", doc)
    assert missing == []


def test_item_page_draws_the_flowchart_with_name_actor_and_limit_in_each_box(client, site, dept):
    site_item = publish_item(site, draft=full_draft(dept))
    html = page(client, f"/guide/{site.code}/items/{site_item.item.basic_code}/")
    boxes = re.findall(r'<div class="flow-box">(.*?)</div>', html, re.S)
    texts = [re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", b))).strip() for b in boxes]
    assert texts == [
        "第1步 受理 办理:综合受理窗口 时限:当场办理",
        "第2步 审核 办理:市场监管所 时限:2个工作日",
        "第3步 发照 办理:综合出件窗口 时限:1个工作日",
    ]
    assert '<div class="flow-note" role="note">特别程序 · 现场勘验:不超过5个工作日,不计入办理时限</div>' in html


def test_item_page_links_to_its_print_layout(client, site, dept):
    code = publish_item(site, department=dept).item.basic_code
    assert f'href="/guide/{site.code}/items/{code}/print/"' in page(client, f"/guide/{site.code}/items/{code}/")


def test_print_page_has_no_navigation_and_prints_site_name_and_date(client, site, dept):
    code = publish_item(site, department=dept).item.basic_code
    html = page(client, f"/guide/{site.code}/items/{code}/print/")
    assert "<nav" not in html and "skip-link" not in html and '<header class="site-header"' not in html
    assert site.name in html
    from django.utils import timezone

    today = timezone.localdate()
    assert f"打印日期 {today.year}年{today.month}月{today.day}日" in html
    assert "print.css" in html


def test_print_stylesheet_is_a4_black_on_white():
    from django.contrib.staticfiles import finders

    css = open(finders.find("yichuang/css/print.css"), encoding="utf-8").read()
    assert "size: A4" in css and "color: #000" in css and "background: #fff" in css


def test_bundle_tab_lists_the_sites_life_events(client, site, dept):
    item = publish_item(site, department=dept, name="新生儿户口登记").item
    bundle("birth", "出生一件事", [item])
    bundle("not-here", "别处的一件事", [publish_item(township()).item])
    html = page(client, f"/guide/{site.code}/?by=bundle")
    assert "出生一件事" in html and "别处的一件事" not in html
    assert 'aria-current="page">按一件事' in html


def test_bundle_page_lists_shared_materials_once(client, site, dept):
    a = publish_item(
        site,
        department=dept,
        name="出生医学证明办理",
        materials=[material("居民身份证", source="government", issuing_body="县公安局"), material("出生证明申请表")],
    )
    b = publish_item(
        site,
        department=dept,
        name="新生儿户口登记",
        materials=[material("居民身份证", source="government", issuing_body="县公安局"), material("结婚证")],
    )
    bundle("birth", "出生一件事", [a.item, b.item])
    html = page(client, f"/guide/{site.code}/bundles/birth/")
    assert html.count("<h3>居民身份证</h3>") == 1
    assert "出生医学证明办理、新生儿户口登记" in html
    assert "由政府部门核发,无需提交,窗口调取" in html


@pytest.mark.parametrize("where", ["list", "item", "search", "print"])
def test_a_malicious_item_name_is_escaped(client, site, dept, where):
    name = '<script>alert("x")</script>社保'
    code = publish_item(site, department=dept, name=name, keywords="社保").item.basic_code
    url = {
        "list": f"/guide/{site.code}/",
        "item": f"/guide/{site.code}/items/{code}/",
        "search": f"/guide/{site.code}/?q=社保",
        "print": f"/guide/{site.code}/items/{code}/print/",
    }[where]
    html = page(client, url)
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;社保" in html


@pytest.mark.parametrize(
    "url, message",
    [
        ("/guide/999999999999/", "没有找到编码为“999999999999”的服务中心"),
        ("/guide/{site}/items/NOSUCHITEM/", "没有公布编码为“NOSUCHITEM”的事项"),
        ("/guide/{site}/items/NOSUCHITEM/print/", "没有公布编码为“NOSUCHITEM”的事项"),
        ("/guide/{site}/bundles/no-such-event/", "没有公布编码为“no-such-event”的一件事"),
    ],
)
def test_unknown_codes_give_a_chinese_404_page(client, site, url, message):
    html = page(client, url.format(site=site.code), status=404)
    assert "找不到您要的页面" in html and message in html and 'lang="zh-CN"' in html


def test_an_inactive_site_is_not_public(client, site):
    site.is_active = False
    site.save()
    page(client, f"/guide/{site.code}/", status=404)


def test_html_search_is_rate_limited_per_ip_with_a_chinese_429_page(client, site, settings):
    settings.YICHUANG = {**settings.YICHUANG, "GUIDE_SEARCH_RATE": "3/min"}
    for _ in range(3):
        page(client, f"/guide/{site.code}/?q=社保")
    response = client.get(f"/guide/{site.code}/?q=社保")
    assert response.status_code == 429
    assert "查询太频繁" in response.content.decode() and int(response["Retry-After"]) > 0
    assert "no-store" in response["Cache-Control"] and "public" not in response["Cache-Control"]
    other_ip = client.get(f"/guide/{site.code}/?q=社保", REMOTE_ADDR="10.0.0.9")
    assert other_ip.status_code == 200


def test_behind_a_trusted_proxy_the_rate_limit_counts_the_forwarded_client_not_the_proxy(client, site, settings):
    settings.YICHUANG = {**settings.YICHUANG, "GUIDE_SEARCH_RATE": "1/min", "TRUSTED_PROXY_HOPS": 1}
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    assert client.get(f"/guide/{site.code}/?q=社保", HTTP_X_FORWARDED_FOR="1.1.1.1", **proxy).status_code == 200
    assert client.get(f"/guide/{site.code}/?q=社保", HTTP_X_FORWARDED_FOR="2.2.2.2", **proxy).status_code == 200
    # A forged left-hand entry does not buy a fresh allowance: the proxy's own entry counts.
    forged = client.get(f"/guide/{site.code}/?q=社保", HTTP_X_FORWARDED_FOR="9.9.9.9, 1.1.1.1", **proxy)
    assert forged.status_code == 429


def test_published_pages_may_be_cached_briefly_but_not_found_pages_are_not_public(client, site, dept):
    code = publish_item(site, department=dept).item.basic_code
    assert client.get(f"/guide/{site.code}/items/{code}/")["Cache-Control"] == "public, max-age=300"
    assert "public" not in client.get(f"/guide/{site.code}/items/NONE/").get("Cache-Control", "")


def test_browsing_without_a_query_is_not_rate_limited(client, site, settings):
    settings.YICHUANG = {**settings.YICHUANG, "GUIDE_SEARCH_RATE": "1/min"}
    for _ in range(3):
        page(client, f"/guide/{site.code}/")


@pytest.mark.parametrize(
    "url",
    [
        "/guide/",
        "/guide/{site}/",
        "/guide/{site}/?q=津贴",
        "/guide/{site}/?by=bundle",
        "/guide/{site}/items/{code}/",
        "/guide/{site}/items/{code}/print/",
        "/guide/{site}/bundles/birth/",
        "/guide/{site}/items/none/",
    ],
)
def test_pages_are_accessible_and_load_nothing_from_the_internet(client, site, dept, url):
    item = publish_item(site, draft=full_draft(dept, name="高龄津贴申请"))
    bundle("birth", "出生一件事", [item.item])
    response = client.get(url.format(site=site.code, code=item.item.basic_code))
    o = outline(response)
    assert o.lang == "zh-CN"
    assert o.headings.count(1) == 1 and o.headings[0] == 1
    assert all(b - a <= 1 for a, b in zip(o.headings, o.headings[1:])), o.headings
    assert "main" in o.tags
    assert all(f in o.label_for for f in o.fields), (o.fields, o.label_for)
    assert o.refs and all(r.startswith("/static/") for r in o.refs), o.refs
    if "print" not in url:
        assert {"header", "footer"} <= set(o.tags)
        assert 'class="skip-link" href="#main"' in response.content.decode()


def _luminance(hex_colour: str) -> float:
    rgb = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def _contrast(a: str, b: str) -> float:
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


@pytest.mark.parametrize("scheme", [":root", "html.high-contrast"])
def test_every_text_colour_pair_has_at_least_4_5_to_1_contrast(scheme):
    from django.contrib.staticfiles import finders

    css = open(finders.find("yichuang/css/site.css"), encoding="utf-8").read()
    block = re.search(re.escape(scheme) + r"\s*\{(.*?)\}", css, re.S).group(1)
    colours = dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{6})", block))
    pairs = [
        ("text", "bg"),
        ("muted", "bg"),
        ("link", "bg"),
        ("brand-text", "brand"),
        ("text", "panel"),
        ("muted", "panel"),
        ("link", "panel"),
        ("note", "note-bg"),
        ("ok", "ok-bg"),
        ("ok", "bg"),
    ]
    low = [
        (f, b, round(_contrast(colours[f], colours[b]), 2)) for f, b in pairs if _contrast(colours[f], colours[b]) < 4.5
    ]
    assert low == []


def test_stylesheet_sets_18px_text_27px_large_mode_and_44px_targets():
    from django.contrib.staticfiles import finders

    css = open(finders.find("yichuang/css/site.css"), encoding="utf-8").read()
    assert "html { font-size: 112.5%" in css  # 18px on a 16px browser default
    assert "html.large-text { font-size: 168.75%; }" in css  # 27px: 150% of the default 18px (issue 15 §7)
    assert "min-height: 2.75rem" in css  # 49.5px at 18px base, never below 44px
    assert ":focus-visible" in css
