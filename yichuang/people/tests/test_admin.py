"""Admin: lists show masked numbers only; the full number is on the change page, and showing
it is audited (invariant 8)."""

import pytest
from django.urls import reverse

from yichuang.ledger.models import AuditRecord
from yichuang.org.models import User
from yichuang.people.models import Applicant
from yichuang.people.tests.factories import ApplicantFactory, AuthorisationFactory, LicenceFactory

pytestmark = pytest.mark.django_db

ID, PHONE = "11010519491231002X", "13812345678"


@pytest.fixture
def admin_client(client, settings):
    # Admin pages need static files without the production manifest.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    client.force_login(User.objects.create_superuser("root", password="correct-horse-battery"))
    return client


@pytest.fixture
def applicant():
    return ApplicantFactory(name="张三", citizen_id=ID, phone=PHONE)


def test_the_applicant_list_shows_masked_numbers_only(admin_client, applicant):
    page = admin_client.get(reverse("admin:people_applicant_changelist")).content.decode()
    assert "110105********002X" in page and "138****5678" in page
    assert ID not in page and PHONE not in page


def test_an_applicant_is_found_by_the_exact_number_but_not_by_a_fragment(admin_client, applicant):
    url = reverse("admin:people_applicant_changelist")
    assert "张三" in admin_client.get(url, {"q": ID}).content.decode()
    assert "张三" not in admin_client.get(url, {"q": "002X"}).content.decode()


def test_the_change_page_shows_the_full_number_and_the_view_is_audited(admin_client, applicant):
    page = admin_client.get(reverse("admin:people_applicant_change", args=[applicant.pk])).content.decode()
    assert ID in page
    viewed = AuditRecord.objects.get(stream=f"applicant:{applicant.pk}", action="applicant.full_number_viewed")
    assert viewed.actor == "root" and viewed.data == {}


def test_editing_the_phone_in_the_admin_is_audited_by_field_name(admin_client, applicant):
    url = reverse("admin:people_applicant_change", args=[applicant.pk])
    response = admin_client.post(
        url, {"name": "张三", "legal_representative": "", "phone": "13987654321", "address": applicant.address}
    )
    assert response.status_code == 302
    applicant.refresh_from_db()
    assert applicant.phone == "13987654321"
    updated = AuditRecord.objects.get(stream=f"applicant:{applicant.pk}", action="applicant.updated")
    assert updated.data == {"fields": ["phone"]}


def test_the_authorisation_and_licence_lists_mask_the_people_in_them(admin_client, applicant):
    AuthorisationFactory(principal=applicant)
    LicenceFactory(holder=applicant)
    for name in ("authorisation", "licence"):
        page = admin_client.get(reverse(f"admin:people_{name}_changelist")).content.decode()
        assert "110105********002X" in page and ID not in page


def test_the_admin_cannot_create_applicants_outside_intake(admin_client):
    assert admin_client.get(reverse("admin:people_applicant_add")).status_code == 403
    assert not Applicant.objects.exists()
