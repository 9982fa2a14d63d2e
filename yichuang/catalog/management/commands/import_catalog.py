import getpass
import unicodedata

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from yichuang.catalog.excel import ImportRefused, import_workbook


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def error_table(errors) -> str:
    """The errors as a plain-text table (工作表 / 行 / 列 / 问题) that lines up in a terminal."""
    rows = [("工作表", "行", "列", "问题")]
    rows += [(e.sheet or "—", str(e.row or "—"), e.cell, f"{e.message} [{e.code}]") for e in errors]
    widths = [max(_width(r[i]) for r in rows) for i in range(3)]
    lines = ["  ".join(_pad(cell, widths[i]) for i, cell in enumerate(r[:3])) + "  " + r[3] for r in rows]
    lines.insert(1, "-" * min(100, sum(widths) + 6 + max(_width(r[3]) for r in rows)))
    return "\n".join(lines)


class Command(BaseCommand):
    help = (
        "从 Excel 工作簿导入事项目录。先校验整个工作簿(选项、数字、必填、引用的部门和站点、"
        "发布规则),有任何问题就逐条列出(工作表/行/列)且不写入任何数据;全部通过才在一个事务中写入。"
    )

    def add_arguments(self, parser):
        parser.add_argument("path", metavar="FILE.xlsx", help="要导入的 Excel 文件(格式同 export_catalog 的导出)")
        parser.add_argument("--dry-run", action="store_true", help="只校验,不写入数据库")
        parser.add_argument("--actor", help="记入审计日志的操作人(默认为当前系统用户名)")

    def handle(self, *args, path, dry_run, actor, **options):
        actor = actor or getpass.getuser() or "system"
        show = options.get("verbosity", 1) > 0

        def progress(**kwargs):
            # None: tqdm shows bars on a terminal only, not in logs or pipes.
            return tqdm(disable=None if show else True, leave=False, dynamic_ncols=True, **kwargs)

        try:
            report = import_workbook(path, dry_run=dry_run, actor=actor, progress=progress)
        except ImportRefused as exc:
            self.stdout.write(error_table(exc.errors))
            raise CommandError(f"导入失败:共{len(exc.errors)}处问题,未写入任何数据。请改正后重新导入。") from exc
        self.stdout.write(self.style.SUCCESS(report.summary()))
