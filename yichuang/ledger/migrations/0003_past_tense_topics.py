"""Outbox topics renamed to the past tense (docs/decisions/0017-event-enum.md): rows already
written under the old names — pending ones above all — are rewritten, so the relay hands them to
the consumers that now subscribe to the new members instead of holding them as unknown.

The names are spelt out here, not read from `events.Event`: a migration replays history and
must not change when the enum changes later."""

from django.db import migrations

RENAMED = {"case.approve": "case.approved", "case.deny": "case.denied"}


def _rename(apps, names: dict[str, str]) -> None:
    OutboxEvent = apps.get_model("ledger", "OutboxEvent")
    for old, new in names.items():
        OutboxEvent.objects.filter(topic=old).update(topic=new)


def forwards(apps, schema_editor):
    _rename(apps, RENAMED)


def backwards(apps, schema_editor):
    _rename(apps, {new: old for old, new in RENAMED.items()})


class Migration(migrations.Migration):
    dependencies = [("ledger", "0002_outbox_delivery")]
    operations = [migrations.RunPython(forwards, backwards)]
