from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import CalendarDay, CalendarYear, Department, Leave, Post, Region, Site, StaffRole, User, Window


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["code", "name"]


class DepartmentInline(admin.TabularInline):
    model = Department
    extra = 0
    fields = ["name", "short_name", "credit_code", "supervising_department", "phone"]


class WindowInline(admin.TabularInline):
    model = Window
    extra = 0


@admin.register(Site)
class SiteAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "phone", "is_active"]
    list_filter = ["level", "is_active"]
    search_fields = ["code", "name", "address"]
    inlines = [DepartmentInline, WindowInline]


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["name", "site", "credit_code", "supervising_department"]
    list_filter = ["site__level"]
    search_fields = ["name", "credit_code"]


class PostInline(admin.TabularInline):
    model = Post
    extra = 0
    autocomplete_fields = ["staff"]


@admin.register(Window)
class WindowAdmin(admin.ModelAdmin):
    list_display = ["site", "number", "type", "name", "on_duty_now"]
    list_filter = ["type", "site__level"]
    search_fields = ["site__name", "name"]
    inlines = [PostInline]

    @admin.display(description="当前在岗")
    def on_duty_now(self, obj):
        from .selectors import on_duty

        return on_duty(obj) or "—(无人在岗)"


class StaffRoleInline(admin.TabularInline):
    model = StaffRole
    extra = 0


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "full_name", "is_staff", "is_active"]
    search_fields = ["username", "full_name"]
    fieldsets = BaseUserAdmin.fieldsets + (("一窗通", {"fields": ["full_name", "phone"]}),)
    inlines = [StaffRoleInline]


@admin.register(Leave)
class LeaveAdmin(admin.ModelAdmin):
    list_display = ["staff", "starts_at", "ends_at", "reason"]
    autocomplete_fields = ["staff"]


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin):
    list_display = ["year", "source", "loaded_at"]


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ["date", "is_working", "name", "site"]
    list_filter = ["is_working", "site"]
    date_hierarchy = "date"
