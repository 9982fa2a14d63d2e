"""The demo county's fee amounts (一次性收费, issue 18): the catalogue's published fee lines get
the amount the platform collects per case and, where the basis says so, an exemption rule.
Each item gets a new version through catalog.services (revise → publish), as an administrator
entering the amounts would; running cases keep the version they were accepted under.

- 居民身份证 工本费 (申领、到期换领) 20元/证, 发改价格〔2003〕2322号; free for urban 低保
  recipients and rural 五保 (now 特困) households on first application — the exemption rule
  reads the household facts the application form declares, as the items' rules do (items_land).
- 宅基地使用权及房屋所有权登记: only the 不动产权属证书工本费, 10元/本 (财税〔2016〕79号;
  the 住宅类 不动产登记费 of 80元/件, 发改价格规〔2016〕2559号, is not charged for it)."""

from __future__ import annotations

from yichuang.catalog import services as catalog
from yichuang.catalog.models import Fee, ItemVersion, SiteItem
from yichuang.catalog.models.choices import VersionStatus

ACTOR = "demo:load_demo"
HOUSEHOLD_EXEMPT = "household.is_subsistence || household.is_extreme_poverty"
ID_CARD_EXEMPTION = "发改价格〔2003〕2322号:城市最低生活保障对象、农村五保供养(特困)人员首次申领免收工本费"
HOMESTEAD_BASIS = "《财政部 国家发展改革委关于不动产登记收费有关政策问题的通知》(财税〔2016〕79号)"

# item name → [(fee line name as published, or a new line), amount in fen, exemption rule, exemption basis]
AMOUNTS = {
    "居民身份证申领、换领、补领": [("居民身份证工本费(申领、到期换领)", 2000, HOUSEHOLD_EXEMPT, ID_CARD_EXEMPTION)],
    "宅基地使用权及房屋所有权首次登记": [("不动产权属证书工本费", 1000, "", "")],
}
NEW_LINES = {"不动产权属证书工本费": ("10元/本", HOMESTEAD_BASIS)}


def load() -> int:
    """Give the demo's charged items their amounts; returns how many items now charge."""
    versions = ItemVersion.objects.filter(name__in=AMOUNTS, status=VersionStatus.PUBLISHED)
    count = 0
    for published in versions:
        draft = catalog.revise(published.item, actor=ACTOR)
        for name, amount, rule, basis in AMOUNTS[published.name]:
            line = Fee.objects.filter(version=draft, name=name).first()
            if line is None:
                standard, legal = NEW_LINES[name]
                line = Fee(version=draft, name=name, standard=standard, basis=legal, order=99)
            line.amount_fen, line.exemption, line.exemption_basis = amount, rule, basis
            line.reducible = line.reducible or bool(rule)
            line.save()
        draft.has_fees = draft.online_payment = True
        draft.save()
        version = catalog.publish(draft, actor=ACTOR)
        count += SiteItem.objects.filter(version=version).exists()
    return count
