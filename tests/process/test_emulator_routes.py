#!/usr/bin/env python3
"""The emulator's route table (emulator/routes/table.c), through the
openai-ft-emulator binary over loopback HTTP: each method + path the table
has is answered by its handler (whatever the answer, never the 404
unknown_url of a path without a route), and every other method on those
paths, and the paths next to them, get the 404 unknown_url. An API path is
never a control path ("/v1/_emulator/state") and a control path is never an
API path ("/_emulator/files").

Usage: test_emulator_routes.py OPENAI_FT_EMULATOR
"""
from __future__ import annotations

import unittest

# The control API's test holds the process and request helpers; it reads the
# emulator's path from sys.argv[1] when imported.
import test_emulator_control as tc
from test_emulator_control import KEY, Emulator

METHODS = ["GET", "POST", "DELETE", "PUT"]

# Path -> the methods that have a route there ("x", "y": IDs that do not
# exist, so a routed request is answered 404 not found, never unknown_url).
ROUTES: dict[str, set[str]] = {
    "/v1/files": {"GET", "POST"},
    "/v1/files/": {"GET", "POST"},  # an empty segment is no segment
    "/v1//files": {"GET", "POST"},
    "/v1/files/x": {"GET", "DELETE"},
    "/v1/files/x/content": {"GET"},
    "/v1/files/x/other": set(),
    "/v1/files/x/content/extra": set(),
    "/v1/files%2Fx": set(),  # an encoded '/' stays inside its segment
    "/v1/uploads": {"POST"},
    "/v1/uploads/x": set(),
    "/v1/uploads/x/parts": {"POST"},
    "/v1/uploads/x/complete": {"POST"},
    "/v1/uploads/x/cancel": {"POST"},
    "/v1/uploads/x/other": set(),
    "/v1/models": {"GET"},
    "/v1/models/x": {"GET", "DELETE"},
    "/v1/models/gpt-4o-mini": {"GET", "DELETE"},
    "/v1/models/x/y": set(),
    "/v1/fine_tuning": set(),
    "/v1/fine_tuning/other": set(),
    "/v1/fine_tuning/jobs": {"GET", "POST"},
    "/v1/fine_tuning/jobs/x": {"GET"},
    "/v1/fine_tuning/jobs/x/cancel": {"POST"},
    "/v1/fine_tuning/jobs/x/pause": {"POST"},
    "/v1/fine_tuning/jobs/x/resume": {"POST"},
    "/v1/fine_tuning/jobs/x/events": {"GET"},
    "/v1/fine_tuning/jobs/x/checkpoints": {"GET"},
    "/v1/fine_tuning/jobs/x/other": set(),
    "/v1/fine_tuning/jobs/x/events/more": set(),
    "/v1/fine_tuning/checkpoints": set(),
    "/v1/fine_tuning/checkpoints/x": set(),
    "/v1/fine_tuning/checkpoints/x/other": set(),
    "/v1/fine_tuning/checkpoints/x/permissions": {"GET", "POST"},
    "/v1/fine_tuning/checkpoints/x/permissions/y": {"DELETE"},
    "/v1/fine_tuning/checkpoints/x/permissions/y/z": set(),
    "/v1/fine_tuning/alpha": set(),
    "/v1/fine_tuning/alpha/graders": set(),
    "/v1/fine_tuning/alpha/graders/run": {"POST"},
    "/v1/fine_tuning/alpha/graders/validate": {"POST"},
    "/v1/fine_tuning/alpha/graders/other": set(),
    "/v1/_emulator/state": set(),
    "/v1": set(),
    "/v1/other": set(),
    "/other": set(),
    "/_emulator": set(),
    "/_emulator/": set(),
    "/_emulator/state": {"GET"},
    "/_emulator/state/x": set(),
    "/_emulator/reset": {"POST"},
    "/_emulator/faults": {"GET", "POST"},
    "/_emulator/requests": {"GET", "DELETE"},
    "/_emulator/files": set(),
    "/_emulator/jobs": set(),
    "/_emulator/jobs/x": {"DELETE"},
    "/_emulator/jobs/x/advance": {"POST"},
    "/_emulator/jobs/x/fail": {"POST"},
    "/_emulator/jobs/x/other": set(),
    "/_emulator/jobs/x/advance/more": set(),
}


class RouteTableTest(unittest.TestCase):
    def setUp(self) -> None:
        self.emu = Emulator("--job-duration", "3600", "--quiet")

    def tearDown(self) -> None:
        self.emu.stop()

    def test_each_route_and_only_those(self) -> None:
        for path, routed in ROUTES.items():
            for method in METHODS:
                with self.subTest(method=method, path=path):
                    body = {} if method in ("POST", "PUT") else None
                    r = tc.request(method, self.emu.root + path, body, key=KEY)
                    unknown = (r.status == 404 and
                               r.json()["error"]["code"] == "unknown_url")
                    self.assertEqual(unknown, method not in routed,
                                     "%s %s -> %d %s" % (method, path, r.status,
                                                         r.body[:200]))


if __name__ == "__main__":
    unittest.main()
