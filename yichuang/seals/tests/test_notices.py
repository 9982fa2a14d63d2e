"""Notices as PDFs (issue 4; R-22 一次性告知, R-30 送达; 行政许可法 arts. 32, 38, 45): each says
the right facts, carries the site, date, case number and a QR code to the public progress
page, never the full citizen ID, and is stored with the case reproducibly."""

import hashlib
import subprocess

import pytest
import segno
from PIL import Image

from yichuang.cases import services as cases
from yichuang.cases.models import CaseMaterial
from yichuang.cases.services import MaterialInput
from yichuang.cases.tests.factories import make_world
from yichuang.common.testing import run_together
from yichuang.ledger.models import AuditRecord
from yichuang.seals import notice_facts, notices
from yichuang.seals.models import CaseDocument, NoticeKind
from yichuang.seals.selectors import available_notices
from yichuang.seals.tests.pdftools import pdf_text

pytestmark = pytest.mark.django_db
RECEIVED, MISSING = CaseMaterial.Status.RECEIVED, CaseMaterial.Status.MISSING


@pytest.fixture
def world():
    world = make_world()
    world.applicant.name = "张三明"
    world.applicant.save()
    return world


def receive(world, **status_by_name):
    materials = {m.pk: MaterialInput(status_by_name.get(m.name, RECEIVED)) for m in world.version.materials.all()}
    return cases.receive(
        site=world.site,
        clerk=world.clerk,
        version=world.version,
        applicant=world.applicant,
        materials=materials,
        form_data={"applicant": {"age": 85}},
    )


@pytest.fixture
def text(tmp_path):
    def extract(case, kind):
        # Without whitespace: Chinese has no spaces between words, and a line may wrap anywhere.
        return "".join(pdf_text(notices.render_notice(case, kind), tmp_path / f"{kind}.pdf").split())

    return extract


def test_every_notice_names_the_site_the_case_number_and_the_progress_address(world, text):
    case = receive(world)
    body = text(case, NoticeKind.ONE_TIME_NOTICE)
    assert world.site.name in body and case.number in body
    assert f"/hall/progress/?case={case.number}" in body and "一次性告知书" in body


def test_a_notice_prints_the_applicants_name_but_never_their_full_citizen_id(world, text):
    case = receive(world)
    body = text(case, NoticeKind.ONE_TIME_NOTICE)
    assert "张三明" in body and world.applicant.masked_number in body
    assert world.applicant.citizen_id not in body


def test_the_one_time_notice_lists_each_material_to_bring_once_and_names_fetched_ones(world, text):
    body = text(receive(world), NoticeKind.ONE_TIME_NOTICE)
    assert body.count("户口簿") == 1
    assert "由本中心通过电子证照库调取,无须提交:居民身份证" in body


def test_the_acceptance_notice_gives_the_acceptance_date_and_promised_limit(world, text):
    case = cases.accept(receive(world), world.clerk)
    body = text(case, NoticeKind.ACCEPTANCE)
    assert "决定予以受理" in body and f"{case.accepted_at.year}年" in body
    assert f"{world.version.promised_days}个工作日" in body


def test_the_refusal_of_intake_gives_reason_basis_and_where_to_appeal(world, text):
    case = cases.refuse_intake(
        receive(world), world.clerk, reason="不属于本中心受理范围", basis="《行政许可法》第三十二条"
    )
    body = text(case, NoticeKind.REFUSAL_OF_INTAKE)
    assert "不属于本中心受理范围" in body and "《行政许可法》第三十二条" in body
    assert (
        f"向{world.version.review_body}申请行政复议" in body
        and f"向{world.version.litigation_body}提起行政诉讼" in body
    )


def test_the_supplement_notice_lists_every_material_with_its_reason(world, text):
    case = receive(world, 户口簿=MISSING)
    cases.request_supplement(case, world.clerk, {world.material("户口簿").pk: "缺少原件"})
    body = text(case, NoticeKind.SUPPLEMENT)
    assert "1户口簿缺少原件" in body and body.count("户口簿") == 1


def test_the_special_procedure_notice_says_which_how_long_and_that_the_clock_stops(world, text):
    case = cases.accept(receive(world), world.clerk)
    cases.start_review(case, world.approver)
    cases.start_special(case, world.approver, "site_inspection", "现场勘验房屋")
    body = text(case, NoticeKind.SPECIAL_PROCEDURE)
    assert "现场勘验" in body and "不超过5个工作日" in body and "现场勘验房屋" in body
    assert "暂停计时" in body


