"""The reference receiver refuses what it cannot trust and keeps a record id once (decision 0100)."""

import json
import time
import urllib.error
import urllib.request
import uuid

import pytest

from yichuang.provincial import signing
from yichuang.provincial.client import Client, ExchangeUnavailable, RecordRefused
from yichuang.provincial.protocol import REQUIRED

from .receiver_process import KEY


def a_record(**changes) -> dict:
    record = {name: f"值{i}" for i, name in enumerate(REQUIRED)}
    record.update({"record_id": str(uuid.uuid4()), "occurred_on": "2026-12-07", **changes})
    return record


def post(receiver, record: dict, key: str = KEY, now: float | None = None, nonce: str | None = None):
    body = json.dumps(record, ensure_ascii=False).encode()
    headers = signing.headers(key, "county", "POST", "/records", nonce or record["record_id"], body, now=now)
    request = urllib.request.Request(receiver.url + "/records", data=body, method="POST", headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def test_a_record_signed_with_another_key_is_refused_and_not_kept(receiver):
    status, answer = post(receiver, a_record(), key="not-the-province-key")
    assert (status, answer["code"]) == (401, "bad_signature")
    assert receiver.records() == []


def test_a_request_older_than_the_window_is_refused_as_stale(receiver):
    status, answer = post(receiver, a_record(), now=time.time() - signing.MAX_SKEW_SECONDS - 60)
    assert (status, answer["code"]) == (401, "stale_request")
    assert receiver.records() == []


def test_the_same_record_id_twice_is_answered_as_already_received_and_kept_once(receiver):
    record = a_record()
    assert post(receiver, record)[1]["code"] == "received"
    assert post(receiver, record)[1] == {"code": "duplicate", "message": "已接收"}
    assert len(receiver.records()) == 1


def test_a_signature_for_one_record_id_does_not_carry_another(receiver):
    status, answer = post(receiver, a_record(), nonce=str(uuid.uuid4()))
    assert status == 400 and answer["errors"] == ["签名所用的记录标识与记录不一致"]


def test_a_record_without_a_required_data_item_is_refused_by_name(receiver):
    status, answer = post(receiver, a_record(case_number=""))
    assert status == 400 and "缺少数据项 case_number" in answer["errors"]


def test_the_client_treats_a_refusal_as_refused_not_as_sent(receiver):
    with pytest.raises(RecordRefused, match="invalid_record"):
        Client(receiver.url, KEY, "county").send(a_record(stage=""))


def test_an_answer_not_signed_with_our_key_is_no_answer(receiver):
    with pytest.raises(ExchangeUnavailable, match="签名无效"):
        Client(receiver.url, "not-the-province-key", "county").send(a_record())


def test_the_day_summary_lists_the_record_ids_of_that_business_day(receiver):
    today, other = a_record(), a_record(occurred_on="2026-12-06")
    client = Client(receiver.url, KEY, "county")
    client.send(today)
    client.send(other)
    summary = client.summary("2026-12-07")
    assert (summary.count, summary.record_ids) == (1, {today["record_id"]})
