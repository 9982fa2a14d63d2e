from django.core.management.base import BaseCommand, CommandError

from yichuang.catalog.excel import export_workbook
from yichuang.common.errors import DomainError


class Command(BaseCommand):
    help = "把事项目录(事项版本、申请材料、收费、环节、特别程序、条件、实施清单、一件事)导出为 Excel 工作簿,可修改后再用 import_catalog 导入。"

    def add_arguments(self, parser):
        parser.add_argument("path", metavar="FILE.xlsx", help="要写入的 Excel 文件路径")
        parser.add_argument("--published-only", action="store_true", help="只导出已发布的版本(不含草稿和已废止版本)")
        parser.add_argument("--site", metavar="CODE", help="只导出该站点(站点编码)实施清单中的事项")

    def handle(self, *args, path, published_only, site, **options):
        try:
            counts = export_workbook(path, published_only=published_only, site_code=site)
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        detail = ",".join(f"{sheet}{n}行" for sheet, n in counts.items())
        self.stdout.write(self.style.SUCCESS(f"已导出到 {path}:{detail}。"))
