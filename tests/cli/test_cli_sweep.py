"""openai-ft sweep, jobs compare and jobs report (issue 19, CLI part) through
real processes against the emulator: a 2 x 3 sweep from one command under
--max-parallel, Ctrl-C and a re-run (and a crash between creating a job and
recording it) without a duplicate job, a failed point that does not stop the
others, the comparison's order and --json, and the report as a person sees
it: headless Chromium renders it to a PNG whose pixels show the curves'
colours, and the SVG's points mapped back through each panel's axis scale
give the job's step metrics (its result file)."""
from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import signal
import struct
import subprocess
import tempfile
import unittest
import urllib.request
import zlib
from typing import Dict, List, Tuple

import harness as h
from harness import MODEL, Emulator

GRID = ["--n-epochs", "2,3", "--learning-rate-multiplier", "0.5,1,2"]
# the report's first six colours (svg_chart.c), as a screenshot shows them
COLOURS = [(0x1f, 0x77, 0xb4), (0xd6, 0x27, 0x28), (0x2c, 0xa0, 0x2c), (0xff, 0x7f, 0x0e),
           (0x94, 0x67, 0xbd), (0x8c, 0x56, 0x4b)]


def read(path: str) -> str:
    with open(path) as f:
        return f.read()


def control(emu: Emulator, path: str, body: Dict) -> None:
    url = emu.url[:-len("/v1")] + "/_emulator/" + path
    req = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST",
                                 headers={"Content-Type": "application/json"})
    urllib.request.urlopen(req, timeout=30).read()


def read_png(path: str) -> Tuple[int, int, List[bytes]]:
    """A small PNG decoder (8-bit RGB or RGBA, not interlaced): width, height
    and the rows as RGB bytes."""
    with open(path, "rb") as f:
        data = f.read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, w = 8, b"", 0
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            w, hh, depth, ctype, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and ctype in (2, 6) and interlace == 0, (depth, ctype)
            bpp = 3 if ctype == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    raw, stride, rows, prev = zlib.decompress(idat), w * bpp, [], bytearray(w * bpp)
    for y in range(hh):
        start = y * (stride + 1)
        ft, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b, c = prev[i], prev[i - bpp] if i >= bpp else 0
            if ft == 1:
                line[i] = (line[i] + a) & 255
            elif ft == 2:
                line[i] = (line[i] + b) & 255
            elif ft == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif ft == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else b if pb <= pc else c
                line[i] = (line[i] + pred) & 255
        prev = line
        rows.append(bytes(line) if bpp == 3 else
                    bytes(v for i, v in enumerate(line) if i % 4 != 3))
    return w, hh, rows


def panels(svg: str) -> Dict[str, Dict]:
    """Each panel's scale and its polylines' points mapped back to values."""
    out = {}
    for m in re.finditer(r'<g class="panel"([^>]*)>(.*?)</g>', svg, re.S):
        attrs = dict(re.findall(r'data-([a-z0-9]+)="([^"]*)"', m.group(1)))
        sc = {k: float(v) for k, v in attrs.items() if k != "metric"}
        lines = {}
        for job, pts in re.findall(r'<polyline[^>]*data-job="([^"]+)"[^>]*points="([^"]+)"',
                                   m.group(2)):
            vals = []
            for pair in pts.split():
                px, py = (float(v) for v in pair.split(","))
                x = sc["x0"] + (px - sc["left"]) / sc["width"] * (sc["x1"] - sc["x0"])
                y = sc["y0"] + (sc["top"] + sc["height"] - py) / sc["height"] * (
                    sc["y1"] - sc["y0"])
                vals.append((x, y))
            lines[job] = vals
        out[attrs["metric"]] = {"scale": sc, "lines": lines}
    return out


