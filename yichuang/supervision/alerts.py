"""电子监察 writes: raising alerts (event-driven and from the scan), acknowledging and closing
them with a note (R-52). One open alert per rule and subject: raising again is a no-op."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone

from yichuang.common.errors import DomainError, NotAllowed, Problem
from yichuang.ledger import services as ledger

from .access import watched_site_ids
from .models import Alert

Rule = Alert.Rule


def raise_alert(
    rule: str,
    site,
    subject: str,
    message: str,
    *,
    case_number: str = "",
    now: dt.datetime | None = None,
    once: bool = False,
) -> Alert | None:
    """The new alert, or None when one for this rule and subject is still open. With `once`,
    None when there ever was one: a lapse that happened (a promise date passed) stays happened,
    so closing its alert must not make the next scan raise it again."""
    earlier = Alert.objects.filter(rule=rule, subject=subject)
    if not once:
        earlier = earlier.exclude(status=Alert.Status.CLOSED)
    if earlier.exists():
        return None
    try:
        with transaction.atomic():  # a savepoint: losing a race to the same alert is not an error
            alert = Alert.objects.create(
                rule=rule,
                site=site,
                subject=subject[:64],
                case_number=case_number,
                message=message[:300],
                raised_at=now or timezone.now(),
            )
            ledger.record(
                f"alerts:{site.code}",
                "supervision.alert_raised",
                actor="system",
                object_type="supervision.Alert",
                object_id=str(alert.pk),
                data={"rule": rule, "subject": subject, "case": case_number},
            )
    except IntegrityError:
        return None
    return alert


def _locked_for(alert: Alert, user) -> Alert:
    alert = Alert.objects.select_for_update().select_related("site").get(pk=alert.pk)
    if alert.site_id not in watched_site_ids(user):
        raise NotAllowed(Problem("not_your_site", "只有本站点的中心负责人或上级监察人员可以处理该预警。"))
    return alert


def _require_note(note: str) -> str:
    note = (note or "").strip()
    if not note:
        raise DomainError(Problem("note_required", "请填写处理说明。", "note"))
    if len(note) > 500:
        raise DomainError(Problem("note_too_long", "处理说明不超过500字。", "note"))
    return note


@transaction.atomic
def acknowledge(alert: Alert, user, note: str = "") -> Alert:
    alert = _locked_for(alert, user)
    if alert.status != Alert.Status.OPEN:
        raise DomainError(Problem("alert_not_open", "该预警已签收或已办结。", "status"))
    alert.status, alert.acknowledged_by, alert.acknowledged_at = Alert.Status.ACKNOWLEDGED, user, timezone.now()
    alert.note = (note or "").strip()[:500]
    alert.save()
    ledger.record(
        f"alerts:{alert.site.code}",
        "supervision.alert_acknowledged",
        actor=user.username,
        object_type="supervision.Alert",
        object_id=str(alert.pk),
        data={"note": alert.note},
    )
    return alert


@transaction.atomic
def close(alert: Alert, user, note: str) -> Alert:
    note = _require_note(note)
    alert = _locked_for(alert, user)
    if alert.status == Alert.Status.CLOSED:
        raise DomainError(Problem("alert_closed", "该预警已办结。", "status"))
    now = timezone.now()
    if alert.acknowledged_at is None:
        alert.acknowledged_by, alert.acknowledged_at = user, now
    alert.status, alert.closed_by, alert.closed_at, alert.note = Alert.Status.CLOSED, user, now, note
    alert.save()
    ledger.record(
        f"alerts:{alert.site.code}",
        "supervision.alert_closed",
        actor=user.username,
        object_type="supervision.Alert",
        object_id=str(alert.pk),
        data={"note": note},
    )
    return alert
