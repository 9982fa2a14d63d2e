"""网上咨询: ask, answer, and the overdue scan (R-25, R-52).

A question is due the Nth working day after it is asked (the site's calendar). Only staff who
hold a post (A岗 or B岗) at an active 综合咨询 window of the question's site answer it — the
window the seeds (003 窗口设置标准化) name for questions — not every clerk or the centre's head:
the answer speaks for the centre, so it comes from the people whose post that is (decision 0110).
The answer is told to the citizen (消息 and SMS). `scan_overdue` — the `scan_consultations` command, run daily by the
scheduler — raises one supervision alert per question left unanswered past its day."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from yichuang.common.errors import DomainError, NotAllowed, Problem
from yichuang.ledger import services as ledger
from yichuang.notify import services as notify
from yichuang.notify.models import Message
from yichuang.notify.texts import render, scrub
from yichuang.org.calendar import add_working_days
from yichuang.org.models import Post, Window
from yichuang.supervision.alerts import Rule, raise_alert

from .models import Question

MAX_CHARS = 500


def working_days() -> int:
    return int(getattr(settings, "YICHUANG", {}).get("CONSULT_WORKING_DAYS", 2))


def _text(value: str, what: str) -> str:
    text = " ".join((value or "").split())
    if not text:
        raise DomainError(Problem("text_required", f"请填写{what}。", "text"))
    if len(text) > MAX_CHARS:
        raise DomainError(Problem("text_too_long", f"{what}不能超过{MAX_CHARS}字。", "text"))
    return scrub(text)  # a full ID number typed into a question is not kept


@transaction.atomic
def ask(user, applicant, site, item, text: str) -> Question:
    now = timezone.now()
    question = Question.objects.create(
        site=site,
        item=item,
        applicant=applicant,
        asked_by=user,
        text=_text(text, "咨询内容"),
        asked_at=now,
        due_on=add_working_days(site, timezone.localdate(now), working_days()),
    )
    _audit(question, "consult.asked", user, {"item": item.basic_code, "due_on": question.due_on.isoformat()})
    return question


def _audit(question: Question, action: str, user, data: dict) -> None:
    ledger.record(
        f"consult:{question.site.code}",
        action,
        actor=user.username,
        object_type="consult.Question",
        object_id=str(question.pk),
        data=data,
    )


def consult_posts(user):
    """The user's posts at active 综合咨询 windows: where they answer questions."""
    return Post.objects.filter(staff=user, window__type=Window.Type.CONSULT, window__is_active=True)


def may_answer(user, question: Question) -> bool:
    return consult_posts(user).filter(window__site_id=question.site_id).exists()


@transaction.atomic
def answer(question: Question, user, text: str) -> Question:
    question = Question.objects.select_for_update().select_related("item", "applicant", "site").get(pk=question.pk)
    if not may_answer(user, question):
        raise NotAllowed(Problem("not_consult_staff", "只有本站点综合咨询窗口的在岗人员(A岗或B岗)可以答复。"))
    if question.answered_at:
        raise DomainError(Problem("already_answered", "该咨询已答复。"))
    question.answer, question.answered_by, question.answered_at = _text(text, "答复内容"), user, timezone.now()
    question.save(update_fields=["answer", "answered_by", "answered_at"])
    _audit(question, "consult.answered", user, {"on_time": timezone.localdate(question.answered_at) <= question.due_on})
    version = question.item.versions.order_by("-number").first()
    name = version.name if version else question.item.basic_code
    notify.tell(
        question.applicant, Message.Kind.ANSWER, f"consult:{question.pk}:answer", render(Message.Kind.ANSWER, item=name)
    )
    return question


def scan_overdue(today: dt.date | None = None) -> int:
    """One alert per question unanswered after its due day; returns how many were raised now."""
    today = today or timezone.localdate()
    raised = 0
    late = Question.objects.filter(answered_at__isnull=True, due_on__lt=today).select_related("site")
    for question in late:
        with transaction.atomic():
            message = f"网上咨询超过{working_days()}个工作日未答复(应于{question.due_on:%Y-%m-%d}前答复)。"
            raised += raise_alert(Rule.CONSULT_OVERDUE, question.site, question.subject, message, once=True) is not None
    return raised
