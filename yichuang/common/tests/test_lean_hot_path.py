"""Issue 14 §5: the hot path's fixed statements keep the guarantees the ORM gave — the same
rows written and read, sessions revocable at once, one failed-login count, roles per request."""

import pytest
from django.contrib.auth import BACKEND_SESSION_KEY, authenticate
from django.contrib.auth.signals import user_login_failed
from django.contrib.sessions.models import Session
from django.db import connection, transaction
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from yichuang.common import fastsql
from yichuang.common.auth import user_with_roles
from yichuang.common.sessions import SessionStore
from yichuang.ledger import services as ledger
from yichuang.ledger.events import Event
from yichuang.ledger.models import AuditRecord, OutboxEvent
from yichuang.org.models import StaffRole, User
from yichuang.org.tests.factories import StaffRoleFactory, TownshipSiteFactory, UserFactory
from yichuang.people.models import Applicant
from yichuang.people.tests.factories import ApplicantFactory

pytestmark = pytest.mark.django_db


def row(obj) -> list:
    return [getattr(obj, f.attname) for f in type(obj)._meta.concrete_fields]


def test_a_fixed_insert_writes_the_row_the_orm_would():
    with transaction.atomic():
        event = fastsql.insert(OutboxEvent(topic="case.received", key="k", payload={"a": [1, "二"]}))
    stored = OutboxEvent.objects.get(pk=event.pk)
    assert row(stored) == row(event) and stored.created_at and stored.available_at  # auto_now_add ran
    assert not event._state.adding


def test_several_rows_inserted_at_once_get_their_own_ids_in_order():
    applicants = [Applicant(kind="natural", name=f"甲{n}", citizen_id=f"x{n}") for n in range(3)]
    fastsql.insert_many(applicants)
    assert [Applicant.objects.get(pk=a.pk).name for a in applicants] == ["甲0", "甲1", "甲2"]


def test_a_fixed_read_gives_the_instance_a_queryset_gives():
    applicant = ApplicantFactory()
    assert row(fastsql.get(Applicant, applicant.pk)) == row(Applicant.objects.get(pk=applicant.pk))
    assert fastsql.get(Applicant, applicant.pk + 1000) is None


def test_audit_records_still_chain_and_still_refuse_changes():
    with transaction.atomic():
        first = ledger.record("test:chain", "a", new_stream=True)
        second = ledger.record("test:chain", "b")
    assert (second.seq, second.prev_hash) == (2, first.hash)
    assert [r.hash for r in AuditRecord.objects.filter(stream="test:chain")] == [first.hash, second.hash]
    assert ledger.record_hash(AuditRecord.objects.get(pk=second.pk)) == second.hash
    with pytest.raises(Exception):
        AuditRecord.objects.get(pk=first.pk).save()


def test_an_event_is_still_checked_against_its_type():
    with transaction.atomic(), pytest.raises(Exception):
        ledger.emit(Event.CASE_RECEIVED, {"unexpected": True})


def test_the_user_comes_with_every_role_in_one_statement():
    user = UserFactory()
    a, b = TownshipSiteFactory(), TownshipSiteFactory()
    StaffRoleFactory(user=user, site=a, role=StaffRole.Role.CLERK)
    StaffRoleFactory(user=user, site=b, role=StaffRole.Role.HELPER)
    with CaptureQueriesContext(connection) as ctx:
        loaded = user_with_roles(user.pk)
        roles = {(r.site_id, r.role) for r in loaded.staff_roles.all()}
        assert loaded.roles_at(a) == {"clerk"} and all(r.user is loaded for r in loaded.staff_roles.all())
    assert len(ctx.captured_queries) == 1
    assert roles == {(a.pk, "clerk"), (b.pk, "helper")}
    assert row(loaded) == row(User.objects.get(pk=user.pk))
    assert list(user_with_roles(UserFactory().pk).staff_roles.all()) == []
    assert user_with_roles(user.pk + 1000) is None


def test_a_disabled_account_is_logged_out_on_its_next_request():
    user = StaffRoleFactory(role=StaffRole.Role.CLERK).user
    client = Client()
    client.force_login(user)
    assert client.session[BACKEND_SESSION_KEY] == "yichuang.common.auth.StaffBackend"
    assert client.get("/api/v1/cases/").status_code == 200
    User.objects.filter(pk=user.pk).update(is_active=False)
    assert client.get("/api/v1/cases/").status_code == 403


def test_a_changed_password_ends_the_other_sessions():
    user = StaffRoleFactory(role=StaffRole.Role.CLERK).user
    client = Client()
    client.force_login(user)
    user.set_password("another-long-password-1")
    user.save()
    assert client.get("/api/v1/cases/").status_code == 403


def test_sessions_started_by_the_model_backend_keep_working():
    user = StaffRoleFactory(role=StaffRole.Role.CLERK).user
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    assert client.get("/api/v1/cases/").status_code == 200


def login_request():
    return RequestFactory().post("/admin/login/", REMOTE_ADDR="10.0.0.7")


def test_a_failed_login_is_counted_once_and_a_good_one_logs_in():
    user = UserFactory()
    user.set_password("a-correct-password-9")
    user.save()
    failures = []

    def count(**kw):
        failures.append(kw)

    user_login_failed.connect(count)
    try:
        assert authenticate(login_request(), username=user.username, password="wrong-password") is None
        assert authenticate(login_request(), username="nobody-here", password="wrong-password") is None
    finally:
        user_login_failed.disconnect(count)
    assert len(failures) == 2
    good = authenticate(login_request(), username=user.username, password="a-correct-password-9")
    assert good == user and good.backend == "yichuang.common.auth.StaffBackend"


def test_a_deleted_or_expired_session_is_not_loaded():
    store = SessionStore()
    store["x"] = 1
    store.create()
    key = store.session_key
    assert SessionStore(key).load() == {"x": 1}
    Session.objects.filter(session_key=key).update(expire_date=timezone.now())
    assert SessionStore(key).load() == {}
    store = SessionStore()
    store["y"] = 2
    store.create()
    Session.objects.filter(session_key=store.session_key).delete()  # a logout elsewhere
    reloaded = SessionStore(store.session_key)
    assert reloaded.load() == {} and reloaded.session_key is None


def test_a_fixed_update_writes_the_row_save_would_and_refuses_a_missing_row():
    applicant = ApplicantFactory()
    applicant.name, applicant.phone = "乙", "13900000000"
    with transaction.atomic():
        fastsql.update(applicant)
    assert row(Applicant.objects.get(pk=applicant.pk)) == row(applicant)
    with transaction.atomic(), pytest.raises(Applicant.DoesNotExist):
        fastsql.update(Applicant(pk=applicant.pk + 1000, kind="natural", name="丙"))
