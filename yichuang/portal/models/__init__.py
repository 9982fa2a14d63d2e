from .accounts import CitizenAccount, IdentityProof, LegalRepresentation, LoginCode, SmsMessage
from .applications import Draft, Upload
from .appointments import Booking, Slot

__all__ = [
    "Booking",
    "CitizenAccount",
    "Draft",
    "IdentityProof",
    "LegalRepresentation",
    "LoginCode",
    "Slot",
    "SmsMessage",
    "Upload",
]
