#!/usr/bin/env python
"""Bench: guide search over 5,000 published items at one site (requirement: p95 < 50 ms).

    .venv/bin/python bench/guide_search.py                       # throwaway SQLite under /tmp
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/yc_bench_search .venv/bin/python bench/guide_search.py --flush

Builds the data with bulk_create (search_text from ItemVersion.build_search_text(), as save()
would), then times ~500 searches through three paths: the selector, the HTML page
/guide/<site>/?q= and the API /api/v1/sites/<site>/items/?q= (Django test Client, so the
whole middleware/template/serializer stack but no network). Throttling is switched off.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yichuang.settings")
if not os.environ.get("DATABASE_URL"):
    _db = Path(tempfile.gettempdir()) / "yichuang_bench_guide_search.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{_db}{suffix}").unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{_db}"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.utils import timezone  # noqa: E402
from rest_framework.throttling import AnonRateThrottle  # noqa: E402

from yichuang.catalog import selectors  # noqa: E402
from yichuang.catalog.models import Bundle, BundleItem, Item, ItemVersion, SearchSynonym, SiteItem  # noqa: E402
from yichuang.catalog.models.choices import (  # noqa: E402
    CaseKind,
    ExerciseLevel,
    HandlingMode,
    ItemType,
    ResultType,
    ServiceObject,
    VersionStatus,
)
from yichuang.common.idnumbers import USCC_ALPHABET, uscc_check_char  # noqa: E402
from yichuang.org.models import Department, Region, Site  # noqa: E402

# Real item names of county and township centres, grouped by the department that implements them.
NAMES = {
    "县人力资源和社会保障局": [
        "社会保障卡申领",
        "社会保障卡补换",
        "社会保障卡挂失",
        "社会保障卡信息变更",
        "城乡居民基本养老保险参保登记",
        "城乡居民基本养老保险待遇申领",
        "企业职工基本养老保险关系转移接续",
        "个人权益记录查询打印",
        "灵活就业人员参保登记",
        "失业保险金申领",
        "就业创业证申领",
        "职业技能等级认定",
        "工伤认定申请",
        "劳动能力鉴定申请",
        "退休审批",
        "养老保险待遇资格认证",
        "丧葬补助金申领",
        "高校毕业生就业见习补贴",
        "创业担保贷款申请",
        "劳动保障监察投诉",
    ],
    "县医疗保障局": [
        "城乡居民基本医疗保险参保登记",
        "医疗保险关系转移接续",
        "异地就医备案",
        "医疗费用手工报销",
        "门诊慢特病待遇认定",
        "生育保险待遇申领",
        "医疗保险凭证补办",
        "医疗救助申请",
        "医保电子凭证激活",
        "职工医保个人账户家庭共济",
    ],
    "县民政局": [
        "最低生活保障申请",
        "特困人员救助供养",
        "临时救助申请",
        "高龄津贴申请",
        "残疾人两项补贴",
        "孤儿基本生活费发放",
        "内地居民婚姻登记",
        "婚姻登记档案查询",
        "补领婚姻登记证",
        "殡葬补贴申领",
        "养老机构备案",
        "社会团体成立登记",
        "老年人优待证办理",
        "困境儿童基本生活保障",
        "经济困难老年人服务补贴",
    ],
    "县公安局": [
        "居民身份证申领",
        "居民身份证换领",
        "居民身份证补领",
        "临时居民身份证申领",
        "出生登记",
        "死亡注销户口",
        "户口迁移",
        "户口簿补领",
        "居住证申领",
        "居住证签注",
        "无犯罪记录证明",
        "机动车驾驶证换证",
        "机动车登记",
        "出入境证件申请",
        "港澳通行证签注",
        "亲属关系证明",
    ],
    "县市场监督管理局": [
        "个体工商户设立登记",
        "个体工商户变更登记",
        "个体工商户注销登记",
        "企业设立登记",
        "企业变更登记",
        "企业注销登记",
        "营业执照遗失补领",
        "食品经营许可",
        "食品小作坊登记",
        "小餐饮登记",
        "药品零售经营许可",
        "特种设备使用登记",
        "计量器具强制检定",
        "农民专业合作社设立登记",
        "电子营业执照下载",
    ],
    "县卫生健康局": [
        "出生医学证明办理",
        "出生医学证明补发",
        "生育登记",
        "再生育审批",
        "计划生育家庭特别扶助",
        "农村部分计划生育家庭奖励扶助",
        "医师执业注册",
        "护士执业注册",
        "公共场所卫生许可",
        "母婴保健技术服务执业许可",
        "预防接种证办理",
        "独生子女父母光荣证",
    ],
    "县自然资源和规划局": [
        "农村宅基地申请",
        "乡村建设规划许可",
        "建设用地规划许可",
        "不动产首次登记",
        "不动产转移登记",
        "不动产抵押登记",
        "不动产登记资料查询",
        "临时用地审批",
        "采矿权登记",
        "土地复垦验收",
    ],
    "县住房和城乡建设局": [
        "住房公积金提取",
        "住房公积金贷款",
        "公共租赁住房申请",
        "农村危房改造补助",
        "建筑工程施工许可",
        "商品房预售许可",
        "燃气经营许可",
        "城市道路占用挖掘许可",
        "房屋安全鉴定",
        "物业服务企业备案",
    ],
    "县农业农村局": [
        "农机购置补贴",
        "耕地地力保护补贴",
        "动物防疫条件合格证",
        "农药经营许可",
        "种子生产经营许可",
        "渔业捕捞许可",
        "农村土地承包经营权证补办",
        "生猪调出大县奖励",
        "兽药经营许可",
        "农作物秸秆综合利用补贴",
    ],
    "县教育局": [
        "义务教育入学登记",
        "教师资格认定",
        "学前教育资助",
        "普通高中国家助学金",
        "民办学校设立审批",
        "学历证明补办",
        "转学申请",
        "中等职业教育免学费",
    ],
    "县税务局": [
        "个人所得税汇算清缴",
        "增值税发票领用",
        "税务登记",
        "完税证明开具",
        "车辆购置税申报",
        "房产税申报",
        "契税申报",
        "社会保险费缴纳",
        "城乡居民医保缴费",
        "灵活就业社保缴费",
    ],
    "县退役军人事务局": [
        "退役军人优待证申领",
        "伤残抚恤关系转移",
        "烈士褒扬金发放",
        "退役士兵自主就业一次性经济补助",
        "优抚对象医疗保障",
        "光荣牌悬挂",
        "退役军人创业贷款贴息",
    ],
    "县残疾人联合会": [
        "残疾人证新办",
        "残疾人证换领",
        "残疾人证迁移",
        "残疾人辅助器具适配",
        "残疾儿童康复救助",
        "残疾人就业创业补贴",
    ],
    "县交通运输局": [
        "道路运输从业资格证",
        "网络预约出租汽车驾驶员证",
        "道路货物运输经营许可",
        "超限运输车辆行驶公路许可",
        "农村客运班线审批",
        "船舶登记",
    ],
    "县文化广电旅游体育局": [
        "营业性演出审批",
        "娱乐场所经营许可",
        "网吧经营许可",
        "旅行社设立许可",
        "体育类校外培训机构审批",
        "文物保护单位修缮审批",
    ],
    "镇社会事务办": [
        "独生子女父母奖励费",
        "残疾人生活补贴初审",
        "低保家庭经济状况核对",
        "村民建房初审",
        "困难群众节日慰问",
        "临时救助初审",
        "高龄老人生日慰问",
        "困难残疾人护理补贴",
        "城乡居民养老保险缴费档次变更",
        "医保参保信息变更",
        "新生儿参保登记",
        "社保待遇领取资格认证",
    ],
}
SUFFIXES = [
    "",
    "(个人)",
    "(单位)",
    "(变更)",
    "(注销)",
    "(补办)",
    "(延续)",
    "(查询)",
    "(年度审核)",
    "(跨省通办)",
    "(全程网办)",
    "(村级代办)",
    "(预约办理)",
    "(首次申请)",
    "(迁入)",
    "(迁出)",
    "(更正)",
    "(恢复)",
    "(撤销)",
    "(证明开具)",
    "(材料补正)",
    "(帮办代办)",
    "(线下办理)",
    "(异地办理)",
    "(企业)",
    "(团体)",
]
KEYWORDS = {
    "社会保障": "社保 社会保险",
    "养老保险": "社保 养老",
    "医疗保险": "医保",
    "医疗保障": "医保",
    "医保": "医保",
    "最低生活保障": "低保",
    "低保": "低保",
    "营业执照": "执照 开店",
    "个体工商户": "个体户 营业执照 开店",
    "出生": "新生儿 生孩子",
    "生育": "生孩子",
    "户口": "户籍",
    "身份证": "身份证 证件",
    "残疾": "残疾 残联",
    "宅基地": "建房",
    "公积金": "公积金",
}
SYNONYMS = {
    "社保": "社会保障 社会保险",
    "医保": "医疗保险 医疗保障",
    "低保": "最低生活保障",
    "营业执照": "个体工商户 企业设立",
    "出生": "新生儿 生育",
    "户口": "户籍",
    "执照": "营业执照",
}
QUERIES = ["社保", "医保 补办", "低保", "营业执照", "出生", "火星移民", "", "户口 迁移", "养老", "残疾人证"]
TYPES = [ItemType.LICENSING, ItemType.BENEFIT, ItemType.CONFIRMATION, ItemType.PUBLIC_SERVICE, ItemType.FILING]
PATHS = ("selector", "html", "api")
LEGAL_BASIS = (
    "《中华人民共和国行政许可法》第二十九条、第三十条、第三十二条、第三十四条;《国务院关于在线政务服务的若干规定》"
    "第九条;《浙江省保障“最多跑一次”改革规定》第十二条、第十五条;《基准县政务服务事项实施清单管理办法》第六条。"
) * 2
CONDITIONS = (
    "一、申请人为本县户籍或持有本县有效居住证的居民;二、申请材料齐全、符合法定形式;三、申请事项属于本机关职权范围;"
    "四、不存在法律、法规规定不予受理的其他情形;五、委托他人代办的,应提交授权委托书及受托人身份证明。"
) * 2
PROCEDURE = (
    "申请人通过窗口或网上提交申请,综合受理窗口当场核对材料并出具受理通知书或一次性告知书;"
    "后台审批人员审核材料,必要时组织现场核查;审核通过后作出决定,统一窗口出件或快递送达。"
) * 2


def uscc(n: int) -> str:
    body = "12" + "339900" + "".join(USCC_ALPHABET[(n // 31**i) % 31] for i in range(9))
    return body + uscc_check_char(body)


def build(n_items: int) -> Site:
    region = Region.objects.create(code="339900000000", name="基准县", level=Region.Level.COUNTY)
    site = Site.objects.create(
        code=region.code,
        name="基准县人民政府政务服务中心",
        level=Site.Level.COUNTY,
        region=region,
        address="基准县人民路1号",
        hours="周一至周五 8:30-17:30",
        phone="0570-12345678",
    )
    depts = {name: Department.objects.create(name=name, credit_code=uscc(i), site=site) for i, name in enumerate(NAMES)}
    bases = [(dept, name) for dept, names in NAMES.items() for name in names]
    SearchSynonym.objects.bulk_create(SearchSynonym(term=t, expansions=e) for t, e in SYNONYMS.items())
    items = Item.objects.bulk_create(Item(basic_code=f"BENCH{i:07d}") for i in range(n_items))
    now, versions = timezone.now(), []
    for i, item in enumerate(items):
        dept, base = bases[i % len(bases)]
        suffix = SUFFIXES[(i // len(bases)) % len(SUFFIXES)]
        cycle = i // (len(bases) * len(SUFFIXES))
        name = f"{base}{suffix}" + (f"(第{cycle + 1}类)" if cycle else "")
        keywords = " ".join(dict.fromkeys(" ".join(v for k, v in KEYWORDS.items() if k in name).split()))
        # Real versions carry long texts (basis, conditions, procedure); a search scans those rows,
        # so the bench gives them realistic lengths rather than one short sentence each.
        v = ItemVersion(
            item=item,
            number=1,
            status=VersionStatus.PUBLISHED,
            published_at=now,
            name=name,
            item_type=TYPES[i % len(TYPES)],
            legal_basis=LEGAL_BASIS,
            exercise_level=ExerciseLevel.COUNTY,
            department=depts[dept],
            service_object=ServiceObject.PERSON,
            keywords=keywords,
            statutory_days=20,
            promised_days=5,
            case_kind=CaseKind.PROMISED,
            conditions=CONDITIONS,
            procedure=PROCEDURE,
            handling_mode=HandlingMode.DEPARTMENT,
            has_fees=False,
            result_type=ResultType.OTHER,
            location="政务服务中心一楼综合受理区",
            hours="周一至周五 8:30-17:30",
            result_name=f"{base}结果",
            consult_phone="0570-12345678",
            complaint_phone="12345",
            review_body="基准县人民政府",
            litigation_body="基准县人民法院",
        )
        v.search_text = v.build_search_text()
        versions.append(v)
    ItemVersion.objects.bulk_create(versions, batch_size=1000)
    SiteItem.objects.bulk_create(
        (SiteItem(site=site, item=v.item, version=v, filed_at=now) for v in versions), batch_size=1000
    )
    for code, name, words in [
        ("birth", "出生一件事", "新生儿 生孩子"),
        ("retire", "退休一件事", "养老"),
        ("open-shop", "开店一件事", "营业执照 个体户"),
    ]:
        b = Bundle.objects.create(code=code, name=name, description=name, keywords=words, is_published=True)
        BundleItem.objects.bulk_create(BundleItem(bundle=b, item=items[k], order=k) for k in range(3))
    return site


def pct(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def run(site: Site, rounds: int) -> dict:
    client = Client()
    calls = {
        "selector": lambda q: selectors.search_site_items(site, q, selectors.DEFAULT_LIMIT),
        "html": lambda q: check(client.get(f"/guide/{site.code}/", {"q": q} if q else {})),
        "api": lambda q: check(client.get(f"/api/v1/sites/{site.code}/items/", {"q": q})),
    }
    for q in QUERIES:  # warm-up: templates compiled, connections open, caches filled
        for call in calls.values():
            call(q)
    samples = {path: {q: [] for q in QUERIES} for path in PATHS}
    for r in range(rounds):
        q = QUERIES[r % len(QUERIES)]
        for path, call in calls.items():
            samples[path][q].append(timed(lambda: call(q)))
    return samples


def check(response):
    assert response.status_code == 200, (response.status_code, response.content[:300])
    return response


def report(samples: dict, n_items: int) -> None:
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    print(
        f"\nDatabase: {connection.vendor}  items: {n_items}  searches per path: "
        f"{sum(len(v) for v in samples['selector'].values())}  (load average {load} on {os.cpu_count()} CPUs)"
    )
    print(f"{'path':<10}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}   (all queries)")
    for path in PATHS:
        flat = [x for xs in samples[path].values() for x in xs]
        print(f"{path:<10}{pct(flat, 50):>9.1f}{pct(flat, 95):>9.1f}{pct(flat, 99):>9.1f}")
    print("\np95 ms per query (html with an empty query renders the whole list, grouped by department):")
    print(f"{'query':<14}" + "".join(f"{p:>10}" for p in PATHS) + f"{'results':>9}")
    for q in QUERIES:
        count = selectors.search_queryset(Site.objects.get(code="339900000000"), q).count()
        print(f"{(q or '(empty)'):<14}" + "".join(f"{pct(samples[p][q], 95):>10.1f}" for p in PATHS) + f"{count:>9}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=500)
    parser.add_argument(
        "--flush", action="store_true", help="empty a non-empty database first (it must be a throwaway one)"
    )
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    if Item.objects.exists() or Site.objects.exists():
        if not args.flush:
            sys.exit(
                f"{settings.DATABASES['default']['NAME']} already holds data; use a throwaway database or --flush."
            )
        call_command("flush", interactive=False, verbosity=0)
    started = time.perf_counter()
    site = build(args.items)
    with connection.cursor() as cursor:
        # A live database has planner statistics (autovacuum); without them PostgreSQL guesses
        # "1 row" after a bulk load and picks nested loops that are 10x slower.
        cursor.execute("ANALYZE")
    print(f"built {args.items} published items in {time.perf_counter() - started:.1f}s")
    site_static = ROOT / "yichuang" / "static"
    overrides = dict(
        STORAGES={
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
        STATICFILES_DIRS=[*getattr(settings, "STATICFILES_DIRS", []), site_static],
        YICHUANG={**settings.YICHUANG, "GUIDE_SEARCH_RATE": ""},
    )
    AnonRateThrottle.THROTTLE_RATES = {"anon": None}  # a None rate lets every request through
    with override_settings(**overrides):
        report(run(site, args.rounds), args.items)


if __name__ == "__main__":
    main()
