"""The local 统一身份认证 as a real process on loopback (node + oidc-provider), and a person's
part in its sign-in page driven over HTTP, for tests that do not need a browser."""

from __future__ import annotations

import subprocess
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlsplit

import requests

from yichuang.sso import local_provider

CLIENT_ID, SECRET = "yichuang-test", "test-oidc-secret"
OTHER_CLIENT_ID, OTHER_SECRET = "another-government-app", "another-secret"
PASSWORD = "op-password-1"


@contextmanager
def running_provider(folder: Path, port: int, rp_urls: list[str], users: list[dict]):
    config = local_provider.write_config(
        folder,
        port=port,
        rp_urls=rp_urls,
        users=users,
        clients=[
            local_provider.client_entry(CLIENT_ID, SECRET, rp_urls),
            local_provider.client_entry(OTHER_CLIENT_ID, OTHER_SECRET, rp_urls),
        ],
    )
    log = open(folder / "provider.log", "wb")
    process = subprocess.Popen(local_provider.node_command(config), stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 20
        while True:
            try:
                requests.get(url + "/.well-known/openid-configuration", timeout=1).raise_for_status()
                break
            except requests.RequestException:
                if process.poll() is not None or time.time() > deadline:
                    raise RuntimeError(
                        "local identity provider did not start: " + (folder / "provider.log").read_text()
                    )
                time.sleep(0.1)
        yield url
    finally:
        process.kill()
        process.wait(10)
        log.close()


def sign_in(
    authorize_url: str,
    username: str,
    password: str = PASSWORD,
    stop_at: str = "http://testserver",
    session: requests.Session | None = None,
) -> str:
    """Follow the provider's redirects, sign in on its page; return the address it sends the
    browser back to (ours: the callback with code and state)."""
    session = session or requests.Session()  # the browser's cookies at the provider
    url, posted = authorize_url, False
    for _ in range(20):
        if url.startswith(stop_at):
            return url
        if "/interaction/" in url and not posted:
            session.get(url, timeout=5).raise_for_status()
            response = session.post(
                url, data={"username": username, "password": password}, allow_redirects=False, timeout=5
            )
            posted = True
        else:
            response = session.get(url, allow_redirects=False, timeout=5)
        if response.status_code not in (302, 303):
            raise AssertionError(f"the provider stopped at {url}: {response.status_code} {response.text[:300]}")
        url = urljoin(url, response.headers["Location"])
    raise AssertionError("too many redirects")


def path_and_query(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}"


def query(url: str) -> dict:
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}
