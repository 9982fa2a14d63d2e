"""The staff login backend: Django's ModelBackend, with the user and their roles read by one
fixed statement on every request (issue 14 §5, decision 0019).

Every API and workbench request needs `request.user` and then its `staff_roles` (who may do
what where); the ORM spent more CPU building those two queries than PostgreSQL did running
them. `get_user` reads the user row and every StaffRole of the user in one LEFT JOIN and
leaves the roles where `cases.selectors.staff_user` (and `user.staff_roles.all()`) finds a
prefetch. What is checked is unchanged: the same `is_active` rule, and Django verifies the
session's password hash against the row just read.

Passwords are checked by ModelBackend's own `authenticate`. A failed check raises
PermissionDenied, which ends `django.contrib.auth.authenticate` there, as when ModelBackend
was the last backend (the failure signal — django-axes counts it — is sent once, and the
password is hashed once). ModelBackend stays listed after this backend: sessions it started
(the portal logs citizens in with it by name, and sessions from before this backend) keep
working through it.
"""

from __future__ import annotations

import functools

from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied
from django.db import connection

from yichuang.common import fastsql
from yichuang.org.models import StaffRole, User


@functools.cache
def _sql(vendor: str) -> str:
    return (
        f"SELECT {fastsql.columns(User, 'u')}, {fastsql.columns(StaffRole, 'r')}"
        f" FROM {User._meta.db_table} u LEFT JOIN {StaffRole._meta.db_table} r ON r.user_id = u.id"
        " WHERE u.id = %s ORDER BY r.id"
    )


def user_with_roles(user_id) -> User | None:
    """The user with `staff_roles` loaded (as `prefetch_related("staff_roles")` leaves it), or None."""
    with connection.cursor() as cursor:
        cursor.execute(_sql(connection.vendor), [User._meta.pk.get_db_prep_value(user_id, connection)])
        rows = cursor.fetchall()
    if not rows:
        return None
    n = fastsql.width(User)
    user = fastsql.instance(User, rows[0][:n])
    roles = [fastsql.instance(StaffRole, row[n:]) for row in rows if row[n] is not None]
    for role in roles:
        StaffRole.user.field.set_cached_value(role, user)
    cached = user.staff_roles.all()
    cached._result_cache, cached._prefetch_done = roles, True
    user._prefetched_objects_cache = {"staff_roles": cached}
    return user


class StaffBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None and password is not None:
            raise PermissionDenied  # the same answer ModelBackend gave as the last backend
        return user

    def get_user(self, user_id):
        try:
            user = user_with_roles(user_id)
        except (ValueError, TypeError):
            return None
        return user if user is not None and self.user_can_authenticate(user) else None
