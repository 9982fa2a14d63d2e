"""Item identity as the province publishes it (issue 17 §1): a standard item (基本目录事项)
implemented by many bodies. Schema first with the new columns nullable; 0005 fills them and
0006 makes them required, so each step runs in its own transaction on PostgreSQL."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0003_fee_amounts"),
        ("org", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="StandardItem",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("basic_code", models.CharField(max_length=40, unique=True, verbose_name="基本编码")),
                (
                    "source",
                    models.CharField(
                        choices=[("local", "本地录入"), ("province", "省级基本目录")],
                        default="local",
                        help_text="本地录入且只有一个实施的事项,发布新版本时基本目录随之更新;省级基本目录的要素只能由导入修改。",
                        max_length=16,
                        verbose_name="来源",
                    ),
                ),
                ("name", models.CharField(max_length=200, verbose_name="事项名称")),
                (
                    "item_type",
                    models.CharField(
                        choices=[
                            ("01", "行政许可"),
                            ("02", "行政处罚"),
                            ("03", "行政强制"),
                            ("04", "行政征收"),
                            ("05", "行政给付"),
                            ("06", "行政检查"),
                            ("07", "行政确认"),
                            ("08", "行政奖励"),
                            ("09", "行政裁决"),
                            ("10", "其他行政权力"),
                            ("11", "行政备案"),
                            ("20", "公共服务"),
                            ("99", "其他"),
                        ],
                        max_length=2,
                        verbose_name="事项类型",
                    ),
                ),
                ("legal_basis", models.TextField(verbose_name="设定依据")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="创建时间")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="更新时间")),
            ],
            options={"verbose_name": "基本目录事项", "verbose_name_plural": "基本目录事项", "ordering": ["basic_code"]},
        ),
        migrations.AlterField(
            model_name="item",
            name="basic_code",
            field=models.CharField(db_index=True, max_length=40, verbose_name="基本编码"),
        ),
        migrations.AddField(
            model_name="item",
            name="standard",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="implementations",
                to="catalog.standarditem",
                verbose_name="基本目录事项",
            ),
        ),
        migrations.AddField(
            model_name="item",
            name="department",
            field=models.ForeignKey(
                blank=True,
                help_text="仅迁移前没有任何版本的旧事项为空。",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="implementations",
                to="org.department",
                verbose_name="实施主体",
            ),
        ),
        migrations.AddField(
            model_name="item",
            name="implementation_code",
            field=models.CharField(max_length=80, null=True, verbose_name="实施编码"),
        ),
        migrations.AddField(
            model_name="item",
            name="legacy_code",
            field=models.CharField(
                blank=True,
                default="",
                help_text="迁移前本实施自带的(自编)基本编码,旧链接据此仍可找到。",
                max_length=40,
                verbose_name="原编码",
            ),
        ),
    ]
