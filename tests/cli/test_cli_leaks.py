"""No CLI error path shows a key (issue 12): openai-ft, verbose, is run
through error paths (bad base URLs carrying the key, a dead port, the
emulator's injected 401/429/500/503, a server reflecting the key into its
request id, error message, type, code, param, an HTML or text body, a JSON
body that does not parse, a failed job), with the keys given by the
environment, by --api-key/--admin-key and by --api-key-file/--admin-key-file,
and everything it prints (stdout and stderr) is searched for either key and
for every 8 characters of one, in the text as printed and in every string of
the JSON it prints as a decoder reads them: a server may write the key with
JSON's escapes (\u0073k-..., \/), in values and as object keys (issue 22)."""
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
# Keys with a '/' every few characters, for "\/" (no 8 characters in a row
# as the server writes them).
SLASH_KEY = "sk-pr/oj-Le/akChe/ckKey/01234/56789/abcd"
SLASH_ADMIN = "sk-ad/min-L/eakCh/eckAd/98765/43210/zyxw"


def escape_every(key: str) -> str:
    return "".join("\\u%04x" % ord(c) for c in key)


def escape_some(key: str) -> str:
    return "".join("\\u%04X" % ord(c) if i % 4 == 3 else c for i, c in enumerate(key))


def escape_mixed(key: str) -> str:
    return "".join(c if i % 3 == 0 else ("\\u%04X" if i % 3 == 1 else "\\u%04x") % ord(c)
                   for i, c in enumerate(key))


def escape_slash(key: str) -> str:
    return key.replace("/", "\\/")


ESCAPES = {"every": escape_every, "some": escape_some, "mixed": escape_mixed,
           "slash": escape_slash}
# Where a body holds the key, until it is written in the form under test.
HERE = "@@KEY@@"


def with_key(obj: Dict[str, Any]) -> Dict[str, Any]:
    """obj with the key as a member's name and value too."""
    return dict(obj, **{HERE: HERE})


def escaped_success(path: str) -> Dict[str, Any]:
    """What the API answers to path, the key (HERE) in its strings."""
    path = path.split("?")[0]
    job = with_key(h.fake_job(id="ftjob-leak", fine_tuned_model="ft:%s:%s" % (MODEL, HERE),
                              user_provided_suffix=HERE, metadata={HERE: HERE}))
    file = with_key({"object": "file", "id": "file-leak", "bytes": 1, "created_at": 1,
                     "filename": HERE + ".jsonl", "purpose": "fine-tune",
                     "status": "processed"})
    model = with_key({"object": "model", "id": MODEL, "created": 1, "owned_by": HERE})

    def page(item: Dict[str, Any]) -> Dict[str, Any]:
        return with_key({"object": "list", "data": [item], "has_more": False})

    if path.endswith("/events"):
        return page(with_key({"object": "fine_tuning.job.event", "id": "ftevent-1",
                              "created_at": 1, "level": "info", "type": "message",
                              "message": "refused " + HERE, "data": {}}))
    if path.endswith("/checkpoints"):
        return page(with_key({"object": "fine_tuning.job.checkpoint", "id": "ftckpt-1",
                              "created_at": 1, "fine_tuning_job_id": "ftjob-leak",
                              "fine_tuned_model_checkpoint": "ft:%s:%s" % (MODEL, HERE),
                              "step_number": 1, "metrics": {"step": 1}}))
    if path.endswith("/permissions"):
        return page(with_key({"object": "checkpoint.permission", "id": "cp-1",
                              "created_at": 1, "project_id": HERE}))
    if path == "/v1/fine_tuning/jobs":
        return page(job)
    if path.startswith("/v1/fine_tuning/jobs/"):
        return job
    if path == "/v1/files":
        return page(file)
    if path.startswith("/v1/files/"):
        return file
    if path == "/v1/models":
        return page(model)
    return model


def decoded(out: str) -> str:
    """The strings of the JSON in out (the whole, or line by line), as a
    decoder reads them, object keys too, one a line."""
    docs: List[Any] = []
    try:
        docs.append(json.loads(out))
    except ValueError:
        for line in out.splitlines():
            try:
                docs.append(json.loads(line))
            except ValueError:
                pass
    strings: List[str] = []

    def walk(v: Any) -> None:
        if isinstance(v, str):
            strings.append(v)
        elif isinstance(v, dict):
            for k, item in v.items():
                strings.append(k)
                walk(item)
        elif isinstance(v, list):
            for item in v:
                walk(item)

    for doc in docs:
        walk(doc)
    return "\n".join(strings)


