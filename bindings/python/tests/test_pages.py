"""A Pager's page rules against a loopback server that answers the pages a test
scripts: the cursor of the next page (the last item's id; a permission page's
last_id), a page promising more that is empty or repeats its cursor refused,
one request per page, and no C client held between pages."""

from __future__ import annotations

import http.server
import json
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

import openai_ft

Pages = Callable[[str | None], dict[str, Any]]  # the `after` of a request -> its answer


def event(n: int) -> dict[str, Any]:
    return {"object": "fine_tuning.job.event", "id": f"ftevent-{n}", "created_at": n,
            "level": "info", "message": f"step {n}", "type": "message", "data": None}


def events_page(first: int, last: int, has_more: bool) -> dict[str, Any]:
    return {"object": "list", "data": [event(n) for n in range(first, last, -1)],
            "has_more": has_more}


@contextmanager
def serving(pages: Pages) -> Iterator[tuple[str, list[str | None]]]:
    """(base URL, the `after` of each request) of a server answering pages(after)."""
    afters: list[str | None] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            after = parse_qs(urlsplit(self.path).query).get("after", [None])[0]
            afters.append(after)
            body = json.dumps(pages(after)).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/v1", afters
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def client(url: str, **kwargs: Any) -> openai_ft.Client:
    return openai_ft.Client(base_url=url, api_key="sk-test", max_retries=0, **kwargs)


def three_pages(after: str | None) -> dict[str, Any]:
    start = {None: 9, "ftevent-7": 6, "ftevent-4": 3}[after]
    return events_page(start, start - 3, start > 3)


def test_pages_follow_the_last_items_id() -> None:
    with serving(three_pages) as (url, afters), client(url, pool_size=1) as c:
        events = c.jobs.list_events("ftjob-1", limit=3)
        assert afters == []  # nothing before the first item
        first = next(events)
        assert first.id == "ftevent-9" and afters == [None]
        # Between pages the Pager holds no C client: another call runs on the one there is.
        assert c._pool.stats() == (1, 0)  # type: ignore[union-attr]
        assert [e.id for e in events] == [f"ftevent-{n}" for n in range(8, 0, -1)]
        assert afters == [None, "ftevent-7", "ftevent-4"]  # one request a page
        with pytest.raises(StopIteration):
            next(events)
        assert len(afters) == 3


def test_after_starts_the_walk_there() -> None:
    with serving(three_pages) as (url, afters), client(url) as c:
        assert [e.id for e in c.jobs.list_events("ftjob-1", after="ftevent-7")][:1] == [
            "ftevent-6"]
        assert afters == ["ftevent-7", "ftevent-4"]


def test_a_repeated_cursor_is_refused() -> None:
    def pages(after: str | None) -> dict[str, Any]:
        return events_page(9, 6, True)  # the same page whatever the cursor

    with serving(pages) as (url, afters), client(url) as c:
        events = c.jobs.list_events("ftjob-1")
        assert len([next(events) for _ in range(3)]) == 3
        with pytest.raises(openai_ft.APIResponseValidationError, match="repeated the page cursor"):
            next(events)
        assert afters == [None, "ftevent-7"]


def test_an_empty_page_promising_more_is_refused() -> None:
    def pages(after: str | None) -> dict[str, Any]:
        return {"object": "list", "data": [], "has_more": True}

    with serving(pages) as (url, _), client(url) as c:
        with pytest.raises(openai_ft.APIResponseValidationError, match="empty page"):
            list(c.jobs.list_events("ftjob-1"))


def test_permission_pages_follow_last_id() -> None:
    def permission(n: int) -> dict[str, Any]:
        return {"object": "checkpoint.permission", "id": f"cp_{n}", "created_at": n,
                "project_id": f"proj_{n}"}

    def pages(after: str | None) -> dict[str, Any]:
        if after is None:  # last_id, not the last item's id, is the cursor
            return {"object": "list", "data": [permission(1), permission(2)],
                    "has_more": True, "first_id": "cp_1", "last_id": "cp_cursor"}
        assert after == "cp_cursor"
        return {"object": "list", "data": [permission(3)], "has_more": False,
                "first_id": "cp_3", "last_id": "cp_3"}

    with serving(pages) as (url, afters), client(url, admin_key="sk-admin") as c:
        assert [p.id for p in c.permissions.list("ft:ckpt")] == ["cp_1", "cp_2", "cp_3"]
        assert afters == [None, "cp_cursor"]
