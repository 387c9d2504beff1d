#!/usr/bin/env python3
"""Process tests of openai-ft against openai-ft-emulator over loopback HTTP.

Usage: test_cli.py OPENAI_FT OPENAI_FT_EMULATOR DATA_DIR BUILD_DIR [unittest args]

Every command is run as a process; --json output is parsed and checked; each
exit code is produced on purpose. Every process started here is stopped by its
PID, also on failure. Under `meson test --setup=valgrind` (OFT_UNDER_VALGRIND=1)
each openai-ft run goes through valgrind and a leak or memory error fails it.
This file holds the tests of the commands' results; test_cli_*.py the rest
(options and help, the terminal, files and keys, messages).
"""
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
import unittest

import harness as h
from harness import FakeApi, Emulator, HOSTILE, MODEL, PROC_TIMEOUT, env_for, fake_job
from harness import check_sanitizers, started, wrap


class CliTest(h.CliCase):
    # ---- help, version, usage errors (exit 2) ----

    def test_help_and_version(self):
        r = self.run_cli("--help", env=env_for(None, key=None))
        self.assertIn("Exit codes", r.out)
        self.assertIn("5  validation found problems", r.out)
        self.assertIn("libopenai_ft", self.run_cli("--version").out)
        for cmd in (["train"], ["validate"], ["files"], ["jobs"], ["permissions"],
                    ["graders"], ["models"]):
            self.assertIn("Usage: openai-ft " + cmd[0], self.run_cli(*cmd, "--help").out)
        self.assertRegex(self.run_cli("help", "jobs").out, r"\n  wait +wait for a job")

    def test_usage_errors(self):
        cases = [
            [], ["frobnicate"], ["--bogus", "jobs", "list"], ["--timeout", "abc", "jobs", "list"],
            ["--max-retries", "-1", "jobs", "list"], ["train", h.TRAIN],
            ["train", h.TRAIN, "--model", MODEL, "--n-epochs", "0"],
            ["train", h.TRAIN, "--model", MODEL, "--batch-size", "x"],
            ["train", h.TRAIN, "--model", MODEL, "--method", "magic"],
            ["train", h.TRAIN, "--model", MODEL, "--beta", "0.1"],
            ["train", h.TRAIN, "--model", MODEL, "--metadata", "novalue"],
            ["train", h.TRAIN, "--model", MODEL, "--suffix", "x" * 65],
            ["train", "--model", MODEL], ["jobs", "get"], ["jobs", "get", "a", "b"],
            ["jobs", "frob"], ["jobs", "list", "--limit", "0"], ["files", "download", "file-x"],
            ["permissions", "create", "ft:x:ckpt-step-1"], ["models", "get"],
            ["validate", h.TRAIN, "--format", "yaml"], ["jobs", "wait", "x", "--timeout", "-1"],
        ]
        for args in cases:
            r = self.run_cli(*args, expect=2)
            self.assertIn("openai-ft", r.err, args)
            self.assertEqual(r.out, "", args)

    def test_usage_hint_names_the_subcommand(self):
        for args, cmd in ((["jobs", "list", "--limit", "0"], "jobs list"),
                          (["train", h.TRAIN, "--model", MODEL, "--n-epochs", "0"], "train"),
                          (["train", h.TRAIN, "--model", MODEL, "--method", "x"], "train"),
                          (["jobs", "create", "--metadata", "x"], "jobs create"),
                          (["jobs", "events", "x", "--limit", "x"], "jobs events"),
                          (["frobnicate"], None), (["--timeout", "x", "jobs"], None)):
            r = self.run_cli(*args, expect=2)
            hint = "Try 'openai-ft %s--help'." % (cmd + " " if cmd else "")
            self.assertIn(hint, r.err, args)

    def test_client_creation_errors_exit2(self):
        r = self.run_cli("jobs", "list", key=None, expect=2)
        self.assertIn("openai-ft: no API key: set OPENAI_API_KEY or pass --api-key", r.err)
        r = self.run_cli("--base-url", "ftp://x", "jobs", "list", expect=2)
        self.assertIn("--base-url: must be an http:// or https:// URL (got ftp://x)", r.err)
        r = self.run_cli("jobs", "list", env=env_for(None, OPENAI_BASE_URL="ftp://y"),
                         expect=2)
        self.assertIn("OPENAI_BASE_URL: must be an http:// or https:// URL (got ftp://y)",
                      r.err)
        secret = "sk-secret-with-crlf\r\nX-Evil: 1"
        r = self.run_cli("--api-key", secret, "files", "list", key=None, expect=2)
        self.assertIn("--api-key: the API key contains a control character", r.err)
        r = self.run_cli("files", "list", key=secret, expect=2)
        self.assertIn("OPENAI_API_KEY: the API key contains a control character", r.err)
        self.assertNotIn("sk-secret", r.out + r.err)

    # ---- server text never reaches the terminal raw ----

    def test_server_strings_are_escaped(self):
        hostile_file = {"object": "file", "id": "file-x", "bytes": 5, "created_at": 1700000000,
                        "filename": "a\u001b[2Jb.jsonl", "purpose": "fine-tune",
                        "status": "processed", "status_details": "d\u001b[1m"}
        event = {"object": "fine_tuning.job.event", "id": "ftevent-1",
                 "created_at": 1700000000, "level": "info", "type": "message",
                 "message": "hello\u001b]0;pwned\u0007", "data": {}}
        fake = FakeApi({
            ("GET", "/v1/fine_tuning/jobs/ftjob-x"):
                lambda h: (200, {}, fake_job(status="succeeded\u001b[5m",
                                             user_provided_suffix="s\u001b[1m")),
            ("GET", "/v1/fine_tuning/jobs"):
                lambda h: (200, {}, {"object": "list", "data": [fake_job()],
                                     "has_more": False}),
            ("GET", "/v1/fine_tuning/jobs/ftjob-x/events"):
                lambda h: (200, {}, {"object": "list", "data": [event], "has_more": False}),
            # a finished job (with the hostile model name and event) for `jobs wait`
            ("GET", "/v1/fine_tuning/jobs/ftjob-w"): lambda h: (200, {}, fake_job(id="ftjob-w")),
            ("GET", "/v1/fine_tuning/jobs/ftjob-w/events"):
                lambda h: (200, {}, {"object": "list", "data": [event], "has_more": False}),
            ("GET", "/v1/files"):
                lambda h: (200, {}, {"object": "list", "data": [hostile_file],
                                     "has_more": False}),
            ("GET", "/v1/files/file-x"): lambda h: (200, {}, hostile_file),
            ("GET", "/v1/models/m"):
                lambda h: (404, {}, {"error": {"message": "no \u001b[31mmodel\u009b",
                                               "type": "invalid\u001b_request_error",
                                               "code": "c\u001b", "param": None}}),
        })
        env = env_for(None, OPENAI_BASE_URL=fake.url)
        try:
            runs = [self.run_cli("jobs", "get", "ftjob-x", env=env),
                    self.run_cli("jobs", "list", env=env),
                    self.run_cli("jobs", "list", "--all", env=env),
                    self.run_cli("jobs", "events", "ftjob-x", env=env),
                    self.run_cli("files", "list", env=env),
                    self.run_cli("files", "get", "file-x", env=env),
                    self.run_cli("jobs", "wait", "ftjob-w", env=env),
                    self.run_cli("models", "get", "m", env=env, expect=1)]
            for r in runs:
                for bad in ("\x1b", "\x07", "\x7f", "\u009b"):
                    self.assertNotIn(bad, r.out + r.err)
            self.assertIn("x\\x1b]0;pwned\\x07\\x1b[31mRED\\u009b31m\\x7f", runs[1].out)
            self.assertIn("hello\\x1b]0;pwned\\x07", runs[3].out)
            self.assertIn("no \\x1b[31mmodel\\u009b", runs[7].err)
            self.assertIn("fine_tuned_model: x\\x1b]0;pwned", runs[0].out)
            # --json stays the server's JSON (escaped by JSON itself)
            j = self.run_cli("--json", "jobs", "get", "ftjob-x", env=env)
            self.assertEqual(j.json()["fine_tuned_model"], HOSTILE)
            self.assertNotIn("\x1b", j.out)
        finally:
            fake.stop()

    def test_files_list_columns_fit_long_purposes(self):
        files = [{"object": "file", "id": "file-%024d" % i, "bytes": 123456 * i,
                  "created_at": 1700000000, "filename": "f%d" % i, "purpose": p,
                  "status": "processed"}
                 for i, p in enumerate(["fine-tune", "fine-tune-results",
                                        "assistants_output", "batch"])]
        fake = FakeApi({("GET", "/v1/files"): lambda h: (200, {}, {
            "object": "list", "data": files, "has_more": False})})
        try:
            r = self.run_cli("files", "list", env=env_for(None, OPENAI_BASE_URL=fake.url))
        finally:
            fake.stop()
        lines = r.out.splitlines()
        header = lines[0]
        cols = [header.index(n) for n in ("PURPOSE", "SIZE", "CREATED", "FILENAME")]
        self.assertEqual(len(lines), 5)
        for line in lines[1:]:
            for col in cols:  # every column starts where its title does
                self.assertEqual(line[col - 1], " ", line)
                self.assertNotEqual(line[col], " ", line)

    def test_429_shows_retry_after(self):
        fake = FakeApi({("GET", "/v1/fine_tuning/jobs"): lambda h: (
            429, {"Retry-After": "3600"}, {"error": {"message": "slow down",
                                                    "type": "rate_limit_error"}})})
        try:
            r = self.run_cli("jobs", "list", env=env_for(None, OPENAI_BASE_URL=fake.url),
                             expect=1)
        finally:
            fake.stop()
        self.assertIn("HTTP 429", r.err)
        self.assertIn("retry after 3600 s", r.err)

    def test_ctrl_c_cancels_a_large_upload(self):
        upload = {"object": "upload", "id": "upload_x", "status": "pending", "bytes": 0,
                  "filename": "big.jsonl", "purpose": "fine-tune",
                  "created_at": 1700000000, "expires_at": 1700003600}
        part_started = threading.Event()
        cancelled = threading.Event()

        def stall(h):
            part_started.set()
            fake.release.wait(PROC_TIMEOUT)  # never reads the part
            return None

        def cancel(h):
            cancelled.set()
            return 200, {}, dict(upload, status="cancelled")

        fake = FakeApi({("POST", "/v1/uploads"): lambda h: (200, {}, upload),
                        ("POST", "/v1/uploads/upload_x/parts"): stall,
                        ("POST", "/v1/uploads/upload_x/cancel"): cancel})
        try:
            with tempfile.TemporaryDirectory() as tmp:
                big = os.path.join(tmp, "big.jsonl")
                with open(big, "wb") as f:  # sparse: over the 128 MiB threshold
                    f.truncate(129 * 1024 * 1024)
                p = subprocess.Popen(wrap(["files", "upload", big]), stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True,
                                     env=env_for(None, OPENAI_BASE_URL=fake.url))
                started.append(p)
                self.assertTrue(part_started.wait(PROC_TIMEOUT))
                p.send_signal(signal.SIGINT)
                out, err = p.communicate(timeout=PROC_TIMEOUT)
            check_sanitizers(self, err)
            self.assertEqual(p.returncode, 130, err)
            self.assertIn("interrupted; upload cancelled", err)
            self.assertTrue(cancelled.is_set(), fake.seen)
            self.assertEqual(out, "")
        finally:
            fake.stop()

    # ---- validate (exit 0 / 5) ----

    def test_validate(self):
        r = self.run_cli("validate", h.TRAIN)
        self.assertIn("valid", r.out)
        self.assertRegex(r.out, r"\d+ messages, [1-9]\d* characters of text")
        rep = self.run_cli("--json", "validate", h.TRAIN).json()
        self.assertTrue(rep["ok"])
        self.assertEqual(rep["examples"], 30)
        self.assertGreater(rep["characters"], 0)
        self.assertIn("%d characters" % rep["characters"], r.out)
        self.assertEqual(rep["format"], "chat")

        r = self.run_cli("validate", h.BAD, expect=5)
        for line in (2, 3, 4, 5, 7):
            self.assertIn("bad.jsonl:%d" % line, r.err)
        self.assertNotIn("bad.jsonl:1:", r.err)
        self.assertNotIn("bad.jsonl:6:", r.err)
        rep = self.run_cli("--json", "validate", h.BAD, expect=5).json()
        self.assertFalse(rep["ok"])
        self.assertEqual(sorted({p["line"] for p in rep["problems"]
                                 if p["severity"] == "error"}), [2, 3, 4, 5, 7])

        r = self.run_cli("validate", os.path.join(h.DATA, "does-not-exist.jsonl"), expect=2)
        self.assertIn("does-not-exist.jsonl", r.err)

    # ---- files ----

    def test_files(self):
        with tempfile.TemporaryDirectory() as tmp:
            f = self.run_cli("--json", "files", "upload", h.TRAIN).json()
            self.assertEqual(f["object"], "file")
            self.assertEqual(f["purpose"], "fine-tune")
            self.assertEqual(f["bytes"], os.path.getsize(h.TRAIN))
            ids = [x["id"] for x in self.run_cli("--json", "files", "list").json()["data"]]
            self.assertIn(f["id"], ids)
            self.assertIn(f["id"], self.run_cli("files", "list").out)
            self.assertEqual(self.run_cli("--json", "files", "get", f["id"]).json()["id"], f["id"])
            self.assertIn("filename:   train.jsonl", self.run_cli("files", "get", f["id"]).out)
            dst = os.path.join(tmp, "copy.jsonl")
            self.run_cli("files", "download", f["id"], "-o", dst)
            with open(dst, "rb") as a, open(h.TRAIN, "rb") as b:
                self.assertEqual(a.read(), b.read())
            self.assertEqual(self.run_cli("-q", "files", "upload", h.TRAIN).out.strip()[:5], "file-")
            d = self.run_cli("--json", "files", "delete", f["id"], "--yes").json()
            self.assertTrue(d["deleted"])
            # exit 1: the API's error with HTTP status and request id
            r = self.run_cli("files", "get", f["id"], expect=1)
            self.assertIn("HTTP 404", r.err)
            self.assertRegex(r.err, r"req_[0-9a-zA-Z]+")
            r = self.run_cli("files", "upload", os.path.join(tmp, "missing.jsonl"), expect=2)
            self.assertIn("missing.jsonl", r.err)
            # the path as given, not its base name
            r = self.run_cli("files", "upload", "/dev/zero", expect=2)
            self.assertIn("/dev/zero: not a regular file", r.err)

    # ---- train end to end, jobs, checkpoints, permissions, models ----

    def test_train_end_to_end(self):
        r = self.run_cli("train", h.TRAIN, "--model", MODEL, "--suffix", "e2e", "--n-epochs", "2",
                         "--metadata", "team=cli", "--poll-interval", "0.2")
        last = r.out.strip().splitlines()[-1]
        self.assertTrue(last.startswith("fine_tuned_model: ft:%s:" % MODEL), r.out)
        ft_model = last.split(": ", 1)[1]
        self.assertIn("e2e", ft_model)
        self.assertIn("uploaded", r.err)
        self.assertIn("succeeded", r.err)
        self.assertNotIn("\033[", r.out + r.err)  # not a terminal: no colour

        job = self.run_cli("--json", "jobs", "list", "--limit", "1").json()["data"][0]
        self.assertEqual(job["fine_tuned_model"], ft_model)
        self.assertEqual(job["status"], "succeeded")
        self.assertEqual(job["metadata"], {"team": "cli"})
        jid = job["id"]
        self.assertEqual(self.run_cli("--json", "jobs", "get", jid).json()["id"], jid)
        self.assertIn("status:           succeeded", self.run_cli("jobs", "get", jid).out)
        all_ids = [j["id"] for j in self.run_cli("--json", "jobs", "list", "--all").json()["data"]]
        self.assertIn(jid, all_ids)
        self.assertIn(jid, self.run_cli("jobs", "list").out)

        events = self.run_cli("--json", "jobs", "events", jid, "--limit", "100").json()["data"]
        self.assertTrue(any(e.get("type") == "metrics" for e in events))
        self.assertTrue(self.run_cli("jobs", "events", jid).out.strip())
        follow = self.run_cli("jobs", "events", jid, "--follow")  # ended: prints and exits 0
        self.assertTrue(follow.out.strip())

        cks = self.run_cli("--json", "jobs", "checkpoints", jid).json()["data"]
        self.assertGreaterEqual(len(cks), 1)
        ckpt = cks[0]["fine_tuned_model_checkpoint"]
        self.assertIn(ckpt, self.run_cli("jobs", "checkpoints", jid).out)

        perms = self.run_cli("--json", "permissions", "create", ckpt, "--project", "proj_a",
                             "--project", "proj_b").json()["data"]
        self.assertEqual(sorted(p["project_id"] for p in perms), ["proj_a", "proj_b"])
        listed = self.run_cli("--json", "permissions", "list", ckpt).json()["data"]
        self.assertEqual(len(listed), 2)
        self.assertIn("proj_a", self.run_cli("permissions", "list", ckpt).out)
        d = self.run_cli("--json", "permissions", "delete", ckpt, perms[0]["id"]).json()
        self.assertTrue(d["deleted"])

        self.assertEqual(self.run_cli("--json", "models", "get", ft_model).json()["id"], ft_model)
        ids = [m["id"] for m in self.run_cli("--json", "models", "list").json()["data"]]
        self.assertIn(ft_model, ids)
        self.assertIn(ft_model, self.run_cli("models", "list").out)
        self.assertTrue(self.run_cli("--json", "models", "delete", ft_model, "-y")
                        .json()["deleted"])
        r = self.run_cli("models", "get", ft_model, expect=1)
        self.assertIn("HTTP 404", r.err)

    def test_train_json_and_no_wait(self):
        job = self.run_cli("--json", "train", h.TRAIN, "--model", MODEL,
                           "--poll-interval", "0.2").json()
        self.assertEqual(job["status"], "succeeded")
        self.assertTrue(job["fine_tuned_model"].startswith("ft:"))
        r = self.run_cli("train", h.TRAIN, "--model", MODEL, "--no-wait", emu=self.slow)
        self.assertTrue(r.out.startswith("job: ftjob"), r.out)
        self.assertIn("openai-ft jobs wait", r.err)
        jid = r.out.split()[1]
        self.run_cli("jobs", "cancel", jid, emu=self.slow)

    def test_train_bad_file_exit5_uploads_nothing(self):
        before = len(self.run_cli("--json", "files", "list").json()["data"])
        r = self.run_cli("train", h.BAD, "--model", MODEL, expect=5)
        self.assertIn("bad.jsonl:2", r.err)
        self.assertIn("nothing was uploaded", r.err)
        self.assertEqual(len(self.run_cli("--json", "files", "list").json()["data"]), before)

    # ---- exit 3: the job ends failed or cancelled ----

    def test_job_failed_in_emulator_exit3(self):
        # uploaded without local validation: the emulator's validator fails the job
        f = self.run_cli("--json", "files", "upload", h.BAD).json()
        r = self.run_cli("jobs", "create", "--model", MODEL, "--training-file", f["id"],
                         "--wait", "--poll-interval", "0.2", expect=3)
        self.assertIn("failed", r.err)
        self.assertIn("line", r.err)

    def test_job_cancelled_while_waiting_exit3(self):
        jid = self.create_job(self.slow)
        p = self.popen_cli("jobs", "wait", jid, "--poll-interval", "0.2", emu=self.slow)
        self.wait_for_line(p.stderr, "waiting for job")
        self.run_cli("jobs", "cancel", jid, emu=self.slow)
        out, err = p.communicate(timeout=PROC_TIMEOUT)
        self.assertEqual(p.returncode, 3, err)
        self.assertIn("cancelled", err)

    # ---- exit 4: a wait timed out ----

    def test_wait_timeout_exit4(self):
        jid = self.create_job(self.slow)  # a 600 s job: the 0.5 s timeout comes first
        r = self.run_cli("jobs", "wait", jid, "--timeout", "0.5", "--poll-interval", "0.1",
                         emu=self.slow, expect=4)
        self.assertIn("timed out", r.err)
        self.assertIn("openai-ft jobs wait " + jid, r.err)
        self.run_cli("jobs", "cancel", jid, emu=self.slow)

    def test_pause_resume(self):
        emu = Emulator("--job-duration", "40")  # running from 8 s to 38 s
        try:
            jid = self.create_job(emu)
            r = self.run_cli("jobs", "pause", jid, emu=emu, expect=1)  # not running yet
            self.assertIn("HTTP 409", r.err)
            for _ in range(400):
                if self.run_cli("--json", "jobs", "get", jid, emu=emu).json()["status"] \
                        == "running":
                    break
                time.sleep(0.1)
            self.assertEqual(self.run_cli("--json", "jobs", "pause", jid, emu=emu)
                             .json()["status"], "paused")
            # a paused job is not finished: the wait times out and prints the job
            r = self.run_cli("--json", "jobs", "wait", jid, "--timeout", "0.3", emu=emu,
                             expect=4)
            self.assertEqual(r.json()["status"], "paused")
            self.assertIn(self.run_cli("--json", "jobs", "resume", jid, emu=emu)
                          .json()["status"], ("queued", "running"))
            self.assertIn("status:           cancelled",
                          self.run_cli("jobs", "cancel", jid, emu=emu).out)
        finally:
            emu.stop()

    # ---- Ctrl-C (exit 130, the job keeps running) ----

    def test_ctrl_c_leaves_job_running(self):
        p = self.popen_cli("train", h.TRAIN, "--model", MODEL, "--poll-interval", "0.2",
                           emu=self.slow)
        seen = self.wait_for_line(p.stderr, "waiting for job")
        jid = seen.split("waiting for job ")[1].split()[0]
        p.send_signal(signal.SIGINT)
        out, err = p.communicate(timeout=PROC_TIMEOUT)
        self.assertEqual(p.returncode, 130, err)
        self.assertIn("keeps running", err)
        self.assertIn("openai-ft jobs wait " + jid, err)
        status = self.run_cli("--json", "jobs", "get", jid, emu=self.slow).json()["status"]
        self.assertIn(status, ("validating_files", "queued", "running"))
        self.run_cli("jobs", "cancel", jid, emu=self.slow)

    def test_ctrl_c_cancel_on_interrupt(self):
        jid = self.create_job(self.slow)
        p = self.popen_cli("jobs", "wait", jid, "--cancel-on-interrupt", emu=self.slow)
        self.wait_for_line(p.stderr, "waiting for job")
        p.send_signal(signal.SIGINT)
        out, err = p.communicate(timeout=PROC_TIMEOUT)
        self.assertEqual(p.returncode, 3, err)
        self.assertEqual(self.run_cli("--json", "jobs", "get", jid, emu=self.slow)
                         .json()["status"], "cancelled")

    # ---- the terminal view ----

    def train_on_tty(self, **extra):
        """Runs train with stderr on a pseudo-terminal; returns (code, stdout, tty text)."""
        t = h.Tty(["train", h.TRAIN, "--model", MODEL, "--poll-interval", "0.2"],
                  env_for(self.emu, TERM="xterm", **extra))
        return t.finish(self)

    def test_live_view_on_terminal(self):
        code, out, tty = self.train_on_tty()
        self.assertEqual(code, 0, tty)
        self.assertTrue(out.strip().splitlines()[-1].startswith("fine_tuned_model: ft:"))
        self.assertIn("uploading [", tty)       # progress bar
        self.assertIn("\r\033[K", tty)          # a status line redrawn in place
        self.assertRegex(tty, r"epoch \d+/\d+")
        self.assertRegex(tty, r"step \d+/\d+")
        self.assertRegex(tty, r"loss \d+\.\d+")
        self.assertIn("elapsed", tty)
        self.assertIn("\033[32m", tty)          # colour on a terminal
        code, out, tty = self.train_on_tty(NO_COLOR="1")
        self.assertEqual(code, 0, tty)
        self.assertIn("step", tty)
        self.assertNotIn("\033[3", tty)          # NO_COLOR: no colour
        self.assertNotIn("\033[1m", tty)

    # ---- several clients, fault injection, network errors ----

    def test_two_clients_at_once(self):
        procs = [self.popen_cli("train", h.TRAIN, "--model", MODEL, "--suffix", "c%d" % i,
                                "--poll-interval", "0.2") for i in range(2)]
        models = []
        for p in procs:
            out, err = p.communicate(timeout=PROC_TIMEOUT)
            self.assertEqual(p.returncode, 0, err)
            models.append(out.strip().splitlines()[-1])
        self.assertNotEqual(models[0], models[1])
        self.assertIn(":c0:", models[0])
        self.assertIn(":c1:", models[1])

    def test_fail_rate_absorbed_by_retries(self):
        emu = Emulator("--job-duration", "1", "--fail-rate", "0.3")
        try:
            env = env_for(emu)
            r = self.run_cli("--max-retries", "12", "train", h.TRAIN, "--model", MODEL,
                             "--poll-interval", "0.2", env=env)
            self.assertTrue(r.out.strip().splitlines()[-1].startswith("fine_tuned_model: ft:"))
            for _ in range(5):
                self.run_cli("--max-retries", "12", "--json", "jobs", "list", env=env).json()
            # without retries the injected 500s do show up (exit 1, HTTP 500)
            codes = {self.run_cli("--max-retries", "0", "files", "list", env=env,
                                  expect=None).code for _ in range(30)}
            self.assertIn(1, codes)
        finally:
            emu.stop()

    def test_network_error_exit1(self):
        emu = Emulator()
        url = emu.url
        emu.stop()  # nothing listens there any more
        r = self.run_cli("--base-url", url, "--max-retries", "0", "jobs", "list", expect=1)
        self.assertIn("list jobs", r.err)

    # ---- the key never appears ----

    def test_verbose_never_shows_key(self):
        secret = "sk-very-secret-0123456789"
        emu = Emulator("--api-key", secret)
        try:
            r = self.run_cli("-v", "--api-key", secret, "jobs", "list", emu=emu, key=None)
            self.assertIn("[", r.err)  # there is a request log
            self.assertNotIn(secret, r.out + r.err)
            r = self.run_cli("-v", "jobs", "list", emu=emu, key=secret)
            self.assertNotIn(secret, r.out + r.err)
            wrong = "sk-wrong-9876543210"
            r = self.run_cli("-v", "jobs", "list", emu=emu, key=wrong, expect=1)
            self.assertIn("HTTP 401", r.err)
            self.assertNotIn(wrong, r.out + r.err)
        finally:
            emu.stop()


