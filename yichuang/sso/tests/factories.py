"""People the local provider knows, as our database knows them."""

from yichuang.org.models import StaffRole
from yichuang.org.tests.factories import StaffRoleFactory, TownshipSiteFactory, UserFactory
from yichuang.people.models import Applicant

from ..models import StaffIdentity


def linked_clerk(issuer: str, subject: str, **user):
    clerk = UserFactory(**user)
    StaffRoleFactory(user=clerk, site=TownshipSiteFactory(), role=StaffRole.Role.CLERK)
    StaffIdentity.objects.create(issuer=issuer, subject=subject, user=clerk)
    return clerk


def registered_person(claims: dict, **fields) -> Applicant:
    """A person registered at a window before they ever logged in online."""
    return Applicant.objects.create(
        kind=Applicant.Kind.NATURAL,
        citizen_id=claims["id_number"],
        name=fields.pop("name", claims["name"]),
        phone=fields.pop("phone", "13905789999"),
        **fields,
    )
