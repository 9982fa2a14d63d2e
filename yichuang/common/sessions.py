"""The database session engine with its one read as a fixed statement (issue 14 §5).

Same table, same rows, same expiry rule as `django.contrib.sessions.backends.db` — sessions
stay revocable at once in every worker (a logout or an expired row is seen by the next
request) — only the SELECT of every authenticated request is not built by the ORM anew.

The session's row and its staff user's row (with every role) in one statement (decision 0141):
the user's id is inside the signed session data, which SQL cannot read, so the statement joins
the id this process found in the same session last time (`_user_of`). That id is only a guess:
Django still decodes the session and asks the backend for the user the session names, and
`auth.StaffBackend` takes the row read here only when the ids agree (else it reads the user as
before). Both rows are read fresh on every request, so a logout, an expired session, a
deactivated account, a changed password or a removed role is seen by the very next request."""

from __future__ import annotations

import functools

from django.contrib.auth import BACKEND_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from yichuang.common import fastsql
from yichuang.common.auth import user_from_rows
from yichuang.org.models import StaffRole, User

STAFF_BACKEND = "yichuang.common.auth.StaffBackend"
# session key → the staff user's id this process last found in it; bounded, only a guess
_user_of: dict[str, int] = {}
_GUESSES = 20_000


@functools.cache
def _with_user_sql(table: str) -> str:
    return (
        f"SELECT s.session_data, {fastsql.columns(User, 'u')}, {fastsql.columns(StaffRole, 'r')}"
        f" FROM {table} s LEFT JOIN {User._meta.db_table} u ON u.id = %s"
        f" LEFT JOIN {StaffRole._meta.db_table} r ON r.user_id = u.id"
        " WHERE s.session_key = %s AND s.expire_date > %s ORDER BY r.id"
    )


class SessionStore(DatabaseSessionStore):
    preloaded_user = None  # (user id, user or None) read with the session, for auth.StaffBackend

    def _get_session_from_db(self):
        key = self.session_key
        if key is not None:
            table = self.model._meta.db_table
            now = connection.ops.adapt_datetimefield_value(timezone.now())
            guess = _user_of.get(key)
            with fastsql.bound_cursor() as cursor:
                if guess is None:
                    cursor.execute(
                        f"SELECT session_data FROM {table} WHERE session_key = %s AND expire_date > %s", [key, now]
                    )
                    rows = cursor.fetchall()
                else:
                    cursor.execute(_with_user_sql(table), [guess, key, now])
                    rows = cursor.fetchall()
                    if rows:
                        self.preloaded_user = (guess, user_from_rows(rows, skip=1))
            if rows:
                return self.model(session_key=key, session_data=rows[0][0])
        self._session_key = None
        return None

    def load(self):
        data = super().load()
        key = self.session_key
        if key is not None and data.get(BACKEND_SESSION_KEY) == STAFF_BACKEND:
            try:
                user_id = User._meta.pk.to_python(data.get(SESSION_KEY))
            except ValidationError:  # not ours to judge here: Django's get_user refuses it
                user_id = None
            if user_id is not None and _user_of.get(key) != user_id:
                if len(_user_of) >= _GUESSES:
                    _user_of.clear()  # guesses only: losing them costs one statement each
                _user_of[key] = user_id
        return data
