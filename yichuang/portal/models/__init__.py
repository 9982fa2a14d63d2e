from .accounts import CitizenAccount, IdentityProof, LegalRepresentation, LoginCode
from .applications import Draft, Upload
from .appointments import Booking, Slot
from .facts import ItemFact, LifeFact

__all__ = [
    "Booking",
    "CitizenAccount",
    "Draft",
    "IdentityProof",
    "ItemFact",
    "LegalRepresentation",
    "LifeFact",
    "LoginCode",
    "Slot",
    "Upload",
]
