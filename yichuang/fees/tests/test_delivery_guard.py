"""A granted case of a charged item cannot be handed out until its fee is paid or exempt (R-31)."""

import pytest

from yichuang.cases import services as cases
from yichuang.common.errors import DomainError
from yichuang.fees import services
from yichuang.fees.models import Charge, Payment

from .factories import awaiting_delivery, charged_item

pytestmark = pytest.mark.django_db


def test_an_unpaid_case_cannot_be_handed_out():
    world = charged_item()
    case = awaiting_delivery(world)
    with pytest.raises(DomainError) as refused:
        cases.deliver(case, world.clerk, "window")
    assert refused.value.code == "fee_unpaid"


def test_a_paid_case_is_handed_out():
    world = charged_item()
    case = awaiting_delivery(world)
    services.record_window_payment(Charge.objects.get(case=case), world.clerk, Payment.Channel.CASH, 2000)
    assert cases.deliver(case, world.clerk, "window").case.state == "completed"


def test_an_exempt_case_is_handed_out_without_payment():
    world = charged_item()
    case = awaiting_delivery(world, household={"is_extreme_poverty": True})
    assert cases.deliver(case, world.clerk, "window").case.state == "completed"
