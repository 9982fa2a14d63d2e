from django.contrib import admin

from .models import Commitment, CreditRecord, PostCheck


class ReadOnly(admin.ModelAdmin):
    """Written by intake and the post-check only: the admin shows, never edits."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Commitment)
class CommitmentAdmin(ReadOnly):
    list_display = ["case", "material", "channel", "signed_at"]


@admin.register(PostCheck)
class PostCheckAdmin(ReadOnly):
    list_display = ["commitment", "department", "due_on", "outcome"]
    list_filter = ["outcome"]


@admin.register(CreditRecord)
class CreditRecordAdmin(ReadOnly):
    list_display = ["applicant", "case_number", "recorded_at"]
