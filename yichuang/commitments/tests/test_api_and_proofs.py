"""告知承诺 through the intake API (a per-material `commitment` flag), and the proofs list
(证明事项清单) a site publishes: a public page reachable from the guide, and the same rows in
the guide API."""

import pytest
from django.test import Client

from yichuang.cases.tests.test_api import client_for, intake_body, post
from yichuang.commitments.models import Commitment

from .factories import PROOF, make_commitment_world

pytestmark = pytest.mark.django_db
CASES = "/api/v1/cases/"


@pytest.fixture
def world():
    return make_commitment_world()


def body_with(world, material, commitment=True):
    body = intake_body(world)
    body["materials"][str(material.pk)] = {"status": "received", "commitment": commitment}
    return body


def test_the_api_takes_a_commitment_per_material(world):
    response = post(client_for(world.clerk), CASES, body_with(world, world.proof))
    assert response.status_code == 201, response.json()
    assert Commitment.objects.get(case__number=response.json()["number"]).material == world.proof


def test_the_api_refuses_a_commitment_for_a_material_that_allows_none(world):
    response = post(client_for(world.clerk), CASES, body_with(world, world.household))
    assert response.status_code == 400
    assert response.json()["code"] == "commitment_not_allowed" or any(
        e.get("code") == "commitment_not_allowed" for e in response.json().get("errors", [])
    )
    assert not Commitment.objects.exists()


def test_the_api_refuses_a_commitment_flag_that_is_not_a_boolean(world):
    response = post(client_for(world.clerk), CASES, body_with(world, world.proof, commitment="yes please"))
    assert response.status_code == 400 and not Commitment.objects.exists()


def test_the_site_guide_links_its_proofs_list(world):
    page = Client().get(f"/guide/{world.site.code}/").content.decode()
    assert f'href="/proofs/{world.site.code}/"' in page


def test_the_proofs_list_names_the_proof_a_commitment_replaces(world):
    page = Client().get(f"/proofs/{world.site.code}/").content.decode()
    replaced = page.split('id="h-replaced"')[1].split('id="h-required"')[0]
    assert PROOF in replaced and world.version.name in replaced


def test_the_proofs_list_of_an_unknown_site_is_not_found():
    assert Client().get("/proofs/999999999999/").status_code == 404


def test_the_proofs_api_gives_the_same_rows(world):
    data = Client().get(f"/api/v1/sites/{world.site.code}/proofs/").json()
    assert [r["material"] for r in data["replaced"]] == [PROOF]
    assert data["required"] == []


# ---------------------------------------------------------------- online (网上申请)


def _apply(client, world, **extra):
    from yichuang.portal.tests.test_pages import _apply_url

    return client.post(_apply_url(world), {"applicant.age": "86", "delivery": "window", "action": "submit", **extra})


def _citizen_client(client):
    from yichuang.portal.tests.factories import citizen, with_id_card

    account = with_id_card(citizen())
    client.force_login(account.user)
    return client, account


def test_online_the_citizen_accepts_a_commitment_under_the_real_name_login(client, world):
    client, account = _citizen_client(client)
    household = world.household.pk
    extra = {f"defer_{household}": "yes", f"promise_{household}": "2026-06-20", f"commit_{world.proof.pk}": "yes"}
    _apply(client, world, **extra)
    commitment = Commitment.objects.get()
    assert commitment.channel == Commitment.Channel.ONLINE and commitment.signed_by == f"citizen:{account.user.pk}"
    assert commitment.witnessed_by is None


def test_online_a_proof_neither_uploaded_nor_committed_is_asked_for(client, world):
    client, _ = _citizen_client(client)
    household = world.household.pk
    page = _apply(client, world, **{f"defer_{household}": "yes", f"promise_{household}": "2026-06-20"}).content.decode()
    assert f"“{PROOF}”是必要材料" in page and not Commitment.objects.exists()


def test_online_the_page_offers_the_commitment_only_for_a_replaceable_material(client, world):
    client, _ = _citizen_client(client)
    from yichuang.portal.tests.test_pages import _apply_url

    page = client.get(_apply_url(world)).content.decode()
    assert f'name="commit_{world.proof.pk}"' in page and f'name="commit_{world.household.pk}"' not in page
