"""A server that writes the key with JSON's escapes (issue 22): "\\u0073k-..."
holds no 8 characters of the key as sent, but json.loads gives it back whole.
Nothing the package hands out holds any 8 characters of either key: not an
exception (str, repr, its body as json.loads made it), not a result (its
fields, its repr, its raw_json as sent and as decoded), in any of the forms
(\\u escapes of every character, of some, mixed with literal characters, and
"\\/" for keys with a '/'), in values and as object keys."""

from __future__ import annotations

import http.server
import json
import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest

import openai_ft

KEY = "sk-proj-EscapedLeakApiKey0123456789abcdefghij"
ADMIN = "sk-admin-EscapedLeakAdminKey9876543210zyxwvu"
# Keys with a '/' every few characters, for "\/".
SLASH_KEY = "sk-pr/oj-Es/caped/Leak0/12345/6789a/bcdef"
SLASH_ADMIN = "sk-ad/min-E/scape/dAdmi/n9876/54321/zyxwv"
HERE = "@@KEY@@"  # where a body holds the key, until it is written in a form

FORMS: dict[str, Callable[[str], str]] = {
    "every": lambda k: "".join("\\u%04x" % ord(c) for c in k),
    "some": lambda k: "".join("\\u%04X" % ord(c) if i % 4 == 3 else c for i, c in enumerate(k)),
    "mixed": lambda k: "".join(
        c if i % 3 == 0 else ("\\u%04X" if i % 3 == 1 else "\\u%04x") % ord(c)
        for i, c in enumerate(k)
    ),
    "slash": lambda k: k.replace("/", "\\/"),
}


def with_key(obj: dict[str, Any]) -> dict[str, Any]:
    return dict(obj, **{HERE: HERE})


JOB = with_key({
    "object": "fine_tuning.job", "id": "ftjob-leak", "model": "gpt-4o-mini",
    "created_at": 1, "status": "failed", "fine_tuned_model": "ft:m:" + HERE,
    "organization_id": "org-1", "training_file": "file-1", "result_files": [],
    "user_provided_suffix": HERE, "metadata": {HERE: HERE},
    "error": {"message": "refused " + HERE, "code": HERE, "param": HERE},
})
FILE = with_key({"object": "file", "id": "file-leak", "bytes": 1, "created_at": 1,
                 "filename": HERE + ".jsonl", "purpose": "fine-tune", "status": "processed"})
EVENT = with_key({"object": "fine_tuning.job.event", "id": "ftevent-1", "created_at": 1,
                  "level": "info", "type": "message", "message": "refused " + HERE,
                  "data": {HERE: HERE}})
MODEL = with_key({"object": "model", "id": "m", "created": 1, "owned_by": HERE})
ERROR = with_key({"error": with_key({"message": "Incorrect API key provided: " + HERE,
                                     "type": HERE, "code": HERE, "param": "x" + HERE})})


def page(item: dict[str, Any]) -> dict[str, Any]:
    return with_key({"object": "list", "data": [item], "has_more": False})


def answer(path: str) -> dict[str, Any]:
    path = path.split("?")[0]
    if path.endswith("/events"):
        return page(EVENT)
    if path.startswith("/v1/fine_tuning/jobs/"):
        return JOB
    if path == "/v1/files":
        return page(FILE)
    if path == "/v1/models/m":
        return MODEL
    return page(MODEL)


class Reflector:
    """Answers with the Bearer key it was given, as `form` writes it: an
    error (status 400) or the success of the path's shape."""

    def __init__(self) -> None:
        self.form = "every"
        self.status = 400
        refl = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def answer(self) -> None:
                n = int(self.headers.get("Content-Length") or 0)
                if n:
                    self.rfile.read(n)
                key = (self.headers.get("Authorization") or "").removeprefix("Bearer ")
                body = ERROR if refl.status >= 400 else answer(self.path)
                data = json.dumps(body).replace(HERE, FORMS[refl.form](key)).encode()
                self.send_response(refl.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_DELETE = answer

            def log_message(self, *args: object) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/v1"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture(scope="module")
def reflector() -> Iterator[Reflector]:
    r = Reflector()
    try:
        yield r
    finally:
        r.server.shutdown()
        r.server.server_close()


def strings(v: object) -> Iterator[str]:
    """Every string under v as decoded, dict keys included."""
    if isinstance(v, str):
        yield v
    elif isinstance(v, dict):
        for k, item in v.items():
            yield from strings(k)
            yield from strings(item)
    elif isinstance(v, (list, tuple)):
        for item in v:
            yield from strings(item)


def assert_clean(what: str, text: str, keys: tuple[str, str]) -> None:
    for key in keys:
        for i in range(len(key) - 7):
            piece = key[i:i + 8]
            assert piece not in text, f"{what}: {piece!r} of a key in {text!r}"


def assert_result_clean(what: str, obj: Any, keys: tuple[str, str]) -> None:
    """A result: its repr (every field), its raw_json as sent and decoded."""
    assert_clean(what + " repr", repr(obj), keys)
    assert_clean(what + " raw_json", obj.raw_json, keys)
    assert_clean(what + " raw_json decoded", "\n".join(strings(json.loads(obj.raw_json))), keys)


def client_for(form: str, reflector: Reflector) -> tuple[openai_ft.Client, tuple[str, str]]:
    keys = (SLASH_KEY, SLASH_ADMIN) if form == "slash" else (KEY, ADMIN)
    c = openai_ft.Client(base_url=reflector.url, api_key=keys[0], admin_key=keys[1],
                         max_retries=0)
    return c, keys


@pytest.mark.parametrize("form", FORMS)
def test_error_body(reflector: Reflector, form: str) -> None:
    reflector.form, reflector.status = form, 400
    c, keys = client_for(form, reflector)
    with c:
        for call in (lambda: c.jobs.retrieve("ftjob-leak"), lambda: list(c.files.list()),
                     lambda: c.models.retrieve("m")):
            with pytest.raises(openai_ft.BadRequestError) as info:
                call()
            e = info.value
            assert isinstance(e.body, dict), e.body  # json.loads read it
            assert_clean("str(e)", str(e), keys)
            assert_clean("repr(e)", repr(e), keys)
            assert_clean("e.body", repr(e.body), keys)
            assert_clean("e.body decoded", "\n".join(strings(e.body)), keys)


@pytest.mark.parametrize("form", FORMS)
def test_success_bodies(reflector: Reflector, form: str) -> None:
    reflector.form, reflector.status = form, 200
    c, keys = client_for(form, reflector)
    with c:
        job = c.jobs.retrieve("ftjob-leak")
        assert job.status == "failed" and job.error is not None
        assert_result_clean("job", job, keys)
        files = list(c.files.list())
        assert len(files) == 1
        assert_result_clean("file list item", files[0], keys)
        events = list(c.jobs.list_events("ftjob-leak"))
        assert len(events) == 1
        assert_result_clean("event", events[0], keys)
        assert_clean("event data", "\n".join(strings(events[0].data)), keys)
        assert_result_clean("model", c.models.retrieve("m"), keys)
