import pytest

from yichuang.common.testing import worker_port
from yichuang.people.tests.factories import make_citizen_id
from yichuang.sso import local_provider

from .provider_process import CLIENT_ID, PASSWORD, SECRET, running_provider

# This branch's ports are 9200–9249: one provider per xdist worker for the HTTP tests (9210+),
# another for the browser tests, whose callbacks are on the live server (9230+).

CITIZEN = dict(
    name="林晓燕", id_number=make_citizen_id(900_001), phone_number="13905780001", phone_number_verified=True
)
NEWCOMER = dict(
    name="周建国", id_number=make_citizen_id(900_002), phone_number="13905780002", phone_number_verified=True
)
CLERK_SUBJECT, STRANGER_SUBJECT = "gov-staff-0007", "gov-staff-unknown"


def users() -> list[dict]:
    entry = local_provider.user_entry
    return [
        entry("citizen", PASSWORD, "gov-citizen-1", "群众", **CITIZEN),
        entry("newcomer", PASSWORD, "gov-citizen-2", "群众", **NEWCOMER),
        entry("nophone", PASSWORD, "gov-citizen-3", "群众", name=NEWCOMER["name"], id_number=NEWCOMER["id_number"]),
        entry("clerk", PASSWORD, CLERK_SUBJECT, "窗口人员", name="王丽"),
        entry("stranger", PASSWORD, STRANGER_SUBJECT, "未关联的工作人员", name="赵强"),
    ]


def configure(settings, url: str) -> None:
    settings.YICHUANG_OIDC = {
        **settings.YICHUANG_OIDC,
        "URL": url,
        "CLIENT_ID": CLIENT_ID,
        "CLIENT_SECRET": SECRET,
        "RATE": "1000/min",
    }
    # As settings.py does for a configured platform: its origin may answer our forms (form-action).
    directives = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {**directives, "form-action": [*directives["form-action"], url]}}


@pytest.fixture(scope="session")
def provider_url(tmp_path_factory):
    with running_provider(tmp_path_factory.mktemp("op"), worker_port(9210), ["http://testserver"], users()) as url:
        yield url


@pytest.fixture
def oidc(settings, provider_url):
    configure(settings, provider_url)
    return provider_url


@pytest.fixture(autouse=True)
def _known_calendar_today():
    """The real clock here, not the suite's June 2026: the provider is another process, whose ID
    tokens are stamped with the machine's time, and a token from 'the future' is refused."""


@pytest.fixture
def client_and_oidc(client, oidc):
    """Django's test client with OIDC configured for the local provider."""
    return client


@pytest.fixture(scope="session")
def live_provider_url(live_server, tmp_path_factory):
    """The provider for the browser tests: its registered callbacks are on the live server."""
    with running_provider(tmp_path_factory.mktemp("op-live"), worker_port(9230), [live_server.url], users()) as url:
        yield url
