#!/usr/bin/env python3
"""The emulator's control API (/_emulator/..., /healthz) driven the way a
user's test in another language drives it: Python's standard library only
(urllib), against the openai-ft-emulator binary.

Usage: test_emulator_control.py OPENAI_FT_EMULATOR

Every emulator started here is stopped by its PID, also on failure. Under
`meson test --setup=valgrind` (OFT_UNDER_VALGRIND=1) the emulator itself runs
under valgrind and a leak or memory error fails the test that stopped it.
"""
from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.error
import urllib.request
import uuid
from typing import Any, Optional

EMU = sys.argv[1]
del sys.argv[1:2]
VALGRIND = os.environ.get("OFT_UNDER_VALGRIND") == "1"
SLOW = 10 if VALGRIND else 1
KEY = "sk-control-test"
CHAT = ('{"messages":[{"role":"user","content":"hi"},'
        '{"role":"assistant","content":"hello"}]}\n')

started: list[subprocess.Popen[str]] = []  # stopped in tearDownModule


class Reply:
    def __init__(self, status: int, headers: dict[str, str], body: bytes) -> None:
        self.status, self.headers, self.body = status, headers, body

    def json(self) -> Any:
        return json.loads(self.body)


def request(method: str, url: str, body: Optional[Any] = None,
            key: Optional[str] = None, raw: Optional[bytes] = None,
            content_type: str = "application/json") -> Reply:
    data = raw if raw is not None else (
        json.dumps(body).encode() if body is not None else None)
    req = urllib.request.Request(url, data=data, method=method)
    if data is not None:
        req.add_header("Content-Type", content_type)
    if key:
        req.add_header("Authorization", "Bearer " + key)
    try:
        with urllib.request.urlopen(req, timeout=60 * SLOW) as resp:
            return Reply(resp.status, {k.lower(): v for k, v in resp.headers.items()},
                         resp.read())
    except urllib.error.HTTPError as e:
        return Reply(e.code, {k.lower(): v for k, v in e.headers.items()}, e.read())


def multipart(fields: dict[str, str], filename: str, data: str) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    out = []
    for name, value in fields.items():
        out.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"'
                   f'\r\n\r\n{value}\r\n')
    out.append(f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
               f'filename="{filename}"\r\nContent-Type: application/jsonl\r\n\r\n'
               f'{data}\r\n--{boundary}--\r\n')
    return "".join(out).encode(), "multipart/form-data; boundary=" + boundary


class Emulator:
    def __init__(self, *args: str) -> None:
        cmd = [EMU, "--port", "0", "--api-key", KEY, *args]
        if VALGRIND:
            cmd = ["valgrind", "--quiet", "--leak-check=full", "--error-exitcode=99",
                   "--errors-for-leak-kinds=definite,indirect"] + cmd
        self.stderr = tempfile.TemporaryFile(mode="w+")
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=self.stderr,
                                     text=True)
        started.append(self.proc)
        line = self.proc.stdout.readline().strip() if self.proc.stdout else ""
        if not line.startswith("listening on "):
            self.stop()
            raise RuntimeError("the emulator did not start: %r" % line)
        self.url = line[len("listening on "):]
        self.root = self.url[:-len("/v1")]

    def stop(self) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=60 * SLOW)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.proc.stdout:
            self.proc.stdout.close()
        return self.proc.returncode

    def api(self, method: str, path: str, body: Optional[Any] = None) -> Reply:
        return request(method, self.url + path, body, key=KEY)

    def control(self, method: str, path: str, body: Optional[Any] = None) -> Reply:
        return request(method, self.root + path, body)

    def ok(self, r: Reply) -> Any:
        if r.status != 200:
            raise AssertionError("status %d: %s" % (r.status, r.body[:300]))
        return r.json()

    def upload(self, data: str, purpose: str = "fine-tune") -> str:
        raw, ctype = multipart({"purpose": purpose}, "train.jsonl", data)
        r = request("POST", self.url + "/files", key=KEY, raw=raw, content_type=ctype)
        return str(self.ok(r)["id"])

    def job(self, extra: Optional[dict[str, Any]] = None) -> dict[str, Any]:
        fid = self.upload(CHAT * 10)
        body: dict[str, Any] = {"model": "gpt-4o-mini", "training_file": fid}
        body.update(extra or {})
        return dict(self.ok(self.api("POST", "/fine_tuning/jobs", body)))


