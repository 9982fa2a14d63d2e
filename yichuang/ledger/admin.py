from django.contrib import admin

from yichuang.common.admin import ReadOnlyAdmin

from .models import AuditRecord, OutboxEvent


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
