from .case import Case, CaseMaterial, CaseSequence
from .notices import SupplementNotice, SupplementNoticeLine
from .clock import ClockSuspension
from .routing import Delivery, Escalation, Extension, JointTask

__all__ = ["Delivery", "Escalation", "Extension", "JointTask", "Case", "CaseMaterial", "CaseSequence", "ClockSuspension", "SupplementNotice", "SupplementNoticeLine"]