class SweepTest(h.CliCase):
    sweep_file = ""
    ids: List[str] = []

    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        cls.tmp = tempfile.mkdtemp(prefix="oft-sweep-")
        # jobs long enough to be caught running, short enough for a quick suite
        cls.mid = Emulator("--job-duration", "4")

    @classmethod
    def tearDownClass(cls) -> None:
        cls.mid.stop()
        shutil.rmtree(cls.tmp, ignore_errors=True)
        super().tearDownClass()

    def sweep_jobs(self, emu: Emulator, sweep_id: str) -> List[Dict]:
        jobs = self.run_cli("--json", "jobs", "list", "--all", emu=emu).json()["data"]
        return [j for j in jobs if (j.get("metadata") or {}).get("openai_ft_sweep") == sweep_id]

    def swept(self) -> Tuple[str, List[str]]:
        """The 2 x 3 sweep of the fast emulator, run once per class."""
        if not SweepTest.sweep_file:
            path = os.path.join(self.tmp, "grid.json")
            r = self.run_cli("sweep", h.TRAIN, "-m", MODEL, *GRID, "--validation-file",
                             h.TRAIN, "--max-parallel", "4", "--poll-interval", "0.2",
                             "--sweep-file", path)
            sw = json.loads(read(path))
            SweepTest.sweep_file, SweepTest.ids = path, [p["job"] for p in sw["points"]]
            SweepTest.out, SweepTest.err = r.out, r.err
        return SweepTest.sweep_file, SweepTest.ids

    def test_sweep_2x3_from_one_command(self):
        path, ids = self.swept()
        sw = json.loads(read(path))
        self.assertEqual([p["name"] for p in sw["points"]],
                         ["e2-lr0.5", "e2-lr1", "e2-lr2", "e3-lr0.5", "e3-lr1", "e3-lr2"])
        self.assertTrue(all(p["status"] == "succeeded" for p in sw["points"]), sw)
        jobs = {j["id"]: j for j in self.sweep_jobs(self.emu, sw["id"])}
        self.assertEqual(sorted(jobs), sorted(ids))
        for p in sw["points"]:
            job = jobs[p["job"]]
            self.assertEqual(job["user_provided_suffix"], "sweep-" + p["name"])
            hp = job["method"]["supervised"]["hyperparameters"]
            self.assertEqual((hp["n_epochs"], hp["learning_rate_multiplier"]),
                             (p["n_epochs"], p["learning_rate_multiplier"]))
        # uploaded once each (training and validation data), not once per job
        self.assertEqual(len({j["training_file"] for j in jobs.values()}), 1)
        self.assertEqual(self.err.count("uploaded "), 2)
        # --max-parallel 4: the fifth job is created only after one has ended
        events = re.findall(r"^(e\d-lr[\d.]+): (created|\S+ (?:succeeded|failed))", self.err,
                            re.M)
        order = [kind.split()[-1] for _, kind in events]
        self.assertEqual(order[:4], ["created"] * 4, self.err)
        self.assertIn("succeeded", order[:order.index("created", 4)], self.err)
        # the final table on stdout: a row per point with its status and losses
        rows = [line for line in self.out.splitlines() if line.startswith("e")]
        self.assertEqual(len(rows), 6, self.out)
        self.assertTrue(all("succeeded" in r for r in rows), self.out)

    def test_status_and_its_json(self):
        path, ids = self.swept()
        st = self.run_cli("--json", "sweep", "status", path).json()
        self.assertEqual([p["job"] for p in st["points"]], ids)
        self.assertTrue(all(p["step"] > 0 and p["train_loss"] > 0 for p in st["points"]))

    def test_compare_sorted_by_best_valid_loss(self):
        path, ids = self.swept()
        rows = self.run_cli("--json", "sweep", "compare", path).json()["data"]
        self.assertEqual(sorted(r["id"] for r in rows), sorted(ids))
        best = [r["best_valid_loss"] for r in rows]
        known = [b for b in best if b is not None]
        self.assertEqual(len(known), 6, rows)  # the sweep has validation data
        self.assertEqual(known, sorted(known))
        self.assertEqual(best[:len(known)], known)  # jobs without one come last
        for r in rows:
            self.assertIn(r["n_epochs"], (2, 3))
            self.assertGreater(r["trained_tokens"], 0)
            self.assertIsNotNone(r["best_checkpoint_step"])
        same = self.run_cli("--json", "jobs", "compare", *ids).json()["data"]
        self.assertEqual([r["id"] for r in same], [r["id"] for r in rows])
        table = self.run_cli("jobs", "compare", *ids).out.splitlines()
        self.assertIn("BEST_VALID", table[0])
        self.assertEqual([line.split()[0] for line in table[1:]], [r["id"] for r in rows])

    def result_metrics(self, job_id: str) -> List[Dict[str, str]]:
        job = self.run_cli("--json", "jobs", "get", job_id).json()
        dest = os.path.join(self.tmp, job_id + ".csv")
        self.run_cli("files", "download", job["result_files"][0], "-o", dest, "--force")
        text = read(dest)
        if not text.lstrip().startswith("step"):
            import base64
            text = base64.b64decode(text).decode()
        return list(csv.DictReader(io.StringIO(text)))

    def test_report_svg_points_are_the_metrics(self):
        _, ids = self.swept()
        out = os.path.join(self.tmp, "chart.svg")
        self.run_cli("jobs", "report", *ids[:3], "--format", "svg", "-o", out)
        svg = read(out)
        self.assertTrue(svg.startswith("<svg"), svg[:80])
        self.assertNotIn("<script", svg)
        p = panels(svg)
        self.assertEqual(set(p), {"train_loss", "valid_loss", "train_mean_token_accuracy",
                                  "valid_mean_token_accuracy"})
        for job in ids[:3]:
            rows = self.result_metrics(job)
            for metric, col, factor in (
                    ("train_loss", "train_loss", 1),
                    ("train_mean_token_accuracy", "train_accuracy", 100),
                    ("valid_loss", "valid_loss", 1),
                    ("valid_mean_token_accuracy", "valid_mean_token_accuracy", 100)):
                drawn = p[metric]["lines"][job]
                sc = p[metric]["scale"]
                # half a pixel of the plot in data units, either way
                tol_x = (sc["x1"] - sc["x0"]) / sc["width"]
                tol_y = (sc["y1"] - sc["y0"]) / sc["height"]
                want = [(float(r["step"]), float(r[col]) * factor) for r in rows if r[col]]
                self.assertGreater(len(want), 0, metric)
                self.assertEqual(len(drawn), len(want), metric)
                for (x, y), (wx, wy) in zip(drawn, want):
                    self.assertAlmostEqual(x, wx, delta=tol_x)
                    self.assertAlmostEqual(y, wy, delta=tol_y)
        # checkpoints marked, a legend naming each job
        self.assertGreater(svg.count('class="checkpoint"'), 0)
        for job in ids[:3]:
            self.assertIn(">%s (" % job, svg)

    def test_report_html_in_a_browser(self):
        chromium = shutil.which("chromium") or shutil.which("chromium-browser")
        if chromium is None:
            self.skipTest("chromium is not installed (scripts/deps)")
        _, ids = self.swept()
        html = os.path.join(self.tmp, "report.html")
        self.run_cli("jobs", "report", *ids, "-o", html)
        page = read(html)
        self.assertNotRegex(page, r"<script|https?://(?!www\.w3\.org/2000/svg)")
        png = os.path.join(self.tmp, "report.png")
        home = os.path.join(self.tmp, "chromium-home")
        subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu",
                        "--no-first-run", "--user-data-dir=" + home,
                        "--screenshot=" + png, "--window-size=1040,1100",
                        "file://" + html], capture_output=True, timeout=h.PROC_TIMEOUT,
                       env=dict(os.environ, HOME=home))
        w, hh, rows = read_png(png)
        self.assertEqual((w, hh), (1040, 1100))
        seen = set()
        white = 0
        for row in rows:
            for i in range(0, len(row), 3):
                px = (row[i], row[i + 1], row[i + 2])
                white += px == (255, 255, 255)
                if px in COLOURS:
                    seen.add(px)
        self.assertLess(white, w * hh, "a blank page")
        self.assertEqual(seen, set(COLOURS), "the six jobs' colours on screen")

    def test_ctrl_c_then_rerun_creates_no_duplicate(self):
        path = os.path.join(self.tmp, "ctrlc.json")
        args = ["sweep", h.TRAIN, "-m", MODEL, *GRID, "--max-parallel", "2",
                "--poll-interval", "0.2", "--sweep-file", path]
        p = self.popen_cli(*args, emu=self.mid)
        self.wait_for_line(p.stderr, ": created ")
        self.wait_for_line(p.stderr, ": created ")
        p.send_signal(signal.SIGINT)
        err = p.stderr.read()
        self.assertEqual(p.wait(timeout=h.PROC_TIMEOUT), 130, err)
        self.assertIn("sweep --sweep-file", err)
        sw = json.loads(read(path))
        made = [q["job"] for q in sw["points"] if q["job"]]
        self.assertEqual(len(made), 2)
        self.assertEqual(len(self.sweep_jobs(self.mid, sw["id"])), 2)
        # a crash between creating a job and recording it: the file forgets it
        sw["points"][1]["job"], sw["points"][1]["status"] = None, None
        with open(path, "w") as f:
            json.dump(sw, f)
        r = self.run_cli(*args, emu=self.mid)
        self.assertIn("picking up", r.err)
        after = json.loads(read(path))
        self.assertEqual([q["job"] for q in after["points"][:2]], made)
        jobs = self.sweep_jobs(self.mid, sw["id"])
        self.assertEqual(len(jobs), 6, [j["id"] for j in jobs])
        self.assertEqual(sorted(j["id"] for j in jobs),
                         sorted(q["job"] for q in after["points"]))
        # a third run finds everything done and creates nothing
        self.run_cli(*args, emu=self.mid)
        self.assertEqual(len(self.sweep_jobs(self.mid, sw["id"])), 6)

    def test_idempotency_key_alone_makes_no_duplicate(self):
        """A job made but not recorded (a crash before the file's save), and a
        listing that does not find it (the test-only switch turns adoption
        off): the re-run's creations carry the same Idempotency-Key per point,
        so the API answers the jobs made before and none is made twice."""
        path = os.path.join(self.tmp, "idem.json")
        args = ["sweep", h.TRAIN, "-m", MODEL, "--n-epochs", "1,2", "--no-wait",
                "--sweep-file", path]
        env = h.env_for(self.slow, OPENAI_FT_TEST_SWEEP_NO_ADOPT="1")
        self.run_cli(*args, emu=self.slow, env=env)
        sw = json.loads(read(path))
        made = [q["job"] for q in sw["points"]]
        self.assertTrue(all(made), sw)
        for q in sw["points"]:
            q["job"], q["status"] = None, None
        with open(path, "w") as f:
            json.dump(sw, f)
        self.run_cli(*args, emu=self.slow, env=env)
        after = json.loads(read(path))
        self.assertEqual([q["job"] for q in after["points"]], made)
        jobs = self.sweep_jobs(self.slow, sw["id"])
        self.assertEqual(sorted(j["id"] for j in jobs), sorted(made))
        for q, job_id in zip(sw["points"], made):
            job = self.run_cli("--json", "jobs", "get", job_id, emu=self.slow).json()
            self.assertEqual(job["metadata"]["openai_ft_point"], q["name"])

    def test_usage_errors_send_nothing(self):
        path = os.path.join(self.tmp, "usage.json")
        r = self.run_cli("sweep", h.TRAIN, "-m", MODEL, "--n-epochs", "2,2", "--sweep-file",
                         path, expect=2)
        self.assertIn("two points named e2", r.err)
        r = self.run_cli("sweep", h.TRAIN, "-m", MODEL, "--n-epochs", "2,x", expect=2)
        self.assertIn("--n-epochs", r.err)
        r = self.run_cli("sweep", "--sweep-file", path, expect=2)
        self.assertIn("missing argument: FILE", r.err)
        self.assertFalse(os.path.exists(path))

    def test_spec_file_and_no_wait(self):
        spec = os.path.join(self.tmp, "spec.json")
        with open(spec, "w") as f:
            json.dump({"n_epochs": [1], "learning_rate_multiplier": [0.5, 2],
                       "batch_size": [4]}, f)
        path = os.path.join(self.tmp, "spec-sweep.json")
        r = self.run_cli("--json", "sweep", h.TRAIN, "-m", MODEL, "--spec", spec,
                         "--suffix", "exp", "--no-wait", "--sweep-file", path, emu=self.slow)
        pts = r.json()["points"]
        self.assertEqual([p["name"] for p in pts], ["e1-lr0.5-b4", "e1-lr2-b4"])
        self.assertTrue(all(p["job"] for p in pts), pts)
        for p in pts:
            job = self.run_cli("--json", "jobs", "get", p["job"], emu=self.slow).json()
            self.assertEqual(job["user_provided_suffix"], "exp-" + p["name"])
            self.assertEqual(job["method"]["supervised"]["hyperparameters"]["batch_size"], 4)

    def test_a_failed_point_does_not_stop_the_others(self):
        path = os.path.join(self.tmp, "fail.json")
        p = self.popen_cli("sweep", h.TRAIN, "-m", MODEL, "--n-epochs", "1,2",
                           "--poll-interval", "0.2", "--sweep-file", path, emu=self.mid)
        line = self.wait_for_line(p.stderr, "e1: created ")
        job = re.search(r"e1: created (\S+)", line).group(1)
        control(self.mid, "jobs/%s/fail" % job, {"message": "injected"})
        out, err = p.communicate(timeout=h.PROC_TIMEOUT)
        self.assertEqual(p.returncode, 3, err)
        self.assertIn("1 of 2 points failed", err)
        sw = json.loads(read(path))
        self.assertEqual([q["status"] for q in sw["points"]], ["failed", "succeeded"])
        self.assertIn("injected", sw["points"][0]["error"])

    def test_jobs_watch_follows_many_jobs_in_one_table(self):
        ids = [self.create_job(self.mid) for _ in range(2)]
        t = h.Tty(["jobs", "watch", *ids, "--poll-interval", "0.2"],
                  h.env_for(self.mid, TERM="xterm", LANG="C.UTF-8"), cols=120)
        code, out, tty = t.finish(self)
        self.assertEqual(code, 0, tty)
        rows = [line for line in out.splitlines() if line.startswith("ftjob-")]
        self.assertEqual(sorted(r.split()[1] for r in rows), sorted(ids), out)
        self.assertTrue(all(" succeeded " in r for r in rows), out)
        # the live table on the terminal, redrawn in place, with a loss sparkline
        screen = h.ANSI.sub("", tty)
        self.assertGreater(screen.count("POINT "), 1, screen)
        self.assertRegex(screen, r"ftjob-\S+ +ftjob-\S+ +\S+ +\d+ +\d\.\d{4} .*[\u2581-\u2588]{3}")

    def test_a_table_on_a_narrow_terminal_fits(self):
        path, _ = self.swept()
        for cols in (100, 60):
            t = h.Tty(["sweep", "status", path], h.env_for(self.emu, TERM="xterm"),
                      cols=cols, stdout_tty=True)
            code, _, tty = t.finish(self)
            self.assertEqual(code, 0)
            lines = [h.ANSI.sub("", x) for x in tty.replace("\r\n", "\n").split("\n")
                     if x.strip()]
            self.assertEqual(len(lines), 7, lines)
            for line in lines:
                self.assertLessEqual(len(line), cols, line)


if __name__ == "__main__":
    unittest.main()
