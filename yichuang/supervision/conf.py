"""Supervision settings, read from settings.YICHUANG with these defaults (the lead may move
them into settings.py; until then the defaults apply)."""

from django.conf import settings

DEFAULTS = {
    # 长时间未处理: a case waiting on staff with no recorded step for this many working hours.
    "UNTOUCHED_WORKING_HOURS": 8,
    # Office hours that count as working hours (Asia/Shanghai wall clock).
    "OFFICE_HOURS": (9, 17),
    # A refusal (不予受理/不予许可) whose reason is shorter than this is flagged as "without reason".
    "MIN_REFUSAL_REASON_CHARS": 8,
    # 双告知 webhooks: HTTP timeout and how long a claimed delivery is reserved for one worker.
    "WEBHOOK_TIMEOUT_SECONDS": 5,
    "WEBHOOK_LEASE_SECONDS": 60,
    # Public scorecard: requests per minute per address.
    "PUBLIC_SCORECARD_RATE": "30/min",
}


def get(name: str):
    return getattr(settings, "YICHUANG", {}).get(name, DEFAULTS[name])
