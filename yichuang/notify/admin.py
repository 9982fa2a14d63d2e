from django.contrib import admin

from .models import ChannelPreference, Message


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    list_display = ["kind", "channel", "case", "masked_phone", "status", "created_at", "sent_at"]
    list_filter = ["kind", "channel", "status"]
    readonly_fields = [f.name for f in Message._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(ChannelPreference)
class ChannelPreferenceAdmin(admin.ModelAdmin):
    """Read only: the applicant chooses in the hall's 我的设置."""

    list_display = ["applicant", "sms", "hall", "updated_at"]
    readonly_fields = ["applicant", "sms", "hall", "updated_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
