"""The database session engine with its one read as a fixed statement (issue 14 §5).

Same table, same rows, same expiry rule as `django.contrib.sessions.backends.db` — sessions
stay revocable at once in every worker (a logout or an expired row is seen by the next
request) — only the SELECT of every authenticated request is not built by the ORM anew."""

from __future__ import annotations

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.db import connection
from django.utils import timezone


class SessionStore(DatabaseSessionStore):
    def _get_session_from_db(self):
        key = self.session_key
        if key is not None:
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT session_data FROM {self.model._meta.db_table} WHERE session_key = %s AND expire_date > %s",
                    [key, connection.ops.adapt_datetimefield_value(timezone.now())],
                )
                row = cursor.fetchone()
            if row is not None:
                return self.model(session_key=key, session_data=row[0])
        self._session_key = None
        return None
