"""The reference exchange's own files (docs/licence-exchange.md): a directory holding its CA,
its signing key and certificate, and `licences.json` — licences signed when issued, and the
numbers revoked since. It stands in for the province's 证照库; the platform never reads this
directory, only the exchange's HTTP answers. No Django here: the server runs without it."""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import serialization

from .. import signing

_LOCK = threading.Lock()


class ExchangeStore:
    def __init__(self, root: str | os.PathLike):
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)
        self._ensure_keys()

    @property
    def ca_cert_path(self) -> Path:
        return self.root / "ca.pem"

    def _ensure_keys(self) -> None:
        if (self.root / "signer-key.pem").exists():
            return
        ca_key, ca_cert = signing.new_ca("省证照库交换平台根证书")
        key, cert = signing.new_signer(ca_key, ca_cert, "省证照库交换平台签名证书")
        (self.root / "ca-key.pem").write_bytes(signing.key_pem(ca_key))
        self.ca_cert_path.write_text(signing.cert_pem(ca_cert))
        (self.root / "signer.pem").write_text(signing.cert_pem(cert))
        (self.root / "signer-key.pem").write_bytes(signing.key_pem(key))
        for name in ("ca-key.pem", "signer-key.pem"):
            os.chmod(self.root / name, 0o600)

    def signer(self):
        key = serialization.load_pem_private_key((self.root / "signer-key.pem").read_bytes(), password=None)
        return key, (self.root / "signer.pem").read_text()

    def ca_certificate(self) -> x509.Certificate:
        return x509.load_pem_x509_certificate(self.ca_cert_path.read_bytes())

    # The file is small and read on every request, so an edit (an issue, a revocation, or a
    # test tampering with a stored body) is served at once.
    def load(self) -> dict:
        path = self.root / "licences.json"
        if not path.exists():
            return {"licences": [], "revoked": {}}
        return json.loads(path.read_text())

    def _save(self, state: dict) -> None:
        tmp = self.root / "licences.json.tmp"
        tmp.write_text(json.dumps(state, ensure_ascii=False, indent=1))
        tmp.replace(self.root / "licences.json")

    def issue(self, body: dict) -> dict:
        """Sign and keep one licence body (fields in docs/licence-exchange.md)."""
        key, cert = self.signer()
        envelope = {"licence": body, "signature": signing.sign(key, body), "certificate": cert}
        with _LOCK:
            state = self.load()
            state["licences"] = [e for e in state["licences"] if e["licence"]["number"] != body["number"]]
            state["licences"].append(envelope)
            self._save(state)
        return envelope

    def revoke(self, number: str, reason: str) -> None:
        with _LOCK:
            state = self.load()
            state["revoked"][number] = reason
            self._save(state)

    def edit_body(self, number: str, **changes) -> None:
        """Change a stored body WITHOUT signing it again: what tampering with the store looks like."""
        with _LOCK:
            state = self.load()
            for envelope in state["licences"]:
                if envelope["licence"]["number"] == number:
                    envelope["licence"].update(changes)
            self._save(state)
