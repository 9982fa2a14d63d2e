"""Writes of the hall floor: binding kiosks, issuing tickets, and the clerk's call / recall /
serve / finish / skip / transfer. Every change is one transaction; a ticket changes state only
here."""

from __future__ import annotations

import secrets

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from yichuang.cases.models import Case
from yichuang.common.errors import Conflict, DomainError, NotAllowed, Problem
from yichuang.feedback import permissions as feedback_permissions
from yichuang.feedback import services as feedback
from yichuang.ledger import services as ledger
from yichuang.org.models import Window
from yichuang.portal.models import Booking

from . import categories, staffing
from .models import Kiosk, Ticket, TicketCounter

ACTIVE = (Ticket.State.CALLED, Ticket.State.SERVING)


def _refuse(code: str, message: str, field: str = "ticket", kind=DomainError):
    raise kind(Problem(code, message, field))


@transaction.atomic
def bind_kiosk(site, head) -> tuple[Kiosk, str]:
    """The site's head binds a kiosk on the kiosk itself; the token goes to its cookie only."""
    if not feedback_permissions.headed_site_ids(head) & {site.pk}:
        _refuse("role_not_allowed", "只有本站点的中心负责人可以绑定取号机。", "site", NotAllowed)
    token = secrets.token_urlsafe(32)
    kiosk = Kiosk.objects.create(site=site, token_hash=Kiosk.digest(token), bound_by=head, bound_at=timezone.now())
    ledger.record(
        f"floor.kiosk.{kiosk.pk}",
        "floor.kiosk.bind",
        actor=head.username,
        object_type="floor.Kiosk",
        object_id=kiosk.pk,
        new_stream=True,
        data={"site": site.code},
    )
    return kiosk, token


def _next_number(site, day, category: str) -> int:
    counter, _ = TicketCounter.objects.get_or_create(site=site, day=day, category=category)
    # The UPDATE takes the row's lock (PostgreSQL) or the database's write lock (SQLite) until
    # commit, so the number read back is ours alone.
    TicketCounter.objects.filter(pk=counter.pk).update(last=F("last") + 1)
    return TicketCounter.objects.values_list("last", flat=True).get(pk=counter.pk)


@transaction.atomic
def issue(site, category: str, *, green_reason: str = "", booking=None, now=None) -> Ticket:
    """取号: the next number of `category` at `site` today. A green-channel reason (70岁以上、
    残疾人、孕妇) puts the ticket ahead of everyone; an appointment's check-in ahead of walk-ins."""
    if category not in categories.BY_CODE:
        _refuse("unknown_category", "请选择要办理的业务类别。", "category")
    offered = {c.code for c in categories.offered(staffing.open_window_types(site))}
    if category not in offered:
        _refuse("category_not_offered", "本中心现在没有办理这类业务的窗口,请咨询大厅引导员。", "category")
    if green_reason and green_reason not in Ticket.Green.values:
        _refuse("unknown_green_reason", "绿色通道仅适用于70岁以上老人、残疾人和孕妇。", "green_reason")
    now = now or timezone.now()
    day = timezone.localdate(now)
    priority = (
        Ticket.Priority.GREEN
        if green_reason
        else Ticket.Priority.APPOINTMENT
        if booking is not None
        else Ticket.Priority.NORMAL
    )
    return Ticket.objects.create(
        site=site,
        day=day,
        category=category,
        queue=category,
        number=_next_number(site, day, category),
        priority=priority,
        green_reason=green_reason,
        booking=booking,
        issued_at=now,
    )


@transaction.atomic
def issue_for_booking(site, code: str, now=None) -> Ticket:
    """预约签到取号 at the kiosk: today's booking at this site is checked in and gets a ticket
    with the appointment's priority, in the category that serves the booked window type."""
    code = (code or "").strip().upper()[:12]
    booking = (
        Booking.objects.select_for_update().select_related("slot").filter(code=code).first()
        if code.isprintable() and code
        else None
    )
    if booking is None or booking.slot.site_id != site.pk:
        _refuse("booking_not_found", "本中心没有这个预约号,请核对短信中的预约号。", "code")
    if booking.state != Booking.State.BOOKED:
        _refuse("not_checkable", "该预约已取消或已签到。", "code", Conflict)
    now = now or timezone.now()
    if booking.slot.date != timezone.localdate(now):
        _refuse("wrong_day", f"该预约是{booking.slot.date:%Y年%m月%d日}的,不是今天。", "code")
    served = categories.served_by(booking.slot.window_type) or [categories.CATEGORIES[0].code]
    booking.state, booking.checked_in_at = Booking.State.CHECKED_IN, now
    booking.save(update_fields=["state", "checked_in_at"])
    ledger.record(
        f"portal.booking.{booking.pk}",
        "floor.booking.checked_in_at_kiosk",
        object_type="portal.Booking",
        object_id=booking.pk,
        data={"site": site.code},
    )
    return issue(site, served[0], booking=booking, now=now)


def _serving_window(window: Window, clerk) -> Window:
    if not feedback_permissions.may_serve_window(clerk, window):
        _refuse("role_not_allowed", "只有在本窗口任A岗或B岗的工作人员可以叫号。", "window", NotAllowed)
    return Window.objects.select_for_update().get(pk=window.pk)  # one press at a time per window


