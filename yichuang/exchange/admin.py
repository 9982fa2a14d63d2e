from django.contrib import admin
from django.shortcuts import redirect

from .models import ImportJob


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    """The admin lists the imports; 增加 opens the upload page, a row its progress page."""

    list_display = ["name", "status", "created_by", "created_at", "finished_at"]

    def add_view(self, request, form_url="", extra_context=None):
        return redirect("exchange:upload")

    def change_view(self, request, object_id, form_url="", extra_context=None):
        return redirect("exchange:job", pk=object_id)

    def has_delete_permission(self, request, obj=None):
        return False
