"""/healthz says what is wrong and fails when the relay or a scheduled job has stopped; /metrics
is read with its token or from the monitoring network only (issue 16 §3)."""

import datetime as dt

import pytest
from django.db import transaction
from django.utils import timezone

from yichuang.ledger import services as ledger
from yichuang.ledger.events import Event
from yichuang.ledger.models import OutboxDeadLetter
from yichuang.ops import services
from yichuang.ops.models import JobRun
from yichuang.ops.schedule import BY_NAME

pytestmark = pytest.mark.django_db
PAYLOAD = {"case": "X-1", "state": "approved", "site": "S1", "decision": "granted"}


def emit():
    with transaction.atomic():
        return ledger.emit(Event.CASE_APPROVED, PAYLOAD)


def test_healthz_is_green_with_a_running_schedule_and_names_each_part(client):
    services.schedule_started()
    body = client.get("/healthz").json()
    assert body["status"] == "ok"
    assert {body[p]["status"] for p in ("database", "cache", "tasks", "relay", "schedule")} == {"ok"}
    assert set(body["schedule"]["jobs"]) == set(BY_NAME)


def test_healthz_fails_when_a_scheduled_job_has_stopped(client, time_machine):
    services.schedule_started()
    services.run_job(BY_NAME["scan_alerts"])
    time_machine.shift(dt.timedelta(minutes=16))  # no relay sweep for 16 minutes, nor a scan
    JobRun.objects.exclude(name__in=["relay_outbox", "scan_alerts"]).update(last_success_at=timezone.now())
    response = client.get("/healthz")
    assert response.status_code == 503
    jobs = response.json()["schedule"]["jobs"]
    assert jobs["relay_outbox"]["stalled"] and jobs["scan_alerts"]["stalled"]
    assert not jobs["verify_audit"]["stalled"]


def test_healthz_fails_when_no_worker_ever_started_on_an_old_database(client, time_machine):
    time_machine.shift(dt.timedelta(days=400))  # long after the test database was migrated
    response = client.get("/healthz")
    assert response.status_code == 503 and response.json()["schedule"]["jobs"]["relay_outbox"]["stalled"]


def test_healthz_fails_when_the_relay_lags(client, settings, time_machine):
    services.schedule_started()
    emit()
    settings.YICHUANG_RELAY_MAX_LAG_SECONDS = 60
    time_machine.shift(dt.timedelta(seconds=90))
    JobRun.objects.update(last_success_at=timezone.now())
    response = client.get("/healthz")
    assert response.status_code == 503
    relay = response.json()["relay"]
    assert relay["problem"] == "lagging" and relay["undelivered"] == 1 and relay["lag_seconds"] >= 90


def test_healthz_fails_while_a_dead_letter_is_unresolved(client):
    services.schedule_started()
    event = emit()
    event.delivered_at = timezone.now()
    event.save()
    OutboxDeadLetter.objects.create(event=event, consumer="licences", attempts=10, error="x", traceback="x")
    body = client.get("/healthz").json()
    assert body["status"] == "degraded" and body["relay"]["dead_letters"] == 1


def test_metrics_need_the_token(client, settings):
    settings.YICHUANG_METRICS_TOKEN = "s3cret-token"
    assert client.get("/metrics").status_code == 403
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 403
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer s3cret-token").status_code == 200


def test_metrics_are_open_to_the_monitoring_network_only(client, settings):
    settings.YICHUANG_METRICS_NETWORKS = ["10.8.0.0/24"]
    assert client.get("/metrics", REMOTE_ADDR="10.8.0.7").status_code == 200
    assert client.get("/metrics", REMOTE_ADDR="10.9.0.7").status_code == 403


def test_metrics_report_outbox_lag_per_consumer_jobs_cases_and_latency(client, settings, time_machine):
    settings.YICHUANG_METRICS_TOKEN = "s3cret-token"
    emit()
    time_machine.shift(dt.timedelta(seconds=30))
    services.run_job(BY_NAME["scan_alerts"])
    client.get("/healthz")
    text = client.get("/metrics", HTTP_AUTHORIZATION="Bearer s3cret-token").content.decode()
    lag = next(line for line in text.splitlines() if line.startswith("yichuang_outbox_lag_seconds "))
    assert float(lag.split()[1]) >= 30
    assert 'yichuang_consumer_undelivered{consumer="cases.prepare_delivery"} 1.0' in text
    assert 'yichuang_job_runs_total{job="scan_alerts"} 1.0' in text
    assert "yichuang_task_queue_length" in text and "yichuang_dead_letters" in text
    assert 'yichuang_request_seconds_count{method="GET",status="200",view="healthz"}' in text
