"""What the task runner did: one row per scheduled job (schedule.py), read by /healthz and
/metrics in any process, since the consumer runs in its own."""

from django.db import models


class JobRun(models.Model):
    name = models.CharField("任务", max_length=64, unique=True)
    scheduled_since = models.DateTimeField("调度开始时间", help_text="任务执行器最近一次启动的时间")
    last_started_at = models.DateTimeField("最近开始", null=True, blank=True)
    last_success_at = models.DateTimeField("最近成功", null=True, blank=True)
    last_failure_at = models.DateTimeField("最近失败", null=True, blank=True)
    last_error = models.TextField("最近错误", blank=True)
    last_seconds = models.FloatField("最近耗时(秒)", default=0)
    runs = models.PositiveBigIntegerField("运行次数", default=0)
    failures = models.PositiveBigIntegerField("失败次数", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "定时任务运行记录"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
