"""E-licences issued by cases are signed records in the licence store (issue 5, R-42)."""

import pytest

from yichuang.cases import services as cases
from yichuang.ledger.relay import relay_once
from yichuang.people.models import Licence
from yichuang.seals.licences import licence_signature_valid
from yichuang.seals.tests.factories import make_seal_world, new_case

pytestmark = pytest.mark.django_db


def issued_licence():
    sw = make_seal_world(licence_type_code="338")
    case = cases.accept(new_case(sw.world), sw.world.clerk)
    cases.decide_instantly(case, sw.world.clerk)
    cases.prepare_delivery(case, sw.world.clerk)
    delivery = cases.deliver(case, sw.world.clerk, "electronic")
    relay_once()
    return sw, Licence.objects.get(number=delivery.licence_number)


def test_an_issued_licence_is_signed_with_the_sites_approval_seal():
    sw, licence = issued_licence()
    assert licence.signature.startswith(f"ES256:{sw.approval.code}:")
    assert licence_signature_valid(licence)


def test_a_changed_licence_no_longer_matches_its_signature():
    _, licence = issued_licence()
    licence.valid_until = licence.issued_on.replace(year=licence.issued_on.year + 1)
    assert not licence_signature_valid(licence)


def test_a_licence_is_signed_once():
    from yichuang.common.errors import Conflict
    from yichuang.people.services import record_licence_signature

    _, licence = issued_licence()
    with pytest.raises(Conflict):
        record_licence_signature(licence, "ES256:x:y")