def test_the_delivery_receipt_gives_method_tracking_number_and_signature_lines(world, text):
    case = cases.accept(receive(world), world.clerk)
    cases.start_review(case, world.approver)
    cases.approve(case, world.approver)
    cases.prepare_delivery(case, world.clerk)
    cases.deliver(case, world.clerk, "post", tracking_number="SF1234567890")
    body = text(case, NoticeKind.DELIVERY_RECEIPT)
    assert "邮政快递" in body and "SF1234567890" in body and "受送达人签名" in body


def qr_modules_in(pdf: bytes, tmp_path) -> list[list[bool]]:
    """The dark/light modules of the one image in the PDF (poppler's pdfimages extracts it as
    drawn: 8 pixels a module, no quiet zone), read at each module's centre."""
    (tmp_path / "n.pdf").write_bytes(pdf)
    subprocess.run(["pdfimages", "-png", str(tmp_path / "n.pdf"), str(tmp_path / "img")], check=True)
    image = Image.open(tmp_path / "img-000.png").convert("L")
    size = image.width // 8
    return [[image.getpixel((x * 8 + 4, y * 8 + 4)) < 128 for x in range(size)] for y in range(size)]


def test_the_qr_code_in_the_pdf_encodes_the_progress_page_of_the_case(world, tmp_path):
    case = receive(world)
    url = notice_facts.facts_for(case, NoticeKind.ONE_TIME_NOTICE)["progress_url"]
    assert url.endswith(f"/hall/progress/?case={case.number}")
    # QR encoding is deterministic for given data and error level: the image printed in the
    # notice must be module for module the code of exactly this address.
    expected = [[bool(m) for m in row] for row in segno.make(url, error="m").matrix]
    assert qr_modules_in(notices.render_notice(case, NoticeKind.ONE_TIME_NOTICE), tmp_path) == expected


def test_which_notices_apply_follows_the_case(world):
    case = receive(world, 户口簿=MISSING)
    assert available_notices(case) == [NoticeKind.ONE_TIME_NOTICE]
    cases.request_supplement(case, world.clerk, {world.material("户口簿").pk: "未提交"})
    assert available_notices(case) == [NoticeKind.ONE_TIME_NOTICE, NoticeKind.SUPPLEMENT]
    refused = cases.refuse_intake(
        receive(world), world.clerk, reason="不属于受理范围", basis="《行政许可法》第三十二条"
    )
    assert available_notices(refused) == [NoticeKind.ONE_TIME_NOTICE, NoticeKind.REFUSAL_OF_INTAKE]


def test_an_issued_notice_is_stored_with_its_facts_and_audited_in_the_case_stream(world):
    case = cases.accept(receive(world), world.clerk)
    document = notices.issue_notice(case, NoticeKind.ACCEPTANCE, world.clerk)
    with document.file.open("rb") as f:
        assert hashlib.sha256(f.read()).hexdigest() == document.sha256
    record = AuditRecord.objects.get(stream=case.audit_stream, action="document.generated")
    assert record.data["sha256"] == document.sha256 and record.actor == world.clerk.username


def test_rendering_the_stored_facts_again_gives_the_same_bytes(world):
    case = cases.accept(receive(world), world.clerk)
    document = notices.issue_notice(case, NoticeKind.ACCEPTANCE, world.clerk)
    assert hashlib.sha256(notices.render_facts(document.facts)).hexdigest() == document.sha256


def test_issuing_the_same_notice_again_returns_the_stored_document(world):
    case = cases.accept(receive(world), world.clerk)
    first = notices.issue_notice(case, NoticeKind.ACCEPTANCE, world.clerk)
    assert notices.issue_notice(case, NoticeKind.ACCEPTANCE, world.approver) == first
    assert CaseDocument.objects.filter(case=case).count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_clerks_issuing_one_notice_at_once_store_it_once():
    world = make_world()
    case = cases.accept(receive(world), world.clerk)
    results = run_together([lambda: notices.issue_notice(case, NoticeKind.ACCEPTANCE, world.clerk)] * 2)
    assert all(isinstance(r, CaseDocument) for r in results), results
    assert results[0].pk == results[1].pk
    assert AuditRecord.objects.filter(stream=case.audit_stream, action="document.generated").count() == 1
