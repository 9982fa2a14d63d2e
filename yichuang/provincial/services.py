"""Hand dead-lettered records back to the receiver once it answers again (a scheduled job), so
an outage longer than the relay's ~17 minutes of attempts still ends with every record sent,
without waiting for a person to press 「重新投递」 on each letter."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone

from yichuang.ledger.models import OutboxDeadLetter, OutboxEvent
from yichuang.ledger.relay import RetryFailed, retry_dead_letter

from . import client, records
from .client import ExchangeUnavailable
from .consumers import NAME
from .models import Difference


def retry_dead_letters(limit: int = 500) -> int:
    """Retry this consumer's unresolved dead letters, oldest first; stop at the first that fails
    again (the receiver is still away: no point knocking 500 times). Returns how many went."""
    if not client.enabled():
        return 0
    done = 0
    letters = OutboxDeadLetter.objects.filter(consumer=NAME, resolved_at__isnull=True).order_by("created_at")
    for pk in letters.values_list("pk", flat=True)[:limit]:
        try:
            retry_dead_letter(pk)
        except RetryFailed as exc:
            if ExchangeUnavailable.__name__ in str(exc):  # still away: try again next run
                break
            continue  # this record was refused (stays a letter for a person); the others may go
        done += 1
    return done


def resend(difference: Difference) -> str:
    """Send once more the record of a 已报送但省平台没有 difference (the receiver lost it), built
    from its outbox event as the relay built it; the receiver keeps each id once, so a resend
    never doubles a record. Marks the difference resolved and returns the receiver's answer."""
    if difference.kind != Difference.Kind.MISSING_AT_RECEIVER:
        raise ValueError("只有“已报送但省平台没有”的差异可以重新报送")
    event = OutboxEvent.objects.get(pk=difference.record_id)
    answer = client.client().send(records.build(event, settings.PROVINCIAL_EXCHANGE["SENDER"]))
    difference.resolved_at, difference.note = timezone.now(), f"已重新报送(省平台答复 {answer})"
    difference.save(update_fields=["resolved_at", "note"])
    return answer
