"""The reference exchange as a real process on a free loopback port (docs/licence-exchange.md)."""

import os
import subprocess
import sys

import pytest

from yichuang.licences import exchange_client
from yichuang.licences.exchange.store import ExchangeStore


@pytest.fixture
def exchange(tmp_path, settings):
    """An ExchangeStore whose directory a running exchange server serves; the platform is
    configured with its URL and its CA certificate."""
    store = ExchangeStore(tmp_path / "exchange")
    proc = subprocess.Popen(
        [sys.executable, "-m", "yichuang.cli", "run_licence_exchange", "--port", "0", "--data", str(store.root)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "yichuang.settings"},
    )
    line = proc.stdout.readline()
    assert "listening on" in line, line
    store.url = line.split()[-1]
    store.process = proc
    settings.LICENCE_EXCHANGE = {
        "URL": store.url,
        "CA_CERT": str(store.ca_cert_path),
        "TIMEOUT": 2,
        "CACHE_SECONDS": 60,
    }
    exchange_client._ca.cache_clear()
    yield store
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture(autouse=True)
def _empty_cache():
    from django.core.cache import cache

    cache.clear()
