"""A fake HTTP SMS gateway for the tests, served on 127.0.0.1 from a thread: it takes the JSON
POST that `SmsNotifier` sends, checks basic authentication, and keeps what it received.
`fail_with` makes it answer an error status."""

from __future__ import annotations

import base64
import json
import secrets
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class FakeSmsGateway:
    def __init__(self, user: str = "kohtaanto") -> None:
        self.user, self.password = user, secrets.token_urlsafe(12)
        self.received: list[dict[str, Any]] = []
        self.fail_with: int | None = None
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}/sms/send"

    def start(self) -> FakeSmsGateway:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()


def _handler_for(gateway: FakeSmsGateway) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

        def _answer(self, status: int, body: dict) -> None:
            payload = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def do_POST(self) -> None:
            expected = base64.b64encode(f"{gateway.user}:{gateway.password}".encode()).decode()
            if self.headers.get("Authorization") != f"Basic {expected}":
                return self._answer(401, {"error": "unauthorised"})
            if gateway.fail_with:
                return self._answer(gateway.fail_with, {"error": "gateway failure"})
            length = int(self.headers.get("Content-Length") or 0)
            message = json.loads(self.rfile.read(length))
            if not isinstance(message.get("to"), list) or not message.get("text"):
                return self._answer(400, {"error": "to and text required"})
            gateway.received.append(message)
            return self._answer(202, {"accepted": len(message["to"])})

    return Handler
