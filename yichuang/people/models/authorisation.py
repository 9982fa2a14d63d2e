"""帮办代办 / 委托代理 (R-28): who may apply on someone's behalf, for what, and until when.

The agent is either a 帮办代办员 (a staff account holding the helper role at some site) or a
natural person known as an Applicant (a child, spouse, relative or other trusted person).
An authorisation is never edited or deleted: it is revoked, so a case accepted under it
keeps a truthful record of the mandate it relied on."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from .applicant import Applicant


class Authorisation(models.Model):
    """代办授权: one mandate from a principal to an agent."""

    class AgentKind(models.TextChoices):
        HELPER = "helper", "帮办代办员"
        PERSON = "person", "亲友或其他自然人"

    class Relationship(models.TextChoices):
        CHILD = "child", "子女"
        SPOUSE = "spouse", "配偶"
        RELATIVE = "relative", "亲属"
        HELPER = "helper", "帮办代办员"
        OTHER = "other", "其他"

    principal = models.ForeignKey(Applicant, models.PROTECT, related_name="authorisations_given", verbose_name="委托人")
    agent_kind = models.CharField("代办人类型", max_length=8, choices=AgentKind.choices)
    agent_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="authorisations_as_helper",
        verbose_name="帮办代办员",
    )
    agent_person = models.ForeignKey(
        Applicant, models.PROTECT, null=True, blank=True, related_name="authorisations_received", verbose_name="受托人"
    )
    relationship = models.CharField("与委托人关系", max_length=12, choices=Relationship.choices)
    relationship_note = models.CharField("关系说明", max_length=64, blank=True, help_text="关系为“其他”时必填。")
    all_items = models.BooleanField("全部事项", default=True)
    items = models.ManyToManyField(
        "catalog.Item",
        blank=True,
        related_name="+",
        verbose_name="限定事项",
        help_text="不勾选“全部事项”时,仅限这些事项。",
    )
    valid_from = models.DateField("生效日期")
    valid_until = models.DateField("截止日期")
    evidence = models.CharField("授权依据", max_length=255, help_text="如 授权委托书扫描件文件名、代办服务登记表编号。")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name="登记人")
    recorded_at = models.DateTimeField("登记时间", auto_now_add=True)
    revoked_at = models.DateTimeField("撤销时间", null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+", verbose_name="撤销登记人"
    )
    revocation_reason = models.CharField("撤销原因", max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "代办授权"
        ordering = ["-recorded_at"]
        indexes = [
            models.Index(fields=["principal", "agent_person"], name="authorisation_person_idx"),
            models.Index(fields=["principal", "agent_user"], name="authorisation_helper_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__gte=F("valid_from")), name="authorisation_until_after_from"
            ),
            models.CheckConstraint(
                condition=(Q(agent_kind="helper") & Q(agent_user__isnull=False) & Q(agent_person__isnull=True))
                | (Q(agent_kind="person") & Q(agent_person__isnull=False) & Q(agent_user__isnull=True)),
                name="authorisation_agent_matches_kind",
            ),
            models.CheckConstraint(condition=~Q(agent_person=F("principal")), name="authorisation_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.agent} 代 {self.principal}({self.valid_from}–{self.valid_until})"

    @property
    def agent(self):
        return self.agent_user if self.agent_kind == self.AgentKind.HELPER else self.agent_person

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None
