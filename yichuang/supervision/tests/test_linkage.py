"""审管联动 (R-53): every approval is told to the supervising department (双告知) — signed
webhook with retries, backoff and idempotency, plus the department's inbox — and the
department's result comes back (双反馈) and shows on the case."""

import datetime as dt
import hashlib
import hmac
import json
import time
from zoneinfo import ZoneInfo

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from yichuang.cases import services
from yichuang.cases.tests.factories import make_world
from yichuang.org.models import StaffRole
from yichuang.org.tests.factories import DepartmentFactory
from yichuang.supervision import linkage, selectors
from yichuang.supervision.models import Alert, Notice, SupervisionResult, SupervisionRoute
from yichuang.supervision.scan import scan_alerts

from .helpers import approved_case, drain, new_case, staff
from .receiver import Receiver

pytestmark = pytest.mark.django_db
SECRET = "shared-secret-of-the-bureau"


@pytest.fixture
def receiver():
    r = Receiver(SECRET).start()
    yield r
    r.stop()


def route_for(world, url="", **kw):
    return SupervisionRoute.objects.create(
        approving_department=world.version.department,
        webhook_url=url,
        supervising_department=DepartmentFactory(name="县民政局"),
        secret=SECRET,
        **kw,
    )


def test_an_approval_makes_one_notice_due_within_the_route_s_working_days():
    world = make_world()
    route_for(world, days_limit=3)
    case = approved_case(world)
    drain()
    drain()
    notice = Notice.objects.get()
    assert (notice.case, notice.decision, notice.status) == (case, "granted", Notice.Status.INBOX_ONLY)
    assert notice.due_by == dt.date(2026, 6, 18)  # Monday + 3 working days


def test_a_denial_is_not_pushed():
    world = make_world()
    route_for(world)
    case = services.accept(new_case(world), world.clerk)
    services.start_review(case, world.approver)
    services.deny(case, world.approver, "申请人年龄不符合条件", "《浙江省老年人权益保障条例》第二十条")
    drain()
    assert not Notice.objects.exists()


def test_the_webhook_is_signed_with_hmac_sha256_over_timestamp_and_body(receiver):
    world = make_world()
    route_for(world, receiver.url)
    approved_case(world)
    drain()
    assert linkage.deliver_due() == {"delivered": 1, "failed": 0}
    assert receiver.posts == [{"event_id": str(Notice.objects.get().event_id), "valid": True}]
    assert "applicant" not in json.dumps(next(iter(receiver.processed.values())))


def test_a_wrong_secret_is_rejected_by_the_receiver_and_retried(receiver):
    world = make_world()
    route = route_for(world, receiver.url)
    route.secret = "not-the-agreed-secret"
    route.save()
    approved_case(world)
    drain()
    assert linkage.deliver_due() == {"delivered": 0, "failed": 1}
    notice = Notice.objects.get()
    assert notice.status == Notice.Status.PENDING and "401" in notice.last_error


def test_a_resent_event_is_processed_once_by_the_receiver(receiver):
    world = make_world()
    route_for(world, receiver.url)
    approved_case(world)
    drain()
    linkage.deliver_due()
    # The worker crashed after the POST but before recording it: the lease runs out, it is sent again.
    Notice.objects.update(status=Notice.Status.PENDING)
    linkage.deliver_due(Notice.objects.get().next_attempt_at + dt.timedelta(seconds=61))
    assert len(receiver.posts) == 2 and len(receiver.processed) == 1


def test_delivery_survives_the_receiver_being_down_for_an_hour():
    down = Receiver(SECRET).start()
    port = down.port
    down.stop()  # the department's system goes down before the first attempt
    world = make_world()
    route_for(world, f"http://127.0.0.1:{port}/hooks/approvals")
    approved_case(world)
    drain()
    notice = Notice.objects.get()
    start = notice.next_attempt_at
    now, failures = start, 0
    while now < start + dt.timedelta(hours=1):
        failures += linkage.deliver_due(now)["failed"]
        notice.refresh_from_db()
        now = notice.next_attempt_at
    assert failures >= 10 and notice.status == Notice.Status.PENDING
    up = Receiver(SECRET, port=port).start()
    try:
        assert linkage.deliver_due(now) == {"delivered": 1, "failed": 0}
    finally:
        up.stop()
    notice.refresh_from_db()
    assert notice.status == Notice.Status.DELIVERED
    assert notice.delivered_at - start < dt.timedelta(hours=2)  # backoff is capped at one hour
    assert list(up.processed) == [str(notice.event_id)]


def test_nothing_is_posted_before_the_backoff_has_passed():
    world = make_world()
    route_for(world, "http://127.0.0.1:9/unreachable")
    approved_case(world)
    drain()
    notice = Notice.objects.get()
    linkage.deliver_due(notice.next_attempt_at)
    assert linkage.deliver_due(notice.next_attempt_at + dt.timedelta(seconds=1)) == {"delivered": 0, "failed": 0}


