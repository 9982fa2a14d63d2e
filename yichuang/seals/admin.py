"""Admin for seals (R-40, R-41). Everything is read-only: keys, certificates and images are made
by services (create_ca, issue_seal) and never edited by hand; private keys are never shown,
not even encrypted. The one write is 注销 (revoke), through services.revoke_seal with a
reason asked for on a confirmation page, so it is audited and announced like any revocation."""

from __future__ import annotations

import base64

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.html import format_html

from yichuang.common.admin import ReadOnlyAdmin
from yichuang.common.errors import DomainError

from . import services
from .models import CaseDocument, CertificateAuthority, Seal, SealRefusal, SealUse

STATUS_LABELS = {"valid": "有效", "revoked": "已注销", "expired": "已过期", "not_yet_valid": "未生效"}


@admin.register(CertificateAuthority)
class CertificateAuthorityAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ["name", "fingerprint", "not_before", "not_after", "is_active"]
    fields = ["name", "fingerprint", "not_before", "not_after", "is_active", "certificate_pem", "created_at"]


@admin.register(Seal)
class SealAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ["code", "site", "kind", "valid_from", "valid_until", "status_now", "revoked_at"]
    list_filter = ["kind", "site"]
    search_fields = ["code", "site__name", "site__code"]
    fields = [
        "code",
        "site",
        "kind",
        "picture",
        "authority",
        "fingerprint",
        "valid_from",
        "valid_until",
        "revoked_at",
        "revocation_reason",
        "certificate_pem",
        "created_at",
    ]  # no private_key, ever
    actions = ["revoke_selected"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("site", "authority")

    @admin.display(description="状态")
    def status_now(self, obj):
        return STATUS_LABELS.get(obj.status_at(timezone.now()), obj.status_at())

    @admin.display(description="印模")
    def picture(self, obj):
        data = base64.b64encode(bytes(obj.image)).decode()
        return format_html(
            '<img src="data:image/png;base64,{}" alt="{}印模" width="160" height="160">', data, obj.legend
        )

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("seals.view_seal") or request.user.has_perm("seals.change_seal")

    def has_revoke_permission(self, request):
        return request.user.has_perm("seals.change_seal")

    @admin.action(description="注销所选印章(须说明原因)", permissions=["revoke"])
    def revoke_selected(self, request, queryset):
        reason = (request.POST.get("reason") or "").strip()
        if request.POST.get("confirm") != "yes" or not reason:
            return TemplateResponse(
                request,
                "seals/admin/revoke.html",
                {
                    **self.admin_site.each_context(request),
                    "title": "注销印章",
                    "seals": queryset,
                    "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
                    "opts": self.model._meta,
                    "missing_reason": request.POST.get("confirm") == "yes" and not reason,
                    "reason": reason,
                },
            )
        revoked = []
        for seal in queryset:
            try:
                services.revoke_seal(seal, reason, actor=request.user.get_username())
                revoked.append(seal.code)
            except DomainError as exc:
                self.message_user(request, f"{seal.code}:{exc.problems[0].message}", messages.WARNING)
        if revoked:
            self.message_user(request, f"已注销 {len(revoked)} 枚印章:{'、'.join(revoked)}。", messages.SUCCESS)
        return None


@admin.register(SealUse)
class SealUseAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ["case_number", "document_kind", "short_code", "seal", "actor_name", "used_at"]
    list_filter = ["document_kind", "seal__site"]
    search_fields = ["=case_number", "=short_code", "=sha256"]
    date_hierarchy = "used_at"
    exclude = ["actor"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("seal__site")


@admin.register(SealRefusal)
class SealRefusalAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ["refused_at", "code", "case_number", "document_kind", "seal", "site", "actor_name"]
    list_filter = ["code", "site"]
    search_fields = ["=case_number", "code"]
    date_hierarchy = "refused_at"


@admin.register(CaseDocument)
class CaseDocumentAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ["case", "kind", "sha256", "created_at", "created_by"]
    list_filter = ["kind"]
    search_fields = ["=case__number", "=sha256"]
    exclude = ["facts"]  # the applicant's name is in the facts; the PDF is reached through the case

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("case", "created_by")
