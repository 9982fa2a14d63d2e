"""Prometheus metrics (prometheus-client, docs/decisions/0031) at /metrics.

Request latency is measured in each process (with PROMETHEUS_MULTIPROC_DIR set, as `make demo`
and the deployment do, every gunicorn worker's samples are summed at each scrape); everything
else is read from the database at scrape time, so whichever process answers reports the same
outbox, dead letters, jobs and cases."""

from __future__ import annotations

import ipaddress
import os
import secrets
import time

from django.conf import settings
from django.db.models import Count
from django.http import HttpResponse, HttpResponseForbidden
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily

from yichuang.common.ratelimit import client_ip

from . import selectors

REQUEST_SECONDS = Histogram(
    "yichuang_request_seconds",
    "Time to answer a request, by view",
    ["view", "method", "status"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)


class LatencyMiddleware:
    """Times each request under its URL pattern's name (bounded label values, never the path,
    which would carry case numbers)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        view = (match.view_name if match else "") or "unmatched"
        REQUEST_SECONDS.labels(view, request.method, str(response.status_code)).observe(time.perf_counter() - started)
        return response


class DatabaseCollector:
    """Outbox, dead letters, jobs, task queue, cases: read when scraped."""

    def collect(self):
        from huey.contrib.djhuey import HUEY

        from yichuang.cases.models import Case
        from yichuang.supervision.models import Alert

        from .models import JobRun

        backlog = selectors.relay_backlog()
        yield GaugeMetricFamily(
            "yichuang_outbox_undelivered", "Due outbox events not yet delivered", backlog["undelivered"]
        )
        yield GaugeMetricFamily(
            "yichuang_outbox_lag_seconds", "Age of the oldest due undelivered event", backlog["lag_seconds"]
        )
        pending = GaugeMetricFamily(
            "yichuang_consumer_undelivered", "Events a consumer has yet to handle", labels=["consumer"]
        )
        lag = GaugeMetricFamily(
            "yichuang_consumer_lag_seconds", "Age of a consumer's oldest event", labels=["consumer"]
        )
        for name, (n, seconds) in sorted(selectors.backlog_by_consumer().items()):
            pending.add_metric([name], n)
            lag.add_metric([name], seconds)
        yield pending
        yield lag
        dead = GaugeMetricFamily("yichuang_dead_letters", "Unresolved dead letters", labels=["consumer"])
        for name, n in sorted(selectors.dead_letters_by_consumer().items()):
            dead.add_metric([name], n)
        yield dead
        runs = CounterMetricFamily("yichuang_job_runs", "Scheduled job runs", labels=["job"])
        failures = CounterMetricFamily("yichuang_job_failures", "Scheduled job failures", labels=["job"])
        success = GaugeMetricFamily("yichuang_job_last_success_timestamp", "Last success (Unix time)", labels=["job"])
        for run in JobRun.objects.all():
            runs.add_metric([run.name], run.runs)
            failures.add_metric([run.name], run.failures)
            success.add_metric([run.name], run.last_success_at.timestamp() if run.last_success_at else 0)
        yield runs
        yield failures
        yield success
        stalled = GaugeMetricFamily("yichuang_job_stalled", "1 when a scheduled job has stopped", labels=["job"])
        for job in selectors.jobs_health():
            stalled.add_metric([job.name], int(job.stalled))
        yield stalled
        try:
            queued = HUEY.pending_count()
        except Exception:  # the broker down: report it as a gap, /healthz says why
            queued = float("nan")
        yield GaugeMetricFamily("yichuang_task_queue_length", "Tasks waiting in the task runner's queue", queued)
        cases = GaugeMetricFamily("yichuang_cases", "Cases by state", labels=["state"])
        for row in Case.objects.values("state").annotate(n=Count("pk")).order_by("state"):
            cases.add_metric([row["state"]], row["n"])
        yield cases
        warnings = GaugeMetricFamily(
            "yichuang_open_alerts", "Open supervision alerts by rule (clock warning levels)", labels=["rule"]
        )
        rows = Alert.objects.filter(status=Alert.Status.OPEN).values("rule").annotate(n=Count("pk")).order_by("rule")
        for row in rows:
            warnings.add_metric([row["rule"]], row["n"])
        yield warnings


def registry() -> CollectorRegistry:
    reg = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.MultiProcessCollector(reg)
    else:
        reg.register(REQUEST_SECONDS)
    reg.register(DatabaseCollector())
    return reg


def may_read(request) -> bool:
    """A bearer token (YICHUANG_METRICS_TOKEN) or an address in YICHUANG_METRICS_NETWORKS."""
    token = settings.YICHUANG_METRICS_TOKEN
    given = request.META.get("HTTP_AUTHORIZATION", "")
    if token and given.startswith("Bearer ") and secrets.compare_digest(given[7:].strip(), token):
        return True
    try:
        address = ipaddress.ip_address(client_ip(request))
    except ValueError:
        return False
    return any(address in ipaddress.ip_network(n.strip(), strict=False) for n in settings.YICHUANG_METRICS_NETWORKS)


@require_GET
@never_cache
def metrics(request):
    if not may_read(request):
        return HttpResponseForbidden("需要监控令牌。", content_type="text/plain; charset=utf-8")
    return HttpResponse(generate_latest(registry()), content_type=CONTENT_TYPE_LATEST)
