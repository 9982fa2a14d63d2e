from django.contrib import admin, messages

from yichuang.common.admin import ReadOnlyAdmin

from .models import AuditRecord, OutboxDeadLetter, OutboxEvent
from .relay import RetryFailed, retry_dead_letter


@admin.register(AuditRecord)
class AuditRecordAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ["created_at", "stream", "seq", "actor", "action", "object_type", "object_id"]
    list_filter = ["action", "object_type"]
    search_fields = ["stream", "object_id", "actor"]


@admin.register(OutboxEvent)
class OutboxEventAdmin(admin.ModelAdmin):
    list_display = ["created_at", "topic", "key", "attempts", "delivered_at"]
    list_filter = ["topic"]

    def has_add_permission(self, request):
        return False


@admin.register(OutboxDeadLetter)
class OutboxDeadLetterAdmin(admin.ModelAdmin):
    """死信: what a consumer failed on every attempt, with the traceback; fix the cause, then
    「重新投递」 hands the event to that consumer once more (once: its delivery row records it)."""

    list_display = ["created_at", "consumer", "topic", "error", "attempts", "retries", "resolved_at"]
    list_filter = ["consumer", "resolved_at"]
    readonly_fields = [f.name for f in OutboxDeadLetter._meta.fields]
    list_select_related = ["event"]
    actions = ["retry"]

    def has_add_permission(self, request):
        return False

    @admin.display(description="主题")
    def topic(self, letter):
        return f"{letter.event.topic} {letter.event.key}"

    @admin.action(description="重新投递所选死信")
    def retry(self, request, queryset):
        done = 0
        for letter in queryset.filter(resolved_at__isnull=True):
            try:
                retry_dead_letter(letter.pk)
                done += 1
            except RetryFailed as exc:
                self.message_user(request, f"重新投递失败:{exc}", level=messages.ERROR)
        if done:
            self.message_user(request, f"已重新投递 {done} 条死信。", level=messages.SUCCESS)
