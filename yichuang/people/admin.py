"""Admin for people. Lists show masked numbers; the full number appears only on an applicant's
change page, and opening that page is audited (invariant 8). Applicants are registered at
intake (一数一源), authorisations and licences only through services, so the admin edits
contact data and revokes mandates but creates none of these rows itself."""

from django.contrib import admin, messages

from yichuang.common.admin import ReadOnlyAdmin

from . import services
from .models import Applicant, Authorisation, Licence


@admin.register(Applicant)
class ApplicantAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "masked_number", "masked_phone", "updated_at"]
    list_filter = ["kind"]
    # Exact match only: a full number can be looked up by someone who already knows it,
    # never browsed by fragments.
    search_fields = ["name", "=citizen_id", "=credit_code"]
    fields = [
        "kind",
        "name",
        "citizen_id",
        "credit_code",
        "legal_representative",
        "representative",
        "phone",
        "address",
        "created_at",
        "updated_at",
    ]
    # The verified representative is set only by the identity check (services.record_verified_representative).
    readonly_fields = ["kind", "citizen_id", "credit_code", "representative", "created_at", "updated_at"]

    @admin.display(description="证件号码")
    def masked_number(self, obj):
        return obj.masked_number

    @admin.display(description="联系电话")
    def masked_phone(self, obj):
        return obj.masked_phone

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # cases and licences refer to applicants; history must keep them

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        obj = self.get_object(request, object_id)
        if obj is not None and response.status_code == 200:  # rendered, so the number was shown
            services.audit_full_number_view(obj, actor=request.user.get_username())
        return response

    def save_model(self, request, obj, form, change):
        changes = {f: form.cleaned_data[f] for f in form.changed_data if f in services.UPDATABLE_FIELDS}
        services.update_applicant(obj, actor=request.user.get_username(), **changes)


@admin.register(Authorisation)
class AuthorisationAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ["principal", "agent_display", "relationship", "scope", "valid_from", "valid_until", "revoked_at"]
    list_filter = ["agent_kind", "relationship", "all_items"]
    search_fields = ["principal__name", "agent_person__name", "agent_user__full_name"]
    actions = ["revoke_selected"]

    @admin.display(description="代办人")
    def agent_display(self, obj):
        return obj.agent

    @admin.display(description="授权范围")
    def scope(self, obj):
        return "全部事项" if obj.all_items else "限定事项"

    def has_revoke_permission(self, request):
        return request.user.has_perm("people.change_authorisation")

    @admin.action(description="撤销所选授权", permissions=["revoke"])
    def revoke_selected(self, request, queryset):
        revoked = 0
        for auth in queryset.filter(revoked_at__isnull=True):
            services.revoke_authorisation(auth, by=request.user, reason="管理后台撤销")
            revoked += 1
        self.message_user(request, f"已撤销 {revoked} 项授权。", messages.SUCCESS)


@admin.register(Licence)
class LicenceAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ["number", "licence_type_name", "holder", "issuer_name", "issued_on", "valid_until", "status_today"]
    list_filter = ["status", "licence_type_name"]
    search_fields = ["=number", "licence_type_code", "licence_type_name", "holder__name"]
    date_hierarchy = "issued_on"

    @admin.display(description="状态")
    def status_today(self, obj):
        return Licence.Status(obj.effective_status).label
