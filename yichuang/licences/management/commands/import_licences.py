"""Bulk-import a county's existing licences (CSV or .xlsx) into the licence store."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from yichuang.common.errors import DomainError
from yichuang.licences.importing import import_licences, read_rows
from yichuang.licences.models import LicenceImport


class Command(BaseCommand):
    help = "从CSV或Excel批量导入本县已有的电子证照;任一行有误则全部不导入。"

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV(UTF-8)或 .xlsx 文件")
        parser.add_argument("--actor", default="command:import_licences", help="记入审计日志的操作人")

    def handle(self, *args, file, actor, **options):
        path = Path(file)
        try:
            with transaction.atomic():
                count = import_licences(read_rows(path.name, path.read_bytes()), actor=actor)
                LicenceImport.objects.create(file_name=path.name[:200], rows=count, actor=actor)
        except OSError as err:
            raise CommandError(f"无法读取文件:{err.strerror}") from None
        except DomainError as err:
            raise CommandError("未导入任何证照:\n" + "\n".join(p.message for p in err.problems)) from None
        self.stdout.write(f"已导入{count}张证照。")
