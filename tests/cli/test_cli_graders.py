"""openai-ft graders: validate and run a reinforcement grader against the
emulator, as text and --json, from files, stdin and @FILE values, and the
exit codes of a grader refused by the API, refused before sending, and one
that could not grade."""
from __future__ import annotations

import json
import os
import tempfile

import harness as h

EXACT = {"type": "string_check", "name": "exact", "input": "{{sample.output_text}}",
         "reference": "{{item.label}}", "operation": "eq"}
MULTI = {"type": "multi", "name": "both", "calculate_output": "(a + b) / 2",
         "graders": [{"type": "string_check", "name": "a",
                      "input": "{{sample.output_text}}", "reference": "yes",
                      "operation": "eq"},
                     {"type": "python", "name": "b", "source": "def grade(s, i): return 1"}]}


class GradersTest(h.CliCase):
    def setUp(self) -> None:
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)

    def write(self, name: str, data: object) -> str:
        path = os.path.join(self.tmp.name, name)
        with open(path, "w", encoding="utf-8") as f:
            f.write(data if isinstance(data, str) else json.dumps(data))
        return path

    def test_validate(self) -> None:
        g = self.write("g.json", EXACT)
        r = self.run_cli("graders", "validate", g)
        self.assertEqual(r.out, 'valid: string_check grader "exact"\n')
        answer = self.run_cli("--json", "graders", "validate", "-",
                              input=json.dumps(EXACT).encode()).json()
        self.assertEqual(answer["grader"], EXACT)

    def test_validate_invalid_exits_1_with_the_apis_message(self) -> None:
        bad = dict(EXACT, operation="equals")
        r = self.run_cli("graders", "validate", self.write("bad.json", bad), expect=1)
        self.assertEqual(r.out, "")
        self.assertIn("HTTP 400", r.err)
        self.assertIn("param grader.operation", r.err)
        self.assertIn("'equals'", r.err)
        # not a grader at all: refused before sending, still "invalid" (1)
        for text in ('{"type":', "[]", '{"name": "x"}'):
            r = self.run_cli("graders", "validate", "-", input=text.encode(), expect=1)
            self.assertIn("grader_json", r.err)
        r = self.run_cli("graders", "validate", "-", input=b'{"type":"a\x00"}', expect=2)
        self.assertIn("NUL byte", r.err)
        r = self.run_cli("graders", "validate", os.path.join(self.tmp.name, "none"),
                         expect=2)
        self.assertIn("cannot read grader", r.err)

    def test_run(self) -> None:
        g = self.write("g.json", EXACT)
        r = self.run_cli("graders", "run", g, "--sample", "Paris", "--item",
                         '{"label": "Paris"}')
        self.assertIn("reward:      1\n", r.out)
        self.assertIn("grader:      exact (string_check)\n", r.out)
        self.assertIn("scores:      exact 1\n", r.out)
        self.assertNotIn("errors:", r.out)
        # @FILE values, as they are; --json is the API's answer
        sample = self.write("s.txt", "Lyon")
        item = self.write("i.json", {"label": "Paris"})
        out = self.run_cli("--json", "graders", "run", g, "--sample", "@" + sample,
                           "--item", "@" + item).json()
        self.assertEqual(out["reward"], 0.0)
        self.assertEqual(out["metadata"]["name"], "exact")
        self.assertFalse(any(v for v in out["metadata"]["errors"].values()
                             if isinstance(v, bool)))

    def test_run_with_errors_flagged_exits_1(self) -> None:
        m = self.write("m.json", MULTI)
        r = self.run_cli("graders", "run", m, "--sample", "yes", expect=1)
        self.assertIn("reward:      0.5\n", r.out)
        self.assertIn("sub-rewards: a 1, b 0\n", r.out)
        self.assertIn("errors:      python_grader_server_error (unavailable)\n", r.out)
        out = self.run_cli("--json", "graders", "run", m, "--sample", "yes",
                           expect=1).json()
        self.assertTrue(out["metadata"]["errors"]["python_grader_server_error"])

    def test_run_refusals(self) -> None:
        g = self.write("g.json", EXACT)
        r = self.run_cli("graders", "run", g, expect=2)
        self.assertIn("--sample", r.err)
        r = self.run_cli("graders", "run", g, "--sample", "x", "--item", "[1]", expect=2)
        self.assertIn("item_json: must be a JSON object", r.err)
        r = self.run_cli("graders", "run", g, "--sample", "@" + self.tmp.name + "/none",
                         expect=2)
        self.assertIn("cannot read sample", r.err)
        bad = self.write("bad.json", {"type": "text_similarity", "name": "t",
                                      "input": "a", "reference": "b"})
        r = self.run_cli("graders", "run", bad, "--sample", "x", expect=1)
        self.assertIn("param grader.evaluation_metric", r.err)
        self.assertEqual(r.out, "")