# the other modules: tests/meson.build runs each as a meson test of its own
# (the name given after the four arguments); with none, TESTS run together
import test_cli_deadline  # noqa: E402
import test_cli_files  # noqa: E402
import test_cli_graders  # noqa: E402
import test_cli_fit  # noqa: E402
import test_cli_keys  # noqa: E402
import test_cli_leaks  # noqa: E402,F401  (its own meson test, cli_key_leaks)
import test_cli_messages  # noqa: E402
import test_cli_options  # noqa: E402
import test_cli_script  # noqa: E402,F401  (its own meson test, cli_script)
import test_cli_terminal  # noqa: E402

TESTS = ["CliTest", "test_cli_options", "test_cli_terminal", "test_cli_files",
         "test_cli_messages", "test_cli_keys", "test_cli_deadline", "test_cli_graders",
         "test_cli_fit"]

if __name__ == "__main__":
    h.configure(*sys.argv[1:5])
    del sys.argv[1:5]
    # meson test stops a test that runs over its time with SIGTERM: turn it into
    # an exception so that the finally below still stops every process started.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        prog = unittest.main(defaultTest=TESTS, exit=False, verbosity=2)
        ok = prog.result.wasSuccessful()
    finally:
        h.stop_all()
    sys.exit(0 if ok else 1)
