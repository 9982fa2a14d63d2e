"""Migration 0003: events written under the old present-tense names before the upgrade are
still delivered after it — to the consumers that now subscribe to the renamed members."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from yichuang.ledger import relay
from yichuang.ledger.events import Event
from yichuang.ledger.models import OutboxDelivery, OutboxEvent

BEFORE, AFTER = [("ledger", "0002_outbox_delivery")], [("ledger", "0003_past_tense_topics")]
PAYLOAD = {"case": "X-1", "state": "approved", "site": "S1", "decision": "granted"}


@pytest.fixture
def before_rename(transactional_db):
    """The ledger at 0002 (schema editors on SQLite need no open transaction, hence
    transactional_db); always back at the latest migration afterwards."""
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    yield executor.loader.project_state(BEFORE).apps
    latest = MigrationExecutor(connection)
    latest.migrate(latest.loader.graph.leaf_nodes())


def migrate_forward():
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())  # through AFTER to the latest


def test_a_pending_event_under_an_old_name_is_delivered_after_migrating(before_rename, monkeypatch):
    old = before_rename.get_model("ledger", "OutboxEvent").objects.create(topic="case.approve", payload=PAYLOAD)
    migrate_forward()
    monkeypatch.setattr(relay, "_consumers", {})
    seen = []
    relay.consumer(Event.CASE_APPROVED, name="test.approved")(lambda e: seen.append(e.topic))
    assert relay.relay_once() == 1
    assert seen == ["case.approved"]
    assert OutboxDelivery.objects.filter(event_id=old.pk, consumer="test.approved").exists()


def test_every_old_name_is_rewritten_and_other_topics_are_left_alone(before_rename):
    Old = before_rename.get_model("ledger", "OutboxEvent")
    for topic in ("case.approve", "case.deny", "case.accepted"):
        Old.objects.create(topic=topic, payload={})
    migrate_forward()
    assert sorted(OutboxEvent.objects.values_list("topic", flat=True)) == [
        "case.accepted",
        "case.approved",
        "case.denied",
    ]
