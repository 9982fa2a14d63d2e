"""Daily reconciliation with the receiver (issue 17 §8): per business day, counts and record ids."""

import io
import uuid

import pytest
from django.core.management import call_command
from django.utils import timezone

from yichuang.ops.schedule import BY_NAME
from yichuang.provincial import services
from yichuang.provincial.client import Client
from yichuang.provincial.models import Difference
from yichuang.provincial.reconcile import DifferencesFound, reconcile

from .factories import acceptance_of, accepted_case, relay_all
from .receiver_process import KEY
from .test_receiver import a_record

pytestmark = pytest.mark.django_db


def test_a_day_where_both_sides_agree_has_no_difference(receiver):
    accepted_case()
    relay_all()
    outcome = reconcile(timezone.localdate())
    assert outcome.differences == [] and outcome.sent == outcome.received >= 2


def test_a_record_the_receiver_never_got_is_a_difference_naming_the_case(receiver):
    case = accepted_case()
    relay_all()
    lost = str(acceptance_of(case).id)
    receiver.forget(lost)
    (difference,) = reconcile(timezone.localdate()).differences
    assert (difference.kind, str(difference.record_id), difference.case_number) == (
        Difference.Kind.MISSING_AT_RECEIVER,
        lost,
        case.number,
    )


def test_a_record_the_receiver_has_that_we_never_sent_is_a_difference(receiver):
    accepted_case()
    relay_all()
    stranger = a_record(occurred_on=timezone.localdate().isoformat())
    Client(receiver.url, KEY, "another-system").send(stranger)
    (difference,) = reconcile(timezone.localdate()).differences
    assert (difference.kind, str(difference.record_id)) == (Difference.Kind.UNKNOWN_TO_US, stranger["record_id"])


def test_an_event_still_waiting_to_be_sent_is_listed_as_not_sent(receiver):
    receiver.stop()
    case = accepted_case()
    relay_all()
    receiver.start()
    kinds = {(d.kind, d.case_number) for d in reconcile(timezone.localdate()).differences}
    assert (Difference.Kind.NOT_SENT, case.number) in kinds


def test_running_it_again_finds_the_same_difference_once(receiver):
    case = accepted_case()
    relay_all()
    receiver.forget(str(acceptance_of(case).id))
    reconcile(timezone.localdate())
    reconcile(timezone.localdate())
    assert Difference.objects.count() == 1


def test_the_command_lists_the_differences_for_a_person(receiver):
    case = accepted_case()
    relay_all()
    receiver.forget(str(acceptance_of(case).id))
    out = io.StringIO()
    call_command("reconcile_provincial", "--date", timezone.localdate().isoformat(), stdout=out)
    assert "差异 1 处" in out.getvalue() and f"已报送但省平台没有:{case.number}" in out.getvalue()


def test_the_daily_job_fails_visibly_when_yesterday_has_differences(receiver, monkeypatch):
    import datetime as dt

    yesterday = timezone.localdate() - dt.timedelta(days=1)
    Client(receiver.url, KEY, "another-system").send(a_record(record_id=str(uuid.uuid4()), occurred_on=str(yesterday)))
    with pytest.raises(DifferencesFound, match="差异 1 处"):
        BY_NAME["reconcile_provincial"]()


def test_a_record_the_receiver_lost_is_sent_again_once_and_the_difference_resolved(receiver):
    case = accepted_case()
    relay_all()
    lost = str(acceptance_of(case).id)
    receiver.forget(lost)
    (difference,) = reconcile(timezone.localdate()).differences
    assert services.resend(difference) == "received"
    assert [r["record_id"] for r in receiver.records()].count(lost) == 1
    difference.refresh_from_db()
    assert difference.resolved_at is not None
    assert reconcile(timezone.localdate()).differences == []
    assert services.resend(difference) == "duplicate"  # once more by mistake: still one record
