import pytest

from .receiver_process import KEY, reference_receiver, worker_port


@pytest.fixture
def receiver(tmp_path, settings):
    """The reference receiver process, and this platform configured to report to it."""
    with reference_receiver(worker_port(), str(tmp_path / "province.sqlite3")) as running:
        settings.PROVINCIAL_EXCHANGE = {"URL": running.url, "KEY": KEY, "SENDER": "test-county", "TIMEOUT": 2}
        yield running
