"""Admin: appointment slots (capacity may be changed for a day) and bookings (read only)."""

from django.contrib import admin

from .models import Booking, Slot


@admin.register(Slot)
class SlotAdmin(admin.ModelAdmin):
    list_display = ("date", "start", "end", "site", "window_type", "item", "capacity", "booked")
    list_filter = ("site", "window_type", "date")
    readonly_fields = ("booked",)


@admin.register(Booking)
class BookingAdmin(admin.ModelAdmin):
    list_display = ("code", "slot", "state", "booked_at", "checked_in_at")
    list_filter = ("state",)
    search_fields = ("code",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
