"""电子监察: alerts raised by events and by the periodic scan, routed to the centre head of the
site and the county supervisor, acknowledged and closed with a note (R-52)."""

from django.conf import settings
from django.db import models
from django.db.models import Q


class Alert(models.Model):
    class Rule(models.TextChoices):
        CLOCK_YELLOW = "clock_yellow", "黄牌预警"
        CLOCK_RED = "clock_red", "红牌预警"
        OVERDUE = "overdue", "超期"
        UNTOUCHED = "untouched", "长时间未处理"
        SECOND_SUPPLEMENT = "second_supplement", "二次补正告知"
        REFUSAL_WITHOUT_REASON = "refusal_without_reason", "不予受理/不予许可理由不充分"
        SEAL_MISUSE = "seal_misuse", "违规用印"
        REVIEW_NOT_RECTIFIED = "review_not_rectified", "差评未按期整改"
        NOTICE_OVERDUE = "notice_overdue", "双告知超期未送达"
        # The time rules (supervision.time_rules, `yichuang run_time_rules`): one alert per case each, ever.
        DEFERRED_OVERDUE = "deferred_overdue", "容缺材料逾期未补交"
        SPECIAL_OVERDUE = "special_overdue", "特别程序超过规定时限"
        DEEMED_ACCEPTED = "deemed_accepted", "预审逾期视为受理"
        REVIEW_SUPPLEMENT_OVERDUE = "review_supplement_overdue", "审查中补正逾期"
        CONSULT_OVERDUE = "consult_overdue", "网上咨询超期未答复"  # consult.services.scan_overdue
        WINDOW_UNSTAFFED = "window_unstaffed", "窗口A、B岗同时离岗"  # yichuang.floor.staffing

    class Status(models.TextChoices):
        OPEN = "open", "待处理"
        ACKNOWLEDGED = "acknowledged", "已签收"
        CLOSED = "closed", "已办结"

    rule = models.CharField("规则", max_length=32, choices=Rule.choices)
    site = models.ForeignKey("org.Site", models.PROTECT, related_name="+", verbose_name="站点")
    subject = models.CharField(
        "对象", max_length=64, help_text="办件编号、整改单号或事件标识:同一对象同一规则只有一条未办结预警。"
    )
    case_number = models.CharField("办件编号", max_length=32, blank=True)
    message = models.CharField("内容", max_length=300)
    raised_at = models.DateTimeField("预警时间")
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.OPEN)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+", verbose_name="签收人"
    )
    acknowledged_at = models.DateTimeField("签收时间", null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+", verbose_name="办结人"
    )
    closed_at = models.DateTimeField("办结时间", null=True, blank=True)
    note = models.CharField("处理说明", max_length=500, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "监察预警"
        ordering = ["-raised_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["rule", "subject"], condition=~Q(status="closed"), name="alert_one_open_per_subject"
            )
        ]
        indexes = [models.Index(fields=["site", "status"], name="alert_site_status")]

    def __str__(self) -> str:
        return f"{self.get_rule_display()} {self.subject}"


class TicketWatch(models.Model):
    """A 差评 rectification ticket as the feedback events describe it: the scan raises an alert
    when its due date passes while it is still open (supervision never imports feedback)."""

    ticket = models.CharField("整改单", max_length=64, unique=True)
    site = models.ForeignKey("org.Site", models.PROTECT, related_name="+", verbose_name="站点")
    source = models.CharField("来源", max_length=16)
    due_on = models.DateField("整改期限")
    # The day the ticket was opened: its close is counted on that day, so a period's 差评整改率 is
    # the share of that period's tickets that are closed — never above 100 % (decision 0023).
    opened_on = models.DateField("开单日期", null=True, blank=True)
    closed_on = models.DateField("整改完成日期", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "整改单跟踪"
        indexes = [models.Index(fields=["closed_on", "due_on"], name="ticketwatch_open_due")]
