"""API pages (?limit=&offset=) read strictly (issue 13).

DRF's LimitOffsetPagination takes any int() the query string yields: offset=10**30 reaches the
database as a LIMIT/OFFSET it cannot hold (OverflowError on SQLite, "bigint out of range" on
PostgreSQL — a 500), "１２３" is read as 123, and "abc" silently becomes the default. Here a bad
value is the structured 400 naming the parameter, so a client learns its mistake.
"""

from __future__ import annotations

from rest_framework.pagination import LimitOffsetPagination

from . import params

MAX_LIMIT = 200
# Far beyond any list we hold (a county has some 10^6 cases a decade), far below BIGINT.
MAX_OFFSET = 10**9


class StrictLimitOffsetPagination(LimitOffsetPagination):
    max_limit = MAX_LIMIT

    def get_limit(self, request) -> int:
        return params.integer(
            request.query_params.get(self.limit_query_param),
            self.limit_query_param,
            minimum=1,
            maximum=self.max_limit,
            default=self.default_limit,
            label="每页条数(limit)",
        )

    def get_offset(self, request) -> int:
        return params.integer(
            request.query_params.get(self.offset_query_param),
            self.offset_query_param,
            minimum=0,
            maximum=MAX_OFFSET,
            default=0,
            label="起始位置(offset)",
        )