class Reflector:
    """A server that sends the Bearer key it was given back in everything:
    mode is the answer to every request ("400", "500", "html", "text",
    "badjson", "long", "failedjob", or "escaped-FORM": a success of the
    path's shape with the key as ESCAPES[FORM] writes it)."""

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
        if mode.startswith("escaped-"):
            text = json.dumps(escaped_success(path))
            return 200, "application/json", text.replace(HERE, ESCAPES[mode[8:]](key))
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
# Successes that print what the server sent: as tables and as JSON.
ESCAPED_COMMANDS: List[List[str]] = [
    ["jobs", "list"],
    ["--json", "jobs", "list"],
    ["jobs", "get", "ftjob-leak"],
    ["--json", "jobs", "get", "ftjob-leak"],
    ["jobs", "events", "ftjob-leak"],
    ["jobs", "checkpoints", "ftjob-leak"],
    ["files", "list"],
    ["--json", "files", "list"],
    ["files", "get", "file-leak"],
    ["models", "get", MODEL],
    ["--json", "models", "list"],
    ["permissions", "list", CKPT],
]
# Fewer under valgrind, where each run takes seconds.
if h.VALGRIND:
    COMMANDS, SOME = [COMMANDS[i] for i in (0, 1, 9, 15, 18)], [COMMANDS[0]]
    ESCAPED_COMMANDS = [ESCAPED_COMMANDS[i] for i in (1, 2, 7)]
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

    def ways(self, base_url: Optional[str], key: str = KEY, admin: str = ADMIN
             ) -> List[Tuple[str, List[str], Dict[str, str]]]:
        """The keys by the environment, by options, by files: (name, args, env)."""
        env = env_for(None, key=None)
        if base_url is not None:
            env["OPENAI_BASE_URL"] = base_url
        by_env = dict(env, OPENAI_API_KEY=key, OPENAI_ADMIN_KEY=admin)
        ways = [("env", [], by_env),
                ("options", ["--api-key", key, "--admin-key", admin], env)]
        if key == KEY:  # the files hold these
            ways.append(("files", ["--api-key-file", self.key_file,
                                   "--admin-key-file", self.admin_file], env))
        return ways

    def assert_no_key(self, what: str, out: str, keys: Tuple[str, str] = (KEY, ADMIN)
                      ) -> None:
        for text, how in ((out, "output"), (decoded(out), "JSON output, decoded")):
            for piece in pieces(keys[0]) + pieces(keys[1]):
                if piece in text:
                    at = text.index(piece)
                    self.fail("%s: %r of a key in its %s: ...%s..."
                              % (what, piece, how, text[max(0, at - 80):at + 80]))

    def run_paths(self, label: str, base_url: Optional[str],
                  extra: Optional[List[str]] = None,
                  commands: Optional[List[List[str]]] = None,
                  may_succeed: Tuple[str, ...] = (),
                  keys: Tuple[str, str] = (KEY, ADMIN), succeed: bool = False) -> None:
        """Every command, each way of giving the keys: no piece of a key in
        what it printed, and each run failed (so that the error path is the
        one taken) but those of commands in may_succeed ("*": any); with
        succeed, each run succeeded instead (what it printed is the answer)."""
        runs = []
        for way, key_args, env in self.ways(base_url, *keys):
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
            self.assert_no_key(what, r.out + r.err, keys)
            if succeed:
                self.assertEqual(r.code, 0, "%s failed: %s" % (what, r.err))
            elif not ok:
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

    def test_server_writing_the_key_with_escapes(self):
        # Successes whose strings hold the key as JSON escapes: what the CLI
        # prints of them (tables, --json) holds none of it, decoded or not.
        for form in ESCAPES:
            self.refl.mode = "escaped-" + form
            keys = (SLASH_KEY, SLASH_ADMIN) if form == "slash" else (KEY, ADMIN)
            self.run_paths("escaped, %s" % form, self.refl.url, commands=ESCAPED_COMMANDS,
                           keys=keys, succeed=True)
