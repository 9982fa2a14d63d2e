"""Reads for people: finding applicants, the mandate an agent acts under, and the licences
intake can fetch instead of asking for them (R-13)."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.db.models import Q, QuerySet
from django.utils import timezone

from yichuang.catalog.models import Item, ItemVersion
from yichuang.common import fastsql
from yichuang.common.errors import DomainError
from yichuang.org.models import StaffRole, User

from .models import Applicant, Authorisation, Licence
from .numbers import normalise_number, number_field


def find_applicant(kind: str, number: str) -> Applicant | None:
    """The applicant with this ID number, or None (also for a number that cannot be valid)."""
    try:
        number = normalise_number(kind, number)
    except DomainError:
        return None
    return Applicant.objects.filter(kind=kind, **{number_field(kind): number}).first()


def _item_id(item: Item | ItemVersion | None) -> int | None:
    if item is None:
        return None
    return item.item_id if isinstance(item, ItemVersion) else item.pk


def active_authorisation(
    agent: User | Applicant, principal: Applicant, item: Item | ItemVersion | None = None, on: dt.date | None = None
) -> Authorisation | None:
    """The authorisation that lets `agent` apply for `principal` for `item` on `on` (today by
    default), or None. Without an item only an all-items mandate answers: a caller that does
    not say what is applied for must not be let through by a mandate limited to some items.

    A revocation counts from the (local) day it was made; a helper who no longer holds the
    helper role anywhere, or whose account is disabled, is permitted nothing."""
    on = on or timezone.localdate()
    qs = Authorisation.objects.filter(principal=principal, valid_from__lte=on, valid_until__gte=on)
    qs = qs.filter(Q(revoked_at__isnull=True) | Q(revoked_at__date__gt=on))
    if isinstance(agent, User):
        if not agent.is_active or not StaffRole.objects.filter(user=agent, role=StaffRole.Role.HELPER).exists():
            return None
        qs = qs.filter(agent_kind=Authorisation.AgentKind.HELPER, agent_user=agent)
    elif isinstance(agent, Applicant):
        qs = qs.filter(agent_kind=Authorisation.AgentKind.PERSON, agent_person=agent)
    else:
        raise TypeError("agent must be a staff User (帮办代办员) or an Applicant")
    item_id = _item_id(item)
    qs = qs.filter(all_items=True) if item_id is None else qs.filter(Q(all_items=True) | Q(items=item_id))
    return qs.distinct().order_by("-valid_from", "-pk").first()


def licences_for(applicant: Applicant, type_code: str, on: dt.date | None = None) -> QuerySet[Licence]:
    """The holder's licences of this type that can be fetched on `on` (today by default):
    not revoked and not past their validity. Newest first."""
    on = on or timezone.localdate()
    return (
        Licence.objects.filter(
            holder=applicant,
            licence_type_code=(type_code or "").strip().upper(),
            status=Licence.Status.VALID,
            issued_on__lte=on,
        )
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=on))
        .order_by("-issued_on", "-pk")
    )


def fetchable_licence(applicant: Applicant, type_code: str, on: dt.date | None = None) -> Licence | None:
    """The first of `licences_for(applicant, type_code, on)`, as one fixed statement: intake asks
    this for every government-issued material, and building the queryset cost more CPU than
    running it (issue 14 §5). A test holds the two equal."""
    on = on or timezone.localdate()
    day = connection.ops.adapt_datefield_value(on)
    with fastsql.bound_cursor() as cursor:
        cursor.execute(
            _FETCHABLE or _fetchable_sql(),
            [applicant.pk, (type_code or "").strip().upper(), Licence.Status.VALID, day, day],
        )
        row = cursor.fetchone()
    return None if row is None else fastsql.instance(Licence, row)


_FETCHABLE = ""


def _fetchable_sql() -> str:
    global _FETCHABLE
    _FETCHABLE = (
        f"SELECT {fastsql.columns(Licence, 'l')} FROM {Licence._meta.db_table} l"
        " WHERE l.holder_id = %s AND l.licence_type_code = %s AND l.status = %s AND l.issued_on <= %s"
        " AND (l.valid_until IS NULL OR l.valid_until >= %s) ORDER BY l.issued_on DESC, l.id DESC LIMIT 1"
    )
    return _FETCHABLE


def licence_by_number(number: str) -> Licence | None:
    return Licence.objects.filter(number=(number or "").strip()).select_related("holder").first()
