"""Staff accounts, their roles at sites, A/B posts and leave (R-04, R-55)."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models

from .structure import Department, Site, Window


class User(AbstractUser):
    """An account. Staff hold roles through StaffRole; citizens log in through the portal."""

    full_name = models.CharField("姓名", max_length=64, blank=True)
    phone = models.CharField("手机号", max_length=20, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "用户"

    def __str__(self) -> str:
        return self.full_name or self.username

    def roles_at(self, *sites) -> set[str]:
        """The roles this person holds at any of the given sites (Site objects or primary keys).
        Iterates the prefetched-or-loaded roles, so a caller that prefetches pays no query."""
        site_ids = {getattr(s, "pk", s) for s in sites}
        return {r.role for r in self.staff_roles.all() if r.site_id in site_ids}


class StaffRole(models.Model):
    """A role a staff member holds at one site; one person may hold several (受理 + 帮办代办)."""

    class Role(models.TextChoices):
        CLERK = "clerk", "受理"
        APPROVER = "approver", "审批"
        HEAD = "head", "中心负责人"
        SUPERVISOR = "supervisor", "监察"
        HELPER = "helper", "帮办代办员"
        ADMIN = "admin", "管理员"

    user = models.ForeignKey(User, models.CASCADE, related_name="staff_roles", verbose_name="人员")
    site = models.ForeignKey(Site, models.PROTECT, related_name="staff_roles", verbose_name="站点")
    role = models.CharField("角色", max_length=16, choices=Role.choices)
    department = models.ForeignKey(
        Department,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="staff_roles",
        verbose_name="所属部门",
        help_text="审批人员必须属于一个进驻部门。",
    )

    class Meta:
        verbose_name = verbose_name_plural = "人员角色"
        constraints = [models.UniqueConstraint(fields=["user", "site", "role"], name="staffrole_unique")]

    def __str__(self) -> str:
        return f"{self.user} · {self.site} · {self.get_role_display()}"

    def clean(self) -> None:
        if self.role == self.Role.APPROVER and not self.department_id:
            raise ValidationError(
                {"department": ValidationError("审批人员必须指定所属部门。", code="approver_needs_department")}
            )
        if self.department_id and self.site_id and self.department.site_id != self.site_id:
            raise ValidationError({"department": ValidationError("所属部门不在该站点。", code="department_other_site")})


class Post(models.Model):
    """AB岗: A is the resident at a window; B stands in when A is away, so no window is unstaffed."""

    class Position(models.TextChoices):
        A = "A", "A岗(常驻)"
        B = "B", "B岗(替补)"

    window = models.ForeignKey(Window, models.CASCADE, related_name="posts", verbose_name="窗口")
    position = models.CharField("岗位", max_length=1, choices=Position.choices)
    staff = models.ForeignKey(User, models.PROTECT, related_name="posts", verbose_name="人员")

    class Meta:
        verbose_name = verbose_name_plural = "AB岗"
        ordering = ["window", "position"]
        constraints = [
            models.UniqueConstraint(fields=["window", "position"], name="post_one_per_position"),
            models.UniqueConstraint(fields=["window", "staff"], name="post_staff_once_per_window"),
        ]

    def __str__(self) -> str:
        return f"{self.window} {self.position}岗 {self.staff}"


class Leave(models.Model):
    """离岗记录: leave, a meeting, training — any time a staff member is away from their posts."""

    staff = models.ForeignKey(User, models.CASCADE, related_name="leaves", verbose_name="人员")
    starts_at = models.DateTimeField("开始时间")
    ends_at = models.DateTimeField("结束时间")
    reason = models.CharField("事由", max_length=128)

    class Meta:
        verbose_name = verbose_name_plural = "离岗记录"
        ordering = ["-starts_at"]
        indexes = [models.Index(fields=["staff", "starts_at", "ends_at"])]

    def __str__(self) -> str:
        return f"{self.staff} {self.starts_at:%Y-%m-%d %H:%M}–{self.ends_at:%Y-%m-%d %H:%M} {self.reason}"

    def clean(self) -> None:
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError(
                {"ends_at": ValidationError("结束时间必须晚于开始时间。", code="leave_ends_before_start")}
            )
