"""A denied case gets a sealed 不予许可决定书 (行政许可法 art. 38: a denial is written, with its
reasons and the applicant's right to 行政复议 or 行政诉讼), sealed through the relay like a grant
(issue 5; R-41)."""

import pytest

from yichuang.cases import services as cases
from yichuang.ledger.models import OutboxEvent
from yichuang.ledger.relay import relay_once
from yichuang.seals import services
from yichuang.seals.models import DocumentKind, SealUse
from yichuang.seals.tests.factories import make_seal_world, new_case
from yichuang.seals.tests.pdftools import pdf_text
from yichuang.seals.tests.test_signing import pyhanko_status

pytestmark = pytest.mark.django_db
REASON, BASIS = "申请人年龄不满80周岁", "《清溪县高龄津贴发放办法》第五条"


@pytest.fixture
def denied():
    sw = make_seal_world()
    case = cases.start_review(cases.accept(new_case(sw.world), sw.world.clerk), sw.world.approver)
    return sw, cases.deny(case, sw.world.approver, reason=REASON, basis=BASIS)


def sealed_text(use, tmp_path) -> str:
    with use.document.open("rb") as f:
        return "".join(pdf_text(f.read(), tmp_path / "denial.pdf").split())


def test_the_relay_seals_a_denied_decision_with_the_approval_seal(denied):
    sw, case = denied
    relay_once()
    errors = list(OutboxEvent.objects.exclude(last_error="").values_list("topic", "last_error"))
    assert SealUse.objects.filter(case=case).exists(), errors  # a failing consumer says why
    use = SealUse.objects.get(case=case)
    assert (use.document_kind, use.seal, use.actor_name) == (DocumentKind.DECISION, sw.approval, "system")


def test_the_denial_states_reason_basis_and_where_to_appeal(denied, tmp_path):
    sw, case = denied
    text = sealed_text(services.seal_case_document(case), tmp_path)
    # The test item (高龄老人津贴) is a 行政给付: worded as one, not as a licence (wording.py).
    assert "不予给付决定书" in text and "决定不予给付" in text and "许可" not in text
    assert REASON in text and BASIS in text
    assert (
        f"{sw.world.version.review_body}申请行政复议" in text
        and f"{sw.world.version.litigation_body}提起行政诉讼" in text
    )


def test_a_sealed_denial_validates_with_pyhanko(denied):
    sw, case = denied
    use = services.seal_case_document(case)
    with use.document.open("rb") as f:
        status = pyhanko_status(f.read(), sw.ca.certificate_pem)
    assert status.intact and status.valid and status.trusted


def test_the_public_facts_of_a_denial_name_no_result_and_say_denied(denied):
    _, case = denied
    facts = services.seal_case_document(case).facts
    assert (facts["document"], facts["decision"], facts["result_name"]) == ("不予给付决定书", "不予", "")
