"""Content-Security-Policy without inline script (issue 8; decision 0015).

The policy is sent on every page, and no template of ours contains what that policy blocks:
an inline <script>, a style="…" attribute or <style> element, an on…= event handler, a
javascript: link. A template that needs behaviour or style loads a file from static/."""

import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db
TEMPLATES = Path(__file__).resolve().parents[2] / "yichuang"
BLOCKED = {
    "inline <script>": re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>", re.I),
    "<style> element": re.compile(r"<style\b", re.I),
    "style attribute": re.compile(r"\sstyle\s*=", re.I),
    "event handler attribute": re.compile(r"\son[a-z]+\s*=\s*[\"']", re.I),
    "javascript: URL": re.compile(r"javascript:", re.I),
}
# <script type="application/json"> carries data, not code: the policy does not run it.
DATA_SCRIPT = re.compile(r"<script\b[^>]*type=[\"']application/(ld\+)?json[\"']", re.I)


def test_pages_send_a_policy_without_inline_script(client):
    # Enforced in every mode: the demo and the browser tests see what production sees.
    response = client.get("/guide/")
    assert "Content-Security-Policy-Report-Only" not in response
    policy = response["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";") if d.strip())
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


def test_no_template_contains_what_the_policy_blocks():
    found = []
    for template in sorted(TEMPLATES.rglob("templates/**/*.html")):
        text = template.read_text(encoding="utf-8")
        for n, line in enumerate(text.splitlines(), 1):
            for what, pattern in BLOCKED.items():
                if pattern.search(line) and not DATA_SCRIPT.search(line):
                    found.append(f"{template.relative_to(TEMPLATES.parent)}:{n}: {what}: {line.strip()[:100]}")
    assert not found, "Move these into static files (the CSP blocks them):\n" + "\n".join(found)


def test_the_api_explorer_runs_under_the_policy(client):
    """Swagger UI's start-up script is a file (SpectacularSwaggerSplitView), so /api/docs/ needs
    no exception to the policy."""
    page = client.get("/api/docs/")
    assert "Content-Security-Policy" in page
    assert not BLOCKED["inline <script>"].search(page.content.decode().replace('type="application/json"', ""))
