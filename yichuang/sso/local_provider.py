"""The local 统一身份认证 for tests and the demo: a real process on loopback, panva's
oidc-provider under Node (provider/server.mjs, decision 0095). This module writes its
configuration — our client, its callback and logout addresses, the users who may sign in —
and gives the command line that runs it (`yichuang run_identity_provider`, the tests' fixture)."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from django.conf import settings

from .checks import DEMO_SECRET
from .client import PURPOSES

SERVER = Path(__file__).resolve().parent / "provider" / "server.mjs"
DEMO_PORT = 8403
DEMO_CLIENT_ID = "yichuang-demo"
DEMO_STAFF_SUBJECT = "gov-staff-xc-clerk1"
DEMO_STAFF_USERNAME = "xc_clerk1"
DEMO_CITIZEN_SUBJECT = "gov-citizen-demo"
DEMO_CITIZEN_USERNAME = "demo_citizen"


def client_entry(client_id: str, secret: str, rp_urls: list[str]) -> dict:
    """Our registration at the provider: both doors' callbacks and the two logout landings."""
    rps = [u.rstrip("/") for u in rp_urls]
    return {
        "client_id": client_id,
        "client_secret": secret,
        "redirect_uris": [f"{rp}/sso/{p}/callback/" for rp in rps for p in PURPOSES],
        "post_logout_redirect_uris": [f"{rp}{path}" for rp in rps for path in ("/hall/", "/workbench/login/")],
        "grant_types": ["authorization_code"],
        "response_types": ["code"],
        "token_endpoint_auth_method": "client_secret_basic",
    }


def user_entry(username: str, password: str, sub: str, label: str, **claims) -> dict:
    return {"username": username, "password": password, "sub": sub, "label": label, "claims": claims}


def demo_users() -> list[dict]:
    """A citizen — the first of the demo's residents with cases, whose real-name claims match the
    applicant the demo registered — and a clerk of 溪城街道, linked by the demo loader (sso/demo.py)."""
    from yichuang.demo import county as C
    from yichuang.org.models import User
    from yichuang.people.models import Applicant

    users = []
    residents = [C.person_phone(500 + n) for n in range(1, 61)]  # the demo history's residents
    person = (
        Applicant.objects.filter(kind=Applicant.Kind.NATURAL, phone__in=residents, cases__isnull=False)
        .order_by("pk")
        .first()
    )
    if person is not None:
        users.append(
            user_entry(
                DEMO_CITIZEN_USERNAME,
                C.PASSWORD,
                DEMO_CITIZEN_SUBJECT,
                f"群众 {person.name}",
                name=person.name,
                id_number=person.citizen_id,
                phone_number=person.phone,
                phone_number_verified=True,
            )
        )
    clerk = User.objects.filter(username=DEMO_STAFF_USERNAME).first()
    if clerk is not None:
        users.append(
            user_entry(DEMO_STAFF_USERNAME, C.PASSWORD, DEMO_STAFF_SUBJECT, "溪城街道窗口人员", name=clerk.full_name)
        )
    return users


def write_config(
    folder: Path,
    *,
    port: int,
    rp_urls: list[str],
    users: list[dict],
    clients: list[dict],
    demo_password: str = "",
) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "provider.json"
    config = {
        "issuer": f"http://127.0.0.1:{port}",
        "port": port,
        "title": "统一身份认证平台(本地参考)",
        "clients": clients,
        "users": users,
        "keys_file": str(folder / "signing-key.json"),
        "demo_hint": demo_password,
    }
    path.write_text(json.dumps(config, ensure_ascii=False, indent=1), encoding="utf-8")
    os.chmod(path, 0o600)  # client secrets and demo passwords
    return path


def node_command(config_path: Path) -> list[str]:
    node = shutil.which("node") or "node"
    return [node, str(SERVER), "--config", str(config_path)]


def demo_client(rp_urls: list[str]) -> dict:
    c = settings.YICHUANG_OIDC
    return client_entry(c["CLIENT_ID"] or DEMO_CLIENT_ID, c["CLIENT_SECRET"] or DEMO_SECRET, rp_urls)
