#!/usr/bin/env python3
"""The README's snippets of the emulator, run for real: behind the official
Python SDK, behind the official Node SDK, and in a CI job (its GitHub Actions
steps run in order as the runner would: GITHUB_ENV and GITHUB_PATH carried
from a step to the next, `if: always()` steps run after a failure).

Usage: test_emulator_sdks.py README EMULATOR_DIR VENV_PYTHON NODE_DIR REPO_ROOT

VENV_PYTHON has the `openai` package from PyPI, NODE_DIR/node_modules the
`openai` package from npm (scripts/test-emulator-sdks makes both). Every
process a snippet leaves behind is killed with its session at the end.
"""
from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import tempfile
import unittest
from typing import Optional

README, EMU_DIR, VENV_PY, NODE_DIR, REPO = sys.argv[1:6]
del sys.argv[1:6]
TIMEOUT = 600


def snippet(name: str) -> str:
    """The fenced block that follows <!-- snippet: NAME --> in the README."""
    with open(README, encoding="utf-8") as f:
        text = f.read()
    m = re.search(r"<!-- snippet: %s -->\s*```\w*\n(.*?)\n```" % re.escape(name), text,
                  re.S)
    if not m:
        raise AssertionError("README has no snippet %s" % name)
    return m.group(1) + "\n"