def _queue(window: Window, day):
    return Ticket.objects.filter(
        site_id=window.site_id, day=day, state=Ticket.State.WAITING, queue__in=categories.served_by(window.type)
    ).order_by("-priority", "issued_at", "pk")


@transaction.atomic
def call_next(window: Window, clerk, now=None) -> Ticket | None:
    """叫号: the first waiting ticket the window serves (green channel, then appointments, then
    by time taken), or None when nobody waits. Two clerks pressing at once never get the same
    ticket: on PostgreSQL each skips the rows another has locked (SKIP LOCKED); everywhere the
    conditional UPDATE below takes a ticket only if it is still waiting."""
    window = _serving_window(window, clerk)
    if not staffing.is_open(window):
        _refuse("window_closed", "本窗口A岗、B岗均不在岗,窗口已暂停服务,不能叫号。", "window", Conflict)
    if Ticket.objects.filter(window=window, state__in=ACTIVE).exists():
        _refuse("ticket_active", "本窗口还有正在叫号或办理中的号,请先办结或过号。", "window", Conflict)
    now = now or timezone.now()
    queue = _queue(window, timezone.localdate(now))
    if connection.features.has_select_for_update_skip_locked:
        queue = queue.select_for_update(skip_locked=True)
    for _ in range(20):
        ticket = queue.first()
        if ticket is None:
            return None
        taken = Ticket.objects.filter(pk=ticket.pk, state=Ticket.State.WAITING).update(
            state=Ticket.State.CALLED, window=window, staff=clerk, called_at=now, last_called_at=now, calls=1
        )
        if taken:
            ticket.refresh_from_db()
            return ticket
    _refuse("queue_busy", "叫号繁忙,请稍后再按一次。", "window", Conflict)


def _own_ticket(ticket: Ticket, clerk, *states) -> Ticket:
    ticket = Ticket.objects.select_for_update(of=("self",)).select_related("window__site").get(pk=ticket.pk)
    if ticket.window is None or not feedback_permissions.may_serve_window(clerk, ticket.window):
        _refuse("role_not_allowed", "只能处理本人所在窗口叫到的号。", "ticket", NotAllowed)
    if ticket.state not in states:
        _refuse("ticket_state", f"该号当前状态为“{ticket.get_state_display()}”,不能这样操作。", "ticket", Conflict)
    return ticket


@transaction.atomic
def recall(ticket: Ticket, clerk, now=None) -> Ticket:
    """重呼: announce the called number again."""
    ticket = _own_ticket(ticket, clerk, Ticket.State.CALLED)
    ticket.last_called_at, ticket.calls = now or timezone.now(), ticket.calls + 1
    ticket.save(update_fields=["last_called_at", "calls"])
    return ticket


@transaction.atomic
def start(ticket: Ticket, clerk, now=None) -> Ticket:
    """开始办理: the person has come to the window; service time counts from here."""
    ticket = _own_ticket(ticket, clerk, Ticket.State.CALLED)
    ticket.state, ticket.started_at = Ticket.State.SERVING, now or timezone.now()
    ticket.save(update_fields=["state", "started_at"])
    return ticket


@transaction.atomic
def finish(ticket: Ticket, clerk, case_number: str = "", now=None) -> Ticket:
    """办结: the service ends; the ticket is linked to the case handled (if any) and the
    window's 评价器 is opened for this service (一次一评)."""
    ticket = _own_ticket(ticket, clerk, Ticket.State.CALLED, Ticket.State.SERVING)
    case = None
    if case_number:
        case = Case.objects.filter(number=case_number.strip()[:32]).first()
        if case is None or ticket.site_id not in (case.site_id, case.home_site_id):
            _refuse("case_not_found", f"本站点没有编号为“{case_number.strip()[:32]}”的办件。", "case")
    now = now or timezone.now()
    ticket.encounter = feedback.start_encounter(ticket.window, clerk, case=case)
    ticket.state, ticket.case, ticket.finished_at = Ticket.State.DONE, case, now
    ticket.started_at = ticket.started_at or ticket.last_called_at
    ticket.save(update_fields=["state", "case", "finished_at", "started_at", "encounter"])
    return ticket


@transaction.atomic
def skip(ticket: Ticket, clerk, now=None) -> Ticket:
    """过号: the person did not come after the calls; the window may call the next."""
    ticket = _own_ticket(ticket, clerk, Ticket.State.CALLED)
    ticket.state, ticket.finished_at = Ticket.State.SKIPPED, now or timezone.now()
    ticket.save(update_fields=["state", "finished_at"])
    return ticket


@transaction.atomic
def transfer(ticket: Ticket, clerk, category: str) -> Ticket:
    """转窗: the person needs another kind of window. The ticket waits again in that category,
    keeping its number and time taken (so it is called soon), and leaves this window."""
    ticket = _own_ticket(ticket, clerk, Ticket.State.CALLED, Ticket.State.SERVING)
    if category not in categories.BY_CODE or category == ticket.queue:
        _refuse("unknown_category", "请选择要转去的其他业务类别。", "category")
    ticket.queue = category
    ticket.state, ticket.window, ticket.staff, ticket.started_at = Ticket.State.WAITING, None, None, None
    ticket.save(update_fields=["queue", "state", "window", "staff", "started_at"])
    return ticket
