"""Licences of the demo county (issue 17 §5, R-42), so that fetching is visible at intake.

* Own store: 居民户口簿 of the first demo residents, issued by 清溪县公安局 through the service.
* Exchange: 居民身份证 of the same residents, written into the reference exchange's directory
  (the folder of LICENCE_EXCHANGE["CA_CERT"], var/licence_exchange by default). Run
  `yichuang run_licence_exchange --port 8900` and start the demo with
  LICENCE_EXCHANGE_URL=http://127.0.0.1:8900 to see them fetched; without it the demo works
  and intake simply asks for the paper (docs/licence-exchange.md)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.conf import settings

from yichuang.licences.exchange.store import ExchangeStore
from yichuang.org.models import Department
from yichuang.people import services as people
from yichuang.people.licence_ids import make_licence_id
from yichuang.people.models import Applicant

from .county import ACTOR
from .items_base import LICENCE

HOLDERS = 12
PROVINCE_POLICE = ("某省公安厅", "11330000002482051P")  # fictional, valid check character


def load(say) -> int:
    residents = list(Applicant.objects.filter(kind=Applicant.Kind.NATURAL).order_by("pk")[:HOLDERS])
    police = Department.objects.get(name="清溪县公安局")
    for person in residents:
        people.issue_licence(
            person,
            LICENCE["居民户口簿"],
            "居民户口簿",
            police.name,
            police.credit_code,
            {"户别": "家庭户"},
            issued_on=dt.date(2015, 6, 1),
            actor=ACTOR,
        )
    exchanged = _exchange(residents)
    say(f"演示电子证照:本平台证照库 {len(residents)} 张,证照库交换平台 {exchanged} 张。")
    return len(residents)


def _exchange(residents) -> int:
    store = ExchangeStore(Path(settings.LICENCE_EXCHANGE["CA_CERT"]).parent)
    name, credit = PROVINCE_POLICE
    for serial, person in enumerate(residents, start=1):
        store.issue(
            {
                "number": make_licence_id(LICENCE["居民身份证"], credit, serial),
                "licence_type_code": LICENCE["居民身份证"],
                "licence_type_name": "居民身份证",
                "holder_name": person.name,
                "holder_id_number": person.citizen_id,
                "issuer_name": name,
                "issuer_credit_code": credit,
                "issued_on": "2016-03-01",
                "valid_until": "2036-03-01",
                "data": {"签发机关": f"{name}清溪县分局"},
            }
        )
    return len(residents)
