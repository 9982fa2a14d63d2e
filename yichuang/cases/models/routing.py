"""Where a case travels: 上报 to the county, 联办 across departments, 通办 across sites."""

from django.conf import settings
from django.db import models


class Escalation(models.Model):
    """上报件: forwarded to a higher-level centre and tracked by a named person (全程代理登记).

    With `department` (the county department the item's 委托部门 names, found at the county
    centre when the case is sent), the county works the case on the platform: its clerk
    accepts it, that department's approver reviews and decides, on the county's calendar.
    Without one, the county works outside the platform and the township records its result."""

    class CountyStatus(models.TextChoices):
        SENT = "sent", "已报送"
        ACCEPTED = "accepted", "县级已受理"
        IN_REVIEW = "in_review", "县级审查中"
        DECIDED = "decided", "县级已决定"

    case = models.OneToOneField("cases.Case", models.CASCADE, related_name="escalation", verbose_name="办件")
    to_site = models.ForeignKey("org.Site", models.PROTECT, related_name="+", verbose_name="上报至")
    tracker = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name="跟踪责任人")
    sent_at = models.DateTimeField("上报时间")
    external_number = models.CharField("上级办件编号", max_length=64, blank=True)
    status_note = models.CharField("最新进度", max_length=300, blank=True)
    synced_at = models.DateTimeField("进度同步时间", null=True, blank=True)
    department = models.ForeignKey(
        "org.Department",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="上级审批部门",
        help_text="空:上级中心不在本平台办理,由本中心登记结果。",
    )
    county_status = models.CharField(
        "上级办理状态", max_length=10, choices=CountyStatus.choices, default=CountyStatus.SENT
    )
    county_accepted_on = models.DateField("上级受理日期", null=True, blank=True)
    county_due_date = models.DateField("上级承诺办结日期", null=True, blank=True, help_text="按上级中心的工作日计算。")

    class Meta:
        verbose_name = verbose_name_plural = "上报件"


class JointTask(models.Model):
    """联办件: one department's part of a case that two or more departments approve in parallel."""

    class Status(models.TextChoices):
        PENDING = "pending", "办理中"
        GRANTED = "granted", "同意"
        DENIED = "denied", "不同意"

    case = models.ForeignKey("cases.Case", models.CASCADE, related_name="joint_tasks", verbose_name="办件")
    department = models.ForeignKey("org.Department", models.PROTECT, related_name="joint_tasks", verbose_name="部门")
    status = models.CharField("状态", max_length=8, choices=Status.choices, default=Status.PENDING)
    opinion = models.TextField("意见", blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+", verbose_name="办理人"
    )
    decided_at = models.DateTimeField("办理时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "联办任务"
        constraints = [models.UniqueConstraint(fields=["case", "department"], name="jointtask_unique")]


class Extension(models.Model):
    """延期: more time, approved by the centre head, never past the statutory limit."""

    case = models.ForeignKey("cases.Case", models.CASCADE, related_name="extensions", verbose_name="办件")
    days = models.PositiveSmallIntegerField("延长工作日")
    reason = models.CharField("理由", max_length=300)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name="批准人")
    approved_at = models.DateTimeField("批准时间")

    class Meta:
        verbose_name = verbose_name_plural = "延期"


class Delivery(models.Model):
    """送达 (R-30): at the window, by post with a tracking number, or electronically."""

    class Method(models.TextChoices):
        WINDOW = "window", "窗口领取"
        POST = "post", "邮政快递"
        ELECTRONIC = "electronic", "电子送达"

    case = models.OneToOneField("cases.Case", models.CASCADE, related_name="delivery", verbose_name="办件")
    method = models.CharField("送达方式", max_length=12, choices=Method.choices)
    tracking_number = models.CharField("快递单号", max_length=40, blank=True)
    delivered_at = models.DateTimeField("送达时间")
    delivered_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name="经办人")
    licence_number = models.CharField("电子证照标识", max_length=120, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "送达"
