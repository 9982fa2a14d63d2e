from django.contrib import admin

from .models import StaffIdentity


@admin.register(StaffIdentity)
class StaffIdentityAdmin(admin.ModelAdmin):
    """中心管理员 links a staff account to the subject the province's platform knows it by."""

    list_display = ["user", "subject", "issuer", "last_login_at"]
    search_fields = ["user__username", "subject"]
    raw_id_fields = ["user"]
    readonly_fields = ["created_at", "last_login_at"]
