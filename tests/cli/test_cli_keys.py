"""openai-ft's keys and trust: a key given on the command line leaves
/proc/PID/cmdline, --api-key-file, the warning on a terminal, a process that
cannot be dumped, and TLS verified against --ca-file, --ca-path or
SSL_CERT_FILE."""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from typing import List, Optional

import harness as h
from harness import FakeApi, MODEL, PROC_TIMEOUT, env_for

SECRET = "sk-cmdline-secret-0123456789abcdef"


class KeysTest(h.CliCase):
    def waiting(self, args: List[str], emu: h.Emulator,
                prefix: Optional[List[str]] = None) -> "subprocess.Popen[str]":
        """openai-ft waiting for a long job, once its banner is out."""
        jid = self.create_job(self.slow)
        p = subprocess.Popen((prefix or []) + h.wrap(args + ["jobs", "wait", jid]),
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             stdin=subprocess.DEVNULL, env=env_for(emu, key=None))
        h.started.append(p)
        self.wait_for_line(p.stderr, "waiting for job")
        self.addCleanup(lambda: self.run_cli("jobs", "cancel", jid, emu=self.slow,
                                             expect=None))
        return p

    def test_key_leaves_the_command_line(self):
        for args in (["--api-key", SECRET], ["--api-key=" + SECRET],
                     ["--admin-key", SECRET, "--api-key", "sk-other-key"]):
            p = self.waiting(args, self.slow)
            with open("/proc/%d/cmdline" % p.pid, "rb") as f:
                cmdline = f.read().decode()
            p.terminate()
            p.communicate(timeout=PROC_TIMEOUT)
            if h.VALGRIND:  # valgrind's own copy of the arguments stays as given
                continue
            self.assertNotIn(SECRET[:12], cmdline)
            self.assertIn("x" * len(SECRET), cmdline)

    def test_api_key_file(self):
        emu = h.Emulator("--api-key", SECRET)
        try:
            with tempfile.TemporaryDirectory() as tmp:
                keyfile = os.path.join(tmp, "key")
                with open(keyfile, "w") as f:
                    f.write(SECRET + "\n")
                r = self.run_cli("--api-key-file", keyfile, "--json", "jobs", "list",
                                 emu=emu, key=None)
                self.assertEqual(r.json()["object"], "list")
                r = self.run_cli("jobs", "list", "--api-key-file=" + keyfile, "-v",
                                 emu=emu, key="sk-wrong")
                self.assertNotIn(SECRET, r.out + r.err)
                # from stdin: the first line only, what follows stays for the command
                r = self.run_cli("--api-key-file", "-", "validate", "-", emu=emu, key=None,
                                 input=(SECRET + "\n").encode() + h.train_bytes())
                self.assertIn("stdin: valid, format chat, 30 examples", r.out)
                r = self.run_cli("--api-key-file=-", "--json", "jobs", "list", emu=emu,
                                 key=None, input=(SECRET + "\r\n").encode())
                self.assertEqual(r.json()["object"], "list")
                open(keyfile, "w").close()
                r = self.run_cli("--api-key-file", keyfile, "jobs", "list", emu=emu,
                                 key=None, expect=2)
                self.assertIn("holds no key", r.err)
                r = self.run_cli("--api-key-file", os.path.join(tmp, "none"), "jobs",
                                 "list", emu=emu, key=None, expect=2)
                self.assertIn("cannot read", r.err)
        finally:
            emu.stop()

    def test_warning_for_a_key_on_the_command_line(self):
        t = h.Tty(["--api-key", SECRET, "jobs", "list"], env_for(self.emu, key=None))
        code, _, tty = t.finish(self)
        self.assertEqual(code, 0, tty)
        self.assertIn("warning", tty)
        self.assertIn("--api-key-file", tty)
        self.assertNotIn(SECRET, tty)
        t = h.Tty(["jobs", "list"], env_for(self.emu))  # the environment: no warning
        self.assertNotIn("warning", t.finish(self)[2])
        r = self.run_cli("--api-key", SECRET, "jobs", "list", key=None)  # a script
        self.assertNotIn("warning", r.err)

    def test_process_cannot_be_dumped(self):
        # /proc/PID files of a non-dumpable process belong to root, whoever runs it:
        # run it as another user than root to see that
        prefix: List[str] = []
        if os.geteuid() == 0:
            prefix = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--"]
        p = self.waiting(["--api-key", SECRET], self.slow, prefix=prefix)
        try:
            with open("/proc/%d/status" % p.pid) as f:
                uid = int([l for l in f if l.startswith("Uid:")][0].split()[1])
            self.assertNotEqual(uid, 0)
            self.assertEqual(os.stat("/proc/%d/status" % p.pid).st_uid, 0)
            with open("/proc/%d/limits" % p.pid) as f:
                core = [l for l in f if l.startswith("Max core file size")][0].split()
            self.assertEqual(core[4:6], ["0", "0"], core)
        finally:
            p.terminate()
            p.communicate(timeout=PROC_TIMEOUT)


class TlsTest(h.CliCase):
    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        cls.tmp = tempfile.mkdtemp()
        cls.cert = os.path.join(cls.tmp, "cert.pem")
        cls.key = os.path.join(cls.tmp, "key.pem")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                        "-keyout", cls.key, "-out", cls.cert, "-days", "2", "-subj",
                        "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
                       check=True, capture_output=True, timeout=120)
        cls.certdir = os.path.join(cls.tmp, "certs")
        os.mkdir(cls.certdir)
        shutil.copy(cls.cert, cls.certdir)
        subprocess.run(["openssl", "rehash", cls.certdir], check=True, capture_output=True,
                       timeout=120)
        jobs = {"object": "list", "data": [], "has_more": False}
        cls.fake = FakeApi({("GET", "/v1/fine_tuning/jobs"): lambda _: (200, {}, jobs)},
                           tls=(cls.cert, cls.key))

    @classmethod
    def tearDownClass(cls) -> None:
        cls.fake.stop()
        shutil.rmtree(cls.tmp)
        super().tearDownClass()

    def test_ca_file_ca_path_and_ssl_cert_file(self):
        env = env_for(None, OPENAI_BASE_URL=self.fake.url)
        r = self.run_cli("--max-retries", "0", "jobs", "list", env=env, expect=1)
        self.assertIn("certificate", r.err.lower())
        # with the default retries: a verification failure is not retried
        r = self.run_cli("jobs", "list", env=env, expect=1)
        self.assertIn("after 1 attempt: SSL certificate problem", r.err)
        for args in (["--ca-file", self.cert], ["--ca-path", self.certdir],
                     ["--ca-file=" + self.cert]):
            r = self.run_cli(*args, "--json", "jobs", "list", env=env)
            self.assertEqual(r.json()["object"], "list", args)
        r = self.run_cli("--json", "jobs", "list",
                         env=env_for(None, OPENAI_BASE_URL=self.fake.url,
                                     SSL_CERT_FILE=self.cert))
        self.assertEqual(r.json()["object"], "list")
        r = self.run_cli("--json", "jobs", "list",
                         env=env_for(None, OPENAI_BASE_URL=self.fake.url,
                                     SSL_CERT_DIR=self.certdir))
        self.assertEqual(r.json()["object"], "list")
        r = self.run_cli("--ca-file", os.path.join(self.tmp, "none.pem"), "jobs", "list",
                         env=env, expect=2)
        self.assertIn("--ca-file: cannot read", r.err)
