"""An online application (网上申请) has no owner until a clerk pre-reviews it (首问负责)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0002_idempotencyrecord"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="case",
            name="owner",
            field=models.ForeignKey(
                blank=True,
                help_text="首先接收办件的工作人员,负责到办结。",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="owned_cases",
                to=settings.AUTH_USER_MODEL,
                verbose_name="首问责任人",
            ),
        ),
    ]
