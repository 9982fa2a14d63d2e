"""One draft submits once (issue 13): parallel or repeated submits of one draft make one case;
a draft that is already submitted answers "已提交" with the way to its case and is never made
again. Real threads on the real database (PostgreSQL in CI, the SQLite file otherwise)."""

import pytest
from django.test import Client
from django.urls import reverse

from yichuang.cases.models import Case
from yichuang.cases.services.online import applicant_actor
from yichuang.common.errors import Conflict
from yichuang.common.testing import run_together

from ..models import Draft
from ..services import applications
from .factories import citizen, online_world, with_id_card
from .test_pages import _apply_url

RACERS = 5
PROMISE = "2026-06-20"  # the tests' today is 2026-06-15
FORM = {
    "answers": {"applicant.age": 86},
    "delivery": {"method": "window", "address": ""},
    "deferred": {"户口簿": PROMISE},
}


def _saved_draft(world, account):
    """A complete application: the ID card is in the licence store, the 户口簿 promised (容缺)."""
    with_id_card(account)
    return applications.save_draft(account, account.applicant, world.site, item=world.version.item, form_data=FORM)


def _post_submit(client, world, draft):
    deferred = world.material("户口簿").pk
    return client.post(
        _apply_url(world),
        {
            "applicant.age": "86",
            "delivery": "window",
            "action": "submit",
            "draft": str(draft.pk),
            f"defer_{deferred}": "yes",
            f"promise_{deferred}": PROMISE,
        },
    )


def _client(account):
    client = Client()
    client.force_login(account.user)
    return client


@pytest.mark.django_db(transaction=True)
def test_parallel_submits_of_one_draft_make_one_case():
    world, account = online_world(), citizen()
    draft = _saved_draft(world, account)
    clients = [_client(account) for _ in range(RACERS)]
    results = run_together([lambda c=c: _post_submit(c, world, draft) for c in clients])
    case = Case.objects.get()
    where = [(r.status_code, r["Location"]) if hasattr(r, "status_code") else r for r in results]
    assert where == [(302, reverse("portal:case", args=[case.number]))] * RACERS


@pytest.mark.django_db(transaction=True)
def test_parallel_service_submits_of_one_draft_make_one_case_and_refuse_the_rest():
    world, account = online_world(), citizen()
    draft = _saved_draft(world, account)
    targets, actor = [(world.site, world.version)], applicant_actor(account.user)
    results = run_together(
        [lambda: applications.submit(draft, targets, {"applicant": {"age": 86}}, actor) for _ in range(RACERS)]
    )
    made = [r for r in results if isinstance(r, list)]
    refused = [r.code for r in results if isinstance(r, Conflict)]
    assert (len(made), refused, Case.objects.count()) == (1, ["already_submitted"] * (RACERS - 1), 1), results


@pytest.mark.django_db
def test_a_second_submit_of_a_submitted_draft_answers_already_submitted_with_its_case(client):
    world, account = online_world(), citizen()
    draft = _saved_draft(world, account)
    client.force_login(account.user)
    _post_submit(client, world, draft)
    again = _post_submit(client, world, draft)
    case = Case.objects.get()
    assert again["Location"] == reverse("portal:case", args=[case.number])
    assert "请勿重复提交" in client.get(again["Location"]).content.decode()


@pytest.mark.django_db
def test_a_submit_of_a_submitted_draft_does_not_make_the_draft_again(client):
    world, account = online_world(), citizen()
    draft = _saved_draft(world, account)
    client.force_login(account.user)
    _post_submit(client, world, draft)
    # A late submit that would fail the rules must not leave a fresh draft behind either.
    client.post(
        _apply_url(world), {"applicant.age": "40", "delivery": "window", "action": "submit", "draft": str(draft.pk)}
    )
    assert not Draft.objects.exists()


@pytest.mark.django_db
def test_a_mangled_draft_number_is_a_clear_400_that_keeps_what_was_typed(client):
    world, account = online_world(), citizen()
    client.force_login(account.user)
    response = client.post(
        _apply_url(world), {"applicant.age": "77", "delivery": "window", "action": "submit", "draft": "1e400"}
    )
    page = response.content.decode()
    assert response.status_code == 400 and "请刷新" in page and 'value="77"' in page and not Case.objects.exists()
