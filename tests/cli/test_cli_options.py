"""openai-ft's command line: options where people put them, help on every
command, "did you mean", shell completion from the same tables, the short
forms and the list filters."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from typing import Dict, List, Set

import harness as h
from harness import MODEL, env_for


def command_paths(case: h.CliCase) -> List[List[str]]:
    """Every command and group, from the help texts themselves."""
    paths: List[List[str]] = []

    def commands_of(path: List[str]) -> List[str]:
        out = case.run_cli(*path, "--help", env=env_for(None, key=None)).out
        if "\nCommands:\n" not in out:
            return []
        block = out.split("\nCommands:\n", 1)[1].split("\n\n", 1)[0]
        return [line.split()[0] for line in block.splitlines() if line.strip()]

    def walk(path: List[str]) -> None:
        for name in commands_of(path):
            paths.append(path + [name])
            walk(path + [name])

    walk([])
    return paths


def help_options(text: str) -> Set[str]:
    """The --name and -x spellings listed under "Options:" of a help text."""
    if "\nOptions:\n" not in text:
        return set()
    block = text.split("\nOptions:\n", 1)[1].split("\n\n", 1)[0]
    found: Set[str] = set()
    for line in block.splitlines():
        m = re.match(r"  (?:(-\w), )?\s*(--[\w-]+)", line)
        if m:
            found.update(x for x in m.groups() if x)
    return found


class OptionsTest(h.CliCase):
    def test_global_options_after_the_command(self):
        r = self.run_cli("jobs", "list", "--json")
        self.assertEqual(r.json()["object"], "list")
        env = env_for(None)
        r = self.run_cli("files", "list", "--base-url", self.emu.url, "--json", env=env)
        self.assertEqual(r.json()["object"], "list")
        r = self.run_cli("jobs", "list", "-v", "--max-retries", "0")
        self.assertIn("GET ", r.err)
        # a command's own option wins after the command: jobs wait --timeout
        jid = self.create_job(self.slow)
        r = self.run_cli("--timeout", "30", "jobs", "wait", jid, "--timeout", "0.3",
                         emu=self.slow, expect=4)
        self.assertIn("timed out", r.err)
        self.run_cli("jobs", "cancel", jid, emu=self.slow)

    def test_opt_equals_value_everywhere(self):
        env = env_for(None)
        r = self.run_cli("--base-url=" + self.emu.url, "--json", "jobs", "list", "--limit=1",
                         env=env)
        self.assertEqual(r.json()["object"], "list")
        f = self.run_cli("files", "upload", h.TRAIN, "--purpose=fine-tune", "--json").json()
        job = self.run_cli("jobs", "create", "--model=" + MODEL, "--training-file=" + f["id"],
                           "--metadata=k=v=w", "--json").json()
        self.assertEqual(job["metadata"], {"k": "v=w"})
        self.run_cli("validate", h.TRAIN, "--format=chat", "--model=" + MODEL)
        self.run_cli("validate", h.TRAIN, "-m" + MODEL)  # a short option's value attached
        r = self.run_cli("jobs", "list", "--json=yes", expect=2)
        self.assertIn("'--json' takes no value", r.err)
        r = self.run_cli("jobs", "list", "--limit", expect=2)
        self.assertIn("'--limit' needs a value", r.err)

    def test_bundled_short_flags(self):
        # more options than arguments: -vq... bundles them
        r = self.run_cli("-" + "v" * 40, "-" + "vq" * 20, "--version")
        self.assertIn("openai-ft", r.out)
        r = self.run_cli("jobs", "list", "-vq", "--json")
        self.assertEqual(r.json()["object"], "list")
        self.assertIn("-> 200 in", r.err)

    def test_double_dash_ends_options(self):
        with tempfile.TemporaryDirectory() as tmp:
            shutil.copy(h.TRAIN, os.path.join(tmp, "-data.jsonl"))
            r = self.run_cli("validate", "--", "-data.jsonl", cwd=tmp)
            self.assertIn("-data.jsonl: valid", r.out)
            r = self.run_cli("validate", "-data.jsonl", cwd=tmp, expect=2)
            self.assertIn("unknown option '-d'", r.err)

    def test_help_on_every_command(self):
        paths = command_paths(self)
        names = [" ".join(p) for p in paths]
        for expected in ("train", "validate", "jobs create", "jobs list", "files upload",
                         "files download", "permissions create", "models delete",
                         "graders validate", "graders run", "completion"):
            self.assertIn(expected, names)
        env = env_for(None, key=None)
        for path in paths:
            word = " ".join(path)
            for how in ([*path, "-h"], [*path, "--help"], ["help", *path], ["-h", *path]):
                r = self.run_cli(*how, env=env)
                self.assertTrue(r.out.startswith("Usage: openai-ft " + word), (how, r.out))
                self.assertRegex(r.out, r"\nExamples?:\n  openai-ft ", how)
                self.assertEqual(r.err, "", how)
            out = self.run_cli(*path, "--help", env=env).out
            if "\nCommands:\n" not in out and path not in (["help"], ["completion"]) \
                    and word not in ("files list", "jobs get", "jobs cancel",
                                     "jobs pause", "jobs resume", "jobs checkpoints",
                                     "files get", "models get", "models list",
                                     "permissions list", "permissions delete",
                                     "graders validate", "sweep status"):
                self.assertIn("\nOptions:\n", out, word)
        # help wins over a mistake elsewhere on the line
        r = self.run_cli("jobs", "list", "--bogus", "--help")
        self.assertTrue(r.out.startswith("Usage: openai-ft jobs list"))
        # a group without its command: the group's help on stderr, exit 2
        r = self.run_cli("files", expect=2)
        self.assertIn("Usage: openai-ft files COMMAND", r.err)

    def test_help_with_a_value_missing(self):
        # --help wins over an option left without its value at the end, and that
        # option is not applied (it was applied with a NULL value: a crash)
        env = env_for(None, key=None)
        for opt in ("--timeout", "--max-retries", "--api-key", "--admin-key",
                    "--api-key-file", "--ca-file", "--ca-path", "--base-url"):
            for how in (["-h", opt], ["jobs", "list", "--help", opt]):
                r = self.run_cli(*how, env=env)
                self.assertTrue(r.out.startswith("Usage: openai-ft"), (how, r.out))
                self.assertEqual(r.err, "", how)
        r = self.run_cli("jobs", "create", "--help", "--suffix", env=env)
        self.assertTrue(r.out.startswith("Usage: openai-ft jobs create"), r.out)

    def test_man_page_names_every_option(self):
        with open(os.path.join(h.DATA, "..", "..", "tools", "openai-ft", "openai-ft.1")) as f:
            man = f.read()
        env = env_for(None, key=None)
        every = set(re.findall(r"\n  (?:-\w, )?\s*(--[\w-]+)", self.run_cli("--help",
                                                                          env=env).out))
        for path in command_paths(self):
            every |= help_options(self.run_cli(*path, "--help", env=env).out)
        self.assertIn("--api-key-file", every)
        for opt in sorted(o for o in every if o.startswith("--")):
            self.assertIn(opt.replace("-", "\\-"), man, opt)
        for path in command_paths(self):
            self.assertIn(path[-1], man, path)

    def test_did_you_mean(self):
        cases = [(["jbos", "list"], "unknown command 'jbos'; did you mean 'jobs'?"),
                 (["jobs", "lst"], "unknown command 'jobs lst'; did you mean 'list'?"),
                 (["files", "uplaod", "x"], "did you mean 'upload'?"),
                 (["help", "permisions"], "did you mean 'permissions'?"),
                 (["jobs", "list", "--limt", "3"], "unknown option '--limt'; did you mean "
                                                  "'--limit'?"),
                 (["--jsno", "jobs", "list"], "did you mean '--json'?"),
                 (["validate", h.TRAIN, "--format", "chta"], "did you mean 'chat'?"),
                 (["jobs", "list", "--status", "runing"], "did you mean 'running'?"),
                 (["train", h.TRAIN, "-m", MODEL, "--method", "dop"], "did you mean 'dpo'?")]
        for args, message in cases:
            r = self.run_cli(*args, expect=2)
            self.assertIn(message, r.err, args)
            self.assertEqual(r.out, "", args)

    def test_short_forms(self):
        f = self.run_cli("--json", "files", "upload", h.TRAIN).json()
        job = self.run_cli("--json", "jobs", "create", "-m", MODEL, "-t", f["id"]).json()
        self.assertEqual(job["training_file"], f["id"])
        r = self.run_cli("train", "-t", f["id"], "-m", MODEL, "--no-wait", emu=self.emu)
        self.assertTrue(r.out.startswith("job: ftjob"), r.out)
        self.assertIn("valid", self.run_cli("validate", h.TRAIN, "-m", MODEL).out)

    def test_jobs_list_filters(self):
        emu = h.Emulator("--job-duration", "600")
        try:
            f = self.run_cli("--json", "files", "upload", h.TRAIN, emu=emu).json()
            ids = []
            for team in ("a", "b", "a"):
                ids.append(self.run_cli("--json", "jobs", "create", "-m", MODEL, "-t", f["id"],
                                        "--metadata", "team=" + team, emu=emu).json()["id"])
            self.run_cli("jobs", "cancel", ids[0], emu=emu)

            def listed(*args: str) -> List[str]:
                return [j["id"] for j in
                        self.run_cli("--json", "jobs", "list", *args, emu=emu).json()["data"]]

            self.assertEqual(listed("--status", "cancelled"), [ids[0]])
            self.assertEqual(sorted(listed("--metadata", "team=a")), sorted([ids[0], ids[2]]))
            self.assertEqual(listed("--metadata", "team=a", "--status", "cancelled"), [ids[0]])
            self.assertEqual(listed("--limit", "1"), [ids[2]])  # newest first
            self.assertEqual(listed("--after", ids[2], "--limit", "1"), [ids[1]])
            self.assertEqual(listed("--status", "validating_files", "--limit", "1"), [ids[2]])
            table = self.run_cli("jobs", "list", "--status", "cancelled", emu=emu).out
            self.assertTrue(table.startswith("ID "))
            self.assertIn(ids[0], table)
            self.assertNotIn(ids[1], table)
            for jid in ids[1:]:
                self.run_cli("jobs", "cancel", jid, emu=emu)
        finally:
            emu.stop()


class CompletionTest(h.CliCase):
    def script(self, shell: str) -> str:
        r = self.run_cli("completion", shell, env=env_for(None, key=None))
        self.assertIn("openai-ft", r.out)
        return r.out

    def bash(self, words: List[str]) -> List[str]:
        """COMPREPLY for words as bash splits them (the last is the current)."""
        with tempfile.NamedTemporaryFile("w", suffix=".bash") as f:
            f.write(self.script("bash"))
            f.flush()
            quoted = " ".join("'%s'" % w.replace("'", "'\\''") for w in words)
            prog = ("source %s; COMP_WORDS=(%s); COMP_CWORD=%d; _openai_ft; "
                    "printf '%%s\\n' \"${COMPREPLY[@]}\"" % (f.name, quoted, len(words) - 1))
            out = subprocess.run(["bash", "-c", prog], capture_output=True, text=True,
                                 timeout=60)
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertEqual(out.stderr, "")
        return [w for w in out.stdout.splitlines() if w]

    def zsh(self, words: List[str]) -> List[str]:
        """What the zsh completion function adds (compadd and _files stubbed)."""
        with tempfile.NamedTemporaryFile("w", suffix=".zsh") as f:
            f.write(self.script("zsh"))
            f.flush()
            quoted = " ".join("'%s'" % w.replace("'", "'\\''") for w in words)
            # compadd keeps the words that start with PREFIX, as zsh's does
            prefix = words[-1].split("=", 1)[1] if "=" in words[-1] else words[-1]
            prog = ("compdef() { :; }; compset() { :; }; "
                    "compadd() { [[ $1 == -- ]] && shift; local w; for w; do "
                    "[[ $w == ${PREFIX}* ]] && print -r -- $w; done; }; "
                    "_files() { print -r -- '<files>'; }; _directories() { print -r -- "
                    "'<dirs>'; }; source %s; words=(%s); CURRENT=%d; PREFIX='%s'; _openai-ft"
                    % (f.name, quoted, len(words), prefix))
            out = subprocess.run(["zsh", "-f", "-c", prog], capture_output=True, text=True,
                                 timeout=60)
        self.assertEqual(out.stderr, "")
        return [w for w in out.stdout.splitlines() if w]

    def fish(self, line: str) -> List[str]:
        with tempfile.NamedTemporaryFile("w", suffix=".fish") as f:
            f.write(self.script("fish"))
            f.flush()
            out = subprocess.run(["fish", "--no-config", "-c",
                                  "source %s; complete -C '%s'" % (f.name, line)],
                                 capture_output=True, text=True, timeout=60)
        self.assertEqual(out.stderr, "")
        return [w.split("\t")[0] for w in out.stdout.splitlines() if w]

    CASES = [  # words (the last one being completed), what must be offered
        (["openai-ft", ""], {"train", "validate", "files", "jobs", "permissions", "graders",
                             "models"}),
        (["openai-ft", "graders", "r"], {"run"}),
        (["openai-ft", "graders", "run", "g.json", "--s"], {"--sample"}),
        (["openai-ft", "jo"], {"jobs"}),
        (["openai-ft", "jobs", "li"], {"list"}),
        (["openai-ft", "--json", "jobs", "list", "--st"], {"--status"}),
        (["openai-ft", "jobs", "list", "--status", "r"], {"running"}),
        (["openai-ft", "--base-url", "http://x/v1", "validate", "--format", "c"],
         {"chat", "completion"}),
        (["openai-ft", "completion", "z"], {"zsh"}),
        (["openai-ft", "files", "download", "file-x", "--f"], {"--force"}),
        (["openai-ft", "train", "-m", "x", "--n-"], {"--n-epochs"}),
    ]

    def test_bash(self):
        for words, expected in self.CASES:
            self.assertTrue(expected <= set(self.bash(words)), (words, self.bash(words)))
        self.assertEqual(self.bash(["openai-ft", "jobs", "li"]), ["list"])
        # bash splits --color=al into --color, = and al
        self.assertEqual(self.bash(["openai-ft", "--color", "=", "al"]), ["always"])
        self.assertIn("--timeout", self.bash(["openai-ft", "jobs", "wait", "--t"]))

    def test_zsh(self):
        for words, expected in self.CASES:
            self.assertTrue(expected <= set(self.zsh(words)), (words, self.zsh(words)))
        self.assertEqual(self.zsh(["openai-ft", "--color=al"]), ["always"])
        self.assertEqual(self.zsh(["openai-ft", "jobs", "li"]), ["list"])
        self.assertEqual(self.zsh(["openai-ft", "validate", ""]), ["<files>"])

    def test_fish(self):
        for words, expected in self.CASES:
            line = " ".join(words)
            self.assertTrue(expected <= set(self.fish(line)), (line, self.fish(line)))

    def test_one_source_for_help_and_completion(self):
        """Every command completes exactly the options its --help lists."""
        with tempfile.NamedTemporaryFile("w", suffix=".bash") as f:
            f.write(self.script("bash"))
            f.flush()
            env = env_for(None, key=None)
            for path in command_paths(self):
                word = " ".join(path)
                listed = help_options(self.run_cli(*path, "--help", env=env).out)
                out = subprocess.run(["bash", "-c", "source %s; _openai_ft_opts '%s'; "
                                      "_g=$REPLY; _openai_ft_opts ''; echo \"${_g%%$REPLY}\""
                                      % (f.name, word)], capture_output=True, text=True,
                                     timeout=60).stdout
                self.assertEqual(set(out.split()), listed, word)

    def test_meson_installs_the_completions(self):
        if not h.BUILD:
            self.fail("test_cli.py needs the build directory as its 4th argument")
        out = subprocess.run(["meson", "introspect", "--installed", h.BUILD],
                             capture_output=True, text=True, timeout=120)
        self.assertEqual(out.returncode, 0, out.stderr)
        installed: Dict[str, str] = __import__("json").loads(out.stdout)
        wanted = {"bash": "share/bash-completion/completions/openai-ft",
                  "zsh": "share/zsh/site-functions/_openai-ft",
                  "fish": "share/fish/vendor_completions.d/openai-ft.fish"}
        for shell, dest in wanted.items():
            built = [src for src, d in installed.items() if d.endswith(dest)]
            self.assertEqual(len(built), 1, (dest, installed))
            with open(built[0]) as f:
                self.assertEqual(f.read(), self.script(shell), shell)
