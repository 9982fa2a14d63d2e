"""Admin of the licence connector: the exchange copies (read only, the proof of each fetch) and
the bulk import of a county's existing licences — uploading a CSV/.xlsx on the add page runs
the import; a refused file lists every bad row by row and column and writes nothing."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from yichuang.common.admin import ReadOnlyAdmin
from yichuang.common.errors import DomainError

from .importing import COLUMNS, import_licences, read_rows
from .models import ExchangeCopy, LicenceImport

MAX_UPLOAD = 20 * 1024 * 1024


@admin.register(ExchangeCopy)
class ExchangeCopyAdmin(ReadOnlyAdmin, admin.ModelAdmin):
    list_display = ["licence", "provider", "checked_at"]


class ImportForm(forms.ModelForm):
    upload = forms.FileField(
        label="证照文件", help_text="CSV(UTF-8)或 .xlsx;首行为列名:" + "、".join(COLUMNS) + "。任一行有误则全部不导入。"
    )

    class Meta:
        model = LicenceImport
        fields = []

    def clean(self):
        upload = self.cleaned_data.get("upload")
        if upload is None:
            return self.cleaned_data
        if upload.size > MAX_UPLOAD:
            raise ValidationError("文件过大:一次最多20MB。")
        try:
            rows = import_licences(read_rows(upload.name, upload.read()), actor=self.actor)
        except DomainError as err:
            raise ValidationError([p.message for p in err.problems]) from None
        self.instance.file_name, self.instance.rows, self.instance.actor = upload.name[:200], rows, self.actor
        return self.cleaned_data


@admin.register(LicenceImport)
class LicenceImportAdmin(admin.ModelAdmin):
    list_display = ["file_name", "rows", "actor", "created_at"]
    form = ImportForm

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        return type("BoundImportForm", (form,), {"actor": f"admin:{request.user.get_username()}"})

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
