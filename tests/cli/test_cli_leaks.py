"""No CLI error path shows a key (issue 12): openai-ft, verbose, is run
through error paths (bad base URLs carrying the key, a dead port, the
emulator's injected 401/429/500/503, a server reflecting the key into its
request id, error message, type, code, param, an HTML or text body, a JSON
body that does not parse, a failed job), with the keys given by the
environment, by --api-key/--admin-key and by --api-key-file/--admin-key-file,
and everything it prints (stdout and stderr) is searched for either key and
for every 8 characters of one."""
from __future__ import annotations

import http.server
import json
import os
import tempfile
import threading
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Dict, List, Optional, Tuple

import harness as h
from harness import MODEL, env_for

KEY = "sk-proj-LeakCheckApiKey0123456789abcdefghij"
ADMIN = "sk-admin-LeakCheckAdminKey9876543210zyxwvu"
CKPT = "ft:%s:org:leak:ckpt-step-1" % MODEL


def pieces(key: str) -> List[str]:
    return [key[i:i + 8] for i in range(len(key) - 7)]


PIECES = pieces(KEY) + pieces(ADMIN)


class Reflector:
    """A server that sends the Bearer key it was given back in everything:
    mode is the answer to every request ("400", "500", "html", "text",
    "badjson", "long", "failedjob")."""

    def __init__(self) -> None:
        self.mode = "400"
        self.requests = 0
        refl = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def answer(self) -> None:
                n = int(self.headers.get("Content-Length") or 0)
                if n and n < (1 << 22):
                    self.rfile.read(n)
                refl.requests += 1
                auth = self.headers.get("Authorization") or ""
                key = auth[len("Bearer "):] if auth.startswith("Bearer ") else auth
                status, ctype, body = refl.body(key, self.path)
                data = body.encode()
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(data)))
                self.send_header("x-request-id", "req_" + key)
                if status == 429:
                    self.send_header("Retry-After", "1e300")
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_DELETE = answer

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = "http://127.0.0.1:%d/v1" % self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def body(self, key: str, path: str) -> Tuple[int, str, str]:
        mode = self.mode
        if mode.isdigit():
            return int(mode), "application/json", json.dumps({"error": {
                "message": "Incorrect API key provided: %s." % key, "type": key,
                "code": key, "param": "x" + key}})
        if mode == "html":
            return 502, "text/html", (
                "<html><body><h1>502</h1><p>%s the proxy quotes the credentials it got, "
                "which it should never do: %s</p></body></html>" % ("." * 150, key))
        if mode == "text":
            return 200, "text/plain", "Gateway notice: %s %s" % ("." * 50, key)
        if mode == "badjson":
            return 200, "application/json", '{"object": %s, "id": "%s"' % (key, key)
        if mode == "long":  # the key across a 1,024-byte log line
            return 400, "application/json", json.dumps({"error": {
                "message": "m" * 960 + key + " " + key, "type": "invalid_request_error"}})
        # failedjob: a job that failed with the key in its error; no events
        if path.split("?")[0].endswith("/events"):
            return 200, "application/json", json.dumps(
                {"object": "list", "data": [], "has_more": False})
        job = h.fake_job(id="ftjob-leak", status="failed", fine_tuned_model=None,
                         error={"message": "the key %s was refused" % key, "code": key,
                                "param": key})
        return 200, "application/json", json.dumps(job)

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


# The commands run on every error path: each sends one request or more.
COMMANDS: List[List[str]] = [
    ["jobs", "list"],
    ["jobs", "get", "ftjob-leak"],
    ["jobs", "cancel", "ftjob-leak"],
    ["jobs", "events", "ftjob-leak"],
    ["jobs", "checkpoints", "ftjob-leak"],
    ["jobs", "create", "--model", MODEL, "--training-file", "file-leak"],
    ["jobs", "wait", "ftjob-leak", "--poll-interval", "1", "--timeout", "1"],
    ["files", "list"],
    ["files", "get", "file-leak"],
    ["files", "upload", "TRAIN"],
    ["files", "download", "file-leak", "-o", "OUT"],
    ["files", "delete", "file-leak", "--yes"],
    ["models", "list"],
    ["models", "get", MODEL],
    ["models", "delete", "ft:%s:org:leak" % MODEL, "--yes"],
    ["permissions", "list", CKPT],
    ["permissions", "create", CKPT, "--project", "proj-leak"],
    ["train", "TRAIN", "--model", MODEL],
    ["--json", "jobs", "get", "ftjob-leak"],
    ["graders", "validate", "GRADER"],
    ["graders", "run", "GRADER", "--sample", "x", "--item", "{}"],
]
# With the keys given by options or files, fewer: how the key came does not
# change what an error prints, but each way is still seen on each path.
SOME = [COMMANDS[i] for i in (0, 6, 9, 15)]
# Fewer under valgrind, where each run takes seconds.
if h.VALGRIND:
    COMMANDS, SOME = [COMMANDS[i] for i in (0, 1, 9, 15, 18)], [COMMANDS[0]]
# Runs at once (they mostly wait: retries, polls).
PARALLEL = 1 if h.VALGRIND else 3


