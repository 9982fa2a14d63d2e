"""Who may do what in the feedback loop. One place, so pages and API decide alike.

Citizens: which people.Applicant a logged-in account stands for is the online hall's
knowledge (portal.CitizenAccount, LegalRepresentation), and the portal sits above feedback
(architecture: apps depend downward, no import goes up). So feedback asks resolvers:
`_portal_accounts` reads the portal's tables by model name (no import; nothing if the portal
is not installed), and other front doors (a provincial ID login) can register their own with
`register_applicant_resolver`. See docs/decisions/0012."""

from __future__ import annotations

from typing import Callable, Iterable

from django.apps import apps

from yichuang.org.models import Post, Site, StaffRole

Resolver = Callable[[object], Iterable[int]]


def _portal_accounts(user) -> list[int]:
    """The natural person the account verified as, and the companies it represents."""
    if not apps.is_installed("yichuang.portal"):
        return []
    try:
        account_model = apps.get_model("portal", "CitizenAccount")
        representation_model = apps.get_model("portal", "LegalRepresentation")
    except LookupError:
        return []
    account = account_model.objects.filter(user=user).values_list("pk", "applicant_id").first()
    if account is None:
        return []
    pk, applicant_id = account
    companies = list(representation_model.objects.filter(account_id=pk).values_list("applicant_id", flat=True))
    return ([applicant_id] if applicant_id else []) + companies


_resolvers: list[Resolver] = [_portal_accounts]

TICKET_ROLES = frozenset({StaffRole.Role.HEAD, StaffRole.Role.SUPERVISOR})
WINDOW_ROLES = frozenset({StaffRole.Role.CLERK, StaffRole.Role.HELPER})


def register_applicant_resolver(resolver: Resolver) -> None:
    """`resolver(user)` returns the ids of the people.Applicant rows the logged-in user is."""
    if resolver not in _resolvers:
        _resolvers.append(resolver)


def unregister_applicant_resolver(resolver: Resolver) -> None:
    if resolver in _resolvers:
        _resolvers.remove(resolver)


def applicant_ids(user) -> set[int]:
    if not getattr(user, "is_authenticated", False):
        return set()
    return {int(pk) for resolver in _resolvers for pk in resolver(user)}


def rater_for(user, case) -> int | None:
    """The applicant id the user rates `case` as: its applicant, or the natural person it was
    applied for by under an authorisation (代办人). Staff helpers (帮办代办员) do not rate the
    service of their own centre."""
    ids = applicant_ids(user)
    if case.applicant_id in ids:
        return case.applicant_id
    authorisation = case.authorisation
    if authorisation is not None and authorisation.agent_person_id in ids:
        return authorisation.agent_person_id
    return None


def may_rate(user, case) -> bool:
    return rater_for(user, case) is not None


def _roles(user) -> list[StaffRole]:
    if not getattr(user, "is_authenticated", False):
        return []
    return list(StaffRole.objects.filter(user=user))


def ticket_site_ids(user) -> set[int]:
    """Sites whose tickets the user handles: where they are head or supervisor, and for a
    supervisor also the sites below (县级监察 sees the townships and villages, R-52)."""
    own = {r.site_id for r in _roles(user) if r.role in TICKET_ROLES}
    supervised = {r.site_id for r in _roles(user) if r.role == StaffRole.Role.SUPERVISOR}
    below = set(Site.objects.filter(parent_id__in=supervised).values_list("pk", flat=True)) if supervised else set()
    if below:
        below |= set(Site.objects.filter(parent_id__in=below).values_list("pk", flat=True))
    return own | below


def handles_tickets(user) -> bool:
    return any(r.role in TICKET_ROLES for r in _roles(user))


def may_handle_ticket(user, ticket) -> bool:
    return ticket.site_id in ticket_site_ids(user)


def may_serve_window(user, window) -> bool:
    """Clerks (and helpers) of the window's site who hold the window's A or B post open its
    encounters: a rating is credited to whoever opened it, so nobody may open one at a
    colleague's window (issue 13)."""
    if not any(r.site_id == window.site_id and r.role in WINDOW_ROLES for r in _roles(user)):
        return False
    return Post.objects.filter(window=window, staff=user).exists()


def headed_site_ids(user) -> set[int]:
    return {r.site_id for r in _roles(user) if r.role == StaffRole.Role.HEAD}


def may_bind_tablet(user, window) -> bool:
    """The site's head binds the window's 评价器 (not the clerks it rates)."""
    return window.site_id in headed_site_ids(user)


def is_staff_member(user) -> bool:
    return bool(_roles(user))


def is_staff_member_at(user, site_id: int) -> bool:
    return any(r.site_id == site_id for r in _roles(user))
