"""Every write to a case (办件) goes through these functions (architecture invariant 1)."""
from .intake import MaterialInput, receive
from .online import (prereview_accept, prereview_request_supplement, submit_online, supplement_online,
                     take_online)
from .outcomes import decide_instantly, escalate, refuse_intake, sync_escalation, terminate, withdraw
from .review import (answer_joint_task, deliver, dispatch_joint, end_special, extend, prepare_delivery, start_special,
                     supply_deferred)
from .transitions import accept, approve, deny, request_supplement, start_review, supplement

__all__ = [
    "MaterialInput", "accept", "answer_joint_task", "approve", "decide_instantly", "deliver", "deny", "dispatch_joint",
    "end_special", "escalate", "extend", "prepare_delivery", "prereview_accept",
    "prereview_request_supplement", "receive", "refuse_intake", "request_supplement",
    "start_review", "start_special", "submit_online", "supplement", "supplement_online", "supply_deferred",
    "sync_escalation", "take_online", "terminate", "withdraw",
]
