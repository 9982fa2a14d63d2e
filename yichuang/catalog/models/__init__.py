from .bundle import Bundle, BundleItem, SearchSynonym
from .item import Item, ItemVersion, SiteItem, StandardItem
from .parts import Fee, Material, Rule, SpecialProcedure, Step

__all__ = [
    "Bundle",
    "BundleItem",
    "Fee",
    "Item",
    "ItemVersion",
    "Material",
    "Rule",
    "SearchSynonym",
    "SiteItem",
    "SpecialProcedure",
    "StandardItem",
    "Step",
]
