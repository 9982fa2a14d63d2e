"""yichuang issue_seals [--site CODE] [--renew]: make the two seals of every centre that lacks them."""

from django.core.management.base import BaseCommand, CommandError

from yichuang.common.errors import DomainError
from yichuang.org.models import Site
from yichuang.seals import services
from yichuang.seals.models import SealKind


class Command(BaseCommand):
    help = "为镇(街道)便民服务中心和县级政务服务中心制作审批专用章和行政公章。"

    def add_arguments(self, parser):
        parser.add_argument("--site", help="只处理该站点编码")
        parser.add_argument("--years", type=int, default=3, help="印章证书有效年数")
        parser.add_argument("--renew", action="store_true", help="换发:注销现有印章并制作新章(须同时指定 --site)")

    def handle(self, *args, site, years, renew, **options):
        if renew and not site:
            raise CommandError("换发印章须用 --site 指定站点。")
        sites = Site.objects.filter(is_active=True, level__in=services.SEALING_LEVELS)
        if site:
            sites = Site.objects.filter(code=site)
            if not sites.exists():
                raise CommandError(f"没有编码为 {site} 的站点。")
        made = 0
        for target in sites.order_by("code"):
            try:
                if renew:
                    seals = [
                        services.issue_seal(target, kind, years=years, renew=True, actor="issue_seals")
                        for kind in SealKind.values
                    ]
                else:
                    seals = services.issue_site_seals(target, years=years, actor="issue_seals")
            except DomainError as exc:
                raise CommandError(exc.message) from exc
            for seal in seals:
                self.stdout.write(f"{seal}:有效期至 {seal.valid_until:%Y-%m-%d}")
            made += len(seals)
        self.stdout.write(f"共制作 {made} 枚印章。")
