"""Regions, sites, departments and windows (R-01…R-03, R-05)."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import models

from yichuang.common.idnumbers import validate_region_code, validate_uscc


class Region(models.Model):
    """行政区划: a statistical division with its 12-digit code (county 6 + township 3 + village 3)."""

    class Level(models.TextChoices):
        COUNTY = "county", "县(市、区)"
        TOWNSHIP = "township", "乡(镇、街道)"
        VILLAGE = "village", "村(社区)"

    code = models.CharField("区划代码", max_length=12, unique=True, validators=[validate_region_code])
    name = models.CharField("名称", max_length=64)
    level = models.CharField("层级", max_length=16, choices=Level.choices)
    parent = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="children", verbose_name="上级区划"
    )

    class Meta:
        verbose_name = verbose_name_plural = "行政区划"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name}({self.code})"

    def clean(self) -> None:
        # Each level's own segment is non-zero and the levels below it are zero.
        expected = {
            self.Level.COUNTY: r"\d{6}0{6}",
            self.Level.TOWNSHIP: r"\d{6}(?!000)\d{3}000",
            self.Level.VILLAGE: r"\d{9}(?!000)\d{3}",
        }
        if self.code and self.level and not re.fullmatch(expected[self.level], self.code):
            raise ValidationError({"code": ValidationError("区划代码与层级不符。", code="region_code_level")})
        if self.parent_id and self.code and not self.code.startswith(self.parent.code.rstrip("0")[:6]):
            raise ValidationError({"code": ValidationError("区划代码不在上级区划之内。", code="region_not_in_parent")})


class Site(models.Model):
    """政务服务中心 / 便民服务中心 / 便民服务站: a place where service is given."""

    class Level(models.TextChoices):
        COUNTY = "county", "县级政务服务中心"
        TOWNSHIP = "township", "镇(街道)便民服务中心"
        VILLAGE = "village", "村(社区)便民服务站"

    code = models.CharField("站点编码", max_length=12, unique=True, help_text="用于办件编号等;默认取区划代码。")
    name = models.CharField("名称", max_length=128, unique=True)
    level = models.CharField("层级", max_length=16, choices=Level.choices)
    region = models.ForeignKey(Region, models.PROTECT, related_name="sites", verbose_name="行政区划")
    parent = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="children", verbose_name="上级中心"
    )
    address = models.CharField("地址", max_length=200)
    hours = models.CharField("办公时间", max_length=200)
    phone = models.CharField("咨询电话", max_length=40)
    complaint_phone = models.CharField("投诉电话", max_length=40, blank=True)
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "服务中心(站点)"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    @staticmethod
    def standard_name(level: str, county: str, township: str = "", village: str = "") -> str:
        """The standard names of seed 003 (R-01)."""
        if level == Site.Level.COUNTY:
            return f"{county}人民政府政务服务中心"
        office = "办事处" if township.endswith("街道") else "人民政府"
        if level == Site.Level.TOWNSHIP:
            return f"{township}{office}便民服务中心"
        return f"{township}{village}便民服务站"

    def clean(self) -> None:
        rules = {
            self.Level.COUNTY: (r".+政务服务(分)?中心$", "县级中心名称应为“XX人民政府政务服务中心”或“…XX分中心”。"),
            self.Level.TOWNSHIP: (
                r".+(镇人民政府|街道办事处)便民服务(分)?中心$",
                "镇(街道)中心名称应为“XX镇(街道)人民政府(办事处)便民服务中心”。",
            ),
            self.Level.VILLAGE: (
                r".+(镇|街道).+(村|社区)便民服务站$",
                "村(社区)站点名称应为“XX镇(街道)XX村(社区)便民服务站”。",
            ),
        }
        if self.level and self.name:
            pattern, message = rules[self.level]
            if not re.fullmatch(pattern, self.name):
                raise ValidationError({"name": ValidationError(message, code="nonstandard_site_name")})
        expected_parent = {
            self.Level.COUNTY: None,
            self.Level.TOWNSHIP: self.Level.COUNTY,
            self.Level.VILLAGE: self.Level.TOWNSHIP,
        }.get(self.level)
        if self.level and (self.parent.level if self.parent_id else None) != expected_parent:
            raise ValidationError({"parent": ValidationError("上级中心的层级不正确。", code="site_parent_level")})


class Department(models.Model):
    """进驻部门 / 实施主体: a body that implements items, stationed at a site (R-02)."""

    name = models.CharField("名称", max_length=128)
    short_name = models.CharField("简称", max_length=32, blank=True)
    credit_code = models.CharField("统一社会信用代码", max_length=18, unique=True, validators=[validate_uscc])
    site = models.ForeignKey(Site, models.PROTECT, related_name="departments", verbose_name="进驻站点")
    supervising_department = models.CharField("行业主管(监管)部门", max_length=128, blank=True)
    phone = models.CharField("联系电话", max_length=40, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "进驻部门"
        ordering = ["site__code", "name"]
        constraints = [models.UniqueConstraint(fields=["site", "name"], name="department_unique_name_per_site")]

    def __str__(self) -> str:
        return self.short_name or self.name


class Window(models.Model):
    """窗口: a counter of a given type at a site (R-03)."""

    class Type(models.TextChoices):
        CONSULT = "consult", "综合咨询"
        INTAKE = "intake", "综合受理"
        APPROVAL = "approval", "综合审批"
        PERMIT = "permit", "行政审批专窗"
        SERVICE = "service", "综合服务专窗"
        HELPDESK = "helpdesk", "帮办代办"
        CROSS_AREA = "cross_area", "跨区域通办"
        UNRESOLVED = "unresolved", "办不成事反映"
        ENTERPRISE = "enterprise", "企业服务专窗"

    site = models.ForeignKey(Site, models.PROTECT, related_name="windows", verbose_name="站点")
    number = models.CharField("窗口号", max_length=8)
    type = models.CharField("窗口类型", max_length=16, choices=Type.choices)
    name = models.CharField("名称", max_length=64, blank=True)
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "窗口"
        ordering = ["site__code", "number"]
        constraints = [models.UniqueConstraint(fields=["site", "number"], name="window_unique_number_per_site")]

    def __str__(self) -> str:
        return f"{self.number}号窗口 {self.name or self.get_type_display()}"
