import getpass
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from yichuang.catalog.exchange.importer import ImportRefused, import_file


class Command(BaseCommand):
    help = (
        "导入省级政务服务事项基本目录交换文件(JSON 或 Excel,格式见 docs/catalog-exchange.md)。"
        "任何一行有问题就逐条列出(事项/行/字段)且不写入任何数据;同一文件重复导入不写入任何数据;"
        "要素有变化的实施生成新版本(按文件所写发布或存为草稿)。"
    )

    def add_arguments(self, parser):
        parser.add_argument("path", metavar="FILE.json|FILE.xlsx")
        parser.add_argument("--dry-run", action="store_true", help="只校验并统计,不写入数据库")
        parser.add_argument("--actor", help="记入审计日志的操作人(默认为当前系统用户名)")

    def handle(self, *args, path, dry_run, actor, **options):
        show = options.get("verbosity", 1) > 0

        def progress(desc, total):
            return tqdm(desc=desc, total=total, disable=None if show else True, leave=False, dynamic_ncols=True)

        try:
            content = Path(path).read_bytes()
        except OSError as exc:
            raise CommandError(f"无法读取文件:{exc}") from exc
        try:
            report = import_file(
                Path(path).name,
                content,
                actor=actor or getpass.getuser() or "system",
                dry_run=dry_run,
                progress=progress,
            )
        except ImportRefused as exc:
            for p in exc.problems:
                self.stdout.write(f"{p.message} [{p.code}]")
            raise CommandError(f"导入失败:共{len(exc.problems)}处问题,未写入任何数据。") from exc
        self.stdout.write(self.style.SUCCESS(report.summary()))
