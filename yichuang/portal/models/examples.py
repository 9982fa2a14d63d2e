"""常见问法: example needs as citizens say them, each with the catalogue entry or life event that
answers it — or none, a question the centre does not handle (驾照换证, 公积金) — kept by the centre
as data and compared with every new need by the smart guide (issue 15 §2; decision 0146).

Real 一网通办 guides keep such lists beside the catalogue: a new need close to an example is
answered as the example was. The centre grows the list from the questions its windows hear; an
edit shows in the guide's next answer."""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models

# The first nine digits of a basic code ("四级四同"), "bundle:<life event code>", or blank: no
# item here — the honest answer is "没有找到".
ANSWER = RegexValidator(r"^(\d{9}|bundle:[a-z0-9-]+)?$", "填九位事项编码、bundle:一件事编码,或留空(本中心不办理)。")


class ExampleNeed(models.Model):
    text = models.CharField("常见问法", max_length=60, unique=True)
    answer = models.CharField(
        "对应事项",
        max_length=40,
        blank=True,
        validators=[ANSWER],
        help_text="事项编码前九位(如 050010000),一件事填 bundle:编码(如 bundle:newborn);本中心不办理的留空,导办将答“没有找到”。",
    )
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "常见问法"
        ordering = ["answer", "text"]

    def __str__(self) -> str:
        return f"{self.text} → {self.answer or '没有找到'}"
