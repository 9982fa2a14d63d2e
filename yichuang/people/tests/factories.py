"""Factories for people. Citizen IDs and credit codes are generated valid (their check
characters computed), so a test that wants an invalid one breaks exactly that."""

import datetime as dt

import factory

from yichuang.common.idnumbers import USCC_ALPHABET, citizen_id_check_char, uscc_check_char
from yichuang.org.models import StaffRole
from yichuang.org.tests.factories import StaffRoleFactory, UserFactory
from yichuang.people.licence_ids import make_licence_id
from yichuang.people.models import Applicant, Authorisation, Licence

ISSUER_USCC = "11330999MB0000001" + uscc_check_char("11330999MB0000001")  # a county bureau (机关: 11)


def make_citizen_id(n: int) -> str:
    """示范县 (330999), a birth date from 1940 on, a 3-digit sequence and the check character."""
    birth = dt.date(1940, 1, 1) + dt.timedelta(days=n // 1000)
    body = f"330999{birth:%Y%m%d}{n % 1000:03d}"
    return body + citizen_id_check_char(body)


def make_credit_code(n: int) -> str:
    """91 (enterprise) + 330999 + a 9-character organisation code + the check character."""
    body = "91330999" + "".join(USCC_ALPHABET[(n // 31**i) % 31] for i in range(9))
    return body + uscc_check_char(body)


def make_helper(**role_kwargs):
    """A staff account holding the 帮办代办员 role at a township site."""
    return StaffRoleFactory(role=StaffRole.Role.HELPER, **role_kwargs).user


class ApplicantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Applicant

    kind = Applicant.Kind.NATURAL
    name = factory.Sequence(lambda n: f"申请人{n}")
    citizen_id = factory.Sequence(make_citizen_id)
    phone = factory.Sequence(lambda n: f"138{n:08d}")
    address = "示范县人民路1号"


class LegalApplicantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Applicant

    kind = Applicant.Kind.LEGAL
    name = factory.Sequence(lambda n: f"示范县第{n}农业发展有限公司")
    credit_code = factory.Sequence(make_credit_code)
    legal_representative = "王五"
    phone = "0571-87654321"
    address = "示范县工业园区8号"


class AuthorisationFactory(factory.django.DjangoModelFactory):
    """A child acting for a parent for every item during 2026."""

    class Meta:
        model = Authorisation

    principal = factory.SubFactory(ApplicantFactory)
    agent_kind = Authorisation.AgentKind.PERSON
    agent_person = factory.SubFactory(ApplicantFactory)
    relationship = Authorisation.Relationship.CHILD
    valid_from = dt.date(2026, 1, 1)
    valid_until = dt.date(2026, 12, 31)
    evidence = "授权委托书.pdf"
    recorded_by = factory.SubFactory(UserFactory)


class LicenceFactory(factory.django.DjangoModelFactory):
    """Written directly, bypassing the serial counter: serials from 1,000,000 up never meet the
    counter's in a test."""

    class Meta:
        model = Licence

    holder = factory.SubFactory(ApplicantFactory)
    licence_type_code = "111"
    licence_type_name = "居民身份证"
    serial = factory.Sequence(lambda n: 1_000_000 + n)
    issuer_name = "示范县公安局"
    issuer_credit_code = ISSUER_USCC
    number = factory.LazyAttribute(lambda o: make_licence_id(o.licence_type_code, o.issuer_credit_code, o.serial))
    issued_on = dt.date(2026, 1, 5)
    data = factory.LazyFunction(dict)
