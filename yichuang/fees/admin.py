"""The money in the administration: what reconciliation left for a person (对账差异) first."""

from django.contrib import admin

from .models import Charge, Difference, Payment


@admin.register(Difference)
class DifferenceAdmin(admin.ModelAdmin):
    list_display = ["day", "kind", "order_no", "detail", "resolved"]
    list_filter = ["resolved", "kind", "day"]
    search_fields = ["order_no"]
    list_editable = ["resolved"]
    readonly_fields = ["day", "kind", "order_no", "detail", "created_at"]


@admin.register(Charge)
class ChargeAdmin(admin.ModelAdmin):
    list_display = ["payment_code", "case", "amount_fen", "status", "site", "department"]
    list_filter = ["status", "site"]
    search_fields = ["payment_code", "case__number"]

    def has_change_permission(self, request, obj=None):
        return False  # money changes through the services only

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Payment)
class PaymentAdmin(admin.ModelAdmin):
    list_display = ["order_no", "channel", "amount_fen", "status", "payer_kind", "applied_by", "paid_at"]
    list_filter = ["status", "channel", "applied_by"]
    search_fields = ["order_no", "provider_txn", "receipt_number"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
