"""好差评 rules (R-50; domain-facts § Evaluation): five levels, a reason and an indicator with
a 差评, only the applicant (or their agent) rates a case, once, after it has an outcome; every
差评 opens a rectification ticket in the same transaction; events for supervision."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from yichuang.cases import services as cases
from yichuang.common.errors import Conflict, DomainError, NotAllowed
from yichuang.feedback import services
from yichuang.feedback.models import Rating, Rectification
from yichuang.ledger.models import AuditRecord, OutboxEvent
from yichuang.people.tests.factories import ApplicantFactory, AuthorisationFactory

from .factories import citizen_for

pytestmark = pytest.mark.django_db


def codes(exc) -> set[str]:
    return {p.code for p in exc.value.problems}


def test_the_applicant_rates_their_decided_case(fw):
    case = fw.decided_case()
    rating = services.rate_case(case, citizen_for(case.applicant), level=5)
    assert (rating.level, rating.channel, rating.site, rating.staff) == (5, "online", fw.site, fw.clerk)


def test_a_level_outside_one_to_five_is_refused(fw):
    case = fw.decided_case()
    with pytest.raises(DomainError) as exc:
        services.rate_case(case, citizen_for(case.applicant), level=6)
    assert codes(exc) == {"invalid_level"}


def test_a_low_score_without_reason_is_refused(fw):
    case = fw.decided_case()
    with pytest.raises(DomainError) as exc:
        services.rate_case(case, citizen_for(case.applicant), level=2, indicators=["efficiency"])
    assert codes(exc) == {"reason_required"}


def test_a_low_score_without_indicator_is_refused(fw):
    case = fw.decided_case()
    with pytest.raises(DomainError) as exc:
        services.rate_case(case, citizen_for(case.applicant), level=1, reason="等了很久")
    assert codes(exc) == {"indicator_required"}


def test_an_indicator_of_the_other_channel_is_refused(fw):
    case = fw.decided_case()
    with pytest.raises(DomainError) as exc:
        services.rate_case(case, citizen_for(case.applicant), level=4, indicators=["service_attitude"])
    assert codes(exc) == {"invalid_indicator"}


def test_basically_satisfied_needs_no_reason(fw):
    case = fw.decided_case()
    assert services.rate_case(case, citizen_for(case.applicant), level=3).reason == ""


def test_someone_else_may_not_rate_the_case(fw):
    case = fw.decided_case()
    with pytest.raises(NotAllowed) as exc:
        services.rate_case(case, citizen_for(ApplicantFactory()), level=5)
    assert codes(exc) == {"not_your_case"}


def test_the_agent_who_applied_may_rate_for_the_applicant(fw):
    authorisation = AuthorisationFactory(principal=fw.world.applicant)
    case = fw.decided_case(authorisation=authorisation)
    rating = services.rate_case(case, citizen_for(authorisation.agent_person), level=4)
    assert rating.rater_applicant == authorisation.agent_person


def test_a_case_still_in_progress_cannot_be_rated(fw):
    case = fw.new_case()
    with pytest.raises(DomainError) as exc:
        services.rate_case(case, citizen_for(case.applicant), level=5)
    assert codes(exc) == {"case_not_rateable"}


def test_a_withdrawn_case_cannot_be_rated(fw):
    case = cases.withdraw(fw.new_case(), fw.clerk, reason="申请人不办了")
    with pytest.raises(DomainError) as exc:
        services.rate_case(case, citizen_for(case.applicant), level=5)
    assert codes(exc) == {"case_not_rateable"}


def test_a_case_is_rated_only_once(fw):
    case = fw.decided_case()
    citizen = citizen_for(case.applicant)
    services.rate_case(case, citizen, level=5)
    with pytest.raises(Conflict) as exc:
        services.rate_case(case, citizen, level=1, indicators=["efficiency"], reason="改主意了")
    assert codes(exc) == {"already_rated"}


def test_the_database_refuses_a_second_online_rating_of_a_case(fw):
    case = fw.decided_case()
    first = services.rate_case(case, citizen_for(case.applicant), level=5)
    with pytest.raises(IntegrityError), transaction.atomic():
        Rating.objects.create(site=first.site, channel="online", case=case, level=4, created_at=first.created_at)


def test_rating_closes_some_days_after_the_decision(fw, settings, time_machine):
    settings.YICHUANG_FEEDBACK = {"RATING_WINDOW_DAYS": 10}
    case = fw.decided_case()
    time_machine.move_to(case.decided_at + dt.timedelta(days=11))
    with pytest.raises(DomainError) as exc:
        services.rate_case(case, citizen_for(case.applicant), level=5)
    assert codes(exc) == {"rating_window_closed"}


def test_a_bad_rating_opens_a_ticket_with_the_configured_limit(fw, settings):
    settings.YICHUANG_FEEDBACK = {"BAD_RATING_DAYS": 7}
    case = fw.decided_case()
    rating = services.rate_case(case, citizen_for(case.applicant), level=2, indicators=["efficiency"], reason="太慢")
    ticket = rating.rectification
    # Opened Monday 2026-06-15; 7 working days later (Dragon Boat 06-19 is a holiday) is 06-25.
    assert (ticket.source, ticket.state, ticket.opened_on, ticket.due_on) == (
        "bad_review",
        "verifying",
        dt.date(2026, 6, 15),
        dt.date(2026, 6, 25),
    )


def test_a_good_rating_opens_no_ticket(fw):
    case = fw.decided_case()
    services.rate_case(case, citizen_for(case.applicant), level=4)
    assert not Rectification.objects.exists()


def test_rating_emits_the_evaluated_event(fw):
    case = fw.decided_case()
    rating = services.rate_case(case, citizen_for(case.applicant), level=5)
    event = OutboxEvent.objects.get(topic="feedback.evaluated")
    assert event.payload == {
        "evaluation": rating.pk,
        "site": fw.site.code,
        "case": case.number,
        "window": None,
        "staff": fw.clerk.username,
        "level": 5,
        "channel": "online",
        "at": rating.created_at.isoformat(),
    }


def test_a_bad_rating_emits_the_ticket_opened_event(fw):
    case = fw.decided_case()
    rating = services.rate_case(case, citizen_for(case.applicant), level=1, indicators=["overall"], reason="态度差")
    event = OutboxEvent.objects.get(topic="feedback.ticket_opened")
    assert event.payload == {
        "ticket": rating.rectification.pk,
        "site": fw.site.code,
        "source": "bad_review",
        "due_on": rating.rectification.due_on.isoformat(),
    }


def test_rating_is_audited_without_the_reason_text(fw):
    case = fw.decided_case()
    rating = services.rate_case(
        case, citizen_for(case.applicant), level=1, indicators=["overall"], reason="电话13800001111找不到人"
    )
    record = AuditRecord.objects.get(stream=f"feedback.rating.{rating.pk}")
    assert record.action == "feedback.rating.create" and "13800001111" not in str(record.data)


def test_a_refused_rating_writes_nothing(fw):
    case = fw.decided_case()
    events = OutboxEvent.objects.count()
    with pytest.raises(DomainError):
        services.rate_case(case, citizen_for(case.applicant), level=1)
    assert not Rating.objects.exists() and OutboxEvent.objects.count() == events