def kill_sessions(sessions: list[int]) -> None:
    for sid in sessions:
        try:
            os.killpg(sid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def run(cmd: list[str], cwd: str, env: dict[str, str],
        sessions: Optional[list[int]] = None) -> tuple[int, str, str]:
    """Runs cmd in a session of its own, killed as a whole afterwards (or, given
    sessions, added to them: a CI step's background process outlives its step
    until the job ends); output to files, so that a process left behind cannot
    hold the test up."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        p = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=out, stderr=err,
                             start_new_session=True)
        try:
            code = p.wait(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            code = -1
        finally:
            if sessions is None:
                kill_sessions([p.pid])
            else:
                sessions.append(p.pid)
            p.wait()
        out.seek(0)
        err.seek(0)
        return code, out.read(), err.read()


def with_emulator_on_path() -> dict[str, str]:
    env = dict(os.environ)
    env["PATH"] = os.path.abspath(EMU_DIR) + os.pathsep + env["PATH"]
    return env


class Step:
    def __init__(self) -> None:
        self.name = ""
        self.uses: Optional[str] = None
        self.with_: dict[str, str] = {}
        self.if_: Optional[str] = None
        self.run: Optional[str] = None


def parse_steps(yaml: str) -> list[Step]:
    """The steps of the README's job, read by indentation (that snippet's shape:
    `- key: value` items, `with:` maps, `run: |` blocks)."""
    lines = yaml.splitlines()
    start = next(i for i, ln in enumerate(lines) if ln.strip() == "steps:") + 1
    item = len(lines[start]) - len(lines[start].lstrip())
    steps: list[Step] = []
    i = start
    while i < len(lines):
        ln = lines[i]
        indent = len(ln) - len(ln.lstrip())
        body = ln.strip()
        if indent == item and body.startswith("- "):
            steps.append(Step())
            body, indent = body[2:], indent + 2
        key, _, value = body.partition(":")
        value = value.strip()
        step = steps[-1]
        if key == "run" and value == "|":
            block = []
            i += 1
            while i < len(lines) and (not lines[i].strip() or
                                      len(lines[i]) - len(lines[i].lstrip()) > indent):
                block.append(lines[i][indent + 2:])
                i += 1
            step.run = "\n".join(block) + "\n"
            continue
        if key == "with":
            i += 1
            while i < len(lines) and len(lines[i]) - len(lines[i].lstrip()) > indent:
                k, _, v = lines[i].strip().partition(":")
                step.with_[k] = v.strip()
                i += 1
            continue
        if key == "uses":
            step.uses = value
        elif key == "name":
            step.name = value
        elif key == "if":
            step.if_ = value
        elif key == "run":
            step.run = value + "\n"
        i += 1
    return steps


class SdkSnippetsTest(unittest.TestCase):
    def test_python_sdk(self) -> None:
        with tempfile.TemporaryDirectory(prefix="oft-emu-py-") as work:
            path = os.path.join(work, "example.py")
            with open(path, "w") as f:
                f.write(snippet("emulator-python"))
            code, out, err = run([VENV_PY, path], work, with_emulator_on_path())
            self.assertEqual(code, 0, out + err)
            lines = out.splitlines()
            self.assertRegex(lines[0], r"^succeeded gpt-4o-mini-2024-07-18 "
                                       r"ft:gpt-4o-mini-2024-07-18:org-emulator::\w+$")
            self.assertEqual(lines[1], "The job has successfully completed")
            self.assertEqual(len(lines), 4)

    def test_node_sdk(self) -> None:
        path = os.path.join(NODE_DIR, "emulator-example-%d.mjs" % os.getpid())
        try:
            with open(path, "w") as f:
                f.write(snippet("emulator-node"))
            with tempfile.TemporaryDirectory(prefix="oft-emu-node-") as work:
                code, out, err = run(["node", path], work, with_emulator_on_path())
        finally:
            os.unlink(path)
        self.assertEqual(code, 0, out + err)
        self.assertRegex(out.strip(), r"^succeeded gpt-4o-mini-2024-07-18 "
                                      r"ft:gpt-4o-mini-2024-07-18:org-emulator::\w+$")

    def test_ci_job(self) -> None:
        steps = parse_steps(snippet("emulator-ci"))
        self.assertEqual([s.uses or s.name for s in steps][:2],
                         ["actions/checkout@v4", "Build the emulator"])
        sessions: list[int] = []
        with tempfile.TemporaryDirectory(prefix="oft-emu-ci-") as work:
            try:
                outputs = self.run_job(steps, work, sessions)
            finally:  # the runner's "cleaning up orphan processes"
                kill_sessions(sessions)
        self.assertIn('{"status":"ok"}', outputs["Your tests, against the emulator"])
        self.assertIn("gpt-4o-mini-2024-07-18", outputs["Your tests, against the emulator"])
        self.assertIn("GET /v1/models 200", outputs["Stop the emulator"])

    def run_job(self, steps: list[Step], work: str,
                sessions: list[int]) -> dict[str, str]:
        """Runs the steps as the runner does; their outputs by name."""
        temp = os.path.join(work, "_temp")
        os.mkdir(temp)
        env_file, path_file = os.path.join(temp, "env"), os.path.join(temp, "path")
        open(env_file, "w").close()
        open(path_file, "w").close()
        outputs: dict[str, str] = {}
        failed = None
        for step in steps:
            if failed and step.if_ != "always()":
                continue
            if step.uses:
                self.assertTrue(step.uses.startswith("actions/checkout@"), step.uses)
                os.symlink(os.path.abspath(REPO), os.path.join(work, step.with_["path"]))
                continue
            env = dict(os.environ, RUNNER_TEMP=temp, GITHUB_ENV=env_file,
                       GITHUB_PATH=path_file)
            with open(env_file) as f:
                env.update(ln.rstrip("\n").split("=", 1) for ln in f if "=" in ln)
            with open(path_file) as f:
                extra = [ln.strip() for ln in f if ln.strip()]
            env["PATH"] = os.pathsep.join(list(reversed(extra)) + [env["PATH"]])
            code, out, err = run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c",
                                  step.run or ""], work, env, sessions)
            outputs[step.name] = out + err
            if code != 0 and not failed:
                failed = "step '%s' exited %d: %s%s" % (step.name, code, out, err)
        if failed:
            self.fail(failed)
        return outputs


if __name__ == "__main__":
    unittest.main(verbosity=2)
