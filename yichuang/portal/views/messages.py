"""消息: what the platform told the citizen (and the companies they act for) about their cases,
newest first; opening the list marks them read (R-25)."""

from __future__ import annotations

from django.shortcuts import render
from django.views.decorators.http import require_GET

from yichuang.notify import selectors as notify
from yichuang.notify import services as notify_services

from .. import selectors
from .common import citizen_required


@citizen_required
@require_GET
def message_list(request):
    ids = [a.pk for a in selectors.applicants_of(request.account)]
    rows = list(notify.hall_messages(ids))
    unread = {m.pk for m in rows if m.read_at is None}
    notify_services.mark_read(ids)
    return render(request, "portal/messages.html", {"rows": rows, "unread": unread, "nav": "messages"})
