"""A 上报件 the county decides on the platform is sealed with the COUNTY's approval seal, and the
township hands out that county-sealed result as it is (issue 20 §4, R-21, R-41): the county
decided, so its seal — not the township's — stands on the decision. A county outside the
platform seals in its own system; the township's typed-in result gets no seal of ours."""

import pytest

from yichuang.cases import services as cases
from yichuang.cases import steps
from yichuang.cases.models import Case
from yichuang.cases.tests.factories_county import escalated_case, make_county_world
from yichuang.cases.tests.test_api import client_for
from yichuang.cases.workflow import Action
from yichuang.ledger.relay import relay_once
from yichuang.seals import services
from yichuang.seals.models import DocumentKind, SealKind, SealUse
from yichuang.seals.tests.factories import ensure_ca
from yichuang.seals.tests.pdftools import nss_db, pdfsig

pytestmark = pytest.mark.django_db


def sealed_county_world():
    cw = make_county_world()
    ca = ensure_ca()
    seals = {site.pk: {s.kind: s for s in services.issue_site_seals(site)} for site in (cw.world.site, cw.county)}
    return cw, ca, seals


def county_decides(cw, case, granted=True):
    steps.perform(case, cw.county_clerk, Action.COUNTY_ACCEPT)
    steps.perform(case, cw.county_approver, Action.COUNTY_START_REVIEW)
    if granted:
        steps.perform(case, cw.county_approver, Action.COUNTY_APPROVE, {"opinion": "符合条件"})
    else:
        steps.perform(
            case,
            cw.county_approver,
            Action.COUNTY_DENY,
            {"reason": "不符合条件", "basis": "《特困人员救助供养办法》第十条"},
        )
    relay_once()
    return Case.objects.get(pk=case.pk)


def decision_of(case) -> SealUse:
    return SealUse.objects.select_related("seal__site").get(case=case, document_kind=DocumentKind.DECISION)


@pytest.mark.parametrize("granted", [True, False], ids=["准予", "不予"])
def test_a_county_decision_on_the_platform_is_sealed_with_the_countys_approval_seal(granted):
    cw, _, seals = sealed_county_world()
    case = county_decides(cw, escalated_case(cw), granted)
    assert decision_of(case).seal == seals[cw.county.pk][SealKind.APPROVAL]


def test_the_county_sealed_decision_names_the_county_department_that_decided():
    cw, _, _ = sealed_county_world()
    use = decision_of(county_decides(cw, escalated_case(cw)))
    assert (use.facts["site"], use.facts["department"]) == (cw.county.name, cw.department.name)


def test_the_county_sealed_pdf_validates_in_pdfsig_as_signed_by_the_county(tmp_path):
    cw, ca, _ = sealed_county_world()
    use = decision_of(county_decides(cw, escalated_case(cw)))
    with use.document.open("rb") as f:
        out = pdfsig(f.read(), tmp_path / "county.pdf", nss_db(tmp_path / "nss", ca.certificate_pem))
    assert "Signature is Valid." in out and "Certificate is Trusted." in out
    assert cw.county.name in out
    assert cw.world.site.name not in out  # the township did not seal it


def test_the_township_hands_out_the_county_sealed_result():
    cw, _, seals = sealed_county_world()
    case = county_decides(cw, escalated_case(cw))
    cases.deliver(case, cw.world.clerk, "window")
    page = client_for(cw.world.clerk).get(f"/workbench/cases/{case.number}/").content.decode()
    link = f"/documents/{case.number}/decision.pdf"
    download = client_for(cw.world.clerk).get(link)
    assert Case.objects.get(pk=case.pk).state == "completed"
    assert link in page and download.status_code == 200
    with decision_of(case).document.open("rb") as f:
        assert download.content == f.read()


def test_a_result_typed_in_for_a_county_outside_the_platform_gets_no_seal_of_ours():
    cw, _, _ = sealed_county_world()
    case = Case.objects.get(pk=escalated_case(cw).pk)
    case.escalation.department = None
    case.escalation.save()
    steps.perform(case, cw.world.clerk, Action.RECORD_ESCALATION_RESULT, {"decision": "granted"})
    relay_once()
    assert not SealUse.objects.filter(case=case).exists()


def test_the_townships_seal_cannot_be_put_on_a_county_decision():
    cw, _, seals = sealed_county_world()
    case = county_decides(cw, escalated_case(cw))
    SealUse.objects.filter(case=case).delete()
    with pytest.raises(Exception) as refused:
        services.seal_case_document(case, seal=seals[cw.world.site.pk][SealKind.APPROVAL])
    assert refused.value.code == "seal_other_site"
