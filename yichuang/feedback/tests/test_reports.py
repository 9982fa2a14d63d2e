"""办不成事反映 (R-51): a report opens a ticket with its own limit; the phone is checked,
stored for the call-back, masked everywhere it is listed, and never written to the ledger."""

import datetime as dt

import pytest

from yichuang.common.errors import DomainError
from yichuang.feedback import services
from yichuang.ledger.models import AuditRecord, OutboxEvent

pytestmark = pytest.mark.django_db


def report(fw, **kw):
    data = {"matter": "想办老年证,窗口说要户口本原件", "place": "3号窗口", "name": "王大爷", "phone": "13812345678"}
    return services.report_unresolved(fw.site, **{**data, **kw})


def test_a_report_opens_a_ticket_with_the_cannot_do_limit(fw, settings):
    settings.YICHUANG_FEEDBACK = {"CANNOT_DO_DAYS": 15}
    ticket = report(fw).rectification
    # 15 working days from Monday 2026-06-15, Dragon Boat (06-19) off: 2026-07-07.
    assert (ticket.source, ticket.due_on) == ("cannot_do", dt.date(2026, 7, 7))


def test_a_report_emits_ticket_opened_with_its_source(fw):
    ticket = report(fw).rectification
    assert OutboxEvent.objects.get(topic="feedback.ticket_opened").payload["source"] == "cannot_do" == ticket.source


def test_a_report_needs_a_phone_for_the_call_back(fw):
    with pytest.raises(DomainError) as exc:
        report(fw, phone="12345")
    assert exc.value.code == "invalid_phone"


def test_a_report_needs_the_matter(fw):
    with pytest.raises(DomainError) as exc:
        report(fw, matter="")
    assert exc.value.code == "matter_required"


def test_the_phone_is_masked_for_lists(fw):
    assert report(fw).masked_phone == "138****5678"


def test_the_phone_is_normalised_before_it_is_stored(fw):
    assert report(fw, phone="+86 138 1234 5678").phone == "13812345678"


def test_the_ledger_holds_no_phone_of_the_reporter(fw):
    report(fw)
    assert not [r for r in AuditRecord.objects.all() if "13812345678" in str(r.data)]
