from .case import Case, CaseMaterial, CaseSequence
from .clock import ClockSuspension
from .notices import SupplementNotice, SupplementNoticeLine
from .routing import Delivery, Escalation, Extension, JointTask

__all__ = [
    "Delivery",
    "Escalation",
    "Extension",
    "JointTask",
    "Case",
    "CaseMaterial",
    "CaseSequence",
    "ClockSuspension",
    "SupplementNotice",
    "SupplementNoticeLine",
]
