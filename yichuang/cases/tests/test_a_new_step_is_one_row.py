"""Adding a step is adding a row (issue 14, "Done when"): a step put into the table — here a
new action, 登记审查备注, for the reviewing approver — is offered on the case page and in the
API, accepted by both, refused for the wrong role, audited, labelled in Chinese on the
timeline and documented, with no other edit anywhere."""

import importlib

import pytest
from django.db import models
from django.urls import clear_url_caches

from yichuang.cases import services, steps
from yichuang.cases.inputs import Reason
from yichuang.cases.services.common import done
from yichuang.cases.tests.factories import make_world
from yichuang.cases.tests.test_api import act, client_for
from yichuang.cases.workflow import Role, State, Where
from yichuang.cases.workflow_doc import workflow_page
from yichuang.ledger.events import Event
from yichuang.ledger.models import AuditRecord
from yichuang.workbench.tests.test_pages import logged_in, new_case

pytestmark = pytest.mark.django_db


class Extra(models.TextChoices):
    NOTE = "add_review_note", "登记审查备注"


def note(case, actor, reason: str = ""):
    return done()  # a note changes nothing but the record


NOTE_ACT = steps.Act(Extra.NOTE, Reason, note, Event.CASE_REVIEW_STARTED, "审批人员登记一条审查备注。")
NOTE_ROW = steps.Step(State.IN_REVIEW, NOTE_ACT, State.IN_REVIEW, frozenset({Role.APPROVER}), Where.REVIEW)


def _reload_urls():
    import yichuang.cases.api_urls
    import yichuang.urls

    importlib.reload(yichuang.cases.api_urls)
    importlib.reload(yichuang.urls)
    clear_url_caches()


@pytest.fixture
def with_note_step(monkeypatch):
    monkeypatch.setitem(steps.ACTS, Extra.NOTE, NOTE_ACT)
    monkeypatch.setitem(steps.STEPS, (State.IN_REVIEW, Extra.NOTE), NOTE_ROW)
    _reload_urls()  # the API's endpoints are made from the table when the URLs load
    yield
    monkeypatch.undo()
    _reload_urls()


@pytest.fixture
def in_review():
    world = make_world()
    return world, services.start_review(services.accept(new_case(world), world.clerk), world.approver)


def test_the_new_step_is_offered_to_the_approver_on_the_page_and_in_the_api(with_note_step, in_review):
    world, case = in_review
    page = logged_in(world.approver).get(f"/workbench/cases/{case.number}/").content.decode()
    assert "登记审查备注" in page
    detail = client_for(world.approver).get(f"/api/v1/cases/{case.number}/").json()
    assert {"action": "add_review_note", "label": "登记审查备注", "path": "add-review-note"} in detail["actions"]


def test_the_new_step_is_accepted_from_the_workbench_and_audited_and_labelled(with_note_step, in_review):
    world, case = in_review
    response = logged_in(world.approver).post(
        f"/workbench/cases/{case.number}/act/add_review_note/", {"add_review_note-reason": "已电话核实住址"}
    )
    assert response.status_code == 302
    record = AuditRecord.objects.filter(stream=case.audit_stream).order_by("-seq").first()
    assert record.data["step"] == "add_review_note" and record.actor == world.approver.username
    page = logged_in(world.approver).get(f"/workbench/cases/{case.number}/").content.decode()
    assert "登记审查备注" in page[page.index('id="h-timeline"') :]  # the timeline, after the forms


def test_the_new_step_is_accepted_over_the_api(with_note_step, in_review):
    world, case = in_review
    response = act(client_for(world.approver), case.number, "add-review-note", {"reason": "已核实"})
    assert response.status_code == 200 and response.json()["state"] == "in_review"


def test_the_new_step_is_refused_for_the_wrong_role(with_note_step, in_review):
    world, case = in_review
    before = AuditRecord.objects.filter(stream=case.audit_stream).count()
    response = act(client_for(world.clerk), case.number, "add-review-note", {"reason": "窗口不能登记"})
    assert (response.status_code, response.json()["code"]) == (403, "role_not_allowed")
    assert AuditRecord.objects.filter(stream=case.audit_stream).count() == before


def test_the_new_step_is_documented(with_note_step):
    page = workflow_page()
    assert "| 审查中 `in_review` | 登记审查备注 `add_review_note` | 审查中 `in_review` | 审批 |" in page
    assert "`POST /api/v1/cases/{number}/add-review-note/`" in page


def test_the_schema_documents_the_new_endpoint(with_note_step, client):
    schema = client.get("/api/schema/", {"format": "json"}).json()
    assert "/api/v1/cases/{number}/add-review-note/" in schema["paths"]
