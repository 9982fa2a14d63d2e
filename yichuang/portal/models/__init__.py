from .accounts import CitizenAccount, IdentityProof, LegalRepresentation, LoginCode, SmsMessage
from .applications import Draft, Upload
from .appointments import Booking, Slot

__all__ = ["Booking", "CitizenAccount", "Draft", "IdentityProof", "LegalRepresentation", "LoginCode", "Slot", "SmsMessage", "Upload"]

# The production checks (offline identity provider, console SMS) must be registered while the
# apps load, before any check runs: the models modules are imported then (AppConfig.ready would do too).
from .. import identity as _identity_checks  # noqa: E402,F401
