"""Build the standard items (基本目录事项) from the existing items without losing anything.

Before 0004 every implementation was its own Item with a unique basic code, so a catalogue
with one national item at nine townships carried nine invented codes: the 9-digit catalogue
part (type + sequence + 0000) followed by the implementer's 3-digit segment. Items whose
12-digit codes share those nine digits, whose newest versions agree on name and type (四级四同)
and whose implementing bodies differ are one national item: they get ONE standard item whose
code is the nine digits + "000", and each keeps its old code in `legacy_code`. Every other item
becomes the sole implementation of a standard item with its own code. Item ids do not change,
so cases, site lists, bundles and versions keep pointing where they pointed."""

from django.db import migrations


def _newest(versions):
    published = [v for v in versions if v.status == "published"]
    return (published or versions)[-1] if versions else None


def _shared_code(code: str) -> str | None:
    return code[:9] + "000" if len(code) == 12 and code.isdigit() else None


def forwards(apps, schema_editor):
    Item = apps.get_model("catalog", "Item")
    ItemVersion = apps.get_model("catalog", "ItemVersion")
    StandardItem = apps.get_model("catalog", "StandardItem")
    Department = apps.get_model("org", "Department")

    versions: dict[int, list] = {}
    for v in ItemVersion.objects.order_by("item_id", "number"):
        versions.setdefault(v.item_id, []).append(v)
    items = list(Item.objects.order_by("basic_code"))
    newest = {i.pk: _newest(versions.get(i.pk, [])) for i in items}
    credit = dict(Department.objects.values_list("pk", "credit_code"))

    groups: dict[str, list] = {}
    for item in items:
        groups.setdefault(_shared_code(item.basic_code) or item.basic_code, []).append(item)

    used_codes: set[str] = set()
    for key, members in groups.items():
        latest = [newest[i.pk] for i in members]
        shareable = (
            len(members) > 1
            and all(latest)
            and len({(v.name, v.item_type) for v in latest}) == 1
            and len({v.department_id for v in latest}) == len(members)
        )
        batches = [(key, members)] if shareable else [(i.basic_code, [i]) for i in members]
        for code, batch in batches:
            # The county's own entry (the code itself) states the standard when it exists.
            source = next((newest[i.pk] for i in batch if i.basic_code == code and newest[i.pk]), None)
            source = source or next((newest[i.pk] for i in batch if newest[i.pk]), None)
            standard = StandardItem.objects.create(
                basic_code=code,
                name=source.name if source else code,
                item_type=source.item_type if source else "99",
                legal_basis=source.legal_basis if source else "",
            )
            for item in batch:
                version = newest[item.pk]
                dept_id = version.department_id if version else None
                impl = f"{code}{credit[dept_id]}" if dept_id else item.basic_code
                if impl in used_codes:  # never expected; keeps the migration total rather than failing
                    impl = f"{impl}-{item.pk}"
                used_codes.add(impl)
                item.legacy_code = item.basic_code if item.basic_code != code else ""
                item.basic_code = code
                item.standard = standard
                item.department_id = dept_id
                item.implementation_code = impl
                item.save(update_fields=["legacy_code", "basic_code", "standard", "department", "implementation_code"])


def backwards(apps, schema_editor):
    """Give each implementation back its own code so 0004's reverse can restore uniqueness."""
    Item = apps.get_model("catalog", "Item")
    for item in Item.objects.all():
        if item.legacy_code:
            item.basic_code = item.legacy_code
            item.save(update_fields=["basic_code"])


class Migration(migrations.Migration):
    dependencies = [("catalog", "0004_standard_item")]

    operations = [migrations.RunPython(forwards, backwards)]
