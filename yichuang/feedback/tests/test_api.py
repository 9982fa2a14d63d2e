"""Feedback REST API (R-50, R-51; architecture invariants 6 and 7): structured errors, the
same authorisation as the pages, Idempotency-Key on writes, tickets readable and movable."""

import uuid

import pytest
from rest_framework.test import APIClient

from yichuang.feedback import device, services
from yichuang.feedback.models import Rating
from yichuang.people.tests.factories import ApplicantFactory

from .factories import citizen_for, other_site_head

pytestmark = pytest.mark.django_db


def api(user=None):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def rate(client, case, body, **headers):
    return client.post(f"/api/v1/feedback/cases/{case.number}/rating/", body, format="json", headers=headers)


@pytest.fixture
def ticket(fw):
    case = fw.decided_case()
    return services.rate_case(
        case, citizen_for(case.applicant), level=2, indicators=["efficiency"], reason="等太久"
    ).rectification


def test_the_applicant_rates_a_case_over_the_api(fw):
    case = fw.decided_case()
    response = rate(api(citizen_for(case.applicant)), case, {"level": 4})
    assert response.status_code == 201 and response.json()["level"] == 4 and response.json()["ticket"] is None


def test_a_bad_rating_answers_with_its_ticket(fw):
    case = fw.decided_case()
    response = rate(api(citizen_for(case.applicant)), case, {"level": 1, "indicators": ["overall"], "reason": "差"})
    assert response.json()["ticket"] == Rating.objects.get().rectification.pk


def test_a_low_score_without_reason_is_a_structured_error(fw):
    case = fw.decided_case()
    response = rate(api(citizen_for(case.applicant)), case, {"level": 1})
    body = response.json()
    assert response.status_code == 400 and {e["code"] for e in body["errors"]} == {
        "reason_required",
        "indicator_required",
    }


def test_a_second_rating_is_409(fw):
    case = fw.decided_case()
    client = api(citizen_for(case.applicant))
    rate(client, case, {"level": 5})
    response = rate(client, case, {"level": 5})
    assert response.status_code == 409 and response.json()["code"] == "already_rated"


def test_a_retried_rating_with_the_same_key_is_replayed(fw):
    case = fw.decided_case()
    client, key = api(citizen_for(case.applicant)), str(uuid.uuid4())
    first = rate(client, case, {"level": 5}, **{"Idempotency-Key": key})
    again = rate(client, case, {"level": 5}, **{"Idempotency-Key": key})
    assert (first.status_code, again.status_code, again["Idempotent-Replayed"]) == (201, 201, "true")
    assert Rating.objects.count() == 1


def test_rating_over_the_api_needs_a_login(fw):
    assert rate(api(), fw.decided_case(), {"level": 5}).status_code == 403


def test_another_citizen_gets_404_over_the_api(fw):
    response = rate(api(citizen_for(ApplicantFactory())), fw.decided_case(), {"level": 5})
    assert response.status_code == 404 and response.json()["code"] == "not_found"


def test_a_clerk_gets_403_when_rating_over_the_api(fw):
    assert rate(api(fw.clerk), fw.decided_case(), {"level": 5}).status_code == 403


def test_the_tablet_api_without_a_device_token_is_a_structured_400(fw):
    encounter = services.start_encounter(fw.window, fw.clerk)
    response = api().post("/api/v1/feedback/tablet/rating/", {"token": encounter.token, "level": 5}, format="json")
    assert response.status_code == 400 and response.json()["code"] == "tablet_not_bound"
    assert not Rating.objects.exists()


def test_the_tablet_api_refuses_a_made_up_device_token(fw):
    encounter = services.start_encounter(fw.window, fw.clerk)
    response = api().post(
        "/api/v1/feedback/tablet/rating/",
        {"token": encounter.token, "level": 5},
        format="json",
        headers={device.HEADER: "guessed-" + fw.tablet_token[8:]},
    )
    assert response.status_code == 400 and response.json()["code"] == "tablet_not_bound"


def test_the_head_lists_the_tickets(fw, ticket):
    body = api(fw.head).get("/api/v1/feedback/tickets/").json()
    assert [t["id"] for t in body["results"]] == [ticket.pk] and body["results"][0]["source"] == "bad_review"


def test_a_clerk_gets_403_for_the_tickets_api(fw, ticket):
    assert api(fw.clerk).get("/api/v1/feedback/tickets/").status_code == 403


def test_the_head_of_another_site_gets_404_for_a_ticket(fw, ticket):
    assert api(other_site_head()).get(f"/api/v1/feedback/tickets/{ticket.pk}/").status_code == 404


def test_the_tickets_api_needs_a_login(fw, ticket):
    assert api().get("/api/v1/feedback/tickets/").status_code == 403


def test_the_head_walks_the_loop_over_the_api(fw, ticket):
    client, base = api(fw.head), f"/api/v1/feedback/tickets/{ticket.pk}/"
    client.post(base + "verify/", {"note": "属实"}, format="json")
    client.post(base + "rectify/", {"note": "已整改"}, format="json")
    client.post(base + "call_back/", {"note": "回访满意", "result": "satisfied"}, format="json")
    body = client.post(base + "close/", {}, format="json").json()
    assert body["state"] == "closed" and [s["action"] for s in body["steps"]] == [
        "open",
        "verify",
        "rectify",
        "call_back",
        "close",
    ]


def test_a_step_out_of_order_is_a_structured_error(fw, ticket):
    response = api(fw.head).post(f"/api/v1/feedback/tickets/{ticket.pk}/close/", {}, format="json")
    assert response.status_code == 400 and response.json()["code"] == "transition_not_allowed"


def test_the_schema_documents_the_feedback_endpoints():
    from django.test import Client

    paths = Client().get("/api/schema/", {"format": "json"}).json()["paths"]
    assert {
        "/api/v1/feedback/cases/{number}/rating/",
        "/api/v1/feedback/tickets/",
        "/api/v1/feedback/tickets/{id}/close/",
    } <= set(paths)


@pytest.mark.parametrize(
    "query",
    ["offset=99999999999999999999", "limit=99999999999999999999", "offset=-1", "limit=abc", "offset=" + "9" * 5000],
)
def test_a_ticket_page_out_of_range_is_a_structured_400(fw, ticket, query):
    response = api(fw.head).get(f"/api/v1/feedback/tickets/?{query}")  # the county-wide strict paging
    assert response.status_code == 400 and response.json()["code"] in {"invalid_integer", "out_of_range"}


def test_a_ticket_id_beyond_any_integer_column_is_a_404(fw):
    assert api(fw.head).get("/api/v1/feedback/tickets/99999999999999999999/").status_code == 404
