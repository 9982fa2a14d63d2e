"""`IdempotencyRecord` now belongs to `common` (common/migrations/0001): drop it from this app's
state only. The table stays, with every row, under its old name."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0003_online_owner_optional"),
        ("common", "0001_idempotencyrecord"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[migrations.DeleteModel(name="IdempotencyRecord")],
        ),
    ]
