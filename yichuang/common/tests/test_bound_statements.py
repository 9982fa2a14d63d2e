"""Decision 0148: the hot path's fixed statements are bound on the server and, on PostgreSQL,
prepared on their connection after a few runs; they read and write what the usual cursor does."""

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from yichuang.common import fastsql
from yichuang.common.fastsql import _numbered
from yichuang.people.models import Applicant
from yichuang.people.tests.factories import ApplicantFactory


def test_placeholders_are_numbered_in_order_and_a_doubled_percent_is_one():
    assert _numbered("SELECT 1 WHERE a = %s AND b LIKE '%%x' AND c = %s") == (
        "SELECT 1 WHERE a = $1 AND b LIKE '%x' AND c = $2"
    )


def test_a_stray_percent_in_a_bound_statement_is_refused_before_it_is_sent():
    with pytest.raises(ValueError, match="only %s placeholders"):
        _numbered("SELECT %(name)s")


@pytest.mark.django_db
def test_a_bound_read_gives_the_row_the_orm_gives_unicode_and_nulls_included():
    applicant = ApplicantFactory(name="张三·阿卜杜", phone="", address="")
    with fastsql.bound_cursor() as cursor:
        cursor.execute(
            "SELECT name, phone, credit_code FROM people_applicant WHERE id = %s AND name = %s",
            [applicant.pk, "张三·阿卜杜"],
        )
        assert cursor.fetchall() == [tuple(Applicant.objects.values_list("name", "phone", "credit_code").get())]


@pytest.mark.django_db
def test_bound_statements_are_still_seen_by_the_query_capture_that_tests_count_with():
    applicant = ApplicantFactory()
    with CaptureQueriesContext(connection) as ctx:
        fastsql.get(Applicant, applicant.pk)
    assert len(ctx.captured_queries) == 1 and "people_applicant" in ctx.captured_queries[0]["sql"]


@pytest.mark.django_db
def test_a_repeated_hot_statement_is_prepared_once_on_postgresql():
    applicant = ApplicantFactory()
    runs = (settings.DATABASES["default"]["OPTIONS"].get("prepare_threshold") or 0) + 2
    for _ in range(runs):
        assert fastsql.get(Applicant, applicant.pk).pk == applicant.pk
    if connection.vendor != "postgresql":
        assert connection.vendor == "sqlite"  # SQLite keeps its own statement cache: nothing to prepare
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s", ['%FROM "people_applicant"%']
        )
        assert cursor.fetchone()[0] == 1
