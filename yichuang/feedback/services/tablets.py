"""Binding a window's 评价器 tablet (issue 13). The site's head binds it once, on the tablet
itself; the tablet keeps the returned token in its own cookie and presents it with every
rating. The binding is audited; the token is never stored, only its digest."""

from __future__ import annotations

import secrets

from django.db import transaction
from django.utils import timezone

from yichuang.common.errors import NotAllowed, Problem
from yichuang.ledger import services as ledger

from .. import permissions
from ..models import TabletDevice


@transaction.atomic
def bind_tablet(window, head) -> tuple[TabletDevice, str]:
    """Bind a (new) tablet to `window`; any tablet bound before is revoked. Returns the device
    and its token — shown to nobody, set as the tablet's cookie by the view."""
    if not permissions.may_bind_tablet(head, window):
        raise NotAllowed(Problem("role_not_allowed", "只有本站点的中心负责人可以绑定窗口评价器。", "window"))
    now = timezone.now()
    revoked = list(
        TabletDevice.objects.select_for_update()
        .filter(window=window, revoked_at__isnull=True)
        .values_list("pk", flat=True)
    )
    TabletDevice.objects.filter(pk__in=revoked).update(revoked_at=now)
    token = secrets.token_urlsafe(32)
    device = TabletDevice.objects.create(
        window=window, token_hash=TabletDevice.digest(token), bound_by=head, bound_at=now
    )
    ledger.record(
        f"feedback.tablet.{device.pk}",
        "feedback.tablet.bind",
        actor=head.username,
        object_type="feedback.TabletDevice",
        object_id=device.pk,
        new_stream=True,
        data={"window": window.pk, "site": window.site.code, "revoked": revoked},
    )
    return device, token
