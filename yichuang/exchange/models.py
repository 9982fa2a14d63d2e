from django.conf import settings
from django.db import models


class ImportedImplementation(models.Model):
    """The fingerprint (SHA-256 of the file's canonical content for one implementation) and the
    version the import made from it. A later import with the same fingerprint, while that
    version is still the implementation's current one, writes nothing."""

    item = models.OneToOneField("catalog.Item", models.CASCADE, related_name="imported", verbose_name="事项实施")
    version = models.ForeignKey("catalog.ItemVersion", models.CASCADE, related_name="+", verbose_name="导入生成的版本")
    sha256 = models.CharField("内容指纹", max_length=64)

    class Meta:
        verbose_name = verbose_name_plural = "导入指纹"


class ImportJob(models.Model):
    """One uploaded file and how its import went (the upload page polls it)."""

    class Status(models.TextChoices):
        QUEUED = "queued", "排队中"
        RUNNING = "running", "导入中"
        DONE = "done", "已完成"
        REFUSED = "refused", "未导入(有错误)"

    file = models.FileField("文件", upload_to="catalog-imports/")
    name = models.CharField("文件名", max_length=200)
    sha256 = models.CharField("文件摘要", max_length=64)
    status = models.CharField("状态", max_length=8, choices=Status.choices, default=Status.QUEUED)
    report = models.JSONField("结果", default=dict, blank=True)
    errors = models.JSONField("错误", default=list, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name="上传人")
    created_at = models.DateTimeField("上传时间", auto_now_add=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "事项目录导入"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name}({self.get_status_display()})"
