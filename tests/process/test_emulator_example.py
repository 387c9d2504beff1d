#!/usr/bin/env python3
"""The EXAMPLE of openai-ft-emulator(1) runs as written.

Usage: test_emulator_example.py MAN_PAGE OPENAI_FT_EMULATOR

The lines between .nf and .fi of the EXAMPLE section, with the roff escapes
undone, run in bash -e in an empty directory with the emulator's directory
first on PATH, ten times (a race between the emulator's first line and the
script's reading of it shows up as a failed run). The script runs in a
session of its own, killed as a whole at the end, also on failure.
"""
from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import tempfile
import unittest

MAN, EMU = sys.argv[1], sys.argv[2]
del sys.argv[1:3]
RUNS = 10


def example_script(page: str) -> str:
    section = page.split(".SH EXAMPLE", 1)[1].split("\n.SH ", 1)[0]
    body = section.split(".nf\n", 1)[1].split("\n.fi", 1)[0]
    lines = [ln for ln in body.splitlines() if not ln.startswith(".")]
    text = "\n".join(lines) + "\n"
    return re.sub(r"\\(e|-)", lambda m: "\\" if m.group(1) == "e" else "-", text)


class ManPageExampleTest(unittest.TestCase):
    def test_example_runs_as_written(self) -> None:
        with open(MAN, encoding="utf-8") as f:
            script = example_script(f.read())
        self.assertIn("openai-ft-emulator", script)
        env = dict(os.environ)
        env["PATH"] = os.path.dirname(os.path.abspath(EMU)) + os.pathsep + env["PATH"]
        for run in range(RUNS):
            with tempfile.TemporaryDirectory(prefix="oft-emu-example-") as work:
                out, err, code = self.run_script(script, work, env)
                self.assertEqual(code, 0, "run %d: %s%s" % (run, out, err))
                self.assertIn('"object":"list"', out, "run %d: %s" % (run, err))
                self.assertIn('"status":"succeeded"', out, "run %d: %s" % (run, err))

    @staticmethod
    def run_script(script: str, work: str, env: dict[str, str]) -> tuple[str, str, int]:
        """Runs script in work; its output goes to files, so that a background
        process it leaves behind cannot hold the test up."""
        out_path, err_path = os.path.join(work, ".out"), os.path.join(work, ".err")
        with open(out_path, "w") as out, open(err_path, "w") as err:
            p = subprocess.Popen(["bash", "-e", "-c", script], cwd=work, env=env,
                                 stdout=out, stderr=err, start_new_session=True)
            try:
                code = p.wait(timeout=120)
            except subprocess.TimeoutExpired:
                code = -1
            finally:
                try:
                    os.killpg(p.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                p.wait()
        with open(out_path) as out, open(err_path) as err:
            return out.read(), err.read(), code

if __name__ == "__main__":
    unittest.main(verbosity=2)
