"""The benchmark script still runs end to end (tiny sizes), so that it cannot rot."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench" / "run.py"


@pytest.mark.slow
def test_bench_smoke_prints_the_table_and_writes_results(tmp_path):
    out = tmp_path / "results.json"
    done = subprocess.run(
        [sys.executable, str(BENCH), "--smoke", "--work", str(tmp_path / "work"), "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    for measure in (
        "start-up to first painted window",
        "search keystroke → table, p95",
        "roster PDF",
        "import 200-row roster",
        "export-county",
        "open 首页",
        "merge 2 township files",
        "merge 2 signed, sealed files",
        "peak memory",
    ):
        assert measure in done.stdout
    results = json.loads(out.read_text(encoding="utf-8"))["results"]
    assert results["import_rows"] == 200 and results["merge_exit"] == 0 and results["merge_signed_exit"] == 0
    assert results["startup"] > results["bare_window"] > 0
