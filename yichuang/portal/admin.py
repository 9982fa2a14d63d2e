"""Admin: appointment slots (capacity may be changed for a day), bookings (read only), the facts
life events ask (一表申请信息项, editable) and the words villagers use for items (检索关键词, editable)."""

from django.contrib import admin
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Substr

from yichuang.catalog.models import Bundle, StandardItem

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

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(standard_name=_standard_name("entry"))

    @admin.display(description="事项名称")
    def item_name(self, obj):
        return obj.standard_name or "—"


BUNDLE = "bundle:"


def _standard_name(field: str) -> Subquery:
    """The name of the first standard item whose basic code starts with the row's `field` (a
    nine-digit prefix): read in the list's own statement, not one query per row."""
    names = StandardItem.objects.filter(basic_code__startswith=OuterRef(field)).order_by("basic_code")
    return Subquery(names.values("name")[:1])


class AnswerKind(admin.SimpleListFilter):
    title = "对应事项"
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        return [("item", "单项事项"), ("bundle", "一件事"), ("none", "本中心不办理")]

    def queryset(self, request, queryset):
        if self.value() == "item":
            return queryset.exclude(answer="").exclude(answer__startswith=BUNDLE)
        if self.value() == "bundle":
            return queryset.filter(answer__startswith=BUNDLE)
        if self.value() == "none":
            return queryset.filter(answer="")
        return queryset


@admin.register(ExampleNeed)
class ExampleNeedAdmin(admin.ModelAdmin):
    """常见问法: needs as the windows hear them, with the entry that answers each (or none); the
    smart guide answers a new need close to one as it was answered (decision 0146)."""

    list_display = ("text", "answered_by", "updated_at")
    list_filter = (AnswerKind,)
    search_fields = ("text", "answer")

    def get_queryset(self, request):
        bundles = Bundle.objects.filter(code=Substr(OuterRef("answer"), len(BUNDLE) + 1)).values("name")[:1]
        return super().get_queryset(request).annotate(item_name=_standard_name("answer"), bundle_name=Subquery(bundles))

    @admin.display(description="对应事项", ordering="answer")
    def answered_by(self, obj):
        if not obj.answer:
            return "本中心不办理(导办答“没有找到”)"
        name = obj.bundle_name if obj.answer.startswith(BUNDLE) else obj.item_name
        return f"{name}({obj.answer})" if name else f"{obj.answer}(目录中没有此编码)"
