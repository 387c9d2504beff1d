#!/usr/bin/env python3
"""The emulator's Idempotency-Key on POST /v1/fine_tuning/jobs, through the
openai-ft-emulator binary over loopback HTTP: the same key and body give the
job first created (and create nothing), another body with the key is
refused (422), a key without a body change after a restart on the same
--data-dir still gives the same job.

Usage: test_emulator_idempotency.py OPENAI_FT_EMULATOR
"""
from __future__ import annotations

import json
import shutil
import tempfile
import unittest
import urllib.error
import urllib.request
from typing import Any, Optional

# The control API's test holds the process and request helpers; it reads the
# emulator's path from sys.argv[1] when imported.
import test_emulator_control as tc
from test_emulator_control import CHAT, KEY, Emulator, Reply


def create(emu: Emulator, body: dict[str, Any], key: Optional[str]) -> Reply:
    req = urllib.request.Request(emu.url + "/fine_tuning/jobs",
                                 data=json.dumps(body).encode(), method="POST")
    req.add_header("Content-Type", "application/json")
    req.add_header("Authorization", "Bearer " + KEY)
    if key is not None:
        req.add_header("Idempotency-Key", key)
    try:
        with urllib.request.urlopen(req, timeout=60 * tc.SLOW) as resp:
            return Reply(resp.status, {k.lower(): v for k, v in resp.headers.items()},
                         resp.read())
    except urllib.error.HTTPError as e:
        return Reply(e.code, {k.lower(): v for k, v in e.headers.items()}, e.read())


def job_ids(emu: Emulator) -> list[str]:
    page = emu.ok(emu.api("GET", "/fine_tuning/jobs?limit=100"))
    return sorted(j["id"] for j in page["data"])


class IdempotencyKeyTest(unittest.TestCase):
    def setUp(self) -> None:
        self.dir = tempfile.mkdtemp(prefix="oft-idem-")
        self.data = self.dir + "/data"
        self.emu = Emulator("--job-duration", "3600", "--quiet", "--data-dir", self.data)

    def tearDown(self) -> None:
        self.emu.stop()
        shutil.rmtree(self.dir, ignore_errors=True)

    def test_same_key_same_job_other_body_refused_and_kept_across_restart(self) -> None:
        fid = self.emu.upload(CHAT * 10)
        body = {"model": "gpt-4o-mini", "training_file": fid, "suffix": "p1",
                "metadata": {"a": "1", "b": "2"}}
        first = create(self.emu, body, "oft-sweep-sw-1-p1")
        self.assertEqual(first.status, 200, first.body)
        job = first.json()["id"]
        self.assertNotIn("idempotent-replayed", first.headers)

        # the same body (its keys in another order) with the key: the same job
        again = create(self.emu, dict(reversed(list(body.items()))), "oft-sweep-sw-1-p1")
        self.assertEqual(again.status, 200, again.body)
        self.assertEqual(again.json()["id"], job)
        self.assertEqual(again.headers.get("idempotent-replayed"), "true")
        self.assertEqual(job_ids(self.emu), [job])

        # another body with the key: refused, nothing created
        other = create(self.emu, dict(body, suffix="p2"), "oft-sweep-sw-1-p1")
        self.assertEqual(other.status, 422, other.body)
        err = other.json()["error"]
        self.assertEqual(err["code"], "idempotency_key_reused")
        self.assertIn("same parameters", err["message"])
        self.assertEqual(job_ids(self.emu), [job])

        # another key, or none: a job each time
        second = create(self.emu, body, "oft-sweep-sw-1-p2")
        self.assertEqual(second.status, 200, second.body)
        third = create(self.emu, body, None)
        self.assertEqual(third.status, 200, third.body)
        made = sorted([job, second.json()["id"], third.json()["id"]])
        self.assertEqual(len(set(made)), 3)
        self.assertEqual(job_ids(self.emu), made)

        # a restart on the same data dir still knows the keys
        self.assertEqual(self.emu.stop(), 0)
        self.emu = Emulator("--job-duration", "3600", "--quiet", "--data-dir", self.data)
        again = create(self.emu, body, "oft-sweep-sw-1-p1")
        self.assertEqual(again.status, 200, again.body)
        self.assertEqual(again.json()["id"], job)
        self.assertEqual(create(self.emu, dict(body, suffix="p3"),
                                "oft-sweep-sw-1-p1").status, 422)
        self.assertEqual(create(self.emu, body, "oft-sweep-sw-1-p2").json()["id"],
                         second.json()["id"])
        self.assertEqual(job_ids(self.emu), made)

    def test_reset_and_deleted_job_forget_the_key(self) -> None:
        fid = self.emu.upload(CHAT * 10)
        body = {"model": "gpt-4o-mini", "training_file": fid}
        job = self.emu.ok(create(self.emu, body, "k1"))["id"]
        self.emu.ok(self.emu.control("DELETE", "/_emulator/jobs/" + job))
        again = self.emu.ok(create(self.emu, body, "k1"))["id"]
        self.assertNotEqual(again, job)
        self.assertEqual(self.emu.ok(create(self.emu, body, "k1"))["id"], again)
        long_key = create(self.emu, body, "k" * 300)
        self.assertEqual(long_key.status, 400, long_key.body)


if __name__ == "__main__":
    unittest.main()
