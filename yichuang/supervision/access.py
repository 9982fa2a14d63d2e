"""Who sees what in supervision: a centre head sees their own site, a supervisor (监察) their
site and every site below it (county ↔ township ↔ village, R-52); department users see the
notices addressed to their department (审管联动)."""

from __future__ import annotations

from yichuang.cases.selectors import staff_user
from yichuang.org.models import Site, StaffRole

WATCH_ROLES = (StaffRole.Role.HEAD, StaffRole.Role.SUPERVISOR)


def descendants(site_ids: set[int]) -> set[int]:
    found, frontier = set(site_ids), set(site_ids)
    while frontier:  # three levels at most (county, township, village): a query per level
        frontier = set(Site.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)) - found
        found |= frontier
    return found


def watched_site_ids(user) -> set[int]:
    """Sites whose alerts and scorecards this user may see."""
    if not user.is_authenticated:
        return set()
    roles = staff_user(user).staff_roles.all()
    heads = {r.site_id for r in roles if r.role == StaffRole.Role.HEAD}
    supervised = {r.site_id for r in roles if r.role == StaffRole.Role.SUPERVISOR}
    return heads | (descendants(supervised) if supervised else set())


def department_ids(user) -> set[int]:
    """Departments this user works for (a department user holds a role with `department`)."""
    if not user.is_authenticated:
        return set()
    return {r.department_id for r in staff_user(user).staff_roles.all() if r.department_id}
