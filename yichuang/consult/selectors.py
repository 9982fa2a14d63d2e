"""Reading questions: a citizen's own, and those a staff member's sites must answer."""

from __future__ import annotations

from .models import Question
from .services import consult_posts


def mine(applicant_ids, item=None):
    questions = Question.objects.filter(applicant_id__in=list(applicant_ids)).select_related("site", "item")
    return questions.filter(item=item) if item is not None else questions


def to_answer(user):
    """Unanswered questions of the sites where the user answers, the oldest due first."""
    sites = consult_posts(user).values_list("window__site_id", flat=True)
    return (
        Question.objects.filter(site_id__in=sites, answered_at__isnull=True)
        .select_related("site", "item", "applicant")
        .order_by("due_on", "asked_at")
    )


def answerable(user, pk: int) -> Question | None:
    return to_answer(user).filter(pk=pk).first()
