"""A county with two townships and the items of two life events, coded as the national catalogue
codes them (entry = first nine digits), so that each township implements its own Item of the
same entry — the shape that made 开办小餐饮一件事 at the county show one item (issue 15 §3)."""

from __future__ import annotations

from dataclasses import dataclass

from yichuang.catalog.models.choices import OnlineDepth
from yichuang.catalog.tests.guide_factories import bundle, county, material, publish_item
from yichuang.org.models import Site
from yichuang.org.tests.factories import DepartmentFactory, TownshipSiteFactory
from yichuang.portal.fact_defaults import seed
from yichuang.portal.models import ItemFact, LifeFact


@dataclass
class World:
    county: Site
    xicheng: Site
    fengtian: Site
    restaurant: object
    newborn: object


def _item(site: Site, code: str, name: str, **kw):
    suffix = "000" if site.level == Site.Level.COUNTY else site.code[6:9]
    return publish_item(
        site,
        department=DepartmentFactory(site=site),
        basic_code=f"{code}{suffix}",
        name=name,
        materials=[material("经营者居民身份证"), material("申请书")],
        **{"online_depth": OnlineDepth.ONLINE, **kw},
    )


def make_world() -> World:
    seed(LifeFact, ItemFact)  # the county's facts table as migrated (a flushed database has none)
    top = county()
    xicheng = TownshipSiteFactory(parent=top, region__name="溪城街道")
    fengtian = TownshipSiteFactory(parent=top, region__name="凤田镇")
    by_township = {}
    for t in (xicheng, fengtian):
        by_township[t.pk] = [
            _item(t, "015010000", "个体工商户设立登记"),
            _item(t, "015040000", "小餐饮店登记"),
            _item(t, "073010000", "出生登记"),
        ]
    sign = _item(top, "014160000", "设置户外广告审批")
    card = _item(top, "202090000", "社会保障卡申领")
    sole, food, birth = by_township[fengtian.pk]
    return World(
        top,
        xicheng,
        fengtian,
        bundle("small-restaurant", "开办小餐饮一件事", [sole.item, food.item, sign.item], keywords="开饭店"),
        bundle("newborn", "新生儿出生一件事", [birth.item, card.item], keywords="孩子出生"),
    )
