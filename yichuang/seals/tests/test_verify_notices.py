"""/verify recognises every document the platform issued (issue 20 §7): a notice carries no
electronic seal, yet the platform's own 受理通知书 is genuine — found by the code printed on it or
by its file's hash, and shown as a genuine notice without a seal. Only a changed file, or one
the platform never issued, fails."""

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from yichuang.cases import services as cases
from yichuang.cases.tests.factories import make_world
from yichuang.seals import notices
from yichuang.seals.models import NoticeKind
from yichuang.seals.pdf import format_code
from yichuang.seals.tests.pdftools import pdf_text

from .test_notices import receive

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    cache.clear()


@pytest.fixture
def acceptance():
    world = make_world()
    world.applicant.name = "张三明"
    world.applicant.save()
    case = cases.accept(receive(world), world.clerk)
    document = notices.issue_notice(case, NoticeKind.ACCEPTANCE, world.clerk)
    with document.file.open("rb") as f:
        return document, f.read()


def upload(client, pdf: bytes, code: str = ""):
    url = reverse("seals:verify", args=[code]) if code else reverse("seals:verify_index")
    return client.post(url, {"document": SimpleUploadedFile("受理通知书.pdf", pdf, content_type="application/pdf")})


def test_an_issued_notice_prints_its_own_verification_code(acceptance, tmp_path):
    document, pdf = acceptance
    text = "".join(pdf_text(pdf, tmp_path / "n.pdf").split())
    assert document.short_code and format_code(document.short_code) in text and "/verify/" in text


def test_the_notice_found_by_its_code_is_genuine_and_says_it_has_no_seal(client, acceptance):
    document, _ = acceptance
    html = client.get(f"/verify/{document.short_code}").content.decode()
    assert "真实有效" in html and "未通过" not in html and "不加盖电子印章" in html
    assert "受理通知书" in html and document.case.number in html


def test_the_notice_page_masks_the_applicants_name(client, acceptance):
    document, _ = acceptance
    html = client.get(f"/verify/{document.short_code}").content.decode()
    assert "张*明" in html and "张三明" not in html


def test_the_notice_file_uploaded_without_a_code_is_genuine(client, acceptance):
    _, pdf = acceptance
    response = upload(client, pdf)
    html = response.content.decode()
    assert response.status_code == 200 and "真实有效" in html and "不是本平台出具" not in html


def test_the_notice_file_uploaded_against_its_own_code_is_genuine(client, acceptance):
    document, pdf = acceptance
    assert "真实有效" in upload(client, pdf, document.short_code).content.decode()


def test_a_changed_notice_file_is_not_genuine(client, acceptance):
    document, pdf = acceptance
    changed = pdf.replace(b"/Producer", b"/Produxer", 1) if b"/Producer" in pdf else pdf[:-10] + b"%%EOF\n    "
    assert changed != pdf
    html = upload(client, changed, document.short_code).content.decode()
    assert "未通过核验" in html and "真实有效" not in html


def test_a_pdf_the_platform_never_issued_is_not_genuine(client, acceptance):
    _, pdf = acceptance
    html = upload(client, pdf[:-6] + b"\n%%EOF").content.decode()
    assert "未通过核验" in html and "不是本平台出具" in html


def test_the_same_facts_give_the_same_code_so_issuing_again_returns_the_stored_notice(acceptance):
    document, _ = acceptance
    again = notices.issue_notice(document.case, NoticeKind.ACCEPTANCE)
    assert again.pk == document.pk and again.short_code == document.short_code
