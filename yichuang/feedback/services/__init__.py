"""Every write of the feedback loop (好差评, 办不成事, 整改): one transaction each, audited in
the ledger and announced in its outbox in that same transaction."""

from .ratings import rate_case, rate_encounter, start_encounter
from .reports import report_unresolved
from .tablets import bind_tablet
from .tickets import call_back, close, contact_phone, open_ticket, rectify, verify

__all__ = [
    "bind_tablet",
    "call_back",
    "close",
    "contact_phone",
    "open_ticket",
    "rate_case",
    "rate_encounter",
    "rectify",
    "report_unresolved",
    "start_encounter",
    "verify",
]
