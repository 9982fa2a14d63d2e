"""Online applications fetch from every provider too (issue 17 §5): a licence the exchange
holds for the citizen is shown as fetched, and the case made from the application holds it."""

import pytest
from django.test import Client

from yichuang.cases.models import Case, CaseMaterial
from yichuang.cases.services.online import applicant_actor
from yichuang.cases.tests.factories import make_world
from yichuang.catalog.models.choices import OnlineDepth
from yichuang.portal.services import applications
from yichuang.portal.tests.factories import citizen, pdf_file
from yichuang.portal.tests.test_pages import _apply_url

from .factories import exchange_body

pytestmark = pytest.mark.django_db
FORM = {"answers": {"applicant.age": 86}, "delivery": {"method": "window", "address": ""}}


def test_the_apply_page_shows_a_licence_of_the_exchange_as_fetched(exchange):
    world, account = make_world(online_depth=OnlineDepth.ONLINE), citizen()  # the hall applies only online items
    exchange.issue(exchange_body(account.applicant))
    client = Client()
    client.force_login(account.user)
    page = client.get(_apply_url(world)).content.decode()
    assert "已从电子证照库调取,无需上传" in page


def test_an_online_application_fetches_the_licence_from_the_exchange(exchange):
    world, account = make_world(), citizen()
    number = exchange.issue(exchange_body(account.applicant))["licence"]["number"]
    draft = applications.save_draft(account, account.applicant, world.site, item=world.version.item, form_data=FORM)
    applications.add_upload(draft, world.material("户口簿"), pdf_file())  # the other 必要 material (issue 15 §4)
    applications.submit(draft, [(world.site, world.version)], {"applicant": {"age": 86}}, applicant_actor(account.user))
    row = Case.objects.get().materials.get(material__name="居民身份证")
    assert row.status == CaseMaterial.Status.FETCHED and row.licence.number == number
