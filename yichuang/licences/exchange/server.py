"""The reference 证照库 exchange server: stdlib `http.server`, loopback only, speaking the API in
docs/licence-exchange.md. It is a separate process (`yichuang run_licence_exchange`), so the
platform's client meets real sockets, real timeouts and a real refusal when it is down."""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from .. import signing
from .store import ExchangeStore

_ONE = re.compile(r"^/api/v1/licences/([0-9A-Z.]{1,128})$")
MAX_BODY = 4096


class Handler(BaseHTTPRequestHandler):
    store: ExchangeStore

    def log_message(self, format, *args):  # noqa: A002 - the stdlib's name
        # Only the method and path: a lookup's holder ID number is in the body, never logged.
        sys.stderr.write(f"exchange {self.command} {self.path.split('?')[0]}\n")

    def _send(self, status: int, payload: dict) -> None:
        body = json.dumps(payload, ensure_ascii=False).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _error(self, status: int, code: str, message: str) -> None:
        self._send(status, {"code": code, "message": message, "errors": []})

    def _with_status(self, envelope: dict, revoked: dict) -> dict:
        """Each licence goes out with a status signed now, so a revocation cannot be replayed away."""
        key, cert = self.store.signer()
        number = envelope["licence"]["number"]
        status = {
            "number": number,
            "status": "revoked" if number in revoked else "valid",
            "reason": revoked.get(number, ""),
            "as_of": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        }
        return {**envelope, "status": status, "status_signature": signing.sign(key, status)}

    def do_GET(self):  # noqa: N802 - the stdlib's name
        match = _ONE.match(self.path)
        if not match:
            return self._error(404, "not_found", "没有该接口。")
        state = self.store.load()
        for envelope in state["licences"]:
            if envelope["licence"]["number"] == match.group(1):
                return self._send(200, self._with_status(envelope, state["revoked"]))
        return self._error(404, "licence_not_found", "没有该电子证照。")

    def do_POST(self):  # noqa: N802 - the stdlib's name
        if self.path != "/api/v1/licences/lookup":
            return self._error(404, "not_found", "没有该接口。")
        length = int(self.headers.get("Content-Length") or 0)
        if not 0 < length <= MAX_BODY:
            return self._error(400, "bad_request", "请求体为空或过大。")
        try:
            query = json.loads(self.rfile.read(length))
            holder, type_code = str(query["holder_id_number"]).upper(), str(query["licence_type_code"]).upper()
        except (ValueError, KeyError, TypeError):
            return self._error(400, "bad_request", "须提供持证主体证件号码和证照类型代码。")
        state = self.store.load()
        items = [
            self._with_status(e, state["revoked"])
            for e in state["licences"]
            if e["licence"]["holder_id_number"].upper() == holder and e["licence"]["licence_type_code"] == type_code
        ]
        return self._send(200, {"items": items})


def serve(root: str, port: int, host: str = "127.0.0.1") -> None:
    store = ExchangeStore(root)
    handler = type("BoundHandler", (Handler,), {"store": store})
    server = ThreadingHTTPServer((host, port), handler)
    # The fixture and the demo read the port from this line (port 0 = any free port).
    print(f"licence exchange listening on http://{host}:{server.server_address[1]}", flush=True)
    try:
        server.serve_forever()
    finally:
        server.server_close()
