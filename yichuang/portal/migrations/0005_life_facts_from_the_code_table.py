"""Fill the life-event facts from the table that was code (life_facts.NEEDED_BY_ENTRY)."""

from django.db import migrations

from yichuang.portal.fact_defaults import seed


def forwards(apps, schema_editor):
    seed(apps.get_model("portal", "LifeFact"), apps.get_model("portal", "ItemFact"))


class Migration(migrations.Migration):
    dependencies = [("portal", "0004_lifefact_itemfact")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
