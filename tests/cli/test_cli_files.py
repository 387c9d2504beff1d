"""Files in and out of openai-ft: `-` for stdin and stdout, downloads that
never replace what is not a regular file and leave nothing partial behind on
a signal, and train wasting nothing (the model checked first, uploads named
when a later step fails, files already uploaded reused)."""
from __future__ import annotations

import glob
import json
import os
import signal
import stat
import subprocess
import tempfile
import threading
import time
from typing import Any, List

import harness as h
from harness import FakeApi, MODEL, PROC_TIMEOUT, env_for


train_bytes = h.train_bytes


class DashTest(h.CliCase):
    def test_validate_stdin(self):
        r = self.run_cli("validate", "-", input=train_bytes())
        self.assertIn("stdin: valid, format chat, 30 examples", r.out)
        with open(h.BAD, "rb") as f:
            r = self.run_cli("--json", "validate", "-", input=f.read(), expect=5)
        self.assertEqual(r.json()["file"], "stdin")

    def test_upload_stdin_pipe_and_file(self):
        # a pipe is spooled to a temporary file (the upload needs its size)
        r = self.run_cli("--json", "files", "upload", "-", "--filename", "piped.jsonl",
                         input=train_bytes())
        f = r.json()
        self.assertEqual((f["filename"], f["bytes"]), ("piped.jsonl", len(train_bytes())))
        with open(h.TRAIN, "rb") as src:  # a redirected file is read in place
            f = self.run_cli("--json", "files", "upload", "-", stdin=src).json()
        self.assertEqual((f["filename"], f["bytes"]), ("stdin.jsonl", len(train_bytes())))
        r = self.run_cli("files", "upload", h.TRAIN, "--filename", "x.jsonl", expect=2)
        self.assertIn("--filename", r.err)
        # train from stdin: validated, then uploaded from the same spooled copy
        r = self.run_cli("train", "-", "-m", MODEL, "--no-wait", input=train_bytes())
        self.assertIn("uploaded stdin as file-", r.err)
        r = self.run_cli("train", "-", "-m", MODEL, input=b'{"messages": 1}\n', expect=5)
        self.assertIn("stdin:1", r.err)

    def test_download_to_stdout(self):
        f = self.run_cli("--json", "files", "upload", h.TRAIN).json()
        r = self.run_cli("files", "download", f["id"], "-o", "-")
        self.assertEqual(r.out.encode(), train_bytes())
        r = self.run_cli("--json", "files", "download", f["id"], "-o", "-")
        self.assertEqual(r.out.encode(), train_bytes())  # the content, not a summary


