"""Bad numbers in the online form (issue 13): infinity, NaN, huge or non-ASCII digits never
reach the database; the page answers 400 with a Chinese message and keeps what was typed."""

import pytest

from ..models import Draft
from .factories import citizen, online_world
from .test_pages import _apply_url

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("typed", ["inf", "-Infinity", "NaN", "1e400", "1.5e400", "9" * 40, "٣"])
def test_a_number_that_is_not_a_plain_finite_number_re_renders_the_form_with_a_message(client, typed):
    world, account = online_world(), citizen()
    client.force_login(account.user)
    response = client.post(_apply_url(world), {"applicant.age": typed, "delivery": "window", "action": "save"})
    page = response.content.decode()
    assert response.status_code == 400 and "应填写数字" in page and f'value="{typed}"' in page


def test_a_refused_number_is_not_saved_in_the_draft(client):
    world, account = online_world(), citizen()
    client.force_login(account.user)
    client.post(_apply_url(world), {"applicant.age": "1.5e400", "delivery": "window", "action": "save"})
    assert "applicant.age" not in Draft.objects.get().form_data["answers"]
