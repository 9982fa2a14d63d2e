from django.contrib import admin
from django.utils import timezone

from . import services
from .client import ExchangeUnavailable, RecordRefused
from .models import Difference, SentRecord


@admin.register(SentRecord)
class SentRecordAdmin(admin.ModelAdmin):
    list_display = ("case_number", "stage", "occurred_on", "answer", "sent_at")
    list_filter = ("occurred_on", "answer")
    search_fields = ("case_number", "record_id")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Difference)
class DifferenceAdmin(admin.ModelAdmin):
    list_display = ("day", "kind", "case_number", "record_id", "found_at", "resolved_at")
    list_filter = ("kind", "day", ("resolved_at", admin.EmptyFieldListFilter))
    search_fields = ("case_number", "record_id")
    readonly_fields = ("day", "kind", "record_id", "case_number", "found_at", "resolved_at")
    fields = readonly_fields + ("note",)
    actions = ["resend", "mark_resolved"]

    def has_add_permission(self, request):
        return False

    @admin.action(description="重新报送所选差异(省平台没有的记录)")
    def resend(self, request, queryset):
        done = 0
        for difference in queryset.filter(kind=Difference.Kind.MISSING_AT_RECEIVER, resolved_at__isnull=True):
            try:
                services.resend(difference)
            except (ExchangeUnavailable, RecordRefused) as exc:
                self.message_user(request, f"重新报送失败:{exc}", level="error")
                break
            done += 1
        self.message_user(request, f"已重新报送 {done} 条记录。")

    @admin.action(description="标记所选差异为已处理")
    def mark_resolved(self, request, queryset):
        done = queryset.filter(resolved_at__isnull=True).update(resolved_at=timezone.now())
        self.message_user(request, f"已标记 {done} 处差异为已处理。")
