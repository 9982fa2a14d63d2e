"""评价器 (R-50 "an evaluation device at every window"; 现场 一次一评): the clerk opens an
encounter at their own window, the window's bound tablet rates it once with its token before it expires; a new encounter closes
the previous one, so an unattended tablet cannot pour in ratings."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from yichuang.common.errors import Conflict, DomainError, NotAllowed
from yichuang.feedback import services
from yichuang.feedback.models import Rating
from yichuang.ledger.models import OutboxEvent
from yichuang.org.models import StaffRole
from yichuang.org.tests.factories import PostFactory, WindowFactory

from .factories import bound_tablet, other_site_head, staff_at

pytestmark = pytest.mark.django_db


def test_the_clerk_opens_an_encounter_at_a_window_of_their_site(fw):
    encounter = services.start_encounter(fw.window, fw.clerk)
    assert encounter.staff == fw.clerk and len(encounter.token) >= 32


def test_staff_of_another_site_cannot_open_an_encounter(fw):
    with pytest.raises(NotAllowed):
        services.start_encounter(fw.window, other_site_head())


def test_an_approver_is_not_a_window_clerk(fw):
    with pytest.raises(NotAllowed):
        services.start_encounter(fw.window, fw.world.approver)


def test_the_tablet_rates_the_encounter_for_its_clerk(fw):
    encounter = services.start_encounter(fw.window, fw.clerk)
    rating = services.rate_encounter(encounter.token, device=fw.tablet, level=4)
    assert (rating.channel, rating.window, rating.staff, rating.level) == ("window", fw.window, fw.clerk, 4)


def test_one_encounter_is_rated_once(fw):
    encounter = services.start_encounter(fw.window, fw.clerk)
    services.rate_encounter(encounter.token, device=fw.tablet, level=5)
    with pytest.raises(Conflict) as exc:
        services.rate_encounter(encounter.token, device=fw.tablet, level=5)
    assert exc.value.code == "encounter_closed"


def test_an_expired_encounter_cannot_be_rated(fw, settings, time_machine):
    settings.YICHUANG_FEEDBACK = {"ENCOUNTER_MINUTES": 3}
    encounter = services.start_encounter(fw.window, fw.clerk)
    time_machine.move_to(encounter.created_at + dt.timedelta(minutes=4))
    with pytest.raises(Conflict) as exc:
        services.rate_encounter(encounter.token, device=fw.tablet, level=5)
    assert exc.value.code == "encounter_expired"


def test_a_new_encounter_closes_the_one_before(fw):
    first = services.start_encounter(fw.window, fw.clerk)
    services.start_encounter(fw.window, fw.clerk)
    with pytest.raises(Conflict):
        services.rate_encounter(first.token, device=fw.tablet, level=5)


def test_a_token_of_another_window_is_refused(fw):
    encounter = services.start_encounter(fw.window, fw.clerk)
    other_tablet, _ = bound_tablet(WindowFactory(site=fw.site), fw.head)
    with pytest.raises(DomainError) as exc:
        services.rate_encounter(encounter.token, level=5, device=other_tablet)
    assert exc.value.code == "encounter_unknown"


def test_a_bad_window_rating_needs_an_offline_indicator(fw):
    encounter = services.start_encounter(fw.window, fw.clerk)
    with pytest.raises(DomainError) as exc:
        services.rate_encounter(encounter.token, device=fw.tablet, level=1, indicators=["usability"], reason="态度不好")
    assert exc.value.code == "invalid_indicator"


def test_a_bad_window_rating_opens_a_ticket(fw):
    encounter = services.start_encounter(fw.window, fw.clerk)
    rating = services.rate_encounter(
        encounter.token, device=fw.tablet, level=2, indicators=["service_attitude"], reason="态度生硬"
    )
    assert rating.rectification.source == "bad_review"


def test_a_refused_tablet_rating_leaves_the_encounter_open(fw):
    encounter = services.start_encounter(fw.window, fw.clerk)
    with pytest.raises(DomainError):
        services.rate_encounter(encounter.token, device=fw.tablet, level=1)
    assert services.rate_encounter(encounter.token, device=fw.tablet, level=5).level == 5


def test_an_encounter_for_a_case_carries_it_into_the_event(fw):
    case = fw.decided_case()
    encounter = services.start_encounter(fw.window, fw.clerk, case=case)
    rating = services.rate_encounter(encounter.token, device=fw.tablet, level=5)
    payload = OutboxEvent.objects.get(topic="feedback.evaluated").payload
    assert (payload["case"], payload["window"], payload["channel"]) == (case.number, fw.window.pk, "window")
    assert Rating.objects.get(pk=rating.pk).case == case


def test_a_helper_holding_the_window_s_post_may_open_an_encounter(fw):
    helper = staff_at(fw.site, StaffRole.Role.HELPER)
    PostFactory(window=fw.window, staff=helper, position="B")
    assert services.start_encounter(fw.window, helper).staff == helper


def test_the_database_refuses_a_second_rating_of_an_encounter(fw):
    encounter = services.start_encounter(fw.window, fw.clerk)
    first = services.rate_encounter(encounter.token, device=fw.tablet, level=5)
    with pytest.raises(IntegrityError), transaction.atomic():
        Rating.objects.create(site=fw.site, channel="window", encounter=encounter, level=4, created_at=first.created_at)
