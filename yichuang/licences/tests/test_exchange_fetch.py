"""Intake fetches licences from every provider, the provincial exchange included (issue 17 §5,
R-42, R-13), against the reference exchange running as a real process on loopback."""

import socket
import time

import pytest

from yichuang.cases import services
from yichuang.cases.models import CaseMaterial
from yichuang.cases.tests.factories import make_world
from yichuang.licences import providers
from yichuang.licences.models import ExchangeCopy
from yichuang.people.tests.factories import LicenceFactory

from .factories import exchange_body

pytestmark = pytest.mark.django_db
FETCHED, MISSING = CaseMaterial.Status.FETCHED, CaseMaterial.Status.MISSING


def receive(world):
    return services.receive(
        site=world.site,
        clerk=world.clerk,
        version=world.version,
        applicant=world.applicant,
        materials={},
        form_data={"applicant": {"age": 85}},
    )


def id_card(case):
    return case.materials.get(material__name="居民身份证")


def test_intake_fetches_a_licence_issued_by_the_exchange(exchange):
    world = make_world()
    body = exchange.issue(exchange_body(world.applicant))["licence"]
    row = id_card(receive(world))
    assert row.status == FETCHED and row.licence.number == body["number"]
    assert ExchangeCopy.objects.get(licence=row.licence).envelope["licence"] == body


def test_the_own_store_is_asked_before_the_exchange(exchange):
    world = make_world()
    own = LicenceFactory(holder=world.applicant, licence_type_code="111")
    exchange.issue(exchange_body(world.applicant))
    assert id_card(receive(world)).licence == own


def test_a_tampered_licence_is_refused_with_the_reason(exchange):
    world = make_world()
    number = exchange.issue(exchange_body(world.applicant))["licence"]["number"]
    exchange.edit_body(number, valid_until="2099-12-31")
    fetched = providers.fetch(world.applicant, "111", "居民身份证")
    assert fetched.licence is None
    assert fetched.notices == [f"证照“居民身份证”({number})已拒收:签名校验失败,内容可能被篡改。"]
    assert id_card(receive(world)).status == MISSING


def test_a_revoked_licence_is_refused_with_the_reason(exchange):
    world = make_world()
    number = exchange.issue(exchange_body(world.applicant))["licence"]["number"]
    exchange.revoke(number, "证件挂失")
    fetched = providers.fetch(world.applicant, "111", "居民身份证")
    assert fetched.licence is None
    assert fetched.notices == [f"证照“居民身份证”({number})已拒收:颁发机关已撤销该证照(证件挂失)。"]
    assert id_card(receive(world)).status == MISSING


def test_a_licence_signed_by_another_ca_is_refused(exchange, tmp_path, settings):
    from yichuang.licences import exchange_client
    from yichuang.licences.exchange.store import ExchangeStore

    world = make_world()
    exchange.issue(exchange_body(world.applicant))
    stranger = ExchangeStore(tmp_path / "another-ca")
    settings.LICENCE_EXCHANGE = {**settings.LICENCE_EXCHANGE, "CA_CERT": str(stranger.ca_cert_path)}
    exchange_client._ca.cache_clear()
    fetched = providers.fetch(world.applicant, "111", "居民身份证")
    assert fetched.licence is None and "签名证书不是证照库交换平台的CA签发的" in fetched.notices[0]


def test_a_licence_of_another_holder_is_not_fetched(exchange):
    world = make_world()
    exchange.issue(exchange_body(world.applicant, holder_id_number="110101199003077777"))
    assert providers.fetch(world.applicant, "111", "居民身份证").licence is None


def test_exchange_down_intake_asks_for_the_paper_with_a_notice(exchange, settings):
    world = make_world()
    exchange.issue(exchange_body(world.applicant))
    exchange.process.terminate()
    exchange.process.wait(timeout=10)
    fetched = providers.fetch(world.applicant, "111", "居民身份证")
    assert fetched.licence is None
    assert fetched.notices == ["省证照库交换平台暂时无法连接,未能调取“居民身份证”,请收取纸质材料。"]
    assert id_card(receive(world)).status == MISSING


def test_a_silent_exchange_is_given_up_after_the_timeout(settings, exchange):
    """A server that accepts and never answers: intake waits the configured timeout, not longer."""
    world = make_world()
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        port = silent.getsockname()[1]
        settings.LICENCE_EXCHANGE = {**settings.LICENCE_EXCHANGE, "URL": f"http://127.0.0.1:{port}", "TIMEOUT": 0.5}
        started = time.monotonic()
        fetched = providers.fetch(world.applicant, "111", "居民身份证")
        waited = time.monotonic() - started
    assert fetched.licence is None and "暂时无法连接" in fetched.notices[0]
    assert waited < 5  # bounded by the timeout; a missing timeout would hang here for good


def test_answers_are_cached_until_they_expire(exchange):
    world = make_world()
    exchange.issue(exchange_body(world.applicant))
    assert providers.fetch(world.applicant, "111", "居民身份证").licence is not None
    exchange.process.terminate()
    exchange.process.wait(timeout=10)
    ExchangeCopy.objects.all().delete()  # not the stored copy: the cached answer serves
    assert providers.fetch(world.applicant, "111", "居民身份证").licence is not None


def test_one_licence_is_fetched_by_its_identifier_and_checked_the_same_way(exchange):
    from yichuang.licences import exchange_client

    world = make_world()
    number = exchange.issue(exchange_body(world.applicant))["licence"]["number"]
    assert [e["licence"]["number"] for e in exchange_client.by_number(number).licences] == [number]
    exchange.revoke(number, "证件挂失")
    answer = exchange_client.by_number(number)
    assert answer.licences == [] and "颁发机关已撤销该证照(证件挂失)" in answer.refusals[0]
    assert exchange_client.by_number("1.2.156.3005.2.999.UNKNOWN") == exchange_client.Answer()  # 404: nothing
