"""审管联动 writes (R-53): 双告知 notices made from approval events, their webhook delivery with
HMAC signatures, retries and backoff, and 双反馈 results coming back.

Delivery does not run inside the relay's consumer: an HTTP call there would hold the relay's
transaction (and its row locks on the outbox) for up to the timeout, and a receiver that is down
for an hour would keep re-running every other part of the event's handling. The consumer only
writes the `Notice` row (once per event, by the relay's delivery record); `deliver_due()` posts
notices outside any transaction, one short transaction to claim and one to record the outcome.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import logging
import urllib.error
import urllib.request

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from yichuang.cases.models import Case
from yichuang.catalog.delegation import supervising_departments
from yichuang.common.errors import DomainError, NotAllowed, Problem
from yichuang.ledger import services as ledger
from yichuang.ledger.events import Event
from yichuang.ledger.relay import backoff
from yichuang.org.calendar import add_working_days

from . import conf
from .access import department_ids
from .models import Notice, SupervisionResult, SupervisionRoute

log = logging.getLogger(__name__)
SIGNATURE_HEADER, EVENT_HEADER, TIMESTAMP_HEADER = "X-Yichuang-Signature", "X-Yichuang-Event-Id", "X-Yichuang-Timestamp"


def sign(secret: str, timestamp: str, body: bytes) -> str:
    """HMAC-SHA256 over "<timestamp>.<raw body>": the timestamp is signed too, so an old
    message cannot be replayed with a fresh one."""
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def verify(secret: str, timestamp: str, body: bytes, signature: str) -> bool:
    return hmac.compare_digest(sign(secret, timestamp, body), signature or "")


def routes_for(case: Case):
    return (
        # Seed 004: who supervises depends on the delegation mode (委托: the entrusting county
        # department too), so the routes of every supervising body apply.
        SupervisionRoute.objects.filter(
            active=True, approving_department__in=supervising_departments(case.item_version)
        )
        .filter(Q(item__isnull=True) | Q(item_id=case.item_id))
        .select_related("supervising_department")
    )


def notify_approval(case: Case, source_event, decided_on: dt.date) -> list[Notice]:
    """双告知: one notice per route of the approving department; none twice for one event."""
    made = []
    for route in routes_for(case):
        if Notice.objects.filter(source_event=source_event, route=route).exists():
            continue
        now = timezone.now()
        notice = Notice(
            source_event=source_event,
            route=route,
            case=case,
            decision=case.decision,
            created_at=now,
            next_attempt_at=now,
            due_by=add_working_days(case.home_site, decided_on, route.days_limit),
            status=Notice.Status.PENDING if route.webhook_url else Notice.Status.INBOX_ONLY,
        )
        notice.payload = {
            "event_id": str(notice.event_id),
            "type": "approval_result",
            "case": case.number,
            "item": case.item.basic_code,
            "item_name": case.item_version.name,
            "decision": case.decision,
            "decided_on": decided_on.isoformat(),
            "approving_department": case.item_version.department.name,
            "site": case.home_site.code,
            "due_by": notice.due_by.isoformat(),
        }  # no applicant ID or phone: the department asks the case owner through official channels
        notice.save()
        ledger.record(
            case.audit_stream,
            "supervision.notified",
            actor="system",
            object_type="cases.Case",
            object_id=case.number,
            data={"department": route.supervising_department.name, "event_id": str(notice.event_id)},
        )
        made.append(notice)
    return made


def _claim(now: dt.datetime, batch: int) -> list[Notice]:
    """Reserve due notices for this worker for a lease; another worker skips them meanwhile."""
    lease = dt.timedelta(seconds=conf.get("WEBHOOK_LEASE_SECONDS"))
    with transaction.atomic():
        due = (
            Notice.objects.filter(status=Notice.Status.PENDING, next_attempt_at__lte=now)
            .select_related("route")
            .order_by("next_attempt_at")
        )
        if transaction.get_connection().features.has_select_for_update_skip_locked:
            due = due.select_for_update(skip_locked=True, of=("self",))
        claimed = list(due[:batch])
        Notice.objects.filter(pk__in=[n.pk for n in claimed]).update(next_attempt_at=now + lease)
    return claimed


def post(notice: Notice, now: dt.datetime) -> None:
    """One signed POST; raises on anything but a 2xx answer."""
    body = json.dumps(notice.payload, ensure_ascii=False, sort_keys=True).encode()
    timestamp = str(int(now.timestamp()))
    request = urllib.request.Request(
        notice.route.webhook_url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json; charset=utf-8",
            EVENT_HEADER: str(notice.event_id),
            TIMESTAMP_HEADER: timestamp,
            SIGNATURE_HEADER: sign(notice.route.secret, timestamp, body),
        },
    )
    with urllib.request.urlopen(request, timeout=conf.get("WEBHOOK_TIMEOUT_SECONDS")) as response:
        if not 200 <= response.status < 300:
            raise urllib.error.HTTPError(notice.route.webhook_url, response.status, "not 2xx", response.headers, None)


def deliver_due(now: dt.datetime | None = None, batch: int = 50) -> dict[str, int]:
    """Post every due notice once; failures wait 2, 4, 8… seconds (at most an hour) and retry."""
    now = now or timezone.now()
    outcome = {"delivered": 0, "failed": 0}
    for notice in _claim(now, batch):
        try:
            post(notice, now)
        except (OSError, ValueError) as exc:  # URLError, HTTPError, timeouts are OSErrors
            notice.attempts += 1
            notice.last_error = f"{exc.__class__.__name__}: {str(exc)[:200]}"
            notice.next_attempt_at = now + backoff(notice.attempts)
            notice.save(update_fields=["attempts", "last_error", "next_attempt_at"])
            log.warning("双告知 webhook failed for notice %s (attempt %s)", notice.event_id, notice.attempts)
            outcome["failed"] += 1
            continue
        notice.attempts += 1
        notice.status, notice.delivered_at, notice.last_error = Notice.Status.DELIVERED, now, ""
        notice.save(update_fields=["attempts", "status", "delivered_at", "last_error"])
        outcome["delivered"] += 1
    return outcome


def _check_result(outcome: str, opinion: str, inspected_on) -> list[Problem]:
    problems = []
    if outcome not in SupervisionResult.Outcome.values:
        problems.append(Problem("invalid_outcome", "监管结果只能是监管合格、责令整改或立案查处。", "outcome"))
    if not (opinion or "").strip():
        problems.append(Problem("opinion_required", "请填写监管意见。", "opinion"))
    elif len(opinion) > 500:
        problems.append(Problem("opinion_too_long", "监管意见不超过500字。", "opinion"))
    if not isinstance(inspected_on, dt.date):
        problems.append(Problem("invalid_date", "检查日期格式应为 YYYY-MM-DD。", "inspected_on"))
    elif inspected_on > timezone.localdate():
        problems.append(Problem("date_in_future", "检查日期不能晚于今天。", "inspected_on"))
    return problems


@transaction.atomic
def record_result(
    notice: Notice, *, feedback_id: str, outcome: str, opinion: str, inspected_on, user=None
) -> tuple[SupervisionResult, bool]:
    """双反馈: the department's result, once per feedback_id (a retried post returns the first).
    `user` is the department staff member filing it on the inbox page; None for the signed API."""
    if user is not None and notice.route.supervising_department_id not in department_ids(user):
        raise NotAllowed(Problem("not_your_department", "只有该监管部门的人员可以反馈监管结果。"))
    feedback_id = (feedback_id or "").strip()[:64]
    if not feedback_id:
        raise DomainError(Problem("feedback_id_required", "缺少反馈标识。", "feedback_id"))
    existing = SupervisionResult.objects.filter(feedback_id=feedback_id).first()
    if existing is not None:
        if existing.notice_id != notice.pk:
            raise DomainError(Problem("feedback_id_reused", "该反馈标识已用于另一条告知。", "feedback_id"))
        return existing, False
    problems = _check_result(outcome, opinion, inspected_on)
    if problems:
        raise DomainError(problems)
    result = SupervisionResult.objects.create(
        notice=notice,
        feedback_id=feedback_id,
        outcome=outcome,
        opinion=opinion.strip(),
        inspected_on=inspected_on,
        submitted_by=user,
        received_at=timezone.now(),
    )
    ledger.record(
        notice.case.audit_stream,
        Event.SUPERVISION_RESULT_RECEIVED.value,
        actor=user.username if user else notice.route.supervising_department.name,
        object_type="cases.Case",
        object_id=notice.case.number,
        data={"outcome": outcome, "feedback_id": feedback_id},
    )
    ledger.emit(
        Event.SUPERVISION_RESULT_RECEIVED,
        {"case": notice.case.number, "outcome": outcome, "department": notice.route.supervising_department.name},
        key=notice.case.number,
    )
    return result, True


def mark_read(notice: Notice, user) -> None:
    if notice.read_at is None and notice.route.supervising_department_id in department_ids(user):
        Notice.objects.filter(pk=notice.pk, read_at__isnull=True).update(read_at=timezone.now())
