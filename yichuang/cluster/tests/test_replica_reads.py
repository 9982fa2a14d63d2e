"""Scorecards and public pages may read the streaming replica; whoever has just written reads
the primary (read-your-writes); writes and migrations always go to the primary (issue 16 §7)."""

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import resolve

from yichuang.cluster.routers import PIN_COOKIE, ReplicaReadsMiddleware, ReplicaRouter, reads_from

# The tests add a `replica` alias (a copy of default) only for the router to see it configured.
pytestmark = pytest.mark.filterwarnings("ignore:Overriding setting DATABASES")


@pytest.fixture
def with_replica(settings):
    settings.DATABASES = {**settings.DATABASES, "replica": dict(settings.DATABASES["default"])}


def served(method: str, path: str, cookies: dict | None = None, status: int = 200):
    """Run the middleware around a view that notes where its reads went."""
    request = getattr(RequestFactory(), method.lower())(path)
    request.COOKIES.update(cookies or {})
    request.resolver_match = resolve(path)
    seen = {}

    def view(req):
        seen["reads"] = reads_from()
        return HttpResponse(status=status)

    middleware = ReplicaReadsMiddleware(view)

    def get_response(req):
        middleware.process_view(req, view, (), {})
        return view(req)

    middleware.get_response = get_response
    response = middleware(request)
    return seen["reads"], response


def test_the_public_scorecard_reads_from_the_replica(with_replica):
    assert served("GET", "/supervision/public/")[0] == "replica"


def test_a_guide_page_reads_from_the_replica(with_replica):
    assert served("GET", "/guide/")[0] == "replica"


def test_someone_who_has_just_written_reads_the_primary(with_replica):
    assert served("GET", "/supervision/public/", cookies={PIN_COOKIE: "1"})[0] == "default"


def test_a_write_pins_the_writer_to_the_primary_for_the_pin_seconds(with_replica, settings):
    settings.YICHUANG_PIN_SECONDS = 7
    reads, response = served("POST", "/api/v1/cases/", status=201)
    assert reads == "default"
    assert response.cookies[PIN_COOKIE]["max-age"] == 7 and response.cookies[PIN_COOKIE]["httponly"]


def test_a_refused_write_does_not_pin():
    _, response = served("POST", "/api/v1/cases/", status=400)
    assert PIN_COOKIE not in response.cookies


def test_other_pages_read_the_primary(with_replica):
    assert served("GET", "/workbench/")[0] == "default"


def test_without_a_replica_everything_reads_the_primary():
    assert served("GET", "/supervision/public/")[0] == "default"


def test_the_mark_ends_with_the_request(with_replica):
    served("GET", "/supervision/public/")
    assert reads_from() == "default"


def test_writes_and_migrations_go_to_the_primary():
    router = ReplicaRouter()
    assert router.db_for_write(None) == "default"
    assert router.allow_migrate("replica", "cases") is False and router.allow_migrate("default", "cases") is True
