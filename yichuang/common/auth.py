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

import contextvars
import functools

from django.contrib import auth
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.utils.functional import SimpleLazyObject

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
    with fastsql.bound_cursor() as cursor:
        cursor.execute(_sql(connection.vendor), [User._meta.pk.get_db_prep_value(user_id, connection)])
        return user_from_rows(cursor.fetchall())


def user_from_rows(rows, skip: int = 0) -> User | None:
    """The user and roles of `_sql`'s rows (each row's first `skip` columns are someone else's:
    the session's, `common.sessions`), or None when there is no user (no row, or a NULL id)."""
    if not rows or rows[0][skip] is None:
        return None
    n = skip + fastsql.width(User)
    user = fastsql.instance(User, rows[0][skip:n])
    roles = [fastsql.instance(StaffRole, row[n:]) for row in rows if row[n] is not None]
    for role in roles:
        StaffRole.user.field.set_cached_value(role, user)
    cached = user.staff_roles.all()
    cached._result_cache, cached._prefetch_done = roles, True
    user._prefetched_objects_cache = {"staff_roles": cached}
    return user


# The user (and roles) read by the session's own statement in this request, as (id, user or
# None): set only while `auth.get_user` runs for that request (`SessionUserMiddleware`), so a
# row read for one request can never answer another's (decision 0141).
_preloaded: contextvars.ContextVar[tuple | None] = contextvars.ContextVar("preloaded_user", default=None)


def _session_user(request):
    if not hasattr(request, "_cached_user"):
        session = request.session
        session._get_session()  # the session's statement, which may bring the user along
        token = _preloaded.set(getattr(session, "preloaded_user", None))
        try:
            request._cached_user = auth.get_user(request)
        finally:
            _preloaded.reset(token)
    return request._cached_user


class SessionUserMiddleware:
    """After Django's AuthenticationMiddleware: `request.user` as Django computes it (the same
    backend, `is_active` rule and session-hash check), handed the user row that the session's
    statement already read when it could (`common.sessions`) — one statement instead of two."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.user = SimpleLazyObject(lambda: _session_user(request))
        return self.get_response(request)


class StaffBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None and password is not None:
            raise PermissionDenied  # the same answer ModelBackend gave as the last backend
        return user

    def get_user(self, user_id):
        preloaded = _preloaded.get()
        try:
            if preloaded is not None and preloaded[0] == user_id:
                user = preloaded[1]  # this request's row, read with its session
            else:
                user = user_with_roles(user_id)
        except (ValueError, TypeError):
            return None
        return user if user is not None and self.user_can_authenticate(user) else None
