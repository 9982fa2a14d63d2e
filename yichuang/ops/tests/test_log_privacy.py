"""No ID number or phone reaches a log line (invariant 8; issue 16 §3): a real intake with a new
applicant's ID number and phone, a rejected one, a citizen's login by phone code and a staff
login with a wrong password, then the relay task they woke — every record any logger writes,
formatted as production writes it (JSON), is searched for the numbers. The request id reaches
the task's lines."""

import json
import logging
import uuid

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from huey.contrib.djhuey import HUEY

from yichuang.cases.tests.factories import make_world
from yichuang.org.models import User
from yichuang.people.tests.factories import make_citizen_id
from yichuang.portal.tests.factories import last_code

ID_NUMBER, PHONE, CITIZEN_PHONE = make_citizen_id(4711), "13987654321", "13712345678"


class Capture(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.NOTSET)
        config = settings.LOGGING["formatters"]["json"]
        from pythonjsonlogger.json import JsonFormatter

        self.setFormatter(JsonFormatter(config["fmt"], rename_fields=config["rename_fields"], json_ensure_ascii=False))
        from yichuang.ops.requestid import RequestIdFilter

        self.addFilter(RequestIdFilter())
        self.lines: list[str] = []

    def emit(self, record):
        self.lines.append(self.format(record))


@pytest.fixture
def captured():
    """Every record of every logger at DEBUG (except the SQL log, WARNING in production too)."""
    handler, root, huey = Capture(), logging.getLogger(), logging.getLogger("huey")
    levels = root.level, huey.level
    root.addHandler(handler), huey.addHandler(handler)
    root.setLevel(logging.DEBUG), huey.setLevel(logging.DEBUG)
    yield handler.lines
    root.removeHandler(handler), huey.removeHandler(handler)
    root.setLevel(levels[0]), huey.setLevel(levels[1])


def run_queued_tasks():
    while (task := HUEY.dequeue()) is not None:
        HUEY.execute(task)


def intake(client, world, number):
    body = {
        "site": world.site.code,
        "item": world.version.item.basic_code,
        "applicant": {"kind": "natural", "number": number, "name": "李小梅", "phone": PHONE, "address": "溪城街道"},
        "materials": {str(m.pk): {"status": "received"} for m in world.version.materials.all()},
        "form_data": {"applicant": {"age": 85}},
    }
    return client.post(
        "/api/v1/cases/",
        json.dumps(body),
        content_type="application/json",
        headers={"Idempotency-Key": uuid.uuid4().hex},
    )


@pytest.mark.django_db(transaction=True)
def test_no_id_number_or_phone_reaches_a_log_line(captured):
    world = make_world()
    clerk = Client()
    clerk.force_login(User.objects.get(pk=world.clerk.pk))
    assert intake(clerk, world, ID_NUMBER).status_code == 201
    assert intake(clerk, world, ID_NUMBER[:-1] + ("0" if ID_NUMBER[-1] != "0" else "1")).status_code == 400
    citizen = Client()
    citizen.post(reverse("portal:login"), {"phone": CITIZEN_PHONE, "step": "send"})
    citizen.post(reverse("portal:login"), {"phone": CITIZEN_PHONE, "step": "verify", "code": last_code(CITIZEN_PHONE)})
    Client().post("/workbench/login/", {"username": world.clerk.username, "password": "not-the-password"})
    run_queued_tasks()

    assert len(captured) > 5, "nothing was logged: the capture is not attached"
    leaks = [line for line in captured if ID_NUMBER in line or PHONE in line or CITIZEN_PHONE in line]
    assert not leaks, "\n".join(leaks)
    assert not [line for line in captured if ID_NUMBER[-8:] in line or PHONE[3:] in line or CITIZEN_PHONE[3:] in line]


@pytest.mark.django_db(transaction=True)
def test_the_request_id_reaches_the_relay_task_it_woke(captured):
    world = make_world()
    run_queued_tasks()  # the set-up's own wake-ups
    captured.clear()
    clerk = Client()
    clerk.force_login(User.objects.get(pk=world.clerk.pk))
    response = intake(clerk, world, ID_NUMBER)
    rid = response["X-Request-ID"]
    run_queued_tasks()
    task_lines = [json.loads(line) for line in captured if '"logger": "yichuang.ops.tasks"' in line]
    assert task_lines and {line["request_id"] for line in task_lines} == {rid}
