"""一表申请 for a life event, and acting for a company (法人) — issue 6; R-16, R-25."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from yichuang.cases import services as cases
from yichuang.cases.models import Case
from yichuang.catalog.models.choices import OnlineDepth
from yichuang.catalog.tests.guide_factories import bundle, county, material, publish_item
from yichuang.org.tests.factories import DepartmentFactory, TownshipSiteFactory
from yichuang.people.tests.factories import make_credit_code

from ..services import accounts
from .factories import PDF, citizen, online_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def life_event():
    """Two items of a life event: one at the township, one only at the county centre above it;
    both ask for the household register."""
    top = county()
    site = TownshipSiteFactory(parent=top)
    paper = lambda: [material("户口簿"), material("申请表")]  # noqa: E731
    here = publish_item(
        site,
        department=DepartmentFactory(site=site),
        materials=paper(),
        name="出生登记",
        online_depth=OnlineDepth.ONLINE,
    )
    there = publish_item(
        top,
        department=DepartmentFactory(site=top),
        materials=paper(),
        name="新生儿参保登记",
        online_depth=OnlineDepth.ONLINE,
    )
    return site, top, bundle("newborn", "新生儿出生一件事", [here.item, there.item], keywords="孩子出生")


def test_one_form_submits_every_item_of_the_life_event_at_the_site_that_offers_it(client, life_event):
    site, top, event = life_event
    account = citizen()
    client.force_login(account.user)
    url = reverse("portal:apply_bundle", args=[site.code, event.code])
    page = client.get(url).content.decode()
    assert page.count("上传“户口簿”") == 1  # one paper, asked once for both items
    fields = {name: SimpleUploadedFile(f"{name}.pdf", PDF) for name in set(re.findall(r'name="(file_\d+)"', page))}
    client.post(url, {"action": "submit", "delivery": "window", **fields})
    made = {(c.site, c.item_version.name) for c in Case.objects.filter(applicant=account.applicant)}
    assert made == {(site, "出生登记"), (top, "新生儿参保登记")}
    assert all(m.status == "received" for c in Case.objects.all() for m in c.materials.all())


def test_a_representative_sees_the_companys_cases_only_when_acting_for_it(client, life_event):
    site, _, _ = life_event
    account = citizen(name="王五")
    company = accounts.add_company(account, credit_code=make_credit_code(77), name="清溪县好味餐饮有限公司")
    world = online_world()
    world_case = cases.submit_online(
        site=world.site,
        version=world.version,
        applicant=company,
        uploaded=[],
        form_data={"applicant": {"age": 86}},
        submitted_by=cases.online.applicant_actor(account.user),
    )
    client.force_login(account.user)
    assert world_case.number not in client.get(reverse("portal:cases")).content.decode()
    client.post(reverse("portal:act_as"), {"applicant": company.pk})
    assert world_case.number in client.get(reverse("portal:cases")).content.decode()


def test_one_cannot_act_for_a_company_one_does_not_represent(client):
    account, other = citizen(), citizen(name="赵六")
    company = accounts.add_company(other, credit_code=make_credit_code(78), name="别人的公司")
    client.force_login(account.user)
    client.post(reverse("portal:act_as"), {"applicant": company.pk})
    assert "别人的公司" not in client.get(reverse("portal:cases")).content.decode()
