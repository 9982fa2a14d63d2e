"""The demo county's fee amounts (一次性收费, issue 18): the catalogue's published fee lines get
the amount the platform collects, where the basis says so an exemption rule, and — for lines
that are alternatives or extras — a condition and a quantity over the application's form data.
Each item gets a new version through catalog.services (revise → publish), as an administrator
entering the amounts would; running cases keep the version they were accepted under.

- 居民身份证: 工本费 20元/证 for 申领 and 到期换领, 40元/证 for 丢失补领 and 损坏换领
  (《国家发展改革委 财政部关于居民身份证收费标准及有关问题的通知》发改价格〔2003〕2322号);
  urban 低保 recipients and rural 五保 (now 特困) households are exempt on first application.
- 宅基地使用权及房屋所有权首次登记: only the 不动产权属证书工本费, 10元/本 (财税〔2016〕79号
  第四条: 申请宅基地使用权及地上房屋所有权登记的,只收取不动产权属证书工本费).
- 国有建设用地使用权及房屋所有权转移登记: 不动产登记费 住宅类 80元/件, 非住宅类 550元/件,
  each extra certificate 10元 (发改价格规〔2016〕2559号); 小微企业(含个体工商户) exempt
  (财税〔2016〕79号 第六条)."""

from __future__ import annotations

from dataclasses import dataclass

from yichuang.catalog import services as catalog
from yichuang.catalog.models import Fee, ItemVersion, SiteItem
from yichuang.catalog.models.choices import VersionStatus

from .county import ACTOR

HOUSEHOLD_EXEMPT = "household.is_subsistence || household.is_extreme_poverty"
ID_CARD_EXEMPTION = "发改价格〔2003〕2322号:城市最低生活保障对象、农村五保供养(特困)人员首次申领免收工本费"
HOMESTEAD_BASIS = "《财政部 国家发展改革委关于不动产登记收费有关政策问题的通知》(财税〔2016〕79号)"
REGISTRATION_BASIS = "《国家发展改革委 财政部关于不动产登记收费标准等有关问题的通知》(发改价格规〔2016〕2559号)"
SMALL_FIRM = "applicant.small_micro_enterprise"
SMALL_FIRM_BASIS = "财税〔2016〕79号第六条:小微企业(含个体工商户)申请不动产登记的,免征不动产登记费"
REPLACEMENT = "has(application.replacement) && application.replacement"
NON_RESIDENTIAL = "has(property.non_residential) && property.non_residential"
EXTRA_CERTIFICATES = "has(property.certificates) && property.certificates > 1"


@dataclass(frozen=True)
class Line:
    name: str  # the line as published, or a new one (then standard and basis are given)
    amount_fen: int
    exemption: str = ""
    exemption_basis: str = ""
    condition: str = ""
    quantity: str = ""
    standard: str = ""
    basis: str = ""


AMOUNTS = {
    "居民身份证申领、换领、补领": [
        Line("居民身份证工本费(申领、到期换领)", 2000, HOUSEHOLD_EXEMPT, ID_CARD_EXEMPTION, f"!({REPLACEMENT})"),
        Line("居民身份证工本费(丢失补领、损坏换领)", 4000, condition=REPLACEMENT),
    ],
    "宅基地使用权及房屋所有权首次登记": [
        Line(
            "不动产权属证书工本费",
            1000,
            quantity="has(property.certificates) ? property.certificates : 1",
            standard="10元/本",
            basis=HOMESTEAD_BASIS,
        ),
    ],
    "国有建设用地使用权及房屋所有权转移登记": [
        Line(
            "不动产登记费(住宅类)",
            8000,
            SMALL_FIRM,
            SMALL_FIRM_BASIS,
            f"!({NON_RESIDENTIAL})",
            standard="80元/件",
            basis=REGISTRATION_BASIS,
        ),
        Line(
            "不动产登记费(非住宅类)",
            55000,
            SMALL_FIRM,
            SMALL_FIRM_BASIS,
            NON_RESIDENTIAL,
            standard="550元/件",
            basis=REGISTRATION_BASIS,
        ),
        Line(
            "不动产权属证书工本费(向一个以上权利人核发,每增加一本)",
            1000,
            condition=EXTRA_CERTIFICATES,
            quantity="property.certificates - 1",
            standard="10元/本",
            basis=REGISTRATION_BASIS,
        ),
    ],
}


def load() -> int:
    """Give the demo's charged items their amounts; returns how many items now charge."""
    versions = ItemVersion.objects.filter(name__in=AMOUNTS, status=VersionStatus.PUBLISHED)
    count = 0
    for published in versions:
        draft = catalog.revise(published.item, actor=ACTOR)
        for order, spec in enumerate(AMOUNTS[published.name], start=90):
            line = Fee.objects.filter(version=draft, name=spec.name).first()
            if line is None:
                line = Fee(version=draft, name=spec.name, standard=spec.standard, basis=spec.basis, order=order)
            line.amount_fen, line.exemption, line.exemption_basis = (
                spec.amount_fen,
                spec.exemption,
                spec.exemption_basis,
            )
            line.condition, line.quantity = spec.condition, spec.quantity
            line.reducible = line.reducible or bool(spec.exemption)
            line.save()
        draft.has_fees = draft.online_payment = True
        draft.save()
        version = catalog.publish(draft, actor=ACTOR)
        count += SiteItem.objects.filter(version=version).exists()
    return count
