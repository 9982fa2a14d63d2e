from .applicant import Applicant
from .authorisation import Authorisation
from .licence import Licence, LicenceSerialCounter

__all__ = ["Applicant", "Authorisation", "Licence", "LicenceSerialCounter"]
