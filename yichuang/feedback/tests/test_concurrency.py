"""Races (R-50 一事一评 / 一次一评): two submits of one case or one encounter at the same moment
store one rating; the other gets a clear refusal, not a 500 and not a second 差评 ticket."""

import pytest

from yichuang.common.errors import Conflict
from yichuang.common.testing import run_together
from yichuang.feedback import services
from yichuang.feedback.models import Rating, Rectification

from .factories import citizen_for

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_simultaneous_ratings_of_a_case_store_one(fw):
    case = fw.decided_case()
    citizen = citizen_for(case.applicant)
    rate = lambda: services.rate_case(case, citizen, level=1, indicators=["efficiency"], reason="慢")  # noqa: E731
    results = run_together([rate, rate])
    assert sorted(type(r).__name__ for r in results) == ["Conflict", "Rating"]
    assert Rating.objects.count() == 1 and Rectification.objects.count() == 1


def test_two_simultaneous_ratings_of_an_encounter_store_one(fw):
    token = services.start_encounter(fw.window, fw.clerk).token
    results = run_together([lambda: services.rate_encounter(token, device=fw.tablet, level=5)] * 2)
    assert sum(isinstance(r, Conflict) for r in results) == 1 and Rating.objects.count() == 1, results
