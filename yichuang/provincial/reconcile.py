"""Daily reconciliation (对账) with the provincial platform: for one business day, the record ids
we hold as sent (`SentRecord`) against the ids the receiver's summary lists, and the case events
of that day not yet sent (still retrying, or dead-lettered). Every disagreement becomes a
`Difference` row for a person (admin: 办件汇聚对账差异); the scheduled job fails when a day has
any, so the ops job record and /healthz's schedule section name it (`yichuang
reconcile_provincial --date D` shows the same list)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from yichuang.ledger.models import OutboxEvent

from . import client, records
from .consumers import NAME
from .models import Difference, SentRecord


@dataclass
class Outcome:
    day: dt.date
    sent: int = 0
    received: int = 0
    differences: list[Difference] = field(default_factory=list)

    def lines(self) -> list[str]:
        head = f"{self.day}:本系统已报送 {self.sent} 条,省平台收到 {self.received} 条,差异 {len(self.differences)} 处"
        return [head] + [
            f"  {d.get_kind_display()}:{d.case_number or '-'} 记录 {d.record_id}" for d in self.differences
        ]


class DifferencesFound(Exception):
    """Raised by the scheduled job so the day's differences show as a failed job for a person."""


def _not_sent(day: dt.date) -> dict[str, str]:
    start = timezone.make_aware(dt.datetime.combine(day, dt.time()))
    events = (
        OutboxEvent.objects.filter(
            topic__in=[e.value for e in records.CASE_EVENTS],
            created_at__gte=start,
            created_at__lt=start + dt.timedelta(days=1),
        )
        .exclude(deliveries__consumer=NAME)
        .values_list("id", "payload")
    )
    return {str(pk): (payload or {}).get("case", "") for pk, payload in events}


def reconcile(day: dt.date) -> Outcome:
    ours = dict(SentRecord.objects.filter(occurred_on=day).values_list("record_id", "case_number"))
    ours = {str(k): v for k, v in ours.items()}
    theirs = client.client().summary(day.isoformat())
    found = (
        [(Difference.Kind.MISSING_AT_RECEIVER, rid, ours[rid]) for rid in sorted(ours.keys() - theirs.record_ids)]
        + [(Difference.Kind.UNKNOWN_TO_US, rid, "") for rid in sorted(theirs.record_ids - ours.keys())]
        + [(Difference.Kind.NOT_SENT, rid, number) for rid, number in sorted(_not_sent(day).items())]
    )
    outcome = Outcome(day, sent=len(ours), received=theirs.count)
    for kind, rid, number in found:
        row, _ = Difference.objects.get_or_create(day=day, kind=kind, record_id=rid, defaults={"case_number": number})
        outcome.differences.append(row)
    return outcome


def daily() -> int:
    """The scheduled job: yesterday (Beijing). Off while the exchange is not configured."""
    if not client.enabled():
        return 0
    outcome = reconcile(timezone.localdate() - dt.timedelta(days=1))
    if outcome.differences:
        raise DifferencesFound("\n".join(outcome.lines()))
    return outcome.sent
