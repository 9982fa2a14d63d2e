"""Fill 检索关键词(俗称) for the catalogue entries the demo county has (decision 0136)."""

from django.db import migrations

from yichuang.portal.keyword_defaults import seed


def forwards(apps, schema_editor):
    seed(apps.get_model("portal", "ItemKeywords"))


class Migration(migrations.Migration):
    dependencies = [("portal", "0006_itemkeywords")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
