"""Bench: import and export a generated catalogue workbook (issue 2 §5: 5,000 items < 30 s).

    .venv/bin/python bench/catalog_import.py [--items 5000]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/yc_bench_import .venv/bin/python bench/catalog_import.py

Runs against a throwaway database: a fresh SQLite file under /tmp unless DATABASE_URL is set.
A DATABASE_URL database is migrated and FLUSHED — never point this at real data.
"""

import argparse
import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SUBJECTS = [
    "个体工商户",
    "农村宅基地",
    "高龄老人",
    "残疾人",
    "食品经营",
    "生育",
    "最低生活保障",
    "临时救助",
    "城乡居民养老保险",
    "城乡居民医疗保险",
    "建设工程",
    "户外广告",
    "林木采伐",
    "取水",
    "农机",
    "动物防疫",
    "犬只",
    "再生育",
    "退役军人",
    "殡葬",
]
ACTIONS = ["设立登记", "变更登记", "注销登记", "许可", "审批", "待遇申领", "资格认定", "备案", "证明开具", "补贴发放"]
PROOFS = [
    "营业执照",
    "不动产权证书",
    "结婚证",
    "残疾人证",
    "医学证明",
    "村(居)委会出具的情况说明",
    "施工图纸",
    "检测报告",
]


def parse_args():
    parser = argparse.ArgumentParser(description="事项目录 Excel 导入/导出性能测试")
    parser.add_argument("--items", type=int, default=5000, help="生成的事项数(默认5000)")
    parser.add_argument(
        "--sqlite", default="/tmp/yc_bench_import.sqlite3", help="未设置 DATABASE_URL 时使用的 SQLite 文件"
    )
    return parser.parse_args()


def setup_django(args) -> str:
    if "DATABASE_URL" not in os.environ:
        for suffix in ("", "-wal", "-shm"):
            Path(args.sqlite + suffix).unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{args.sqlite}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "yichuang.settings"
    sys.path.insert(0, str(REPO))
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    from django.db import connection

    return connection.vendor


def make_org():
    from yichuang.common.idnumbers import USCC_ALPHABET, uscc_check_char
    from yichuang.org.models import Department, Region, Site

    county = Region.objects.create(code="330999000000", name="示范县", level=Region.Level.COUNTY)
    town = Region.objects.create(code="330999101000", name="城关镇", level=Region.Level.TOWNSHIP, parent=county)
    site = Site.objects.create(
        code=town.code,
        name="城关镇人民政府便民服务中心",
        level=Site.Level.TOWNSHIP,
        region=town,
        address="城关镇政府大院",
        hours="工作日 8:30-17:30",
        phone="0570-1234567",
    )
    departments = []
    for n, name in enumerate(["社会事务办", "市场监管所", "自然资源所", "农业农村办", "退役军人服务站"]):
        body = "12330000" + "".join(USCC_ALPHABET[(n * 7 + k) % 31] for k in range(9))
        departments.append(
            Department.objects.create(
                name=f"城关镇{name}",
                credit_code=body + uscc_check_char(body),
                site=site,
                supervising_department="示范县人民政府",
            )
        )
    return site, departments