class DownloadTest(h.CliCase):
    def setUp(self) -> None:
        self.file_id = self.run_cli("--json", "files", "upload", h.TRAIN).json()["id"]
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)

    def path(self, name: str) -> str:
        return os.path.join(self.tmp.name, name)

    def test_symlink_refused_unless_force(self):
        target, link = self.path("target.txt"), self.path("link")
        with open(target, "w") as f:
            f.write("keep")
        os.symlink(target, link)
        r = self.run_cli("files", "download", self.file_id, "-o", link, expect=2)
        self.assertIn("symbolic link", r.err)
        self.assertTrue(os.path.islink(link))
        self.run_cli("files", "download", self.file_id, "-o", link, "--force")
        self.assertFalse(os.path.islink(link))  # the link itself was replaced
        with open(link, "rb") as f:
            self.assertEqual(f.read(), train_bytes())
        with open(target) as f:
            self.assertEqual(f.read(), "keep")

    def test_fifo_and_device_written_through(self):
        fifo = self.path("fifo")
        os.mkfifo(fifo)
        got: List[bytes] = []

        def read_fifo() -> None:
            with open(fifo, "rb") as f:
                got.append(f.read())

        reader = threading.Thread(target=read_fifo, daemon=True)
        reader.start()
        self.run_cli("files", "download", self.file_id, "-o", fifo)
        reader.join(PROC_TIMEOUT)
        self.assertEqual(got, [train_bytes()])
        self.assertTrue(stat.S_ISFIFO(os.stat(fifo).st_mode))
        # a character device: our own null device (as root), else /dev/null, which
        # nobody but root could replace anyway
        dev = "/dev/null"
        if os.geteuid() == 0:
            dev = self.path("null")
            os.mknod(dev, stat.S_IFCHR | 0o666, os.makedev(1, 3))
        self.run_cli("files", "download", self.file_id, "-o", dev)
        self.assertTrue(stat.S_ISCHR(os.stat(dev).st_mode))
        # a link to stdout (as /dev/stdout is) is written through, not refused
        out = self.path("stdout")
        os.symlink("/proc/self/fd/1", out)
        r = self.run_cli("files", "download", self.file_id, "-o", out)
        self.assertEqual(r.out.encode(), train_bytes())
        self.assertTrue(os.path.islink(out))
        r = self.run_cli("files", "download", self.file_id, "-o", self.tmp.name, expect=2)
        self.assertIn("is a directory", r.err)

    def test_signal_removes_the_partial_download(self):
        def stall(handler: Any) -> None:
            handler.send_response(200)
            handler.send_header("Content-Type", "application/octet-stream")
            handler.send_header("Content-Length", str(10 << 20))
            handler.end_headers()
            handler.wfile.write(b"x" * 65536)
            handler.wfile.flush()
            fake.release.wait(PROC_TIMEOUT)  # the rest never comes

        fake = FakeApi({("GET", "/v1/files/file-x/content"): stall})
        try:
            for sig, code in ((signal.SIGINT, 130), (signal.SIGTERM, 143)):
                out = self.path("out-%d.bin" % sig)
                p = self.popen_cli("files", "download", "file-x", "-o", out,
                                   env=env_for(None, OPENAI_BASE_URL=fake.url))
                deadline = time.monotonic() + PROC_TIMEOUT
                while not [f for f in glob.glob(out + ".oft-*") if os.path.getsize(f)]:
                    self.assertLess(time.monotonic(), deadline, "no partial file appeared")
                    self.assertIsNone(p.poll())
                    time.sleep(0.05)
                p.send_signal(sig)
                _, err = p.communicate(timeout=PROC_TIMEOUT)
                h.check_sanitizers(self, err)
                self.assertEqual(p.returncode, code, err)
                self.assertEqual(glob.glob(out + "*"), [], err)
                self.assertIn("interrupted", err)
        finally:
            fake.stop()


