"""Admin: appointment slots (capacity may be changed for a day), bookings (read only), the facts
life events ask (一表申请信息项, editable) and the words villagers use for items (检索关键词, editable)."""

from django.contrib import admin

from yichuang.catalog.models import StandardItem

from .models import Booking, ExampleNeed, ItemFact, ItemKeywords, LifeFact, Slot


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


class ItemFactInline(admin.TabularInline):
    model = ItemFact
    extra = 1
    fields = ("entry", "order")


@admin.register(LifeFact)
class LifeFactAdmin(admin.ModelAdmin):
    """一表申请信息项: a question a life event's form asks, and the items (by the first nine digits of
    their basic code) that need it — a new item that needs a fact is a row here, not a code edit."""

    list_display = ("label", "name", "kind", "group", "order")
    list_filter = ("group", "kind")
    search_fields = ("label", "name", "needed_by__entry")
    inlines = [ItemFactInline]


@admin.register(ItemFact)
class ItemFactAdmin(admin.ModelAdmin):
    list_display = ("entry", "fact", "order")
    list_filter = ("fact__group",)
    search_fields = ("entry", "fact__label")
    autocomplete_fields = ("fact",)


@admin.register(ItemKeywords)
class ItemKeywordsAdmin(admin.ModelAdmin):
    """检索关键词(俗称): how villagers name an item, searched by the smart guide (decision 0136); an
    edit shows in the guide's next answer."""

    list_display = ("entry", "item_name", "words", "updated_at")
    search_fields = ("entry", "words")

    @admin.display(description="事项名称")
    def item_name(self, obj):
        item = StandardItem.objects.filter(basic_code__startswith=obj.entry).order_by("basic_code").first()
        return item.name if item else "—"


@admin.register(ExampleNeed)
class ExampleNeedAdmin(admin.ModelAdmin):
    """常见问法: needs as the windows hear them, with the entry that answers each (or none); the
    smart guide answers a new need close to one as it was answered (decision 0146)."""

    list_display = ("text", "answer", "updated_at")
    search_fields = ("text", "answer")
