"""Hand dead-lettered records back to the receiver once it answers again (a scheduled job), so
an outage longer than the relay's ~17 minutes of attempts still ends with every record sent,
without waiting for a person to press 「重新投递」 on each letter."""

from __future__ import annotations

from yichuang.ledger.models import OutboxDeadLetter
from yichuang.ledger.relay import RetryFailed, retry_dead_letter

from . import client
from .client import ExchangeUnavailable
from .consumers import NAME


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
