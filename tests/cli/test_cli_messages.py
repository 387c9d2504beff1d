"""What openai-ft says: connection errors with their attempts and the base
URL's origin, the /v1 hint, -v request lines, rate limits, the validator's
report (folded, counted, an empty file), the checkpoints table."""
from __future__ import annotations

import json
import os
import re
import tempfile
from typing import List

import harness as h
from harness import FakeApi, MODEL, env_for


def write_lines(path: str, lines: List[object]) -> str:
    with open(path, "w") as f:
        for line in lines:
            f.write(json.dumps(line) + "\n")
    return path


CHAT = {"messages": [{"role": "system", "content": "be brief"},
                     {"role": "user", "content": "hi"},
                     {"role": "assistant", "content": "hello"}]}


class MessagesTest(h.CliCase):
    def dead_url(self) -> str:
        emu = h.Emulator()
        emu.stop()  # nothing listens there any more
        return emu.url

    def test_connection_error_says_attempts_and_origin(self):
        url = self.dead_url()
        r = self.run_cli("--base-url", url, "--max-retries", "1", "jobs", "list", expect=1)
        self.assertIn("list jobs: cannot reach %s after 2 attempts" % url, r.err)
        self.assertIn("the base URL came from --base-url", r.err)
        r = self.run_cli("--max-retries=0", "files", "list", expect=1,
                         env=env_for(None, OPENAI_BASE_URL=url))
        self.assertIn("after 1 attempt:", r.err)
        self.assertIn("the base URL came from OPENAI_BASE_URL", r.err)

    def test_hint_for_a_base_url_without_v1(self):
        root = self.emu.url[:-len("/v1")]
        r = self.run_cli("--base-url", root, "jobs", "list", expect=1)
        self.assertIn("HTTP 404", r.err)
        # the library's hint, in its message (every binding has it)
        self.assertIn("hint: the base URL %s has no /v1 path; try %s/v1" % (root, root),
                      r.err)
        self.assertEqual(r.err.count("hint:"), 1, r.err)  # not the CLI's own as well
        r = self.run_cli("jobs", "get", "ftjob-missing", expect=1)
        self.assertNotIn("hint", r.err)  # a real 404 with /v1: no hint

    def test_verbose_request_lines(self):
        r = self.run_cli("-v", "jobs", "list")
        lines = [l for l in r.err.splitlines() if "fine_tuning/jobs" in l]
        self.assertEqual(len(lines), 1, r.err)
        self.assertRegex(lines[0], r"openai-ft: \[debug\] GET %s/fine_tuning/jobs -> 200 "
                                   r"in \d+ ms \(attempt 1[;)]" % re.escape(self.emu.url))
        url = self.dead_url()
        r = self.run_cli("-v", "--base-url", url, "--max-retries", "0", "jobs", "list",
                         expect=1)
        lines = [l for l in r.err.splitlines() if "[debug]" in l]
        self.assertEqual(len(lines), 1, r.err)
        self.assertEqual(lines[0].count("GET "), 1, lines[0])  # never doubled
        self.assertRegex(lines[0], r"GET \S+ -> connection error: .* in \d+ ms "
                                   r"\(attempt 1\)$")

    def test_rate_limit_above_the_cap(self):
        for value, shown in (("3600", "retry after 3600 s"),
                             ("1e300", "retry after more than a year")):
            fake = FakeApi({("GET", "/v1/fine_tuning/jobs"): lambda _, v=value: (
                429, {"Retry-After": v}, {"error": {"message": "slow down",
                                                    "type": "rate_limit_error"}})})
            try:
                r = self.run_cli("jobs", "list", env=env_for(None, OPENAI_BASE_URL=fake.url),
                                 expect=1)
                seen = list(fake.seen)
            finally:
                fake.stop()
            self.assertEqual(r.err.count("HTTP 429"), 1, r.err)
            self.assertIn(shown, r.err)
            self.assertIn("above the 120 s this tool waits", r.err)
            self.assertEqual(len(seen), 1, seen)  # not retried after a backoff

    def test_validator_report(self):
        with tempfile.TemporaryDirectory() as tmp:
            # 30 identical problems fold into one line with the count and first lines
            mixed = write_lines(os.path.join(tmp, "mixed.jsonl"),
                                [CHAT] * 12 + [{"prompt": "p", "completion": "c"}] * 30)
            r = self.run_cli("validate", mixed, expect=5)
            lines = [l for l in r.err.splitlines() if "[format_mismatch]" in l]
            self.assertEqual(len(lines), 1, r.err)
            self.assertIn("mixed.jsonl:13: error:", lines[0])
            self.assertIn("(30 times: lines 13, 14, 15, 16, 17, ...)", lines[0])
            self.assertIn("30 errors, 0 warnings", r.out)
            rep = self.run_cli("--json", "validate", mixed, expect=5).json()
            self.assertEqual(len([p for p in rep["problems"]
                                  if p["code"] == "format_mismatch"]), 30)
            # an empty file has no line 0
            empty = os.path.join(tmp, "empty.jsonl")
            open(empty, "w").close()
            r = self.run_cli("validate", empty, expect=5)
            self.assertIn("empty.jsonl: error: ", r.err)
            self.assertNotIn(":0", r.err)
            self.assertIn("0 examples, 1 error, 0 warnings", r.out)
            # one example is "1 example"
            one = write_lines(os.path.join(tmp, "one.jsonl"), [CHAT])
            r = self.run_cli("validate", one, expect=None)
            self.assertIn(", 1 example, ", r.out)
        # errors and warnings counted apart, the same in validate and in train
        r = self.run_cli("validate", h.BAD, expect=5)
        self.assertIn("5 errors, 3 warnings", r.out)
        r = self.run_cli("train", h.BAD, "-m", MODEL, expect=5)
        self.assertIn("5 errors, 3 warnings; nothing was uploaded", r.err)

    def test_checkpoints_table(self):
        # with validation data: checkpoints carry validation metrics only then
        job = self.run_cli("--json", "train", h.TRAIN, "--validation-file", h.TRAIN, "-m",
                           MODEL, "--n-epochs", "3", "--poll-interval", "0.2").json()
        cks = self.run_cli("--json", "jobs", "checkpoints", job["id"]).json()["data"]
        self.assertEqual(len(cks), 3)
        out = self.run_cli("jobs", "checkpoints", job["id"]).out.splitlines()
        header = out[0]
        self.assertTrue(header.startswith("STEP "), header)
        col = header.index("CHECKPOINT")
        self.assertEqual(len(out), 1 + len(cks))
        for line, ck in zip(out[1:], cks):  # a pipe: every column, whole
            self.assertEqual(line[col:], ck["fine_tuned_model_checkpoint"])
            self.assertEqual(int(line.split()[0]), ck["step_number"])
            self.assertRegex(line, r"^\d+ +\d\.\d{4} +\d\.\d{4} +\d\.\d{4} +ft:")
        # a wider terminal shows the metrics too
        t = h.Tty(["jobs", "checkpoints", job["id"]], env_for(self.emu), cols=120,
                  stdout_tty=True)
        code, _, tty = t.finish(self)
        self.assertEqual(code, 0)
        rows = tty.split("\r\n")
        self.assertRegex(rows[0], r"^STEP +TRAIN_LOSS +VALID_LOSS +TRAIN_ACC +CHECKPOINT$")
        for row in rows[1:1 + len(cks)]:
            self.assertRegex(row, r"^\d+ +\d\.\d{4} +\d\.\d{4} +\d\.\d{4} +ft:")
            self.assertLessEqual(len(row), 120)
