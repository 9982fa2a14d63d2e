from django.contrib import admin

from yichuang.common.admin import ReadOnlyAdmin

from .models import JobRun


@admin.register(JobRun)
class JobRunAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ["name", "last_success_at", "last_failure_at", "runs", "failures", "last_seconds", "scheduled_since"]
