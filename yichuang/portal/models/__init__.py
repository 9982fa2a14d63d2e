from .accounts import CitizenAccount, IdentityProof, LegalRepresentation, LoginCode
from .applications import Draft, Upload
from .appointments import Booking, Slot
from .examples import ExampleNeed
from .facts import ItemFact, LifeFact
from .keywords import ItemKeywords

__all__ = [
    "Booking",
    "CitizenAccount",
    "Draft",
    "ExampleNeed",
    "IdentityProof",
    "ItemFact",
    "ItemKeywords",
    "LegalRepresentation",
    "LifeFact",
    "LoginCode",
    "Slot",
    "Upload",
]
