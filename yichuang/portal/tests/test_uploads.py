"""Uploads (issue 6; R-25): type by content, size limit, clean names, stored outside the web root."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from yichuang.cases import services as cases
from yichuang.common.errors import DomainError

from ..services import applications
from .factories import PDF, PNG, citizen, online_world, pdf_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft():
    world, account = online_world(), citizen()
    d = applications.save_draft(account, account.applicant, world.site, item=world.version.item, form_data={})
    d.world = world
    return d


def _material(draft):
    return draft.world.material("户口簿")


def test_a_pdf_is_stored_under_media_root_with_a_random_name(draft):
    row = applications.add_upload(draft, _material(draft), SimpleUploadedFile("户口簿.pdf", PDF))
    path = Path(row.file.path)
    assert path.is_relative_to(Path(settings.MEDIA_ROOT)) and not path.is_relative_to(Path(settings.STATIC_ROOT))
    assert "户口簿" not in path.name and path.read_bytes() == PDF
    assert (row.content_type, row.original_name) == ("application/pdf", "户口簿.pdf")


def test_the_type_comes_from_the_content_not_the_name(draft):
    row = applications.add_upload(draft, _material(draft), SimpleUploadedFile("scan.pdf", PNG))
    assert (row.content_type, row.original_name) == ("image/png", "scan.pdf.png")


def test_a_file_that_is_not_pdf_jpeg_or_png_is_refused(draft):
    with pytest.raises(DomainError) as exc:
        applications.add_upload(draft, _material(draft), SimpleUploadedFile("virus.pdf", b"MZ\x90\x00 program"))
    assert exc.value.code == "file_type"


def test_a_file_over_the_limit_is_refused(draft, settings):
    settings.YICHUANG_PORTAL_UPLOAD_MAX_BYTES = 1024
    with pytest.raises(DomainError) as exc:
        applications.add_upload(draft, _material(draft), SimpleUploadedFile("big.pdf", PDF + b"0" * 2048))
    assert exc.value.code == "file_too_large"


@pytest.mark.parametrize(
    "given, shown",
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("C:\\Users\\张三\\户口簿.PDF", "户口簿.pdf"),
        ("a\x00b<script>.pdf", "ab_script_.pdf"),
        ("", "材料.pdf"),
    ],
)
def test_names_are_cleaned_for_display(given, shown):
    assert applications.clean_name(given, "pdf") == shown


def test_a_second_upload_for_a_material_replaces_the_first(draft):
    applications.add_upload(draft, _material(draft), SimpleUploadedFile("a.pdf", PDF))
    applications.add_upload(draft, _material(draft), SimpleUploadedFile("b.pdf", PDF))
    assert [u.original_name for u in draft.uploads.all()] == ["b.pdf"]


def _files_on_disk() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def test_a_replaced_file_is_deleted_from_disk(draft, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        applications.add_upload(draft, _material(draft), SimpleUploadedFile("a.pdf", PDF))
        second = applications.add_upload(draft, _material(draft), SimpleUploadedFile("b.pdf", PDF))
    assert _files_on_disk() == [Path(second.file.path)]


def test_a_rolled_back_supplement_leaves_no_file_on_disk(draft):
    world, account = draft.world, citizen()
    case = cases.submit_online(
        site=world.site,
        version=world.version,
        applicant=account.applicant,
        uploaded=[],
        form_data={"applicant": {"age": 86}},
        submitted_by=cases.online.applicant_actor(account.user),
    )
    material = _material(draft)
    with pytest.raises(DomainError):  # no open notice: the case cannot move, the transaction rolls back
        applications.supplement(case, account.user, {material.pk}, {material.pk: pdf_file()})
    assert _files_on_disk() == []


def test_a_draft_holds_at_most_the_allowed_number_of_files(draft, settings):
    settings.YICHUANG_PORTAL_DRAFT_MAX_FILES = 1
    applications.add_upload(draft, _material(draft), pdf_file())
    with pytest.raises(DomainError) as exc:
        applications.add_upload(draft, draft.world.material("居民身份证"), pdf_file("身份证.pdf"))
    assert exc.value.code == "draft_too_many_files" and "1个" in exc.value.message


def test_a_replacing_upload_does_not_count_against_the_file_limit(draft, settings):
    settings.YICHUANG_PORTAL_DRAFT_MAX_FILES = 1
    applications.add_upload(draft, _material(draft), pdf_file("a.pdf"))
    applications.add_upload(draft, _material(draft), pdf_file("b.pdf"))
    assert [u.original_name for u in draft.uploads.all()] == ["b.pdf"]


def test_a_draft_holds_at_most_the_allowed_total_size(draft, settings):
    settings.YICHUANG_PORTAL_DRAFT_MAX_BYTES = len(PDF) * 3 // 2
    applications.add_upload(draft, _material(draft), pdf_file())
    with pytest.raises(DomainError) as exc:
        applications.add_upload(draft, draft.world.material("居民身份证"), pdf_file("身份证.pdf"))
    assert exc.value.code == "draft_too_large" and "合计" in exc.value.message


def test_uploads_to_one_draft_are_limited_in_number(draft, settings):
    settings.YICHUANG = {**settings.YICHUANG, "PORTAL_UPLOAD_DRAFT_RATE": "3/hour"}
    for name in ("a.pdf", "b.pdf", "c.pdf"):
        applications.add_upload(draft, _material(draft), pdf_file(name))
    with pytest.raises(DomainError) as exc:
        applications.add_upload(draft, _material(draft), pdf_file("d.pdf"))
    assert exc.value.code == "too_many_uploads" and len(_files_on_disk()) == 3
