"""openai-ft on a terminal (a pseudo-terminal of a chosen width): the live view
fitted to the width and following SIGWINCH, the elapsed time ticking, the
last status line kept on interrupt, the upload bar with rate and ETA,
confirmations, colour."""
from __future__ import annotations

import os
import re
import signal
import tempfile
import time
from typing import Any, List, Tuple

import harness as h
from harness import FakeApi, MODEL, PROC_TIMEOUT, env_for, redrawn


def status_lines(tty: str) -> List[str]:
    """The status lines drawn in place (event lines printed above them aside)."""
    return [line for line in redrawn(tty) if line.startswith("running")]


def elapsed_values(lines: List[str]) -> List[str]:
    seen: List[str] = []
    for line in lines:
        m = re.search(r"elapsed (\S+)", line)
        if m and (not seen or seen[-1] != m.group(1)):
            seen.append(m.group(1))
    return seen


class TerminalTest(h.CliCase):
    def watch_running_job(self, cols: int, seconds: float,
                          resize_to: int = 0) -> Tuple[int, str, float]:
        """`jobs wait` on a job that keeps running, its stderr a terminal of cols
        columns, for `seconds` once the view is up (resized half way when asked);
        then Ctrl-C. Returns the exit code, the terminal text and the time of the
        resize."""
        fake = FakeApi(h.running_job_routes())
        try:
            t = h.Tty(["jobs", "wait", "ftjob-live", "--poll-interval", "60"],
                      env_for(None, OPENAI_BASE_URL=fake.url, TERM="xterm"), cols=cols)
            t.wait_for("loss" if cols == 120 else "elapsed", self)
            resized = 0.0
            if resize_to:
                time.sleep(seconds / 2)
                resized = time.monotonic()
                t.resize(resize_to)
                time.sleep(seconds / 2)
            else:
                time.sleep(seconds)
            t.proc.send_signal(signal.SIGINT)
            code, _, tty = t.finish(self)
            return code, tty, resized
        finally:
            fake.stop()

    def test_live_view_fits_the_terminal(self):
        for cols in (40, 60, 120):
            code, tty, _ = self.watch_running_job(cols, 1.5)
            self.assertEqual(code, 130, tty)
            lines = status_lines(tty)
            self.assertTrue(lines, tty)
            for line in lines:  # the last column stays free: no wrap, no stale row
                self.assertLessEqual(len(line), cols - 1, (cols, line))
            if cols == 120:
                self.assertRegex(lines[-1], r"running  epoch 1/3  step 10/90  loss 0\.5000"
                                            r"  elapsed 5m\d\ds  eta (9|10)m\d\ds")
            if cols == 40:
                self.assertRegex(lines[-1], r"running .*elapsed 5m")

    def test_elapsed_ticks_and_last_line_stays(self):
        code, tty, _ = self.watch_running_job(100, 4.5)
        self.assertEqual(code, 130, tty)
        # one poll only (every 60 s), yet the elapsed time moved on every second
        self.assertGreaterEqual(len(elapsed_values(status_lines(tty))), 3, redrawn(tty))
        # the last status line is kept: ended by a newline, not erased
        before = tty.split("Interrupted.", 1)[0]
        self.assertTrue(before.endswith("\r\n"), repr(before[-80:]))
        last_row = before[:-2].rsplit("\r\n", 1)[-1]
        self.assertIn("elapsed", h.ANSI.sub("", last_row.split("\r")[-1]), repr(last_row))
        self.assertIn("openai-ft jobs wait ftjob-live", tty)

    def test_live_view_follows_sigwinch(self):
        fake = FakeApi(h.running_job_routes())
        try:
            t = h.Tty(["jobs", "wait", "ftjob-live", "--poll-interval", "60"],
                      env_for(None, OPENAI_BASE_URL=fake.url, TERM="xterm"), cols=120)
            t.wait_for("loss", self)
            self.assertIn("epoch 1/3", t.text())
            t.resize(40)
            later = time.monotonic() + 0.8 * h.SLOW  # a redraw in flight may be wide
            time.sleep(2.5 * h.SLOW)
            t.proc.send_signal(signal.SIGINT)
            after = t.text(since=later)
            code, _, _ = t.finish(self)
        finally:
            fake.stop()
        self.assertEqual(code, 130)
        lines = status_lines(after)
        self.assertTrue(lines, after)
        for line in lines:
            self.assertLessEqual(len(line), 39, line)
        self.assertNotIn("epoch", "".join(lines))

    def test_log_lines_do_not_break_the_view(self):
        fake = FakeApi(h.running_job_routes())
        try:
            t = h.Tty(["-v", "jobs", "wait", "ftjob-live", "--poll-interval", "0.5"],
                      env_for(None, OPENAI_BASE_URL=fake.url, TERM="xterm"), cols=100)
            t.wait_for("loss", self)
            time.sleep(1.5 * h.SLOW)
            t.proc.send_signal(signal.SIGINT)
            code, _, tty = t.finish(self)
        finally:
            fake.stop()
        self.assertEqual(code, 130, tty)
        logs = [m.start() for m in re.finditer(r"(\x1b\[2m)?openai-ft: \[debug\]", tty)]
        self.assertGreaterEqual(len(logs), 2, tty)
        for at in logs:  # each request line starts a row: the status line was erased
            self.assertTrue(tty[:at].endswith("\r\x1b[K") or tty[:at].endswith("\r\n"),
                            repr(tty[at - 60:at + 20]))

    def test_upload_bar_shows_rate_and_eta(self):
        size = 6 * 1024 * 1024

        def slow_reader(handler: Any) -> Tuple[int, dict, dict]:
            left = int(handler.headers.get("Content-Length") or 0)
            while left > 0:  # 6 MiB at about 3 MiB/s
                chunk = handler.rfile.read(min(left, 64 * 1024))
                if not chunk:
                    break
                left -= len(chunk)
                time.sleep(0.02)
            return 200, {}, {"object": "file", "id": "file-slow", "bytes": size,
                             "created_at": 1700000000, "filename": "big.jsonl",
                             "purpose": "fine-tune", "status": "processed"}

        fake = FakeApi({("POST", "/v1/files"): slow_reader})
        try:
            with tempfile.TemporaryDirectory() as tmp:
                big = os.path.join(tmp, "big.jsonl")
                with open(big, "wb") as f:
                    f.write(b"x" * size)
                for cols in (120, 50):
                    t = h.Tty(["files", "upload", big], cols=cols,
                              env=env_for(None, OPENAI_BASE_URL=fake.url, TERM="xterm"))
                    code, out, tty = t.finish(self)
                    self.assertEqual(code, 0, tty)
                    self.assertIn("file-slow", out)
                    bars = [line for line in redrawn(tty) if line.startswith("uploading")]
                    for line in bars:
                        self.assertLessEqual(len(line), cols - 1, line)
                    if cols == 120:
                        self.assertTrue(any(re.search(r"\d+(\.\d)? [kM]?B/s  eta \d+s", b)
                                            for b in bars), bars)
                        self.assertRegex(bars[-1], r"100%  6\.3 MB / 6\.3 MB  .*B/s$")
        finally:
            fake.stop()

    def test_delete_asks_on_a_terminal(self):
        for answer, code in (("n\n", 1), ("y\n", 0)):
            f = self.run_cli("--json", "files", "upload", h.TRAIN).json()
            t = h.Tty(["files", "delete", f["id"]], env_for(self.emu), stdin_tty=True)
            t.wait_for("[y/N]", self)
            self.assertIn("train.jsonl", t.text())  # the prompt names the file
            t.type(answer)
            got, out, tty = t.finish(self)
            self.assertEqual(got, code, tty)
            exists = self.run_cli("files", "get", f["id"], expect=None).code == 0
            self.assertEqual(exists, answer == "n\n")
        # without a terminal: refused unless --yes, and nothing is deleted
        f = self.run_cli("--json", "files", "upload", h.TRAIN).json()
        r = self.run_cli("files", "delete", f["id"], expect=2)
        self.assertIn("pass --yes", r.err)
        self.run_cli("files", "get", f["id"])
        self.assertIn("deleted", self.run_cli("files", "delete", f["id"], "--yes").out)
        r = self.run_cli("models", "delete", "ft:" + MODEL + ":x::y", expect=2)
        self.assertIn("pass --yes", r.err)

    def test_color_option(self):
        missing = ["files", "get", "file-missing"]
        r = self.run_cli("--color=always", *missing, expect=1)
        self.assertIn("\x1b[31m", r.err)  # not a terminal, but asked for
        r = self.run_cli("--color", *missing, expect=1)
        self.assertIn("\x1b[31m", r.err)
        r = self.run_cli(*missing, "--color=always", env=env_for(self.emu, NO_COLOR="1"),
                         expect=1)
        self.assertIn("\x1b[31m", r.err)  # the option beats the environment
        t = h.Tty(["--color=never", *missing], env_for(self.emu, TERM="xterm"))
        code, _, tty = t.finish(self)
        self.assertEqual(code, 1)
        self.assertIn("error", tty)
        self.assertNotIn("\x1b[", tty)
        t = h.Tty(missing, env_for(self.emu, TERM="xterm"))
        self.assertIn("\x1b[31m", t.finish(self)[2])  # auto: a terminal gets colour
        r = self.run_cli("--color=sometimes", "jobs", "list", expect=2)
        self.assertIn("auto, always or never", r.err)