class LeakTest(h.CliCase):
    tmp: str

    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        cls.tmp = tempfile.mkdtemp()
        cls.key_file = os.path.join(cls.tmp, "key")
        cls.admin_file = os.path.join(cls.tmp, "admin")
        cls.grader_file = os.path.join(cls.tmp, "grader.json")
        with open(cls.grader_file, "w") as f:
            json.dump({"type": "string_check", "name": "leak", "input": "a",
                       "reference": "b", "operation": "eq"}, f)
        for path, key in ((cls.key_file, KEY), (cls.admin_file, ADMIN)):
            with open(path, "w") as f:
                f.write(key + "\n")
        cls.refl = Reflector()
        cls.runs = 0

    @classmethod
    def tearDownClass(cls) -> None:
        print("\n%d runs of openai-ft searched for the keys" % cls.runs)
        cls.refl.stop()
        for name in os.listdir(cls.tmp):
            os.unlink(os.path.join(cls.tmp, name))
        os.rmdir(cls.tmp)
        super().tearDownClass()

    def ways(self, base_url: Optional[str]) -> List[Tuple[str, List[str], Dict[str, str]]]:
        """The keys by the environment, by options, by files: (name, args, env)."""
        env = env_for(None, key=None)
        if base_url is not None:
            env["OPENAI_BASE_URL"] = base_url
        by_env = dict(env, OPENAI_API_KEY=KEY, OPENAI_ADMIN_KEY=ADMIN)
        return [("env", [], by_env),
                ("options", ["--api-key", KEY, "--admin-key", ADMIN], env),
                ("files", ["--api-key-file", self.key_file,
                           "--admin-key-file", self.admin_file], env)]

    def assert_no_key(self, what: str, out: str) -> None:
        for piece in PIECES:
            if piece in out:
                at = out.index(piece)
                self.fail("%s: %r of a key in its output: ...%s..."
                          % (what, piece, out[max(0, at - 80):at + 80]))

    def run_paths(self, label: str, base_url: Optional[str],
                  extra: Optional[List[str]] = None,
                  commands: Optional[List[List[str]]] = None,
                  may_succeed: Tuple[str, ...] = ()) -> None:
        """Every command, each way of giving the keys: no piece of a key in
        what it printed, and each run failed (so that the error path is the
        one taken) but those of commands in may_succeed ("*": any)."""
        runs = []
        for way, key_args, env in self.ways(base_url):
            for cmd in commands or (COMMANDS if way == "env" else SOME):
                out_path = os.path.join(self.tmp, "out-%d.bin" % len(runs))
                args = [h.TRAIN if a == "TRAIN" else out_path if a == "OUT"
                        else self.grader_file if a == "GRADER" else a for a in cmd]
                what = "%s, keys by %s: openai-ft %s" % (label, way, " ".join(cmd))
                ok = "*" in may_succeed or " ".join(cmd[:2]) in may_succeed
                runs.append((what, ["-v", *(extra or []), *key_args, *args], env, ok))
        with ThreadPoolExecutor(PARALLEL) as pool:
            results = list(pool.map(
                lambda run: self.run_cli(*run[1], env=run[2], expect=None), runs))
        for (what, _, _, ok), r in zip(runs, results):
            self.assert_no_key(what, r.out + r.err)
            if not ok:
                self.assertNotEqual(r.code, 0, "%s succeeded: %s" % (what, r.err))
        LeakTest.runs += len(runs)

    def test_bad_base_urls(self):
        for url in ("http://user:%s@127.0.0.1:1/v1" % KEY,
                    "http://%s@127.0.0.1:1/v1" % KEY,
                    "ftp://%s:%s@127.0.0.1/v1" % (KEY, ADMIN),
                    "http://127.0.0.1\\@%s.example/v1" % KEY,
                    "http://127.0.0.1:1/v1?key=%s" % KEY,
                    "http://127.0.0.1:1/v1#%s" % KEY):
            self.run_paths("base URL %s" % url.replace(KEY, "KEY"), url,
                           commands=COMMANDS[:2])

    def test_dead_port(self):
        self.run_paths("a dead port", "http://127.0.0.1:1/v1", extra=["--max-retries", "1"])

    def test_emulator_faults(self):
        control = self.emu.url[:-len("/v1")] + "/_emulator/faults"
        try:
            for status in (401, 429, 500, 503):
                body = json.dumps({"status": status, "status_count": 1000000}).encode()
                req = urllib.request.Request(control, data=body, method="POST",
                                             headers={"Content-Type": "application/json"})
                with urllib.request.urlopen(req, timeout=h.PROC_TIMEOUT) as resp:
                    self.assertEqual(resp.status, 200)
                # one retry, not two: the retries wait 0.5 s and more
                self.run_paths("emulator %d" % status, self.emu.url,
                               extra=["--max-retries", "1"])
        finally:
            req = urllib.request.Request(control, data=b'{"status":0,"status_count":0}',
                                         method="POST",
                                         headers={"Content-Type": "application/json"})
            urllib.request.urlopen(req, timeout=h.PROC_TIMEOUT).close()

    def test_server_reflecting_the_key(self):
        for mode in ("400", "401", "403", "404", "409", "429", "500", "html", "text",
                     "badjson", "long", "failedjob"):
            self.refl.mode = mode
            before = self.refl.requests
            # 500 and the HTML 502 are retried: once is enough here. A 200
            # body is a download's content, a failed job is what `jobs get`
            # shows: successes, whose output is searched all the same.
            self.run_paths("reflected, %s" % mode, self.refl.url,
                           extra=["--max-retries", "1"],
                           may_succeed=("*",) if mode == "failedjob" else
                           ("files download",) if mode in ("text", "badjson") else ())
            self.assertGreater(self.refl.requests, before)
