"""yichuang create_ca: create the platform's seal CA (once; --rotate to replace it)."""

from django.core.management.base import BaseCommand, CommandError

from yichuang.common.errors import DomainError
from yichuang.seals import services


class Command(BaseCommand):
    help = "创建平台电子印章CA(根证书与私钥,私钥加密保存)。"

    def add_arguments(self, parser):
        parser.add_argument("--name", default="一窗通电子印章CA", help="CA 名称(证书 CN)")
        parser.add_argument("--organisation", default="一窗通政务服务平台", help="证书 O")
        parser.add_argument("--years", type=int, default=20)
        parser.add_argument("--rotate", action="store_true", help="停用现有CA并新建(旧CA仍用于验证历史文书)")
        parser.add_argument("--pem", help="把CA证书另存为此文件(供 pdfsig/Acrobat 等信任)")
        parser.add_argument("--if-missing", action="store_true", help="已有在用CA时什么也不做(用于部署脚本)")

    def handle(self, *args, name, organisation, years, rotate, pem, if_missing, **options):
        from yichuang.seals.models import CertificateAuthority

        existing = CertificateAuthority.objects.filter(is_active=True).first()
        if if_missing and existing and not rotate:
            self.stdout.write(f"已有在用的印章CA“{existing.name}”,未作修改。")
            return
        try:
            ca = services.create_ca(name, organisation, years=years, rotate=rotate, actor="create_ca")
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        if pem:
            with open(pem, "w", encoding="ascii") as f:
                f.write(ca.certificate_pem)
        self.stdout.write(f"已创建印章CA“{ca.name}”,有效期至 {ca.not_after:%Y-%m-%d},指纹 {ca.fingerprint}")
