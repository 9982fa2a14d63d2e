"""A township with its CA, both seals and a decided case: the smallest world a sealed result lives in."""

from __future__ import annotations

import dataclasses

from yichuang.cases import services as cases
from yichuang.cases.models import CaseMaterial
from yichuang.cases.services import MaterialInput
from yichuang.cases.tests.factories import World, make_world
from yichuang.seals import services
from yichuang.seals.models import CertificateAuthority, SealKind


@dataclasses.dataclass
class SealWorld:
    world: World
    ca: object
    approval: object
    administrative: object

    @property
    def site(self):
        return self.world.site


def ensure_ca():
    return CertificateAuthority.objects.filter(is_active=True).first() or services.create_ca()


def make_seal_world(**world_kwargs) -> SealWorld:
    world = make_world(instant=True, **world_kwargs)
    ca = ensure_ca()
    seals = {s.kind: s for s in services.issue_site_seals(world.site)}
    return SealWorld(world, ca, seals[SealKind.APPROVAL], seals[SealKind.ADMINISTRATIVE])


def new_case(world: World, site=None, clerk=None):
    materials = {m.pk: MaterialInput(CaseMaterial.Status.RECEIVED) for m in world.version.materials.all()}
    return cases.receive(
        site=site or world.site,
        clerk=clerk or world.clerk,
        version=world.version,
        applicant=world.applicant,
        materials=materials,
        form_data={"applicant": {"age": 85}},
    )


def decided_case(world: World):
    """An instant case (即办件) accepted and granted on the spot."""
    case = cases.accept(new_case(world), world.clerk)
    return cases.decide_instantly(case, world.clerk, opinion="经审查符合条件。")


def village_site():
    """A 便民服务站 under a fresh township (org's factories have no village level)."""
    from yichuang.org.models import Region, Site
    from yichuang.org.tests.factories import TownshipSiteFactory

    township = TownshipSiteFactory()
    region = Region.objects.create(
        code=township.region.code[:9] + "001", name="东村", level=Region.Level.VILLAGE, parent=township.region
    )
    return Site.objects.create(
        code=region.code,
        name=f"{township.region.name}东村便民服务站",
        level=Site.Level.VILLAGE,
        region=region,
        parent=township,
        address="东村村委会",
        hours="周一至周五",
        phone="0571-1234567",
    )
