"""Who stands for an applicant (R-50 "一事一评" by the applicant): the online hall's accounts —
a verified CitizenAccount is its natural person, a LegalRepresentation its company — read
without importing the portal (which sits above feedback)."""

import datetime as dt

import pytest
from django.apps import apps
from django.utils import timezone

from yichuang.feedback import permissions
from yichuang.org.tests.factories import UserFactory
from yichuang.people.tests.factories import ApplicantFactory, LegalApplicantFactory

pytestmark = pytest.mark.django_db


def account(applicant=None, phone="13900001111"):
    model = apps.get_model("portal", "CitizenAccount")
    return model.objects.create(
        user=UserFactory(), phone=phone, applicant=applicant, verified_at=timezone.now() if applicant else None
    )


def test_a_verified_portal_account_stands_for_its_applicant():
    person = ApplicantFactory()
    assert permissions.applicant_ids(account(person).user) == {person.pk}


def test_an_unverified_portal_account_stands_for_nobody():
    assert permissions.applicant_ids(account(None).user) == set()


def test_a_legal_representative_also_stands_for_the_company():
    person, company = ApplicantFactory(), LegalApplicantFactory()
    acc = account(person)
    apps.get_model("portal", "LegalRepresentation").objects.create(
        account=acc, applicant=company, verified_at=timezone.now() - dt.timedelta(days=1)
    )
    assert permissions.applicant_ids(acc.user) == {person.pk, company.pk}


def test_a_staff_account_stands_for_nobody():
    assert permissions.applicant_ids(UserFactory()) == set()


def test_the_portal_account_of_the_applicant_may_rate_the_case(fw):
    case = fw.decided_case()
    assert permissions.may_rate(account(case.applicant).user, case)
