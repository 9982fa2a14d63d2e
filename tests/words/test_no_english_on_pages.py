"""No English on a page people read (issue 20 §6): every kind of page — the public guide and
hall, /verify, the workbench (login, queues, intake, a case, its notices), tickets, supervision,
the scorecards and the error pages — is walked as the person who uses it, and the visible text
may hold no English word other than proper names and codes (PDF, SHA-256, 12345 …).

Visible text: the body without <script>/<style>, tags and attribute values; aria-labels and
alt texts are read too (a screen reader says them)."""

import re
from html import unescape

import pytest
from django.test import Client

from yichuang.cases import services
from yichuang.cases.tests.factories import make_world
from yichuang.org.models import StaffRole
from yichuang.org.tests.factories import StaffRoleFactory
from yichuang.seals import notices
from yichuang.supervision.tests.helpers import new_case

pytestmark = pytest.mark.django_db

# Proper names and codes a Chinese page may show as they are.
ALLOWED = {
    "PDF",
    "SHA",
    "CA",
    "QR",
    "ID",
    "API",
    "Excel",
    "AB",
    "PNG",
    "MB",
    "KB",
    "URL",
    "APP",
    "OpenAPI",
    "CSV",
    "HTTP",
    "HTTPS",
    "IP",
    "GB",
    "JSON",
    "XLSX",
    "xlsx",
    "pdf",
    "EMS",
    "www",
    "gov",
    "cn",
    "http",
    "https",
}
WORD = re.compile(r"[A-Za-z]{2,}")


def visible_text(html: str) -> str:
    body = html.split("<body", 1)[-1].split(">", 1)[-1]
    body = re.sub(r"<(script|style|template)\b.*?</\1>", " ", body, flags=re.S | re.I)
    said = " ".join(re.findall(r'(?:aria-label|alt|title|placeholder)="([^"]*)"', body))
    text = re.sub(r"<[^>]+>", " ", body)
    return unescape(text + " " + said)


def english_words(html: str) -> set[str]:
    text = visible_text(html)
    text = re.sub(r"https?://\S+|/[\w/.-]+|\b[\w.+-]+@[\w.-]+\b", " ", text)  # addresses are codes
    text = re.sub(r"\b[0-9A-Z]{2,}[-0-9A-Z]*\d[-0-9A-Z]*\b", " ", text)  # case numbers, codes with digits
    # A document's verification code (ten capitals, shown as two groups of five) is random: now and
    # then it has no digit, and the line above would not take it for a code.
    text = re.sub(r"\b[0-9A-Z]{5}[ -]?[0-9A-Z]{5}\b", " ", text)
    return {w for w in WORD.findall(text) if w not in ALLOWED}


def _client(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def walk():
    world = make_world()
    case = services.accept(new_case(world), world.clerk)
    notices.issue_notice(case, "acceptance", world.clerk)
    head = StaffRoleFactory(site=world.site, role=StaffRole.Role.HEAD).user
    supervisor = StaffRoleFactory(site=world.site, role=StaffRole.Role.SUPERVISOR).user
    code = case.documents.first().short_code
    public = [
        "/guide/",
        "/guide/search/?q=老年",
        "/hall/",
        "/hall/progress/",
        "/hall/login/",
        "/verify/",
        f"/verify/{code}",
        "/verify/ZZZZ1ZZZZ1",
        "/feedback/cannot-do/",
        "/supervision/public/",
        "/workbench/login/",
        "/no-such-page/",
        "/feedback/",
    ]
    pages = [(None, url) for url in public]
    pages += [
        (world.clerk, u)
        for u in ("/workbench/", "/workbench/intake/", f"/workbench/cases/{case.number}/", "/workbench/cases/NO-SUCH/")
    ]
    pages += [(world.approver, f"/workbench/cases/{case.number}/")]
    pages += [
        (head, u)
        for u in (
            "/workbench/",
            "/supervision/",
            "/supervision/scorecard/",
            "/feedback/tickets/",
            "/feedback/tablets/",
            "/supervision/inbox/",
        )
    ]
    pages += [(supervisor, "/supervision/"), (supervisor, "/supervision/scorecard/?start=bad")]
    return pages


def test_no_page_people_read_shows_an_english_word(walk):
    found = {}
    for user, url in walk:
        response = _client(user).get(url, follow=True)
        assert response.status_code < 500, url
        if "text/html" not in response.get("Content-Type", ""):
            continue
        words = english_words(response.content.decode())
        if words:
            found[url] = sorted(words)
    assert not found, found
