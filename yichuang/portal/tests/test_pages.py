"""The hall's pages (issue 6; R-25, invariant 6): apply with prefill and drafts, my cases, the
sealed result, and who may see what. Another citizen's case answers 404, like a missing one."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from yichuang.cases import services as cases
from yichuang.cases.models import Case
from yichuang.cases.workflow import State
from yichuang.ledger.relay import relay_once
from yichuang.seals.tests.factories import make_seal_world

from ..models import Draft
from .factories import PDF, citizen, online_world, with_id_card

pytestmark = pytest.mark.django_db


def _apply_url(world):
    return reverse("portal:apply", args=[world.site.code, world.version.item.basic_code])


def _logged_in(client, account):
    client.force_login(account.user)
    return client


def _online_case(world, account):
    return cases.submit_online(
        site=world.site,
        version=world.version,
        applicant=account.applicant,
        uploaded=[m.pk for m in world.version.materials.all()],
        form_data={"applicant": {"age": 86}},
        submitted_by=cases.online.applicant_actor(account.user),
    )


def test_an_anonymous_visitor_is_sent_to_the_login_page(client):
    world = online_world()
    response = client.get(_apply_url(world))
    assert response.status_code == 302 and response["Location"].startswith(reverse("portal:login"))


def test_a_citizen_without_real_name_is_sent_to_the_identity_page(client):
    from .factories import logged_in_account

    world = online_world()
    response = _logged_in(client, logged_in_account()).get(_apply_url(world))
    assert response.status_code == 302 and response["Location"].startswith(reverse("portal:identity"))


def test_staff_cannot_use_the_citizen_pages(client):
    world = online_world()
    client.force_login(world.clerk)
    assert client.get(reverse("portal:cases")).status_code == 403


def test_the_form_is_prefilled_from_the_id_number(client):
    world, account = online_world(), citizen()
    page = _logged_in(client, account).get(_apply_url(world)).content.decode()
    assert 'name="applicant.age"' in page and 'value="86"' in page and "由身份证号码计算" in page
    assert "✓ 符合" in page  # the same rule the window checks, answered from the prefill


def test_saving_keeps_a_draft_with_the_uploaded_file(client):
    world, account = online_world(), citizen()
    material = world.material("户口簿")
    response = _logged_in(client, account).post(
        _apply_url(world),
        {
            "applicant.age": "86",
            "delivery": "window",
            "action": "save",
            f"file_{material.pk}": SimpleUploadedFile("户口簿.pdf", PDF),
        },
    )
    assert response.status_code == 302
    draft = Draft.objects.get(applicant=account.applicant)
    assert draft.form_data["answers"] == {"applicant.age": 86} and draft.uploads.get().material == material
    assert "已上传:户口簿.pdf" in client.get(_apply_url(world)).content.decode()


def test_submitting_creates_an_online_case_and_drops_the_draft(client):
    world, account = online_world(), with_id_card(citizen())
    material = world.material("户口簿")
    response = _logged_in(client, account).post(
        _apply_url(world),
        {
            "applicant.age": "86",
            "delivery": "post",
            "delivery_address": "凤田镇凤田村8号",
            "action": "submit",
            f"file_{material.pk}": SimpleUploadedFile("户口簿.pdf", PDF),
        },
    )
    case = Case.objects.get(applicant=account.applicant)
    assert response["Location"] == reverse("portal:case", args=[case.number])
    assert (case.channel, case.state, case.form_data["delivery"]["method"]) == ("online", State.PREREVIEW, "post")
    assert not Draft.objects.exists()


def test_a_bad_answer_is_shown_in_chinese_and_nothing_is_submitted(client):
    world, account = online_world(), citizen()
    response = _logged_in(client, account).post(_apply_url(world), {"applicant.age": "八十", "action": "submit"})
    assert response.status_code == 400 and "应填写数字" in response.content.decode()
    assert not Case.objects.exists()


def test_a_citizen_sees_their_own_case(client):
    world, account = online_world(), citizen()
    case = _online_case(world, account)
    page = _logged_in(client, account).get(reverse("portal:case", args=[case.number])).content.decode()
    assert case.number in page and "预审" in page


def test_another_citizens_case_answers_404(client):
    world, owner, other = online_world(), citizen(), citizen()
    case = _online_case(world, owner)
    _logged_in(client, other)
    assert client.get(reverse("portal:case", args=[case.number])).status_code == 404
    assert client.post(reverse("portal:supplement", args=[case.number])).status_code == 404
    assert case.number not in client.get(reverse("portal:cases")).content.decode()


def test_the_supplement_page_lists_the_notice_and_takes_the_files(client):
    world, account = online_world(), citizen()
    case = _online_case(world, account)
    material = world.material("户口簿")
    cases.prereview_request_supplement(case, world.clerk, {material.pk: "扫描件不清晰"})
    _logged_in(client, account)
    assert "扫描件不清晰" in client.get(reverse("portal:case", args=[case.number])).content.decode()
    client.post(
        reverse("portal:supplement", args=[case.number]), {f"file_{material.pk}": SimpleUploadedFile("户口簿.pdf", PDF)}
    )
    case.refresh_from_db()
    assert case.state == State.PREREVIEW


def _sealed_online_case():
    sw = make_seal_world()
    account = citizen()
    case = cases.prereview_accept(_online_case(sw.world, account), sw.world.clerk)
    cases.decide_instantly(case, sw.world.clerk, opinion="符合条件")
    relay_once()
    return case, account, case.seal_uses.get()


def test_the_citizen_downloads_their_sealed_result(client):
    case, account, use = _sealed_online_case()
    page = _logged_in(client, account).get(reverse("portal:case", args=[case.number])).content.decode()
    url = reverse("portal:result", args=[case.number, use.short_code])
    assert url in page
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")


def test_another_citizen_cannot_download_the_result(client):
    case, _, use = _sealed_online_case()
    _logged_in(client, citizen())
    assert client.get(reverse("portal:result", args=[case.number, use.short_code])).status_code == 404


def test_the_smart_guide_api_answers_anonymously(client):
    world = online_world()
    response = client.get("/api/v1/portal/guide/", {"site": world.site.code, "need": "家里老人想领津贴"})
    assert response.status_code == 200
    assert response.json()["results"][0]["basic_code"] == world.version.item.basic_code


def test_the_smart_guide_api_refuses_an_unknown_site_with_a_structured_error(client):
    response = client.get("/api/v1/portal/guide/", {"site": "nowhere", "need": "开饭店"})
    assert response.status_code == 400 and response.json()["code"] == "unknown_site"
