"""The reference exchange as a real process on a free loopback port (docs/licence-exchange.md)."""

import os
import subprocess
import sys

import pytest

from yichuang.common.testing import on_the_suites_day
from yichuang.licences import exchange_client
from yichuang.licences.exchange.store import ExchangeStore


class _ExchangeProcess:
    """`yichuang run_licence_exchange` serving one store directory. Starting it is a Django
    start-up (seconds on a busy machine), so a module keeps one and each test empties the store."""

    def __init__(self, store: ExchangeStore):
        self.store = store

    def start(self) -> None:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "yichuang.cli",
                "run_licence_exchange",
                "--port",
                "0",
                "--data",
                str(self.store.root),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            env={**os.environ, "DJANGO_SETTINGS_MODULE": "yichuang.settings"},
        )
        line = proc.stdout.readline()
        assert "listening on" in line, line
        self.store.url = line.split()[-1]
        self.store.process = proc

    def stop(self) -> None:
        self.store.process.terminate()
        self.store.process.wait(timeout=10)

    def fresh(self) -> ExchangeStore:
        """The store with no licence and nothing revoked (its CA and signer kept), served by a
        running process: started again if the last test stopped it."""
        (self.store.root / "licences.json").unlink(missing_ok=True)
        if self.store.process.poll() is not None:
            self.start()
        return self.store


@pytest.fixture(scope="module")
def _exchange_process(tmp_path_factory):
    with on_the_suites_day():  # its certificates valid from the tests' day, as a per-test store's were
        running = _ExchangeProcess(ExchangeStore(tmp_path_factory.mktemp("exchange")))
    running.start()
    yield running
    running.stop()


@pytest.fixture
def exchange(_exchange_process, settings):
    """An ExchangeStore, empty, whose directory a running exchange server serves; the platform is
    configured with its URL and its CA certificate."""
    store = _exchange_process.fresh()
    settings.LICENCE_EXCHANGE = {
        "URL": store.url,
        "CA_CERT": str(store.ca_cert_path),
        "TIMEOUT": 2,
        "CACHE_SECONDS": 60,
    }
    exchange_client._ca.cache_clear()
    return store


@pytest.fixture(autouse=True)
def _empty_cache():
    from django.core.cache import cache

    cache.clear()
