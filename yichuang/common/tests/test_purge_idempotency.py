"""`yichuang purge_idempotency`: stored Idempotency-Key answers are forgotten after their
retention, and only then."""

import datetime as dt
import io
import re

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from yichuang.cases.models import Case
from yichuang.cases.tests.factories import make_world
from yichuang.cases.tests.test_api import CASES, client_for, intake_body, post
from yichuang.common.models import IdempotencyRecord
from yichuang.org.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def record(key: str, age_days: float, user=None) -> IdempotencyRecord:
    stored = IdempotencyRecord.objects.create(
        user=user or UserFactory(), key=key, method="POST", path=CASES, fingerprint="f" * 64, status_code=201, body="{}"
    )
    IdempotencyRecord.objects.filter(pk=stored.pk).update(created_at=timezone.now() - dt.timedelta(days=age_days))
    return stored


def purge(*args) -> str:
    out = io.StringIO()
    call_command("purge_idempotency", *args, stdout=out)
    return out.getvalue()


def keys() -> set[str]:
    return set(IdempotencyRecord.objects.values_list("key", flat=True))


def test_records_older_than_the_retention_are_deleted_and_counted(settings):
    settings.YICHUANG_IDEMPOTENCY_RETENTION_DAYS = 30
    record("old", 31), record("older", 400)
    assert "已删除 2 条超过 30 天的幂等请求记录" in purge()
    assert keys() == set()


def test_records_inside_the_retention_are_kept(settings):
    settings.YICHUANG_IDEMPOTENCY_RETENTION_DAYS = 30
    record("fresh", 0), record("almost-due", 29.9), record("due", 30.1)
    purge()
    assert keys() == {"fresh", "almost-due"}


def test_older_than_overrides_the_setting(settings):
    settings.YICHUANG_IDEMPOTENCY_RETENTION_DAYS = 30
    record("eight-days", 8), record("six-days", 6)
    assert "超过 7 天" in purge("--older-than", "7")
    assert keys() == {"six-days"}


def test_the_default_retention_keeps_a_month_of_answers():
    record("three-weeks", 21), record("two-months", 60)
    purge()
    assert keys() == {"three-weeks"}


def test_a_second_run_deletes_nothing_more():
    record("old", 90)
    purge()
    assert "已删除 0 条" in purge()


def test_deletes_in_batches_of_the_given_size():
    for n in range(5):
        record(f"old-{n}", 90)
    with CaptureQueriesContext(connection) as queries:
        output = purge("--batch", "2")
    deletes = [q["sql"] for q in queries.captured_queries if q["sql"].lstrip().upper().startswith("DELETE")]
    assert (len(deletes), "已删除 5 条" in output, keys()) == (3, True, set())


def test_a_retry_inside_the_retention_still_replays_after_a_purge():
    world = make_world()
    client = client_for(world.clerk)
    first = post(client, CASES, intake_body(world), key="kept-through-purge")
    purge()
    again = post(client, CASES, intake_body(world), key="kept-through-purge")
    assert (again.status_code, again["Idempotent-Replayed"], again.content) == (201, "true", first.content)
    assert Case.objects.count() == 1


@pytest.mark.parametrize("value", ["abc", "0", "-3", "1.5", ""])
def test_a_bad_older_than_is_refused_in_chinese_and_deletes_nothing(value):
    record("old", 90)
    with pytest.raises(CommandError, match=re.escape("--older-than(保留天数)应为正整数")):
        purge("--older-than", value)
    assert keys() == {"old"}


@pytest.mark.parametrize("value", ["x", "0"])
def test_a_bad_batch_size_is_refused_in_chinese(value):
    with pytest.raises(CommandError, match=re.escape("--batch(每批条数)应为正整数")):
        purge("--batch", value)


def test_a_bad_retention_setting_is_refused_in_chinese(settings):
    settings.YICHUANG_IDEMPOTENCY_RETENTION_DAYS = 0
    record("old", 90)
    with pytest.raises(CommandError, match=re.escape("YICHUANG_IDEMPOTENCY_RETENTION_DAYS(保留天数)应为正整数")):
        purge()
    assert keys() == {"old"}