class TrainTest(h.CliCase):
    def file_count(self, emu: Any = None) -> int:
        """The uploads (a job's result files aside)."""
        return len(self.run_cli("--json", "files", "list", "--purpose", "fine-tune",
                                emu=emu).json()["data"])

    def test_model_checked_before_uploading(self):
        before = self.file_count()
        r = self.run_cli("train", h.TRAIN, "-m", "gpt-nope", expect=1)
        self.assertIn("HTTP 404", r.err)
        self.assertIn("gpt-nope", r.err)
        self.assertIn("Nothing was uploaded", r.err)
        self.assertEqual(self.file_count(), before)

    def test_failure_after_upload_names_the_file(self):
        model = {"object": "model", "id": MODEL, "created": 1700000000, "owned_by": "system"}
        up = {"object": "file", "id": "file-up1", "bytes": 10, "created_at": 1700000000,
              "filename": "train.jsonl", "purpose": "fine-tune", "status": "processed"}

        def upload(handler: Any) -> Any:
            left = int(handler.headers.get("Content-Length") or 0)
            if left >= (1 << 20):
                handler.rfile.read(left)
            return 200, {}, up

        fake = FakeApi({
            ("GET", "/v1/models/" + MODEL): lambda _: (200, {}, model),
            ("POST", "/v1/files"): upload,
            ("POST", "/v1/fine_tuning/jobs"): lambda _: (500, {}, {"error": {
                "message": "the server broke", "type": "server_error"}})})
        try:
            r = self.run_cli("--max-retries", "0", "train", h.TRAIN, "-m", MODEL,
                             env=env_for(None, OPENAI_BASE_URL=fake.url), expect=1)
        finally:
            fake.stop()
        self.assertIn("the server broke", r.err)
        self.assertIn("training data file-up1", r.err)
        # the command repeats the global options given (issue 21)
        self.assertIn("openai-ft --max-retries 0 train -m %s --training-file file-up1"
                      % MODEL, r.err)

    def test_train_on_uploaded_files(self):
        f = self.run_cli("--json", "files", "upload", h.TRAIN).json()["id"]
        v = self.run_cli("--json", "files", "upload", h.TRAIN).json()["id"]
        before = self.file_count()
        job = self.run_cli("--json", "train", "--training-file", f, "--validation-file", v,
                           "-m", MODEL, "--poll-interval", "0.2").json()
        self.assertEqual((job["status"], job["training_file"], job["validation_file"]),
                         ("succeeded", f, v))
        self.assertEqual(self.file_count(), before)  # nothing uploaded again
        # a local validation file next to an uploaded training file is uploaded
        r = self.run_cli("train", "-t", f, "--validation-file", h.TRAIN, "-m", MODEL,
                         "--no-wait")
        self.assertIn("uploaded %s as file-" % h.TRAIN, r.err)
        r = self.run_cli("train", "-t", "nothing-here.jsonl", "-m", MODEL, expect=2)
        self.assertIn("neither a local file nor a file ID", r.err)
        r = self.run_cli("train", h.TRAIN, "-t", f, "-m", MODEL, expect=2)
        self.assertIn("not both", r.err)
        r = self.run_cli("train", "-m", MODEL, expect=2)
        self.assertIn("--training-file", r.err)

    def test_small_validation_file_is_not_held_to_the_training_minimum(self):
        # the API's minimum of 10 examples is for training data only
        tmp = tempfile.TemporaryDirectory()
        self.addCleanup(tmp.cleanup)
        small = os.path.join(tmp.name, "valid-small.jsonl")
        with open(h.TRAIN) as f:
            lines = f.readlines()[:3]
        with open(small, "w") as f:
            f.writelines(lines)
        r = self.run_cli("train", h.TRAIN, "--validation-file", small, "-m", MODEL,
                         "--no-wait")
        self.assertTrue(r.out.startswith("job: ftjob"), r.out + r.err)
        r = self.run_cli("train", small, "-m", MODEL, "--no-wait", expect=5)
        self.assertIn("too_few_examples", r.err)

    def test_skip_validation(self):
        r = self.run_cli("train", h.BAD, "-m", MODEL, "--skip-validation", "--no-wait")
        self.assertNotIn("validating", r.err)
        self.assertIn("uploaded", r.err)
        self.assertTrue(r.out.startswith("job: ftjob"), r.out)

    def test_banner_says_what_ctrl_c_does(self):
        jid = self.create_job(self.slow)
        for extra, promise in (([], "Ctrl-C stops watching; the job keeps running"),
                               (["--cancel-on-interrupt"], "Ctrl-C cancels the job")):
            r = self.run_cli("jobs", "wait", jid, "--timeout", "0.2", *extra, emu=self.slow,
                             expect=4)
            self.assertIn("(%s)" % promise, r.err)
        self.run_cli("jobs", "cancel", jid, emu=self.slow)

    def test_estimated_billable_tokens(self):
        rep = self.run_cli("--json", "validate", h.TRAIN).json()
        per_epoch = rep["est_billed_tokens"] // rep["default_epochs"]
        self.assertTrue(rep["epochs_estimated"])
        self.assertEqual(rep["est_billable_tokens"], per_epoch * rep["default_epochs"])
        r = self.run_cli("validate", h.TRAIN)
        self.assertIn("estimated billable tokens: %d (%d per epoch x %d epochs: an estimate "
                      "of what \"auto\" picks for 30 examples)"
                      % (per_epoch * rep["default_epochs"], per_epoch,
                         rep["default_epochs"]), r.out)
        r = self.run_cli("validate", h.TRAIN, "--n-epochs", "2")
        self.assertIn("estimated billable tokens: %d (%d per epoch x 2 epochs)"
                      % (per_epoch * 2, per_epoch), r.out)
        self.assertEqual(self.run_cli("--json", "validate", h.TRAIN, "--n-epochs", "1")
                         .json()["est_billable_tokens"], per_epoch)
        r = self.run_cli("train", h.TRAIN, "-m", MODEL, "--n-epochs", "4", "--no-wait")
        self.assertIn("estimated billable tokens: %d (%d per epoch x 4 epochs)"
                      % (per_epoch * 4, per_epoch), r.err)
