"""Reading messages: a citizen's 消息 list, and what a case's applicant was sent (for staff)."""

from __future__ import annotations

from .models import Message


def hall_messages(applicant_ids, limit: int = 100):
    return Message.objects.filter(applicant_id__in=list(applicant_ids), channel=Message.Channel.HALL).select_related(
        "case"
    )[:limit]


def unread_count(applicant_ids) -> int:
    return Message.objects.filter(
        applicant_id__in=list(applicant_ids), channel=Message.Channel.HALL, read_at__isnull=True
    ).count()


def sent_for_case(case) -> list[Message]:
    """Every message about this case, oldest first: staff see what was sent, by which channel, when."""
    return list(Message.objects.filter(case=case).order_by("created_at", "id"))
