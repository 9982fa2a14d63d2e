"""检索关键词(俗称): the words villagers use for an item — "吃低保", "没收入", "困难补助" for
最低生活保障 — kept by the centre as data and searched by the smart guide (issue 15, third pass;
decision 0136).

One row per catalogue entry (the first nine digits of the basic code, so the same item is found
by the same words at every site), edited in the admin; an edit shows in the guide's next answer.
Not on the item version: a published version never changes, and plain words are the centre's to
grow every week, not a new version of the item."""

from __future__ import annotations

from django.db import models

from .facts import ENTRY


class ItemKeywords(models.Model):
    entry = models.CharField("事项编码(前九位)", max_length=9, unique=True, validators=[ENTRY])
    words = models.TextField(
        "群众说法",
        help_text="群众怎么说这件事:俗称、方言、常见错别字、口头说法,用空格或顿号分隔,如“吃低保 困难补助 没收入”。",
    )
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "检索关键词(俗称)"
        ordering = ["entry"]

    def __str__(self) -> str:
        return f"{self.entry}:{self.words[:30]}"

    @property
    def word_list(self) -> list[str]:
        return [w for w in self.words.replace("、", " ").replace(",", " ").replace(",", " ").split() if w]
