import pytest

from yichuang.common.testing import worker_port

from .provider_process import KEY, reference_provider

BASE_PORT = 9300  # this branch's range is 9300-9349: 9300 + the xdist worker's number


@pytest.fixture
def platform_port() -> int:
    return worker_port(BASE_PORT, spread=40)


@pytest.fixture
def platform(tmp_path, settings, live_server, platform_port):
    """The reference platform process, with the app under test (live_server) as its merchant."""
    with reference_provider(platform_port, str(tmp_path / "pay.sqlite3")) as running:
        settings.YICHUANG_PAYMENT = {"URL": running.url, "KEY": KEY, "NOTIFY_BASE": live_server.url}
        yield running
