"""Append the situation words of the demo entries (decision 0145) to their 检索关键词, keeping
every word a centre has added or kept."""

from django.db import migrations

from yichuang.portal.keyword_defaults import add_situations


def forwards(apps, schema_editor):
    add_situations(apps.get_model("portal", "ItemKeywords"))


class Migration(migrations.Migration):
    dependencies = [("portal", "0007_item_keywords_for_the_demo_entries")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