def signed_post(client, body: dict, secret=SECRET, timestamp=None):
    raw = json.dumps(body).encode()
    ts = str(timestamp if timestamp is not None else int(time.time()))
    sig = "sha256=" + hmac.new(secret.encode(), ts.encode() + b"." + raw, hashlib.sha256).hexdigest()
    return client.post(
        reverse("supervision-results"),
        raw,
        content_type="application/json",
        HTTP_X_YICHUANG_TIMESTAMP=ts,
        HTTP_X_YICHUANG_SIGNATURE=sig,
    )


def feedback(notice, feedback_id="JG-2026-001"):
    return {
        "event_id": str(notice.event_id),
        "feedback_id": feedback_id,
        "outcome": "compliant",
        "opinion": "经现场检查,符合许可条件。",
        "inspected_on": "2026-06-15",
    }


def test_a_signed_result_comes_back_and_shows_on_the_case(client):
    world = make_world()
    route_for(world)
    case = approved_case(world)
    drain()
    response = signed_post(client, feedback(Notice.objects.get()))
    assert response.status_code == 201
    shown = selectors.results_for_case(case)
    assert [r.outcome for r in shown[0]["results"]] == ["compliant"] and shown[0]["department"] == "县民政局"


def test_a_repeated_result_is_recorded_once(client):
    world = make_world()
    route_for(world)
    approved_case(world)
    drain()
    notice = Notice.objects.get()
    assert signed_post(client, feedback(notice)).status_code == 201
    assert signed_post(client, feedback(notice)).status_code == 200
    assert SupervisionResult.objects.count() == 1


def test_a_result_with_a_bad_signature_is_refused(client):
    world = make_world()
    route_for(world)
    approved_case(world)
    drain()
    response = signed_post(client, feedback(Notice.objects.get()), secret="guess")
    assert response.status_code == 403 and not SupervisionResult.objects.exists()


def test_a_replayed_old_result_is_refused(client):
    world = make_world()
    route_for(world)
    approved_case(world)
    drain()
    response = signed_post(client, feedback(Notice.objects.get()), timestamp=int(time.time()) - 3600)
    assert response.status_code == 403


def test_a_result_without_opinion_gets_a_structured_error(client):
    world = make_world()
    route_for(world)
    approved_case(world)
    drain()
    body = {**feedback(Notice.objects.get()), "opinion": ""}
    response = signed_post(client, body)
    assert response.status_code == 400 and response.json()["errors"][0]["code"] == "opinion_required"


def test_a_department_user_sees_its_notices_in_the_inbox_and_others_do_not():
    world = make_world()
    route = route_for(world)
    approved_case(world)
    drain()
    dept = route.supervising_department
    member = staff(dept.site, StaffRole.Role.CLERK, department=dept)
    other = staff(world.site, StaffRole.Role.CLERK, department=world.version.department)
    assert selectors.inbox(member).count() == 1 and selectors.inbox(other).count() == 0


def test_a_notice_not_opened_within_its_working_days_raises_an_alert():
    world = make_world()
    route_for(world, days_limit=1)  # due Tuesday 16 June
    approved_case(world)
    drain()
    scan_alerts(dt.datetime(2026, 6, 16, 18, tzinfo=ZoneInfo("Asia/Shanghai")))
    assert not Alert.objects.filter(rule=Alert.Rule.NOTICE_OVERDUE).exists()
    scan_alerts(dt.datetime(2026, 6, 17, 9, tzinfo=ZoneInfo("Asia/Shanghai")))
    assert Alert.objects.filter(rule=Alert.Rule.NOTICE_OVERDUE).count() == 1


def test_a_notice_the_department_opened_in_time_raises_nothing():
    world = make_world()
    route = route_for(world, days_limit=1)
    approved_case(world)
    drain()
    dept = route.supervising_department
    linkage.mark_read(Notice.objects.get(), staff(dept.site, StaffRole.Role.CLERK, department=dept))
    scan_alerts(dt.datetime(2026, 6, 17, 9, tzinfo=ZoneInfo("Asia/Shanghai")))
    assert not Alert.objects.filter(rule=Alert.Rule.NOTICE_OVERDUE).exists()


def test_the_case_page_snippet_shows_notice_and_result(client):
    world = make_world()
    route_for(world)
    case = approved_case(world)
    drain()
    signed_post(client, feedback(Notice.objects.get()))
    html = render_to_string("supervision/_case_results.html", {"linkage": selectors.results_for_case(case)})
    assert "县民政局" in html and "监管合格" in html and "经现场检查,符合许可条件。" in html


def test_a_timestamp_in_superscript_digits_is_refused_not_a_server_error(client):
    world = make_world()
    route_for(world)
    approved_case(world)
    drain()
    response = signed_post(client, feedback(Notice.objects.get()), timestamp="²")
    assert response.status_code == 403 and response.json()["code"]
