"""A real HTTP receiver on 127.0.0.1 for the 双告知 webhook tests: checks the HMAC signature and
processes each event id once, as a supervising department's system must."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from yichuang.supervision.linkage import verify


class Receiver:
    def __init__(self, secret: str, port: int = 0):
        self.secret, self.port = secret, port
        self.posts: list[dict] = []  # every POST that arrived, valid or not
        self.processed: dict[str, dict] = {}  # event id → payload, once each
        self.server = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hooks/approvals"

    def start(self) -> "Receiver":
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                event_id = self.headers.get("X-Yichuang-Event-Id", "")
                ok = verify(
                    receiver.secret,
                    self.headers.get("X-Yichuang-Timestamp", ""),
                    body,
                    self.headers.get("X-Yichuang-Signature", ""),
                )
                receiver.posts.append({"event_id": event_id, "valid": ok})
                if not ok:
                    self.send_response(401)
                    self.end_headers()
                    return
                receiver.processed.setdefault(event_id, json.loads(body))  # idempotent by event id
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args):  # keep test output quiet
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self.server:
            self.server.shutdown()
            self.server.server_close()
            self.server = None
