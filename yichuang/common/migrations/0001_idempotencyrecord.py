"""`IdempotencyRecord` moves here from `cases` with the mechanism that owns it
(yichuang/common/idempotency.py), so `common` imports nothing above it.

State only: the table `cases_idempotencyrecord` was created by cases/migrations/0002 and
keeps its name (Meta.db_table), so no row, index or constraint is touched. The dependency on
that migration says where the table comes from; cases/migrations/0004 then drops the model
from the `cases` state, again without touching the database. The content type is renamed
rather than recreated, so permissions granted on the old one still apply."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def rename_content_type(apps, schema_editor, old="cases", new="common"):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    if not ContentType.objects.using(db).filter(app_label=new, model="idempotencyrecord").exists():
        ContentType.objects.using(db).filter(app_label=old, model="idempotencyrecord").update(app_label=new)


def restore_content_type(apps, schema_editor):
    rename_content_type(apps, schema_editor, old="common", new="cases")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("cases", "0002_idempotencyrecord"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="IdempotencyRecord",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("key", models.CharField(max_length=255, verbose_name="幂等键")),
                        ("method", models.CharField(max_length=8, verbose_name="方法")),
                        ("path", models.CharField(max_length=255, verbose_name="路径")),
                        (
                            "fingerprint",
                            models.CharField(
                                help_text="方法、路径和请求体的 SHA-256。", max_length=64, verbose_name="请求摘要"
                            ),
                        ),
                        ("status_code", models.PositiveSmallIntegerField(verbose_name="响应状态码")),
                        ("body", models.TextField(verbose_name="响应内容")),
                        ("created_at", models.DateTimeField(auto_now_add=True, db_index=True, verbose_name="时间")),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="用户",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "幂等请求记录",
                        "verbose_name_plural": "幂等请求记录",
                        "db_table": "cases_idempotencyrecord",
                        "constraints": [
                            models.UniqueConstraint(fields=("user", "key"), name="idempotencyrecord_user_key")
                        ],
                    },
                ),
            ],
        ),
        migrations.RunPython(rename_content_type, restore_content_type),
    ]
