"""A rate limit when the shared cache is away (issue 16 §2; found by bench/cluster.py stopping Redis):
public pages keep answering instead of a 500, and the outage is logged without the client's address."""

import logging

import pytest
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError

import yichuang.common.ratelimit as ratelimit
from yichuang.common.ratelimit import retry_after


@pytest.fixture
def cache_away(monkeypatch):
    """A real Redis cache backend pointed at a port nobody listens on: every call raises
    ConnectionError, as when the county's Redis is stopped."""
    unreachable = RedisCache("redis://127.0.0.1:1/0", {"OPTIONS": {"socket_connect_timeout": 0.2}})
    monkeypatch.setattr(ratelimit, "cache", unreachable)
    return unreachable


def test_a_rate_limit_lets_the_request_through_while_the_cache_is_away(cache_away):
    with pytest.raises(ConnectionError):
        cache_away.get("probe")  # the cache really is unreachable
    assert retry_after("public-scorecard", "203.0.113.7", "1/min") == 0
    assert retry_after("public-scorecard", "203.0.113.7", "1/min") == 0


def test_the_cache_outage_is_logged_by_scope_without_the_client_address(cache_away, caplog):
    with caplog.at_level(logging.WARNING, logger="yichuang.common.ratelimit"):
        retry_after("guide-search", "203.0.113.7", "5/min")
    assert any("guide-search" in r.getMessage() for r in caplog.records)
    assert not any("203.0.113.7" in r.getMessage() for r in caplog.records)


@pytest.mark.django_db
def test_the_limit_still_refuses_when_the_cache_answers():
    assert retry_after("public-scorecard", "203.0.113.8", "1/min") == 0
    assert retry_after("public-scorecard", "203.0.113.8", "1/min") > 0
