"""The public page /verify/<code>: no login, says whether a document is genuine, shows its
key facts without personal numbers, checks uploaded files, and is rate-limited (R-42)."""

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from yichuang.seals import services
from yichuang.seals.tests.factories import decided_case, make_seal_world
from yichuang.seals.tests.pdftools import flip_byte_in_signed_range

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    cache.clear()


@pytest.fixture
def sealed():
    sw = make_seal_world()
    applicant = sw.world.applicant
    applicant.name = "张三明"
    applicant.save()
    use = services.seal_case_document(decided_case(sw.world), actor=sw.world.clerk)
    with use.document.open("rb") as f:
        return sw, use, f.read()


def upload(client, pdf: bytes, code: str = "", name="决定书.pdf"):
    url = reverse("seals:verify", args=[code]) if code else reverse("seals:verify_index")
    return client.post(url, {"document": SimpleUploadedFile(name, pdf, content_type="application/pdf")})


def test_a_real_document_is_shown_as_genuine_without_login(client, sealed):
    _, use, _ = sealed
    page = client.get(f"/verify/{use.short_code}")
    html = page.content.decode()
    assert page.status_code == 200 and "真实有效" in html and "未通过" not in html
    assert use.case_number in html and "高龄老人津贴申请" in html and "准予" in html


def test_the_address_typed_with_a_trailing_slash_works_too(client, sealed):
    _, use, _ = sealed
    page = client.get(f"/verify/{use.short_code}/")
    assert page.status_code == 200 and "真实有效" in page.content.decode()


def test_the_page_shows_no_personal_numbers_and_masks_the_name(client, sealed):
    sw, use, _ = sealed
    html = client.get(f"/verify/{use.short_code}").content.decode()
    applicant = sw.world.applicant
    assert applicant.citizen_id not in html and applicant.citizen_id[-4:] + "<" not in html
    assert applicant.phone not in html
    assert "张三明" not in html and "张*明" in html


def test_a_code_typed_in_lower_case_with_the_printed_dash_finds_the_document(client, sealed):
    _, use, _ = sealed
    typed = f"{use.short_code[:5]}-{use.short_code[5:]}".lower()
    page = client.get(f"/verify/{typed}", follow=True)
    assert page.status_code == 200 and "真实有效" in page.content.decode()


def test_an_unknown_code_is_not_found(client, sealed):
    page = client.get("/verify/0000000000")
    assert page.status_code == 404 and "未找到" in page.content.decode()


def test_the_original_file_uploaded_is_genuine(client, sealed):
    _, use, pdf = sealed
    page = upload(client, pdf, use.short_code)
    assert page.status_code == 200 and "真实有效" in page.content.decode()


def test_a_tampered_upload_is_not_genuine(client, sealed):
    _, use, pdf = sealed
    html = upload(client, flip_byte_in_signed_range(pdf), use.short_code).content.decode()
    assert "未通过核验" in html and "真实有效" not in html
    assert "✘ 未通过:电子签章完整" in html and "✘ 未通过:文件与用印时登记的文件完全一致" in html


def test_a_tampered_upload_without_a_code_is_not_genuine(client, sealed):
    _, _, pdf = sealed
    html = upload(client, flip_byte_in_signed_range(pdf)).content.decode()
    assert "未通过核验" in html and "真实有效" not in html


def test_a_genuine_file_uploaded_against_another_documents_code_is_not_genuine(client, sealed):
    sw, use, pdf = sealed
    other = services.seal_case_document(decided_case(sw.world), "certificate", actor=sw.world.clerk)
    html = upload(client, pdf, other.short_code).content.decode()
    assert "未通过核验" in html


def test_a_file_that_is_not_a_pdf_is_refused_by_its_content(client, sealed):
    page = upload(client, b"MZ\x90\x00 this is not a pdf %%EOF", name="伪装.pdf")
    assert page.status_code == 400 and "不是PDF文件" in page.content.decode()


def test_an_upload_over_the_size_limit_is_refused(client, sealed, settings):
    _, _, pdf = sealed
    settings.YICHUANG = {**settings.YICHUANG, "VERIFY_UPLOAD_MAX_BYTES": 1024}
    page = upload(client, pdf)
    assert page.status_code == 400 and "文件过大" in page.content.decode()


def test_an_upload_needs_the_csrf_token(sealed):
    _, _, pdf = sealed
    strict = Client(enforce_csrf_checks=True)
    assert upload(strict, pdf).status_code == 403
    form = strict.get("/verify/")
    token = form.cookies["csrftoken"].value
    page = strict.post("/verify/", {"document": SimpleUploadedFile("a.pdf", pdf), "csrfmiddlewaretoken": token})
    assert page.status_code == 200


def test_too_many_checks_from_one_address_get_a_chinese_429(client, sealed, settings):
    _, use, _ = sealed
    settings.YICHUANG = {**settings.YICHUANG, "VERIFY_RATE": "2/min"}
    assert [client.get(f"/verify/{use.short_code}").status_code for _ in range(2)] == [200, 200]
    page = client.get(f"/verify/{use.short_code}")
    assert page.status_code == 429 and "核验太频繁" in page.content.decode() and int(page["Retry-After"]) > 0
    other = Client(REMOTE_ADDR="10.0.0.9")
    assert other.get(f"/verify/{use.short_code}").status_code == 200


def test_a_document_sealed_before_its_seal_was_revoked_stays_genuine(client, sealed):
    sw, use, _ = sealed
    services.revoke_seal(sw.approval, "换发新章")
    html = client.get(f"/verify/{use.short_code}").content.decode()
    assert "真实有效" in html and "注销前加盖" in html


def test_a_stored_file_changed_on_disk_is_not_genuine(client, sealed):
    _, use, pdf = sealed
    with open(use.document.path, "wb") as f:
        f.write(flip_byte_in_signed_range(pdf))
    html = client.get(f"/verify/{use.short_code}").content.decode()
    assert "未通过核验" in html
