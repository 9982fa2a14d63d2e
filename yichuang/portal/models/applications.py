"""网上申请的草稿与上传材料."""

from __future__ import annotations

from django.db import models


class Draft(models.Model):
    """A saved, unsubmitted application form: one per applicant, site and item (or bundle)."""

    account = models.ForeignKey("portal.CitizenAccount", models.CASCADE, related_name="drafts", verbose_name="网办账号")
    applicant = models.ForeignKey("people.Applicant", models.CASCADE, related_name="+", verbose_name="申请人")
    site = models.ForeignKey("org.Site", models.CASCADE, related_name="+", verbose_name="办理站点")
    item = models.ForeignKey(
        "catalog.Item", models.CASCADE, null=True, blank=True, related_name="+", verbose_name="事项"
    )
    bundle = models.ForeignKey(
        "catalog.Bundle", models.CASCADE, null=True, blank=True, related_name="+", verbose_name="一件事"
    )
    form_data = models.JSONField("表单数据", default=dict, blank=True)
    updated_at = models.DateTimeField("保存时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "申请草稿"
        constraints = [
            models.UniqueConstraint(
                fields=["applicant", "site", "item"],
                condition=models.Q(bundle__isnull=True),
                name="portal_draft_item_unique",
            ),
            models.UniqueConstraint(
                fields=["applicant", "site", "bundle"],
                condition=models.Q(item__isnull=True),
                name="portal_draft_bundle_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(item__isnull=True) ^ models.Q(bundle__isnull=True),
                name="portal_draft_item_xor_bundle",
            ),
        ]


class Upload(models.Model):
    """One uploaded file for one material: first on a draft, then on the case it became."""

    draft = models.ForeignKey(
        Draft, models.SET_NULL, null=True, blank=True, related_name="uploads", verbose_name="草稿"
    )
    case = models.ForeignKey("cases.Case", models.CASCADE, null=True, blank=True, related_name="+", verbose_name="办件")
    applicant = models.ForeignKey("people.Applicant", models.CASCADE, related_name="+", verbose_name="申请人")
    material = models.ForeignKey("catalog.Material", models.PROTECT, related_name="+", verbose_name="材料")
    file = models.FileField("文件", upload_to="portal/%Y/%m/", max_length=200)
    original_name = models.CharField("文件名", max_length=120)
    content_type = models.CharField("文件类型", max_length=40)
    size = models.PositiveIntegerField("大小(字节)")
    sha256 = models.CharField("SHA-256", max_length=64)
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "上传材料"
        ordering = ["uploaded_at", "id"]
