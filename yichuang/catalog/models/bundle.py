"""Life-event bundles (一件事, R-16) and the search synonym table."""

from django.db import models


class Bundle(models.Model):
    """一件事: a life event that combines several items in one application."""

    code = models.SlugField("编码", max_length=40, unique=True)
    name = models.CharField("名称", max_length=100)
    description = models.TextField("说明")
    keywords = models.CharField("关键词", max_length=200, blank=True)
    is_published = models.BooleanField("已发布", default=False)
    items = models.ManyToManyField(
        "catalog.Item", through="BundleItem", related_name="bundles", verbose_name="包含事项"
    )

    class Meta:
        verbose_name = verbose_name_plural = "一件事"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class BundleItem(models.Model):
    bundle = models.ForeignKey(Bundle, models.CASCADE, related_name="bundle_items", verbose_name="一件事")
    item = models.ForeignKey("catalog.Item", models.PROTECT, related_name="bundle_items", verbose_name="事项")
    order = models.PositiveSmallIntegerField("顺序", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "一件事包含事项"
        ordering = ["bundle", "order"]
        constraints = [models.UniqueConstraint(fields=["bundle", "item"], name="bundleitem_unique")]


class SearchSynonym(models.Model):
    """What people say → what the catalogue calls it: 社保 → 社会保险, 低保 → 最低生活保障.
    Edited by administrators; search expands a query term to all of its synonyms."""

    term = models.CharField("群众说法", max_length=40, unique=True)
    expansions = models.CharField("对应规范用语", max_length=200, help_text="空格分隔")

    class Meta:
        verbose_name = verbose_name_plural = "检索同义词"
        ordering = ["term"]

    def __str__(self) -> str:
        return f"{self.term} → {self.expansions}"

    @property
    def expansion_list(self) -> list[str]:
        return [e for e in self.expansions.split() if e]
