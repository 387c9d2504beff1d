"""What a script or a shell user meets (issue 21, CLI points 5-8): --jq and
--template on the JSON output, completion of the API's IDs (and the
completion script in a bash without the bash-completion package), the
Ctrl-C hint that repeats the global options, and the cost asked about
before a big training run.

Run through test_cli.py as its own meson test (cli_script):
  test_cli.py OPENAI_FT OPENAI_FT_EMULATOR DATA_DIR BUILD_DIR test_cli_script
"""
import json
import os
import shlex
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import threading
import urllib.request
from typing import Dict, List, Optional

import harness as h
from harness import MODEL, PROC_TIMEOUT, Emulator, Tty, env_for


def chat_lines(n: int, chars: int) -> str:
    text = ("word " * (chars // 5 + 1))[:chars]
    line = json.dumps({"messages": [{"role": "user", "content": text},
                                    {"role": "assistant", "content": text}]})
    return (line + "\n") * n


class JqTemplateTest(h.CliCase):
    """--jq EXPR and --template TEXT read the JSON output without jq."""

    def upload(self) -> Dict:
        return self.run_cli("--json", "files", "upload", h.TRAIN).json()

    def test_jq_prints_one_field(self):
        f = self.upload()
        r = self.run_cli("files", "get", f["id"], "--jq", ".id")
        self.assertEqual(r.out, f["id"] + "\n")  # a string: raw, as jq -r and gh
        r = self.run_cli("--jq", ".bytes", "files", "get", f["id"])
        self.assertEqual(r.out, "%d\n" % f["bytes"])
        r = self.run_cli("files", "get", f["id"], "--jq", "{id, purpose}")
        self.assertEqual(json.loads(r.out), {"id": f["id"], "purpose": "fine-tune"})
        r = self.run_cli("files", "list", "--jq", ".data[].id")
        self.assertIn(f["id"], r.out.splitlines())
        # the same document --json prints
        whole = self.run_cli("--json", "files", "list").json()
        r = self.run_cli("files", "list", "--jq", ".")
        self.assertEqual(json.loads(r.out), whole)

    def test_jq_on_a_job_and_its_events(self):
        job = h.CliCase.create_job(self, self.emu)
        r = self.run_cli("jobs", "wait", job, "--jq", ".status")
        self.assertEqual(r.out, "succeeded\n")
        r = self.run_cli("jobs", "events", job, "--jq", ".data[0].object")
        self.assertEqual(r.out, "fine_tuning.job.event\n")

    def test_template(self):
        f = self.upload()
        r = self.run_cli("files", "get", f["id"], "--template", "{{.id}} {{.purpose}}\\n")
        self.assertEqual(r.out, "%s fine-tune\n" % f["id"])
        r = self.run_cli("files", "list", "--template",
                         '{{range .data}}{{.id}}{{"\\n"}}{{end}}')  # gh's own form
        self.assertIn(f["id"], r.out.splitlines())
        r = self.run_cli("files", "list", "--template",
                         "{{if .has_more}}more{{else}}all{{end}}|{{.missing}}|"
                         "{{range .data}}{{- if .bytes}}x{{end -}}  {{end}}\\t.")
        n = len(self.run_cli("--json", "files", "list").json()["data"])
        self.assertEqual(r.out, "all||" + "x" * n + "\t.")
        # actions are jq expressions
        r = self.run_cli("files", "list", "--template", "{{.data | length}}")
        self.assertEqual(r.out, str(n))

    def test_on_a_terminal(self):
        """Lines a template makes stay lines; a server's escapes do not reach the
        terminal; --jq indents JSON there."""
        fake = h.FakeApi({("GET", "/v1/files"): lambda _: (200, {}, {
            "object": "list", "has_more": False, "data": [
                {"object": "file", "id": "file-a", "bytes": 1, "created_at": 1,
                 "filename": h.HOSTILE, "purpose": "fine-tune"}]})})
        try:
            env = env_for(None, OPENAI_BASE_URL=fake.url)
            for opt, expr in (("--template", "{{range .data}}{{.id}}\\t{{.filename}}\\n{{end}}"),
                              ("--jq", ".data[] | .id, .filename, {id}")):
                t = Tty(["files", "list", opt, expr], env, stdout_tty=True)
                rc, _, tty = t.finish(self)
                self.assertEqual(rc, 0, tty)
                self.assertNotIn("\x1b", tty)
                self.assertNotIn("\u009b", tty)
                self.assertIn("x\\x1b]0;pwned", tty)
                if opt == "--template":
                    self.assertIn("file-a\t", tty)
                else:
                    self.assertIn('{\r\n  "id": "file-a"\r\n}', tty)
        finally:
            fake.stop()

    def test_expression_errors_exit2_before_anything_is_sent(self):
        before = len(self.run_cli("--json", "files", "list").json()["data"])
        for opt, expr, says in (
                ("--jq", ".data[", "--jq: syntax error"),
                ("--jq", "nosuchfn", "--jq: nosuchfn/0 is not defined"),
                ("--template", "{{.id", "'{{' without its '}}'"),
                ("--template", "{{range .data}}x", "{{range}} without its {{end}}"),
                ("--template", "x{{end}}", "{{end}} without {{range}} or {{if}}"),
                ("--template", "{{else}}", "{{else}} outside {{if}}"),
                ("--template", "{{}}", "an action without an expression"),
                ("--template", "{{.a | nosuchfn}}", "in {{.a | nosuchfn}}:")):
            r = self.run_cli("files", "upload", h.TRAIN, opt, expr, expect=2)
            self.assertIn(says, r.err, expr)
            self.assertEqual(r.out, "")
        after = len(self.run_cli("--json", "files", "list").json()["data"])
        self.assertEqual(before, after)  # nothing was uploaded
        r = self.run_cli("files", "list", "--jq", ".", "--template", "x", expect=2)
        self.assertIn("--jq and --template", r.err)
        r = self.run_cli("completion", "bash", "--jq", ".", expect=2)
        self.assertIn("prints none", r.err)

    def test_runtime_error_exit2(self):
        r = self.run_cli("files", "list", "--jq", ".data.x", expect=2)
        self.assertIn("--jq: error: Cannot index array", r.err)
        r = self.run_cli("files", "list", "--template", "{{range .object}}{{end}}", expect=2)
        self.assertIn("range over a string", r.err)

    def test_the_key_never_comes_out(self):
        key = "sk-jq-secret-0123456789abcdef"
        for expr in ("env.OPENAI_API_KEY", "$ENV.OPENAI_API_KEY", "[env[]]"):
            r = self.run_cli("files", "list", "--jq", expr, key=key, expect=2)
            self.assertNotIn(key, r.out + r.err)
            self.assertIn("holding an API key was dropped", r.err)


def hanging_server() -> socket.socket:
    """A socket that accepts connections (the kernel's backlog) and never answers."""
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    s.listen(16)
    return s


class CompleteIdsTest(h.CliCase):
    """The completion scripts offer the API's IDs through `openai-ft __complete`."""

    def setUp(self) -> None:
        self.cache = tempfile.TemporaryDirectory()
        self.addCleanup(self.cache.cleanup)

    def env(self, emu: Optional[Emulator] = None, **extra: str) -> Dict[str, str]:
        e = {"XDG_CACHE_HOME": self.cache.name,
             "OPENAI_FT_COMPLETE_TIMEOUT": "30" if h.VALGRIND else "2",
             "PATH": os.path.dirname(h.CLI) + os.pathsep + os.environ["PATH"]}
        e.update(extra)
        return env_for(emu, **e)

    def complete(self, kind: str, line: str, env: Dict[str, str]) -> List[str]:
        r = self.run_cli("__complete", kind, line, env=env)
        self.assertEqual(r.err, "")  # never a word on the terminal
        return r.out.splitlines()

    def test_ids_of_each_kind(self):
        emu = Emulator("--job-duration", "1")
        try:
            job = self.create_job(emu)
            self.run_cli("jobs", "wait", job, emu=emu)
            env = self.env(None)  # the base URL comes from the line, as for the command
            line = "openai-ft --base-url %s " % emu.url
            self.assertIn(job, self.complete("job", line + "jobs get ", env))
            self.assertIn(job, self.complete("job", line + "jobs get ftjob-", env))
            self.assertEqual(self.complete("job", line + "jobs get nomatch", env), [])
            files = self.complete("file", line + "files get ", env)
            self.assertTrue(files and all(f.startswith("file-") for f in files), files)
            models = self.complete("model", line + "models get ", env)
            self.assertIn(MODEL, models)
            tuned = self.run_cli("--json", "jobs", "get", job, emu=emu).json()
            self.assertIn(tuned["fine_tuned_model"], self.complete("model", line + "models get ft:", env))
            ckpts = self.complete("checkpoint", line + "permissions list ", env)
            self.assertTrue(ckpts and all(":ckpt-step-" in c for c in ckpts), ckpts)
            # --opt=VALUE: the value is the word
            self.assertIn(job, self.complete("job", line + "jobs list --after=ftj", env))
        finally:
            emu.stop()

    def test_cache_is_private_brief_and_keyless(self):
        key = "sk-cache-secret-0123456789abcdef"
        emu = Emulator("--job-duration", "1")
        try:
            job = self.create_job(emu)
            env = self.env(None, OPENAI_API_KEY=key)
            line = "openai-ft --base-url %s jobs get " % emu.url
            self.assertIn(job, self.complete("job", line, env))
        finally:
            emu.stop()
        # the server is gone: the IDs come from the cache
        self.assertIn(job, self.complete("job", line, env))
        d = os.path.join(self.cache.name, "openai-ft")
        self.assertEqual(stat.S_IMODE(os.stat(d).st_mode), 0o700)
        names = os.listdir(d)
        self.assertTrue(names)
        for n in names:
            p = os.path.join(d, n)
            self.assertEqual(stat.S_IMODE(os.stat(p).st_mode), 0o600, n)
            with open(p, "rb") as f:
                data = f.read()
            self.assertNotIn(key[3:11].encode(), data)
            self.assertNotIn(b"sk-", data)
        # another API (another base URL) is not served from it
        other = "openai-ft --base-url http://127.0.0.1:9/v1 jobs get "
        self.assertEqual(self.complete("job", other, env), [])
        # older than 30 s: asked again (the server being gone, nothing)
        for n in names:
            os.utime(os.path.join(d, n), (0, 0))
        self.assertEqual(self.complete("job", line, env), [])

    def test_silent_and_bounded_on_a_dead_or_hanging_server(self):
        s = hanging_server()
        try:
            env = self.env(None, OPENAI_FT_COMPLETE_TIMEOUT="10" if h.VALGRIND else "1")
            for url in ("http://127.0.0.1:%d/v1" % s.getsockname()[1],
                        "http://127.0.0.1:9/v1"):
                # returns (a hang would reach run_cli's own generous limit), prints
                # nothing: the request's time limit ends it, or else the alarm
                r = self.run_cli("__complete", "job", "openai-ft --base-url %s jobs get "
                                 % url, env=env, expect=None)
                self.assertIn(r.code, (0, -signal.SIGALRM))
                self.assertEqual(r.out, "")
                if not h.VALGRIND:  # valgrind's own report of a process it saw end
                    self.assertEqual(r.err, "")
            self.assertEqual(self.complete("job", "openai-ft jobs get ",
                                           self.env(None, OPENAI_API_KEY="")), [])
        finally:
            s.close()

    def bash(self, line: str, words: List[str], env: Dict[str, str]) -> List[str]:
        """A plain bash (--norc, no bash-completion package loaded) sourcing
        `openai-ft completion bash` as README says, completing line."""
        quoted = " ".join(shlex.quote(w) for w in words)
        prog = ("source <(openai-ft completion bash) || exit 9\n"
                "declare -F _init_completion >/dev/null && exit 8\n"  # not bash-completion's
                "complete -p openai-ft >&2\n"
                "COMP_LINE=%s; COMP_POINT=${#COMP_LINE}; COMP_WORDS=(%s); COMP_CWORD=%d\n"
                "_openai_ft; printf '%%s\\n' \"${COMPREPLY[@]}\"\n"
                % (shlex.quote(line), quoted, len(words) - 1))
        out = subprocess.run(["bash", "--norc", "--noprofile", "-c", prog],
                             capture_output=True, text=True, env=env, timeout=PROC_TIMEOUT)
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertEqual(out.stderr, "complete -F _openai_ft openai-ft\n")
        return [w for w in out.stdout.splitlines() if w]

    def test_bash_without_bash_completion(self):
        emu = Emulator("--job-duration", "1")
        try:
            job = self.create_job(emu)
            self.run_cli("jobs", "wait", job, emu=emu)
            env = self.env(emu)
            self.assertIn(job, self.bash("openai-ft jobs get ",
                                         ["openai-ft", "jobs", "get", ""], env))
            self.assertIn(job, self.bash("openai-ft jobs list --after ",
                                         ["openai-ft", "jobs", "list", "--after", ""], env))
            # bash breaks words at ':': only what follows the last one is replaced
            tuned = self.run_cli("--json", "jobs", "get", job, emu=emu).json()
            got = self.bash("openai-ft models get ft:gpt",
                            ["openai-ft", "models", "get", "ft", ":", "gpt"], env)
            self.assertIn(tuned["fine_tuned_model"][3:], got)
            # train -t: local files and uploaded files' IDs
            got = self.bash("openai-ft train -t file-",
                            ["openai-ft", "train", "-t", "file-"], env)
            self.assertTrue(got and all(g.startswith("file-") for g in got), got)
        finally:
            emu.stop()

    def test_zsh_and_fish(self):
        emu = Emulator("--job-duration", "1")
        try:
            job = self.create_job(emu)
            env = self.env(emu)
            zsh = self.run_cli("completion", "zsh", env=env).out
            with tempfile.NamedTemporaryFile("w", suffix=".zsh") as f:
                f.write(zsh)
                f.flush()
                prog = ("compdef() { :; }; compadd() { [[ $1 == -- ]] && shift; "
                        "print -rl -- \"$@\"; }; source %s; words=(openai-ft jobs get ''); "
                        "CURRENT=4; _openai-ft" % f.name)
                out = subprocess.run(["zsh", "-f", "-c", prog], capture_output=True,
                                     text=True, env=env, timeout=PROC_TIMEOUT)
            self.assertEqual(out.stderr, "")
            self.assertIn(job, out.stdout.splitlines())
            fish = self.run_cli("completion", "fish", env=env).out
            with tempfile.NamedTemporaryFile("w", suffix=".fish") as f:
                f.write(fish)
                f.flush()
                out = subprocess.run(["fish", "--no-config", "-c",
                                      "source %s; complete -C 'openai-ft jobs wait '" % f.name],
                                     capture_output=True, text=True, env=env,
                                     timeout=PROC_TIMEOUT)
            self.assertEqual(out.stderr, "")
            self.assertIn(job, [w.split("\t")[0] for w in out.stdout.splitlines()])
        finally:
            emu.stop()


class ResumeHintTest(h.CliCase):
    """Ctrl-C's hint repeats the global options a re-run needs, never a key."""

    def interrupt_train(self, args: List[str], env: Dict[str, str]) -> str:
        p = subprocess.Popen(h.wrap(args), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             stdin=subprocess.DEVNULL, text=True, env=env)
        h.started.append(p)
        seen = self.wait_for_line(p.stderr, "waiting for job")
        p.send_signal(signal.SIGINT)
        out, err = p.communicate(timeout=PROC_TIMEOUT)
        self.assertEqual(p.returncode, 130, seen + err)
        return seen + err

    def test_hint_reruns_with_the_options_given(self):
        with tempfile.TemporaryDirectory() as d:
            keyfile = os.path.join(d, "my key")
            with open(keyfile, "w") as f:
                f.write("sk-hint-secret-0123456789abcdef\n")
            # nothing from the environment: the options alone reach the server
            env = env_for(None, key=None)
            err = self.interrupt_train(
                ["--base-url", self.slow.url, "--api-key-file", keyfile, "--org", "org x",
                 "--timeout", "30", "-v", "train", h.TRAIN, "-m", MODEL], env)
            hint = [l for l in err.splitlines() if l.startswith("Resume watching with: ")]
            self.assertEqual(len(hint), 1, err)
            words = shlex.split(hint[0][len("Resume watching with: "):])
            self.assertEqual(words[0], "openai-ft")
            self.assertEqual(words[1:9], ["--base-url", self.slow.url, "--api-key-file",
                                          keyfile, "--org", "org x", "--timeout", "30"])
            self.assertEqual(words[9:11], ["jobs", "wait"])
            self.assertNotIn("sk-hint-secret", err)
            job = words[11]
            # the hint, run as printed, watches the same job on the same server
            p = subprocess.Popen(h.wrap(words[1:]), stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                                 text=True, env=env)
            h.started.append(p)
            self.wait_for_line(p.stderr, "waiting for job %s" % job)
            req = urllib.request.Request(
                self.slow.url[:-3] + "/_emulator/jobs/%s/advance" % job,
                data=b'{"to":"end"}', method="POST",
                headers={"Content-Type": "application/json"})
            urllib.request.urlopen(req, timeout=30).read()
            out, err2 = p.communicate(timeout=PROC_TIMEOUT)
            self.assertEqual(p.returncode, 0, err2)
            self.assertIn("fine_tuned_model: ft:", out)

    def test_a_key_on_the_line_is_not_repeated(self):
        key = "sk-inline-secret-0123456789abcdef"
        err = self.interrupt_train(["--api-key", key, "--base-url", self.slow.url,
                                    "train", h.TRAIN, "-m", MODEL], env_for(None, key=None))
        self.assertNotIn(key, err)
        self.assertNotIn("--api-key", [w for l in err.splitlines()
                                       if l.startswith("Resume watching with: ")
                                       for w in shlex.split(l)])
        self.assertIn("a key given with --api-key is not repeated", err)


class CostTest(h.CliCase):
    """train says what a run will cost and asks above a limit."""

    def count_files(self) -> int:
        """Uploads (a job that finishes adds its results file, of another purpose)."""
        return len([f for f in self.run_cli("--json", "files", "list").json()["data"]
                    if f["purpose"] == "fine-tune"])

    def test_estimate_and_refusal_off_a_terminal(self):
        before = self.count_files()
        r = self.run_cli("train", h.TRAIN, "-m", MODEL, "--max-cost", "0.001", expect=2)
        self.assertRegex(r.err, r"estimated cost: \$0\.\d+ \(3 epochs, at \$3\.00 per 1M "
                                r"training tokens of gpt-4o-mini; prices of 20\d\d-\d\d-\d\d\)")
        self.assertIn("will not start training at an estimated $0.", r.err)
        self.assertIn("above the limit of $0.0010", r.err)
        self.assertIn("pass --yes", r.err)
        self.assertEqual(self.count_files(), before)  # nothing uploaded
        env = env_for(self.emu, OPENAI_FT_MAX_COST="0.001")
        r = self.run_cli("train", h.TRAIN, "-m", MODEL, env=env, expect=2)
        self.assertIn("above the limit of $0.0010", r.err)
        r = self.run_cli("train", h.TRAIN, "-m", MODEL, "--n-epochs", "2", "--no-wait",
                         "--max-cost", "0.001", "--yes")
        self.assertIn("(2 epochs, at $3.00", r.err)
        self.assertTrue(r.out.startswith("job: ftjob-"), r.out)
        self.run_cli("train", h.TRAIN, "-m", MODEL, "--no-wait", env=env_for(
            self.emu, OPENAI_FT_MAX_COST="100"))
        r = self.run_cli("train", h.TRAIN, "-m", MODEL, "--max-cost", "x", expect=2)
        self.assertIn("--max-cost: 'x' is not a number", r.err)

    def test_a_big_file_is_refused_at_the_default_limit(self):
        with tempfile.NamedTemporaryFile("w", suffix=".jsonl") as f:
            f.write(chat_lines(9000, 260))  # "auto": 2 epochs by the rule, 3 its target
            f.flush()
            before = self.count_files()
            r = self.run_cli("train", f.name, "-m", MODEL, expect=2)
            self.assertRegex(r.err, r"estimated cost: \$\d+\.\d\d to \$\d+\.\d\d \(2 to 3 "
                                    r"epochs: \"auto\" picks")
            self.assertIn("above the limit of $5.00", r.err)
            self.assertEqual(self.count_files(), before)
            r = self.run_cli("train", f.name, "-m", MODEL, "--yes", "--no-wait")
            self.assertEqual(self.count_files(), before + 1)

    def test_asks_on_a_terminal(self):
        before = self.count_files()
        for answer, code in (("n\n", 1), ("y\n", 0)):
            t = Tty(["train", h.TRAIN, "-m", MODEL, "--no-wait", "--max-cost", "0.001"],
                    env_for(self.emu), stdin_tty=True)
            t.wait_for("[y/N]", self)
            self.assertIn("Really start training at an estimated $0.", t.text())
            t.type(answer)
            rc, out, tty = t.finish(self)
            self.assertEqual(rc, code, tty)
        self.assertEqual(self.count_files(), before + 1)  # only the yes uploaded
