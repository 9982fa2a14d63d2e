"""What a life event's one form asks beyond the items' rule questions (一表申请, R-16; issue 15
§2 of the second pass): the facts each item's department needs to act — a newborn's name, sex,
date and place of birth and the parents for 出生登记; the shop for 个体工商户设立登记.

Data the county edits in the admin, not code: a `LifeFact` is one question (its key, label and
kind); an `ItemFact` says that the items of a catalogue entry (the first nine digits of the
basic code, so the same item asks the same at every site) need it. A new item that needs a fact
is one more ItemFact row. Filled in once from the table that was code (migration 0004)."""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models

ENTRY = RegexValidator(r"^\d{9}$", "请填写事项基本编码的前九位数字(同一事项在各站点相同)。")
FACT_NAME = RegexValidator(r"^[a-z_]+\.[a-z_]+$", "格式为“对象.属性”,小写英文,如 child.name。")


class LifeFact(models.Model):
    class Kind(models.TextChoices):
        TEXT = "text", "文字"
        DATE = "date", "日期"
        SEX = "sex", "性别"
        CITIZEN_ID = "citizen_id", "公民身份号码"

    name = models.CharField(
        "信息项代码",
        max_length=40,
        unique=True,
        validators=[FACT_NAME],
        help_text="办件表单数据中的位置,如 child.name。",
    )
    label = models.CharField("填写项名称", max_length=40)
    kind = models.CharField("类型", max_length=16, choices=Kind.choices, default=Kind.TEXT)
    group = models.CharField("分组标题", max_length=20, help_text="表单上同一对象的信息项归为一组,如“新生儿信息”。")
    order = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "一表申请信息项"
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return f"{self.label}({self.name})"


class ItemFact(models.Model):
    entry = models.CharField("事项编码(前九位)", max_length=9, validators=[ENTRY], db_index=True)
    fact = models.ForeignKey(LifeFact, models.CASCADE, related_name="needed_by", verbose_name="信息项")
    order = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "事项所需信息项"
        ordering = ["entry", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["entry", "fact"], name="itemfact_once_per_entry")]

    def __str__(self) -> str:
        return f"{self.entry} 需要 {self.fact.label}"
