from .accounts import CitizenAccount, LegalRepresentation, LoginCode, SmsMessage
from .applications import Draft, Upload
from .appointments import Booking, Slot

__all__ = ["Booking", "CitizenAccount", "Draft", "LegalRepresentation", "LoginCode", "Slot", "SmsMessage", "Upload"]
