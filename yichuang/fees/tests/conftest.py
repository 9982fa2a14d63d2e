import pytest

from .provider_process import KEY, reference_provider

PORT = 8402  # this branch's range is 8400-8409


@pytest.fixture
def platform(tmp_path, settings, live_server):
    """The reference platform process, with the app under test (live_server) as its merchant."""
    with reference_provider(PORT, str(tmp_path / "pay.sqlite3")) as running:
        settings.YICHUANG_PAYMENT = {"URL": running.url, "KEY": KEY, "NOTIFY_BASE": live_server.url}
        yield running
