"""openai-ft fitted to its terminal and to CI logs (issue 21, CLI points 1-4
and 9): tables that fit 80 and 50 columns on a pseudo-terminal and carry
full values through a pipe, --wide and --columns, the checkpoints' metrics,
the live view and help at the terminal's width, short logs off a terminal,
and `jobs get` with what a job was trained with and what it produced."""
from __future__ import annotations

import re
import signal
import time
from typing import List

import harness as h
from harness import MODEL, env_for

WIDTHS = (80, 50)


def rows(tty: str) -> List[str]:
    """The lines a terminal shows, without escapes."""
    return [h.ANSI.sub("", line) for line in tty.replace("\r\n", "\n").split("\n")
            if line.strip()]


class FitTest(h.CliCase):
    job = ""
    ft_model = ""

    def trained(self) -> str:
        """A job of the fast emulator that succeeded (trained once per class)."""
        if not FitTest.job:
            self.run_cli("train", h.TRAIN, "--model", MODEL, "--suffix", "fit",
                         "--n-epochs", "3", "--validation-file", h.TRAIN,
                         "--poll-interval", "0.2")
            job = self.run_cli("--json", "jobs", "list", "--limit", "1").json()["data"][0]
            FitTest.job, FitTest.ft_model = job["id"], job["fine_tuned_model"]
        return FitTest.job

    def on_tty(self, cols: int, *args: str) -> List[str]:
        t = h.Tty(list(args), env_for(self.emu, TERM="xterm", NO_COLOR="1"), cols=cols,
                  stdout_tty=True)
        code, _, tty = t.finish(self)
        self.assertEqual(code, 0, tty)
        return rows(tty)

    # ---- 1. tables fit the terminal; full values off it ----

    def test_lists_fit_80_and_50_columns(self):
        jid = self.trained()
        n_jobs = len(self.run_cli("--json", "jobs", "list").json()["data"])
        for cols in WIDTHS:
            for args in (["jobs", "list"], ["files", "list"], ["models", "list"],
                         ["jobs", "checkpoints", jid], ["jobs", "events", jid],
                         ["permissions", "list", self.ft_model + ":ckpt-step-90"]):
                lines = self.on_tty(cols, *args)
                self.assertTrue(lines, args)
                for line in lines:  # only an ID alone, never cut, may be wider
                    if " " in line.strip():
                        self.assertLessEqual(len(line), cols, (cols, args, line))
            lines = self.on_tty(cols, "jobs", "list")
            self.assertEqual(len(lines), n_jobs + 1, lines)  # a line per job
            self.assertTrue(any(line.startswith(jid + " ") for line in lines), lines)
            self.assertIn("STATUS", lines[0])
            # IDs are never cut: the longest model ID shows whole
            self.assertIn(self.ft_model, "\n".join(self.on_tty(cols, "models", "list"))
                          if cols == 80 else self.ft_model)
        # 80 columns: the fine-tuned model shows, cut in the middle, its end kept
        lines = self.on_tty(80, "jobs", "list")
        self.assertIn("FINE_TUNED_MODEL", lines[0])
        row = [line for line in lines if line.startswith(jid)][0]
        self.assertTrue(row.endswith(self.ft_model.rsplit(":", 1)[1]), row)

    def test_full_values_off_a_terminal(self):
        jid = self.trained()
        out = self.run_cli("jobs", "list").out
        self.assertIn(self.ft_model, out)
        self.assertIn(MODEL, out)
        self.assertRegex(out, r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d")
        wide = self.run_cli("jobs", "list", "--wide").out.splitlines()
        self.assertIn("TRAINED_TOKENS", wide[0])
        self.assertIn("METHOD", wide[0])
        # --wide on a terminal: every column, whole
        lines = self.on_tty(50, "jobs", "list", "--wide")
        self.assertIn("TRAINING_FILE", lines[0])
        self.assertTrue(any(self.ft_model in line for line in lines), lines)

    def test_columns_option(self):
        jid = self.trained()
        for cols in (0, 50):
            args = ["jobs", "list", "--columns", "status,id,trained_tokens"]
            lines = self.on_tty(cols, *args) if cols else \
                self.run_cli(*args).out.splitlines()
            self.assertEqual(lines[0].split(), ["STATUS", "ID", "TRAINED_TOKENS"])
            row = [line for line in lines if jid in line][0]
            self.assertRegex(row, r"^succeeded +%s +\d+$" % jid)
        r = self.run_cli("jobs", "list", "--columns", "id,stauts", expect=2)
        self.assertIn("unknown column 'stauts'; did you mean 'status'?", r.err)
        self.assertEqual(r.out, "")
        r = self.run_cli("files", "list", "--columns", "nope", expect=2)
        self.assertIn("filename", r.err)  # the columns are listed

    # ---- 2. the checkpoints' metrics at 80 columns and in a pipe ----

    def test_checkpoint_metrics_at_80_columns_and_piped(self):
        jid = self.trained()
        lines = self.on_tty(80, "jobs", "checkpoints", jid)
        self.assertIn("LOSS", lines[0].split())
        self.assertIn("CHECKPOINT", lines[0])
        for line in lines[1:]:
            self.assertRegex(line, r"\d\.\d+ .*ckpt-step-\d+$")
        out = self.run_cli("jobs", "checkpoints", jid).out.splitlines()
        for title in ("STEP", "TRAIN_LOSS", "VALID_LOSS", "TRAIN_ACC", "CHECKPOINT"):
            self.assertIn(title, out[0].split())
        self.assertRegex(out[1], r"^\d+ +\d\.\d{4} +\d\.\d{4} +\d\.\d{4} +ft:")
        wide = self.run_cli("jobs", "checkpoints", jid, "--wide").out.splitlines()[0]
        self.assertIn("FULL_VALID_LOSS", wide)

    # ---- 4. short CI logs off a terminal ----

    def test_ci_log_is_short(self):
        r = self.run_cli("train", h.TRAIN, "--model", MODEL, "--n-epochs", "3",
                         "--poll-interval", "0.2")
        steps = [int(m) for m in re.findall(r"Step (\d+)/\d+", r.err)]
        total = int(re.findall(r"Step \d+/(\d+)", r.err)[0])
        self.assertGreaterEqual(total, 30)
        self.assertLessEqual(len(steps), 16, r.err)  # every 10%, epochs, first, last
        self.assertIn(total, steps)
        self.assertIn("(epoch 1/3 done)", r.err)
        self.assertIn("(epoch 3/3 done)", r.err)
        self.assertIn("Checkpoint created", r.err)
        self.assertIn("status: running", r.err)
        self.assertIn("--all-events prints each", r.err)
        self.assertLess(len(r.err.splitlines()), 45, r.err)
        # --all-events: every step
        r = self.run_cli("train", h.TRAIN, "--model", MODEL, "--n-epochs", "3",
                         "--poll-interval", "0.2", "--all-events")
        steps = [int(m) for m in re.findall(r"Step (\d+)/\d+", r.err)]
        self.assertEqual(steps, list(range(1, total + 1)))

    def test_wait_on_an_ended_job_does_not_replay(self):
        jid = self.trained()
        r = self.run_cli("jobs", "wait", jid)
        self.assertNotIn("Step ", r.err)
        self.assertIn("job %s had already ended (succeeded)" % jid, r.err)
        self.assertIn("succeeded", r.err)
        self.assertIn("--all-events", r.err)
        self.assertEqual(r.out.strip(), "fine_tuned_model: " + self.ft_model)
        self.assertLess(len(r.err.splitlines()), 6, r.err)
        r = self.run_cli("jobs", "wait", jid, "--all-events")
        self.assertIn("Step 1/", r.err)
        self.assertIn("The job has successfully completed", r.err)
        # jobs events --follow still prints an ended job's events
        self.assertIn("Step 1/", self.run_cli("jobs", "events", jid, "--follow").out)

    # ---- 9. jobs get: what the job was trained with and what it produced ----

    def test_jobs_get_shows_hyperparameters_and_results(self):
        jid = self.trained()
        job = self.run_cli("--json", "jobs", "get", jid).json()
        cks = self.run_cli("--json", "jobs", "checkpoints", jid).json()["data"]
        out = self.run_cli("jobs", "get", jid).out
        self.assertIn("method:           supervised", out)
        hp = job["method"]["supervised"]["hyperparameters"]
        self.assertRegex(out, r"hyperparameters:  n_epochs=3 batch_size=%s "
                              r"learning_rate_multiplier=%s\n"
                         % (hp["batch_size"], re.escape("%g" % hp["learning_rate_multiplier"])))
        self.assertTrue(job["result_files"])
        self.assertIn("result_files:     %s (the results CSV)" % job["result_files"][0], out)
        self.assertIn("trained_tokens:   %d" % job["trained_tokens"], out)
        self.assertIn("checkpoints:      %d\n" % len(cks), out)
        self.assertIn("suffix:           fit", out)
        self.assertIn("seed:             %d" % job["seed"], out)
        for line in out.splitlines():
            self.assertLessEqual(len(line), 80, line)
        # the CSV the view names downloads
        csv = self.run_cli("files", "download", job["result_files"][0], "-o", "-").out
        self.assertIn("step", csv.splitlines()[0])

    # ---- 3. the live view, messages and help at the terminal's width ----

    def test_help_follows_the_terminal_width(self):
        for args in (["train", "--help"], ["--help"], ["jobs", "list", "--help"]):
            piped = self.run_cli(*args).out
            for line in piped.splitlines():
                self.assertLessEqual(len(line), 80, (args, line))
            widest = 0
            for cols in (50, 80, 120):
                lines = self.on_tty(cols, *args)
                for line in lines:
                    self.assertLessEqual(len(line), min(cols, 100), (cols, args, line))
                # folded between words only: the same words in the same order
                self.assertEqual(" ".join(lines).split(), piped.split(), (cols, args))
                widest = max([widest] + [len(line) for line in lines])
            self.assertGreater(widest, 80, args)  # 120 columns: lines up to 100

    def test_event_lines_and_messages_fold_at_words(self):
        long = ("Validation of the training file found 3 examples longer than the "
                "context window; they were truncated to fit, see the documentation")
        routes = h.running_job_routes()
        events_route = routes[("GET", "/v1/fine_tuning/jobs/ftjob-live/events")]

        def events(handler):
            status, headers, body = events_route(handler)
            body = dict(body)
            body["data"] = body["data"] + [{
                "object": "fine_tuning.job.event", "id": "ftevent-0",
                "created_at": body["data"][-1]["created_at"] - 1, "level": "warn",
                "type": "message", "message": long, "data": {}}]
            return status, headers, body
        routes[("GET", "/v1/fine_tuning/jobs/ftjob-live/events")] = events
        fake = h.FakeApi(routes)
        try:
            t = h.Tty(["jobs", "wait", "ftjob-live", "--poll-interval", "60"],
                      env_for(None, OPENAI_BASE_URL=fake.url, TERM="xterm"), cols=50)
            t.wait_for("elapsed", self)
            t.proc.send_signal(signal.SIGINT)
            code, _, tty = t.finish(self)
        finally:
            fake.stop()
        self.assertEqual(code, 130, tty)
        text = h.ANSI.sub("", tty)
        self.assertIn(" ".join(long.split()), " ".join(text.split()))  # words whole
        for row in text.split("\r\n"):
            row = row.split("\r")[-1]
            if "waiting" in row or any(w in row for w in ("Validation", "context",
                                                         "truncated", "documentation")):
                self.assertLessEqual(len(row), 50, row)

    def test_narrowing_clears_the_wrapped_live_line(self):
        fake = h.FakeApi(h.running_job_routes())
        try:
            t = h.Tty(["jobs", "wait", "ftjob-live", "--poll-interval", "60"],
                      env_for(None, OPENAI_BASE_URL=fake.url, TERM="xterm"), cols=120)
            t.wait_for("loss", self)
            drawn = max(len(line) for line in h.redrawn(t.text())
                        if line.startswith("running"))
            self.assertGreater(drawn, 40)
            at = time.monotonic()
            t.resize(40)
            time.sleep(1.5 * h.SLOW)
            t.proc.send_signal(signal.SIGINT)
            after = t.text(since=at)
            code, _, _ = t.finish(self)
        finally:
            fake.stop()
        self.assertEqual(code, 130)
        # the line drawn at 120 columns takes ceil(drawn / 40) rows at 40: the
        # cursor goes up to the first and clears to the end of the screen
        up = (drawn - 1) // 40
        self.assertIn("\r\x1b[%dA\r\x1b[J" % up, after)
