"""Ratings, reports and tickets in the admin: read-only (only the services write them, so
every change is audited); phones masked in the lists."""

from django.contrib import admin

from yichuang.common.admin import ReadOnlyAdmin

from .models import Rating, Rectification, RectificationStep, UnresolvedReport


@admin.register(Rating)
class RatingAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ["created_at", "site", "channel", "level", "window", "staff", "case"]
    list_filter = ["channel", "level"]
    list_select_related = ["site", "window", "staff", "case"]
    exclude = ["rater_user", "rater_applicant"]


@admin.register(UnresolvedReport)
class UnresolvedReportAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ["created_at", "site", "place", "masked_phone"]
    list_select_related = ["site"]
    exclude = ["phone"]

    @admin.display(description="联系电话")
    def masked_phone(self, obj):
        return obj.masked_phone


class StepInline(ReadOnlyAdmin, admin.TabularInline):
    model = RectificationStep
    extra = 0


@admin.register(Rectification)
class RectificationAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ["pk", "site", "source", "state", "opened_on", "due_on", "closed_on"]
    list_filter = ["source", "state"]
    list_select_related = ["site"]
    inlines = [StepInline]
