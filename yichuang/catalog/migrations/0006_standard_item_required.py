import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("catalog", "0005_standard_items_from_items")]

    operations = [
        migrations.AlterModelOptions(
            name="item",
            options={
                "ordering": ["basic_code", "implementation_code"],
                "verbose_name": "政务服务事项(实施)",
                "verbose_name_plural": "政务服务事项(实施)",
            },
        ),
        migrations.AlterField(
            model_name="item",
            name="standard",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="implementations",
                to="catalog.standarditem",
                verbose_name="基本目录事项",
            ),
        ),
        migrations.AlterField(
            model_name="item",
            name="implementation_code",
            field=models.CharField(max_length=80, unique=True, verbose_name="实施编码"),
        ),
        migrations.AlterField(
            model_name="item",
            name="legacy_code",
            field=models.CharField(
                blank=True,
                help_text="迁移前本实施自带的(自编)基本编码,旧链接据此仍可找到。",
                max_length=40,
                verbose_name="原编码",
            ),
        ),
        migrations.AddConstraint(
            model_name="item",
            constraint=models.UniqueConstraint(
                fields=("standard", "department"), name="item_one_implementation_per_body"
            ),
        ),
    ]