def tearDownModule() -> None:
    for p in started:
        if p.poll() is None:
            p.kill()
            p.wait()


class ControlApiTest(unittest.TestCase):
    def setUp(self) -> None:
        self.emu = Emulator("--job-duration", "3600", "--quiet")

    def tearDown(self) -> None:
        self.assertEqual(self.emu.stop(), 0, "the emulator's exit code")

    def assertApiError(self, r: Reply, status: int,
                       param: Optional[str] = None) -> dict[str, Any]:
        self.assertEqual(r.status, status, r.body)
        err = r.json()["error"]
        self.assertEqual(set(err), {"message", "type", "param", "code"})
        self.assertIsInstance(err["message"], str)
        if param is not None:
            self.assertEqual(err["param"], param)
        return dict(err)

    def test_healthz_takes_no_key(self) -> None:
        r = request("GET", self.emu.root + "/healthz")
        self.assertEqual((r.status, r.json()), (200, {"status": "ok"}))
        self.assertApiError(request("GET", self.emu.url + "/models"), 401)

    def test_unknown_control_route(self) -> None:
        self.assertApiError(self.emu.control("GET", "/_emulator/nothing"), 404)
        self.assertApiError(self.emu.control("PUT", "/_emulator/state"), 404)

    def test_state_lists_every_object(self) -> None:
        job = self.emu.job()
        self.emu.ok(self.emu.api("POST", "/uploads", {
            "filename": "big.jsonl", "purpose": "fine-tune", "bytes": 10,
            "mime_type": "text/jsonl"}))
        st = self.emu.ok(self.emu.control("GET", "/_emulator/state"))
        self.assertEqual(set(st), {"files", "uploads", "jobs", "models", "permissions"})
        self.assertEqual([f["object"] for f in st["files"]], ["file"])
        self.assertEqual([u["object"] for u in st["uploads"]], ["upload"])
        self.assertEqual([j["id"] for j in st["jobs"]], [job["id"]])
        self.assertEqual(st["jobs"][0]["object"], "fine_tuning.job")
        self.assertIn("gpt-4o-mini", [m["id"] for m in st["models"]])
        self.assertEqual(st["permissions"], [])

    def test_reset_forgets_everything(self) -> None:
        job = self.emu.job()
        done = self.emu.ok(self.emu.control(
            "POST", "/_emulator/jobs/%s/advance" % job["id"], {"to": "end"}))
        model = done["fine_tuned_model"]
        self.emu.ok(self.emu.api(
            "POST", "/fine_tuning/checkpoints/%s/permissions" % model,
            {"project_ids": ["proj_1"]}))
        self.assertEqual(len(self.emu.ok(self.emu.control(
            "GET", "/_emulator/state"))["permissions"]), 1)
        self.emu.ok(self.emu.control("POST", "/_emulator/reset"))
        st = self.emu.ok(self.emu.control("GET", "/_emulator/state"))
        self.assertEqual((st["files"], st["uploads"], st["jobs"], st["permissions"]),
                         ([], [], [], []))
        ids = [m["id"] for m in st["models"]]
        self.assertNotIn(model, ids)
        self.assertIn("gpt-4o-mini-2024-07-18", ids)  # the base models stay
        self.assertEqual(self.emu.ok(self.emu.control(
            "GET", "/_emulator/requests"))["data"], [])
        self.assertApiError(self.emu.api("GET", "/fine_tuning/jobs/" + job["id"]), 404)

    def test_advance_step_by_step(self) -> None:
        job = self.emu.job()
        path = "/_emulator/jobs/%s/advance" % job["id"]
        seen = [str(self.emu.ok(self.emu.control("POST", path))["status"])
                for _ in range(3)]
        self.assertEqual(seen, ["queued", "running", "succeeded"])
        got = self.emu.ok(self.emu.api("GET", "/fine_tuning/jobs/" + job["id"]))
        self.assertEqual(got["status"], "succeeded")
        self.assertTrue(got["fine_tuned_model"].startswith("ft:gpt-4o-mini-2024-07-18:"))
        self.assertIsInstance(got["hyperparameters"]["n_epochs"], int)
        models = [m["id"] for m in self.emu.ok(self.emu.api("GET", "/models"))["data"]]
        self.assertIn(got["fine_tuned_model"], models)
        ckpts = self.emu.ok(self.emu.api(
            "GET", "/fine_tuning/jobs/%s/checkpoints" % job["id"]))["data"]
        self.assertEqual(len(ckpts), got["hyperparameters"]["n_epochs"])
        err = self.assertApiError(self.emu.control("POST", path), 409)
        self.assertIn("has already succeeded", err["message"])

    def test_advance_to_end_at_once(self) -> None:
        job = self.emu.job()
        before = int(time.time())
        done = self.emu.ok(self.emu.control(
            "POST", "/_emulator/jobs/%s/advance" % job["id"], {"to": "succeeded"}))
        self.assertEqual(done["status"], "succeeded")
        events = self.emu.ok(self.emu.api(
            "GET", "/fine_tuning/jobs/%s/events?limit=1000" % job["id"]))["data"]
        messages = [e["message"] for e in events]
        self.assertEqual(messages[0], "The job has successfully completed")
        self.assertIn("Fine-tuning job started", messages)
        self.assertTrue(any(e["type"] == "metrics" for e in events))
        # Stamped between the job's creation and now, newest first.
        stamps = [e["created_at"] for e in events]
        self.assertEqual(stamps, sorted(stamps, reverse=True))
        self.assertGreaterEqual(min(stamps), job["created_at"])
        self.assertLessEqual(max(stamps), int(time.time()) + 1)
        self.assertGreaterEqual(done["finished_at"], before - 1)

    def test_advance_errors(self) -> None:
        job = self.emu.job()
        path = "/_emulator/jobs/%s/advance" % job["id"]
        self.assertApiError(self.emu.control("POST", path, {"to": "sideways"}), 400, "to")
        self.assertApiError(self.emu.control("POST", path, {"to": 3}), 400, "to")
        self.assertApiError(self.emu.control(
            "POST", "/_emulator/jobs/ftjob-nope/advance"), 404)
        # A paused job goes back to running.
        self.emu.ok(self.emu.control("POST", path, {"to": "running"}))
        self.assertEqual(self.emu.ok(self.emu.api(
            "POST", "/fine_tuning/jobs/%s/pause" % job["id"]))["status"], "paused")
        self.assertEqual(self.emu.ok(self.emu.control("POST", path))["status"], "running")

    def test_fail(self) -> None:
        job = self.emu.job()
        r = self.emu.control("POST", "/_emulator/jobs/%s/fail" % job["id"],
                             {"code": "quota_exceeded", "message": "Out of quota."})
        failed = self.emu.ok(r)
        self.assertEqual(failed["status"], "failed")
        self.assertEqual(failed["error"]["code"], "quota_exceeded")
        self.assertEqual(failed["error"]["message"], "Out of quota.")
        self.assertIsInstance(failed["finished_at"], int)
        self.assertApiError(self.emu.control(
            "POST", "/_emulator/jobs/%s/fail" % job["id"]), 409)
        other = self.emu.job()
        self.assertApiError(self.emu.control(
            "POST", "/_emulator/jobs/%s/fail" % other["id"], {"code": 5}), 400, "code")
        self.assertApiError(self.emu.control(
            "POST", "/_emulator/jobs/%s/fail" % other["id"], {"why": "x"}), 400, "why")
        failed = self.emu.ok(self.emu.control(
            "POST", "/_emulator/jobs/%s/fail" % other["id"]))  # no body: defaults
        self.assertEqual(failed["status"], "failed")
        self.assertTrue(failed["error"]["message"])

    def test_delete_job(self) -> None:
        job = self.emu.job()
        gone = self.emu.ok(self.emu.control("DELETE", "/_emulator/jobs/" + job["id"]))
        self.assertEqual((gone["id"], gone["deleted"]), (job["id"], True))
        err = self.assertApiError(
            self.emu.api("GET", "/fine_tuning/jobs/" + job["id"]), 404)
        self.assertIn(job["id"], err["message"])
        listed = self.emu.ok(self.emu.api("GET", "/fine_tuning/jobs"))["data"]
        self.assertEqual(listed, [])
        self.assertApiError(self.emu.control("DELETE", "/_emulator/jobs/" + job["id"]),
                            404)

    def test_fault_status_for_next_requests(self) -> None:
        zero = {"fail_rate": 0.0, "rate_limit": 0, "latency_ms": 0, "status": 0,
                "status_count": 0, "retry_after": 0, "stall": "none"}
        self.assertEqual(self.emu.ok(self.emu.control("GET", "/_emulator/faults")), zero)
        set_ = self.emu.ok(self.emu.control(
            "POST", "/_emulator/faults", {"status": 503, "status_count": 2}))
        self.assertEqual((set_["status"], set_["status_count"]), (503, 2))
        for left in (1, 0):
            self.assertApiError(self.emu.api("GET", "/models"), 503)
            self.assertEqual(self.emu.ok(self.emu.control(
                "GET", "/_emulator/faults"))["status_count"], left)
        self.assertEqual(self.emu.api("GET", "/models").status, 200)
        # 429 carries Retry-After like the API's.
        self.emu.ok(self.emu.control("POST", "/_emulator/faults", {"status": 429}))
        r = self.emu.api("GET", "/models")
        self.assertApiError(r, 429)
        self.assertIn("retry-after", r.headers)
        self.assertEqual(self.emu.api("GET", "/models").status, 200)

    def raw_get(self, path: str, read_s: float) -> tuple[bytes, str]:
        """A GET on a socket of its own: what arrived within read_s seconds,
        and how the reading ended ("timeout", "closed" or "reset")."""
        host, port = self.emu.root[len("http://"):].rsplit(":", 1)
        with socket.create_connection((host, int(port)), timeout=10 * SLOW) as s:
            s.sendall(("GET /v1%s HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\n\r\n"
                       % (path, KEY)).encode())
            got, end = b"", time.monotonic() + read_s
            while True:
                s.settimeout(max(0.01, end - time.monotonic()))
                try:
                    chunk = s.recv(4096)
                except socket.timeout:
                    return got, "timeout"
                except ConnectionResetError:
                    return got, "reset"
                if not chunk:
                    return got, "closed"
                got += chunk

    def test_fault_stalls_and_long_retry_after(self) -> None:
        try:
            self.emu.ok(self.emu.control("POST", "/_emulator/faults", {"stall": "hang"}))
            self.assertEqual(self.raw_get("/models", 1.0), (b"", "timeout"))
            self.emu.ok(self.emu.control("POST", "/_emulator/faults", {"stall": "reset"}))
            self.assertEqual(self.raw_get("/models", 10.0 * SLOW), (b"", "reset"))
            self.emu.ok(self.emu.control("POST", "/_emulator/faults", {"stall": "drip"}))
            got, end = self.raw_get("/models", 2.5)
            self.assertEqual(end, "timeout")  # a body of hundreds of bytes, one a second
            head, _, body = got.partition(b"\r\n\r\n")
            self.assertTrue(head.startswith(b"HTTP/1.1 200"), got)
            self.assertTrue(1 <= len(body) <= 3 * SLOW, got)  # a lower bound, not a speed
            self.emu.ok(self.emu.control("POST", "/_emulator/faults",
                                         {"stall": "none", "status": 429, "retry_after": 120}))
            r = self.emu.api("GET", "/models")
            self.assertApiError(r, 429)
            self.assertEqual(r.headers.get("retry-after"), "120")
            self.assertNotIn("retry-after-ms", r.headers)
        finally:
            self.emu.ok(self.emu.control("POST", "/_emulator/faults",
                                         {"stall": "none", "status": 0, "retry_after": 0}))
        self.assertEqual(self.emu.api("GET", "/models").status, 200)

    def test_fault_rates_and_latency(self) -> None:
        self.emu.ok(self.emu.control("POST", "/_emulator/faults", {"fail_rate": 1.0}))
        err = self.assertApiError(self.emu.api("GET", "/models"), 500)
        self.assertEqual(err["type"], "server_error")
        self.emu.ok(self.emu.control("POST", "/_emulator/faults",
                                     {"fail_rate": 0, "rate_limit": 1}))
        statuses = [self.emu.api("GET", "/models").status for _ in range(4)]
        self.assertIn(429, statuses)
        self.emu.ok(self.emu.control("POST", "/_emulator/faults",
                                     {"rate_limit": 0, "latency_ms": 150}))
        self.emu.ok(self.emu.control("DELETE", "/_emulator/requests"))
        self.assertEqual(self.emu.api("GET", "/models").status, 200)
        log = self.emu.ok(self.emu.control("GET", "/_emulator/requests"))["data"]
        self.assertGreaterEqual(log[-1]["duration_ms"], 150)  # a lower bound, not a speed
        for bad in ({"fail_rate": 2}, {"rate_limit": -1}, {"latency_ms": "x"},
                    {"status": 99}, {"status_count": -3}, {"bogus": 1},
                    {"retry_after": -1}, {"stall": "slow"}):
            field = next(iter(bad))
            self.assertApiError(self.emu.control("POST", "/_emulator/faults", bad), 400,
                                field)

    def test_request_log(self) -> None:
        self.emu.ok(self.emu.control("DELETE", "/_emulator/requests"))
        first = self.emu.api("GET", "/models")
        missing = self.emu.api("GET", "/files/file-nope")
        self.emu.control("GET", "/_emulator/state")  # control requests are not logged
        request("GET", self.emu.root + "/healthz")
        log = self.emu.ok(self.emu.control("GET", "/_emulator/requests"))
        self.assertEqual(log["object"], "list")
        data = log["data"]
        self.assertEqual([(e["method"], e["path"], e["status"]) for e in data],
                         [("GET", "/v1/models", 200), ("GET", "/v1/files/file-nope", 404)])
        self.assertEqual(data[0]["request_id"], first.headers["x-request-id"])
        self.assertEqual(data[1]["request_id"], missing.headers["x-request-id"])
        self.assertIsNone(data[0]["error"])
        self.assertEqual(data[1]["error"], missing.json()["error"]["message"])
        self.assertLess(data[0]["seq"], data[1]["seq"])
        for e in data:
            self.assertIsInstance(e["duration_ms"], int)
            self.assertAlmostEqual(e["time"], time.time(), delta=600)
        later = self.emu.ok(self.emu.control(
            "GET", "/_emulator/requests?since=%d" % data[0]["seq"]))["data"]
        self.assertEqual([e["seq"] for e in later], [data[1]["seq"]])
        self.assertApiError(self.emu.control("GET", "/_emulator/requests?since=x"), 400,
                            "since")
        self.emu.ok(self.emu.control("DELETE", "/_emulator/requests"))
        self.assertEqual(self.emu.ok(self.emu.control(
            "GET", "/_emulator/requests"))["data"], [])


class ResetDataDirTest(unittest.TestCase):
    def test_reset_removes_stored_bytes(self) -> None:
        d = tempfile.mkdtemp(prefix="oft-emu-control-")
        try:
            emu = Emulator("--quiet", "--data-dir", os.path.join(d, "data"))
            try:
                fid = emu.upload(CHAT * 10)
                self.assertTrue(os.path.exists(os.path.join(d, "data", fid)))
                emu.ok(emu.control("POST", "/_emulator/reset"))
                self.assertFalse(os.path.exists(os.path.join(d, "data", fid)))
                self.assertEqual(emu.api("GET", "/files/" + fid).status, 404)
            finally:
                self.assertEqual(emu.stop(), 0)
        finally:
            shutil.rmtree(d)


if __name__ == "__main__":
    unittest.main(verbosity=2)