def generate(n: int, site, departments) -> tuple[bytes, int]:
    """A workbook in the export format, written with the exporter's own sheet writer."""
    import io

    from openpyxl import Workbook

    from yichuang.catalog.excel.columns import BUNDLES, FEES, ITEMS, MATERIALS, PROCEDURES, RULES, SITE_ITEMS, STEPS
    from yichuang.catalog.excel.exporter import write_sheet

    rows = {spec.name: [] for spec in (ITEMS, MATERIALS, FEES, STEPS, PROCEDURES, RULES, SITE_ITEMS)}
    for i in range(n):
        code, dept = f"3309{i:08d}", departments[i % len(departments)]
        subject, action = SUBJECTS[i % len(SUBJECTS)], ACTIONS[(i // len(SUBJECTS)) % len(ACTIONS)]
        published, instant, charged = i % 5 != 0, i % 10 == 1, i % 3 == 0
        key = {"basic_code": code, "number": 1}
        rows[ITEMS.name].append(
            {
                **key,
                "status": "published" if published else "draft",
                "name": f"{subject}{action}",
                "item_type": "01" if action.endswith(("登记", "许可", "审批")) else "20",
                "exercise_level": "township",
                "legal_basis": f"《{subject}管理办法》第{i % 40 + 1}条",
                "power_source": "法定本级行使",
                "department_code": dept.credit_code,
                "service_object": "person" if i % 2 else "both",
                "keywords": f"{subject} {action}",
                "statutory_days": 20,
                "promised_days": 0 if instant else 5,
                "case_kind": "instant" if instant else "promised",
                "conditions": f"符合{subject}{action}条件的申请人。",
                "procedure": "申请—受理—审核—决定—送达",
                "handling_mode": "department",
                "has_fees": charged,
                "result_type": "approval",
                "result_name": f"{subject}{action}决定书",
                "consult_phone": "0570-1234567",
                "complaint_phone": "12345",
                "review_body": "示范县人民政府",
                "litigation_body": "示范县人民法院",
                "location": site.name,
                "hours": site.hours,
                "online_depth": i % 6,
                "visits_required": i % 2,
            }
        )
        for k, (name, extra) in enumerate(
            [
                ("居民身份证", {"source": "government", "issuing_body": "公安机关"}),
                (f"{subject}{action}申请表", {}),
                (PROOFS[i % len(PROOFS)], {"kind": "copy"}),
                ("户口簿", {"necessity": "deferrable"}),
            ],
            start=1,
        ):
            rows[MATERIALS.name].append({**key, "order": k, "name": name, **extra})
        if charged:
            rows[FEES.name].append(
                {**key, "order": 1, "name": "工本费", "standard": "10元/证", "basis": "发改价格〔2017〕1186号"}
            )
        for k, (name, days) in enumerate(
            [("受理", 0), ("审核", 0 if instant else 2), ("决定", 0 if instant else 2)], 1
        ):
            rows[STEPS.name].append({**key, "order": k, "name": name, "days": days, "actor": dept.name})
        if i % 5 == 2:
            rows[PROCEDURES.name].append({**key, "order": 1, "kind": "site_inspection", "max_days": 5})
        rows[RULES.name].append(
            {
                **key,
                "order": 1,
                "expression": f"applicant.age >= {18 + i % 60}",
                "sentence": f"申请人年满{18 + i % 60}周岁",
            }
        )
        if published:
            rows[SITE_ITEMS.name].append({"site_code": site.code, **key, "is_active": True})
    book = Workbook(write_only=True)
    total = sum(
        write_sheet(book, spec, rows[spec.name])
        for spec in (ITEMS, MATERIALS, FEES, STEPS, PROCEDURES, RULES, SITE_ITEMS)
    )
    write_sheet(book, BUNDLES, [])
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue(), total


def main():
    args = parse_args()
    vendor = setup_django(args)
    from yichuang.catalog.excel import export_workbook, import_workbook

    site, departments = make_org()
    t = time.perf_counter()
    data, rows = generate(args.items, site, departments)
    path = Path(f"/tmp/yc_bench_catalog_{args.items}.xlsx")
    path.write_bytes(data)
    print(
        f"数据库 {vendor};生成 {args.items} 个事项、{rows} 行的工作簿 {path}({len(data) / 1e6:.1f} MB)"
        f" 用时 {time.perf_counter() - t:.1f} 秒"
    )

    report, seconds, cpu = timed(import_workbook, path)
    print(
        f"导入:{seconds:.1f} 秒(本进程 CPU {cpu:.1f} 秒),{args.items / seconds:.0f} 个事项/秒,"
        f"写入 {report.rows_written} 行 — {report.summary()}"
    )
    report, seconds, cpu = timed(import_workbook, path)
    print(f"再次导入同一文件(已发布的不变,草稿替换):{seconds:.1f} 秒(CPU {cpu:.1f} 秒) — {report.summary()}")
    out = Path(f"/tmp/yc_bench_catalog_{args.items}_export.xlsx")
    counts, seconds, cpu = timed(export_workbook, out)
    print(f"导出:{seconds:.1f} 秒(CPU {cpu:.1f} 秒),{sum(counts.values())} 行 → {out}")
    print(
        f"(机器负载 {os.getloadavg()[0]:.1f},CPU {os.cpu_count()} 个:负载高时墙钟时间偏长;SQLite 全在本进程内,"
        "CPU 时间更可比;PostgreSQL 服务端的时间不计入本进程 CPU。)"
    )


def timed(func, *args):
    """Wall-clock and this process's CPU seconds: on a shared machine the second is steadier."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = func(*args)
    return result, time.perf_counter() - wall, time.process_time() - cpu


if __name__ == "__main__":
    main()
