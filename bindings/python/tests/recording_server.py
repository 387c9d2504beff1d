"""A loopback HTTP server that records each request's headers and answers like
the API would for the few routes the header tests use."""

from __future__ import annotations

import http.server
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field


@dataclass
class Recorded:
    method: str
    path: str
    headers: dict[str, str]
    query: str = ""
    body: bytes = b""


@dataclass
class Recorder:
    url: str
    requests: list[Recorded] = field(default_factory=list)


_ANSWERS = {
    "/v1/models": {"object": "list", "data": []},
    "/v1/fine_tuning/checkpoints/ckpt/permissions": {
        "object": "list", "data": [], "has_more": False, "first_id": None, "last_id": None,
    },
}


@contextmanager
def recording_server() -> Iterator[Recorder]:
    recorder = Recorder(url="")

    class Handler(http.server.BaseHTTPRequestHandler):
        def _answer(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            sent = self.rfile.read(length) if length else b""
            path, _, query = self.path.partition("?")
            recorder.requests.append(
                Recorded(self.command, path, {k.lower(): v for k, v in self.headers.items()},
                         query, sent)
            )
            body = json.dumps(_ANSWERS.get(path, {"error": {"message": "no route",
                              "type": "invalid_request_error", "param": None,
                              "code": None}})).encode()
            self.send_response(200 if path in _ANSWERS else 404)
            self.send_header("Content-Type", "application/json")
            # as the API sends them, for with_raw_response and errors' headers
            self.send_header("x-request-id", f"req_recorded_{len(recorder.requests)}")
            self.send_header("x-ratelimit-limit-requests", "60")
            self.send_header("x-ratelimit-remaining-requests", "59")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = _answer
        do_POST = _answer

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    recorder.url = f"http://127.0.0.1:{server.server_address[1]}/v1"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield recorder
    finally:
        server.shutdown()
        server.server_close()
