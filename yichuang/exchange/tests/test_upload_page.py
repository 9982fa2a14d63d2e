"""The upload page with its progress (issue 17 §4): only a catalogue administrator (the
permission to add imports) reaches it; the form needs its CSRF token; the import runs as a
task and the polled fragment shows the bar, then the summary or every problem."""

import json

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from yichuang.catalog.exchange.sample import document
from yichuang.catalog.models import Item
from yichuang.exchange import services
from yichuang.exchange.models import ImportJob
from yichuang.org.tests.factories import DepartmentFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_user():
    user = UserFactory(is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="add_importjob"))
    return user


def client_for(user, **kw):
    client = Client(**kw)
    client.force_login(user)
    return client


def exchange_file(n=2):
    department = DepartmentFactory()
    doc = document(n, [(department.credit_code, department.site.code)])
    return SimpleUploadedFile("provincial.json", json.dumps(doc, ensure_ascii=False).encode())


def test_the_upload_page_is_for_catalogue_administrators_only():
    assert client_for(UserFactory(is_staff=True)).get("/catalog-imports/").status_code == 403


def test_a_visitor_is_sent_to_the_admin_login():
    response = Client().get("/catalog-imports/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_the_admin_add_button_opens_the_upload_page(admin_user):
    response = client_for(admin_user).get("/admin/exchange/importjob/add/")
    assert response.status_code == 302 and response["Location"] == "/catalog-imports/"


def test_the_upload_form_needs_its_csrf_token(admin_user):
    client = client_for(admin_user, enforce_csrf_checks=True)
    assert client.post("/catalog-imports/", {"file": exchange_file()}).status_code == 403
    assert not ImportJob.objects.exists()


def test_an_upload_becomes_a_job_whose_page_polls_its_progress(admin_user):
    response = client_for(admin_user).post("/catalog-imports/", {"file": exchange_file()})
    job = ImportJob.objects.get()
    assert response["Location"] == f"/catalog-imports/{job.pk}/"
    page = client_for(admin_user).get(response["Location"]).content.decode()
    assert f'hx-get="/catalog-imports/{job.pk}/progress/"' in page and "<progress" in page


def test_the_finished_job_shows_its_summary_and_stops_polling(admin_user):
    client_for(admin_user).post("/catalog-imports/", {"file": exchange_file()})
    job = services.run(ImportJob.objects.get().pk)
    fragment = client_for(admin_user).get(f"/catalog-imports/{job.pk}/progress/").content.decode()
    assert "导入完成" in fragment and "hx-trigger" not in fragment and Item.objects.count() == 2


def test_a_refused_file_lists_each_problem_and_writes_nothing(admin_user):
    bad = SimpleUploadedFile("bad.json", json.dumps(document(1, [("91330000000000000X", "330999101000")])).encode())
    client_for(admin_user).post("/catalog-imports/", {"file": bad})
    job = services.run(ImportJob.objects.get().pk)
    fragment = client_for(admin_user).get(f"/catalog-imports/{job.pk}/progress/").content.decode()
    assert job.status == ImportJob.Status.REFUSED and "unknown_department" in fragment and "未写入任何数据" in fragment
    assert Item.objects.count() == 0


def test_a_file_of_another_kind_is_refused_on_the_page(admin_user):
    response = client_for(admin_user).post("/catalog-imports/", {"file": SimpleUploadedFile("x.csv", b"a,b")})
    assert response.status_code == 400 and "请选择 .json 或 .xlsx" in response.content.decode()
