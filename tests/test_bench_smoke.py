"""The benchmark script still runs end to end (tiny sizes), so that it cannot rot."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench" / "run.py"


@pytest.mark.slow
def test_bench_smoke_prints_every_goal_and_writes_results(tmp_path):
    out = tmp_path / "results.json"
    done = subprocess.run(
        [sys.executable, str(BENCH), "--smoke", "--work", str(tmp_path / "work"), "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stderr
    for measure in (
        "start-up to the last tab's list painted / bare QMainWindow",
        "start-up to first painted window",
        "search keystroke → table, 导师帮带, p95",
        "search keystroke → table, 干部, median",
        "roster PDF",
        "county visit ledger PDF",
        "pages per second / the roster's",
        "import of the 200-row roster .xlsx / openpyxl read-only",
        "import of the 200-row roster .xls / openpyxl read-only",
        "import of the 200-row roster .csv (GBK) / csv module reading it",
        "export of all county visits",
        "export of the cadre list",
        "export-county / VACUUM INTO",
        "open 首页",
        "merge of 2 township files / SQL floor",
        "merge 2 signed, sealed files",
        "statistics report on the county file",
        "peak memory, any scenario",
    ):
        assert measure in done.stdout, measure
    goals = {g["measure"]: g for g in json.loads(out.read_text(encoding="utf-8"))["goals"]}
    merge = goals["merge of 2 township files / SQL floor"]
    assert merge["value"] is not None and merge["value"] > 0 and "exit 0" in merge["detail"]
    assert goals["peak memory, any scenario"]["met"] in (True, False)
    assert "(not measured in this run)" not in done.stdout  # every goal of issue 24 has its measure
    assert all(
        g["spread"] is None or g["spread"][0] <= g["value"] <= g["spread"][1]
        for g in goals.values()
        if g["value"] is not None
    )


def test_only_runs_the_named_measure_and_refuses_an_unknown_one(tmp_path):
    done = subprocess.run([sys.executable, str(BENCH), "--list"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and "merge" in done.stdout and "ledger" in done.stdout
    wrong = subprocess.run(
        [sys.executable, str(BENCH), "--smoke", "--only", "nonsense", "--work", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert wrong.returncode == 2 and "unknown measure" in wrong.stderr


def test_a_goal_no_measure_reported_is_still_listed():
    sys.path.insert(0, str(BENCH.parent))
    try:
        import run
        from harness import Goal
    finally:
        sys.path.remove(str(BENCH.parent))
    rows = run.table([Goal("merge", "merge of 20 township files / SQL floor", 1.6, "×", 2)])
    titles = [row[0] for row in rows]
    assert "merge of 20 township files / SQL floor" in titles
    missing = [row for row in rows if row[0] == "county visit ledger PDF, peak memory"]
    assert missing and "(not measured in this run)" in missing[0][3]
