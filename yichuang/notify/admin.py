from django.contrib import admin

from .models import Message


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    list_display = ["kind", "channel", "case", "masked_phone", "status", "created_at", "sent_at"]
    list_filter = ["kind", "channel", "status"]
    readonly_fields = [f.name for f in Message._meta.fields]

    def has_add_permission(self, request):
        return False
