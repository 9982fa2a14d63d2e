"""A row and its children in one statement (`fastsql.insert_with_children`, decision 0120): an
intake's case and its materials are the rows the ORM would write and read back, with their
generated keys; one statement on PostgreSQL, two elsewhere."""

import pytest
from django.db import DataError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from yichuang.cases import services
from yichuang.cases.models import Case, CaseMaterial
from yichuang.cases.services import MaterialInput
from yichuang.cases.tests.factories import make_world
from yichuang.common import fastsql
from yichuang.ledger import services as ledger
from yichuang.ledger.models import AuditRecord, ChainHead, OutboxEvent
from yichuang.ledger.selectors import verify_audit

pytestmark = pytest.mark.django_db


def row(obj) -> list:
    return [getattr(obj, f.attname) for f in type(obj)._meta.concrete_fields]


def received(note: str = "复印件"):
    world = make_world()
    given = {m.pk: MaterialInput(CaseMaterial.Status.RECEIVED, note=note) for m in world.version.materials.all()}
    first = next(iter(given))
    given[first] = MaterialInput(CaseMaterial.Status.RECEIVED)  # no note: the empty default
    case = services.receive(
        site=world.site,
        clerk=world.clerk,
        version=world.version,
        applicant=world.applicant,
        materials=given,
        form_data={"applicant": {"age": 81}},
    )
    return case


def test_the_case_and_its_materials_read_back_as_written():
    case = received()
    assert row(Case.objects.get(pk=case.pk)) == row(case)
    written = sorted(case.received_materials, key=lambda m: m.pk)
    stored = list(CaseMaterial.objects.filter(case=case).order_by("pk"))
    assert [row(m) for m in stored] == [row(m) for m in written]
    assert all(m.case_id == case.pk and not m._state.adding for m in written)
    assert {m.note for m in stored} == {"", "复印件"}  # NULL promise dates and notes both kept


def test_a_value_too_long_for_its_column_is_never_cut():
    with pytest.raises(DataError) if connection.vendor == "postgresql" else transaction.atomic():
        case = received(note="长" * 201)  # the note is 200 characters at most
        # SQLite does not enforce lengths (the ORM's insert neither): the whole value is kept
        assert "长" * 201 in set(CaseMaterial.objects.filter(case=case).values_list("note", flat=True))


def test_postgresql_writes_the_case_and_its_materials_in_one_statement():
    world = make_world()
    case = Case(
        number="T-1",
        site=world.site,
        home_site=world.site,
        item_id=world.version.item_id,
        item_version=world.version,
        applicant=world.applicant,
        owner=world.clerk,
        received_at=timezone.now(),
    )
    rows = [CaseMaterial(material=m, status=CaseMaterial.Status.MISSING) for m in world.version.materials.all()]
    with transaction.atomic(), CaptureQueriesContext(connection) as statements:
        fastsql.insert_with_children(case, rows, fk="case", key="material_id")
    assert len(statements) == (1 if connection.vendor == "postgresql" else 2)
    assert CaseMaterial.objects.filter(case=case).count() == len(rows) > 0


def test_a_new_case_its_audit_record_and_event_ride_in_the_same_statement():
    """Decision 0141: on PostgreSQL the intake's case, materials, chain head, first audit record
    and outbox row are one statement; the chain and the event are those of separate writes."""
    with CaptureQueriesContext(connection) as statements:
        case = received()
    inserts = [q["sql"] for q in statements.captured_queries if 'INSERT INTO "cases_case"' in q["sql"]]
    assert len(inserts) == 1
    together = all(t in inserts[0] for t in ("ledger_chainhead", "ledger_auditrecord", "ledger_outboxevent"))
    assert together == (connection.vendor == "postgresql")
    records = list(AuditRecord.objects.filter(stream=case.audit_stream))
    assert [(r.seq, r.action, r.prev_hash) for r in records] == [(1, "case.received", ledger.GENESIS)]
    assert ledger.record_hash(records[0]) == records[0].hash and verify_audit() is None
    assert ChainHead.objects.get(stream=case.audit_stream).last_hash == records[0].hash
    event = OutboxEvent.objects.get(key=case.number)
    assert (event.topic, event.payload["case"], event.payload["state"]) == ("case.received", case.number, "prereview")
