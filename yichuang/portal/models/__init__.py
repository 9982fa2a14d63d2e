from .accounts import CitizenAccount, IdentityProof, LegalRepresentation, LoginCode
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
    "Upload",
]
