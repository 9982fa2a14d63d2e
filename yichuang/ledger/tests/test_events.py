"""The event enum: topics are members, payloads are typed, and a mistake fails early —
a subscription while the apps load, a payload at the emit call inside its transaction."""

import pytest
from django.db import transaction

from yichuang.ledger import relay, services
from yichuang.ledger.events import PAYLOADS, Event, PayloadMismatch, UnknownTopic
from yichuang.ledger.models import OutboxEvent

CASE = {"case": "X-1", "state": "approved", "site": "S1"}
# Participles that do not end in -ed; any other member must carry an -ed word.
IRREGULAR = {"taken", "withdrawn"}


@pytest.fixture
def registry(monkeypatch):
    monkeypatch.setattr(relay, "_consumers", {})
    return relay


def test_every_topic_is_named_in_the_past_tense():
    for event in Event:
        words = event.value.split(".", 1)[1].split("_")
        assert any(w.endswith("ed") or w in IRREGULAR for w in words), event


def test_every_member_has_a_payload_type():
    assert set(PAYLOADS) == set(Event)


def test_a_misspelt_topic_fails_at_registration_and_names_the_nearest_member(registry):
    with pytest.raises(UnknownTopic, match=r"did you mean Event\('case.received'\)"):
        registry.consumer("case.recieved", name="typo")


def test_a_string_topic_fails_at_registration_even_when_spelt_right(registry):
    with pytest.raises(UnknownTopic):
        registry.consumer("case.received", name="string")


def test_a_prefix_is_no_longer_a_subscription(registry):
    with pytest.raises(UnknownTopic):
        registry.consumer("case.", name="prefix")


def test_a_consumer_with_no_topic_is_refused(registry):
    with pytest.raises(ValueError):
        registry.consumer(name="nothing")


def test_of_kind_is_every_member_of_that_kind():
    assert Event.of_kind("feedback") == {
        Event.FEEDBACK_EVALUATED,
        Event.FEEDBACK_TICKET_OPENED,
        Event.FEEDBACK_TICKET_CLOSED,
    }
    assert all(e.value.startswith("case.") for e in Event.of_kind("case"))


def test_of_kind_refuses_an_unknown_kind():
    with pytest.raises(UnknownTopic):
        Event.of_kind("cases")


def test_the_apps_subscribe_their_consumers_to_the_renamed_decisions():
    names = {c.name for c in relay.consumers_for(Event.CASE_APPROVED)}
    assert {"seals.seal_granted_decision", "supervision.linkage"} <= names
    assert "supervision.alerts" in {c.name for c in relay.consumers_for(Event.CASE_DENIED)}


@pytest.mark.django_db
class TestEmit:
    def emit(self, topic, payload):
        with transaction.atomic():
            return services.emit(topic, payload)

    def test_a_well_typed_payload_is_written_under_the_members_value(self):
        event = self.emit(Event.CASE_APPROVED, {**CASE, "decision": "granted"})
        assert OutboxEvent.objects.get(pk=event.pk).topic == "case.approved"

    def test_an_optional_field_may_be_left_out(self):
        payload = {**CASE, "item": "I1", "version": 1, "transfer": "", "missing": 0}
        self.emit(Event.CASE_RECEIVED, payload)
        self.emit(Event.CASE_RECEIVED, {**payload, "channel": "online"})
        assert OutboxEvent.objects.count() == 2

    def test_a_string_topic_is_refused(self):
        with pytest.raises(UnknownTopic):
            self.emit("case.approved", {**CASE, "decision": "granted"})

    def test_a_missing_field_is_refused(self):
        with pytest.raises(PayloadMismatch, match="missing 'decision'"):
            self.emit(Event.CASE_APPROVED, CASE)

    def test_an_unexpected_field_is_refused(self):
        with pytest.raises(PayloadMismatch, match="unexpected 'reason'"):
            self.emit(Event.CASE_APPROVED, {**CASE, "decision": "granted", "reason": "x"})

    def test_a_wrongly_typed_field_is_refused(self):
        with pytest.raises(PayloadMismatch, match="'version' is str, not int"):
            self.emit(Event.CATALOG_ITEM_PUBLISHED, {"item": "I1", "version": "1"})

    def test_a_bool_is_not_a_count(self):
        with pytest.raises(PayloadMismatch, match="'missing' is bool"):
            self.emit(Event.CASE_RECEIVED, {**CASE, "item": "I1", "version": 1, "transfer": "", "missing": True})

    def test_a_list_is_checked_item_by_item(self):
        with pytest.raises(PayloadMismatch, match="'materials'"):
            self.emit(Event.CASE_SUPPLEMENTED, {**CASE, "materials": [1, "2"]})

    def test_none_is_accepted_only_where_the_type_allows_it(self):
        rating = {
            "evaluation": 1,
            "site": "S1",
            "case": None,
            "window": None,
            "staff": None,
            "level": 5,
            "channel": "tablet",
            "at": "2026-01-05T09:00:00+08:00",
        }
        self.emit(Event.FEEDBACK_EVALUATED, rating)
        with pytest.raises(PayloadMismatch, match="'level' is NoneType"):
            self.emit(Event.FEEDBACK_EVALUATED, {**rating, "level": None})

    def test_a_refused_payload_writes_nothing(self):
        with pytest.raises(PayloadMismatch):
            self.emit(Event.CASE_APPROVED, CASE)
        assert not OutboxEvent.objects.exists()

    def test_many_events_are_checked_before_any_is_written(self):
        rows = [({"item": "I1", "version": 1}, "I1"), ({"item": "I2"}, "I2")]
        with pytest.raises(PayloadMismatch), transaction.atomic():
            services.emit_many(Event.CATALOG_ITEM_PUBLISHED, rows)
        assert not OutboxEvent.objects.exists()
