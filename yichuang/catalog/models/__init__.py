from .bundle import Bundle, BundleItem, SearchSynonym
from .filing import ImplementationList, ListEntry
from .item import Item, ItemVersion, SiteItem, StandardItem
from .parts import Fee, Material, Rule, SpecialProcedure, Step

__all__ = [
    "Bundle",
    "BundleItem",
    "Fee",
    "ImplementationList",
    "Item",
    "ItemVersion",
    "ListEntry",
    "Material",
    "Rule",
    "SearchSynonym",
    "SiteItem",
    "SpecialProcedure",
    "StandardItem",
    "Step",
]
