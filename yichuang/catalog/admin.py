from django.contrib import admin, messages

from yichuang.common.errors import DomainError

from . import services
from .models import (
    Bundle,
    BundleItem,
    Fee,
    Item,
    ItemVersion,
    Material,
    Rule,
    SearchSynonym,
    SiteItem,
    SpecialProcedure,
    StandardItem,
    Step,
)
from .models.choices import VersionStatus


class PartInline(admin.TabularInline):
    extra = 0

    def has_change_permission(self, request, obj=None):
        return obj is None or obj.is_editable

    has_add_permission = has_delete_permission = has_change_permission


class MaterialInline(PartInline):
    model = Material
    fields = ["order", "name", "kind", "necessity", "source", "issuing_body", "licence_type_code", "copies"]


class FeeInline(PartInline):
    model = Fee


class StepInline(PartInline):
    model = Step


class SpecialProcedureInline(PartInline):
    model = SpecialProcedure


class RuleInline(PartInline):
    model = Rule


@admin.register(ItemVersion)
class ItemVersionAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "basic_code",
        "number",
        "status",
        "item_type",
        "department",
        "promised_days",
        "statutory_days",
    ]
    list_select_related = ["item", "department"]
    list_filter = ["status", "item_type", "case_kind", "department__site"]
    search_fields = ["name", "item__basic_code", "keywords"]
    inlines = [MaterialInline, FeeInline, StepInline, SpecialProcedureInline, RuleInline]
    actions = ["publish_selected", "revise_selected"]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and not obj.is_editable:
            return [f.name for f in self.model._meta.fields]
        return (
            ["status", "published_at", "retired_at", "number", "item"]
            if obj
            else ["status", "published_at", "retired_at"]
        )

    @admin.display(description="基本编码", ordering="item__basic_code")
    def basic_code(self, obj):
        return obj.item.basic_code

    @admin.action(description="发布所选草稿")
    def publish_selected(self, request, queryset):
        for version in queryset.filter(status=VersionStatus.DRAFT):
            try:
                services.publish(version)
                self.message_user(request, f"已发布:{version.name}")
            except DomainError as exc:
                self.message_user(request, f"{version.name} 未能发布:{exc.message}", messages.ERROR)

    @admin.action(description="修改已发布事项(新建版本)")
    def revise_selected(self, request, queryset):
        for version in queryset:
            draft = services.revise(version.item)
            self.message_user(request, f"已为“{version.name}”创建草稿版本 v{draft.number}")


class VersionInline(admin.TabularInline):
    model = ItemVersion
    fields = ["number", "name", "status", "published_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(StandardItem)
class StandardItemAdmin(admin.ModelAdmin):
    list_display = ["basic_code", "name", "item_type", "source"]
    list_filter = ["source", "item_type"]
    search_fields = ["basic_code", "name"]


@admin.register(Item)
class ItemAdmin(admin.ModelAdmin):
    list_display = ["implementation_code", "basic_code", "__str__", "department", "created_at"]
    search_fields = ["basic_code", "implementation_code", "legacy_code", "versions__name"]
    raw_id_fields = ["standard", "department"]
    inlines = [VersionInline]


@admin.register(SiteItem)
class SiteItemAdmin(admin.ModelAdmin):
    list_display = ["site", "version", "is_active", "filed_at"]
    list_filter = ["site", "is_active"]
    search_fields = ["version__name", "item__basic_code"]
    raw_id_fields = ["version", "item"]


class BundleItemInline(admin.TabularInline):
    model = BundleItem
    extra = 0
    autocomplete_fields = ["item"]


@admin.register(Bundle)
class BundleAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "is_published"]
    inlines = [BundleItemInline]


@admin.register(SearchSynonym)
class SearchSynonymAdmin(admin.ModelAdmin):
    list_display = ["term", "expansions"]
    search_fields = ["term", "expansions"]
