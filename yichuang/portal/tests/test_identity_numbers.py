"""Phones and ID numbers typed in other digit forms (issue 13): full-width digits are the same
number (NFKC), digits of other scripts are no number at all."""

import pytest
from django.urls import reverse

from yichuang.common.errors import DomainError

from ..services import accounts
from .factories import citizen, logged_in_account

pytestmark = pytest.mark.django_db
FULL_WIDTH = "139１２３４５６７８"  # 13912345678 with the last eight digits full-width


def test_a_full_width_phone_shares_the_per_phone_code_limit():
    accounts.send_login_code("13912345678")
    with pytest.raises(DomainError) as exc:
        accounts.send_login_code(FULL_WIDTH)
    assert exc.value.code == "code_sent_recently"


def test_arabic_indic_digits_are_not_a_phone():
    with pytest.raises(DomainError) as exc:
        accounts.send_login_code("139١٢٣٤٥٦٧٨")  # a valid prefix, then Arabic-Indic digits
    assert exc.value.code == "invalid_phone"


def test_a_full_width_id_number_is_the_same_person():
    first = citizen("13900000011", name="张三", n=31)
    full_width = first.applicant.citizen_id.translate({c: c + 0xFEE0 for c in range(0x30, 0x3A)})
    with pytest.raises(DomainError) as exc:
        accounts.verify_identity(logged_in_account("13900000012"), name="张三", citizen_id=full_width)
    assert exc.value.code == "identity_taken"


def test_act_as_with_a_next_that_is_not_a_path_goes_to_my_cases(client):
    account = citizen()
    client.force_login(account.user)
    response = client.post(reverse("portal:act_as"), {"applicant": str(account.applicant_id), "next": "cases"})
    assert response.status_code == 302 and response["Location"] == reverse("portal:cases")
