"""What bench/run.py and the scenario modules share: running a scenario in its own process, alternating
ours with its floor, and the goals the table prints (value, spread over the runs, ✓/✗).

A scenario module (bench/scenarios.py, and the modules it lists in MODULES) defines
    @scenario functions: run in a fresh interpreter, print one JSON line (seconds, peak memory, ...);
    @measure functions: run by run.py, call scenarios through run()/alternate() and return Goals.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
CONFIG = HERE / "work" / "config"  # the scenarios' own Qt settings, not the user's (reproducible)


@dataclass
class Settings:
    work: Path
    size: str
    import_rows: int
    townships: int
    repeats: int
    rebuild: bool
    peers: bool  # run LibreOffice where installed
    quick: bool = False

    @property
    def county(self) -> Path:
        return self.work / f"county-{self.size}.db"


@dataclass
class Goal:
    """One line of the table. `value` is the median (a ratio, seconds, MB...); `runs` every run's value
    (their min–max is the spread); met when value <= limit (or >= limit when `at_least`)."""

    key: str
    measure: str
    value: float | None
    unit: str  # "×", "s", "ms", "MB", "pages/s"
    limit: float | None = None
    at_least: bool = False
    runs: list[float] = field(default_factory=list)
    detail: str = ""  # the absolute figures behind a ratio, e.g. "ours 3.1 s, floor 2.0 s"
    stretch: str = ""

    @property
    def met(self) -> bool | None:
        if self.limit is None or self.value is None:
            return None
        return self.value >= self.limit if self.at_least else self.value <= self.limit

    def spread(self) -> tuple[float, float] | None:
        return (min(self.runs), max(self.runs)) if self.runs else None

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "met": self.met, "spread": self.spread()}


Measure = Callable[[Settings, dict[str, Any]], list[Goal]]
MEASURES: dict[str, Measure] = {}
PEAKS: list[
    tuple[float, str]
] = []  # (peak MB, scenario) of every scenario run, for "peak memory, any scenario"


def measure(function: Measure) -> Measure:
    """Register a measure under its function name (`run.py --only NAME`)."""
    MEASURES[function.__name__] = function
    return function


def run(name: str, *args: object) -> dict[str, Any]:
    """Run one scenario in a fresh interpreter; adds its wall time (start to exit) as 'wall'."""
    env = dict(
        os.environ,
        QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"),
        XDG_CONFIG_HOME=str(CONFIG),
    )
    # A clerk's installed copy has its bytecode cached (pip compiles it; the bare-window floor's PySide6
    # has it too); an environment that forbids writing .pyc files would make every start compile ours.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    start, started_at = time.perf_counter(), time.time()
    done = subprocess.run(
        [sys.executable, str(HERE / "scenarios.py"), name, *map(str, args)],
        capture_output=True,
        text=True,
        env=env,
    )
    wall = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"scenario {name} failed:\n{done.stdout}\n{done.stderr}")
    line = next(line for line in done.stdout.splitlines() if line.startswith("BENCH "))
    result: dict[str, Any] = json.loads(line[len("BENCH ") :])
    result["wall"] = wall
    PEAKS.append((float(result["peak_mb"]), name))
    for key in ("painted_at", "filled_at"):  # when the scenario's window first painted / showed its list
        if key in result:
            result[key.replace("_at", "")] = result[key] - started_at
    return result


def alternate(
    repeats: int,
    ours: tuple[Any, ...],
    peer: tuple[Any, ...] | None,
    before: Callable[[], None] | None = None,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Ours and its peer or floor run alternately `repeats` times (the machine's load drifts; alternating
    shares it fairly): every run of each, in order, so that pair i is (ours[i], peer[i])."""
    ours_runs, peer_runs = [], []
    for _ in range(repeats):
        if before:
            before()
        ours_runs.append(run(*ours))
        if peer is not None:
            if before:
                before()
            peer_runs.append(run(*peer))
    return ours_runs, peer_runs


def median_run(runs: list[dict[str, Any]], key: str = "seconds") -> dict[str, Any]:
    """The run with the median `key`; its peak memory the largest of all runs."""
    if any(r.get(key) is None for r in runs):  # skipped (a peer not installed here)
        return {**runs[0], key: None}
    middle = sorted(runs, key=lambda r: r[key])[(len(runs) - 1) // 2]
    return {**middle, "peak_mb": max(r["peak_mb"] for r in runs)}


def paired(
    repeats: int, ours: tuple[Any, ...], peer: tuple[Any, ...] | None, before: Any = None
) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """alternate(), reduced to the median run of each (peak memory: the largest)."""
    ours_runs, peer_runs = alternate(repeats, ours, peer, before)
    return median_run(ours_runs), (median_run(peer_runs) if peer_runs else None)


def ratio_goal(
    key: str,
    title: str,
    ours: list[dict[str, Any]],
    floor: list[dict[str, Any]],
    limit: float | None,
    floor_name: str,
    value_key: str = "seconds",
    floor_key: str = "seconds",
    stretch: str = "",
) -> Goal:
    """Ours / floor pair by pair: the median ratio and its spread, with the medians of each side."""
    pairs = [
        a[value_key] / b[floor_key]
        for a, b in zip(ours, floor, strict=False)
        if a.get(value_key) is not None and b.get(floor_key)
    ]
    mine = [r[value_key] for r in ours if r.get(value_key) is not None]
    theirs = [r[floor_key] for r in floor if r.get(floor_key) is not None]
    detail = (
        f"ours {seconds(statistics.median(mine)) if mine else '—'}, "
        f"{floor_name} {seconds(statistics.median(theirs)) if theirs else '—'}"
    )
    value = statistics.median(pairs) if pairs else None
    return Goal(key, title, value, "×", limit, runs=pairs, detail=detail, stretch=stretch)


def value_goal(
    key: str, title: str, values: list[float], unit: str, limit: float | None, detail: str = "", **extra: Any
) -> Goal:
    return Goal(
        key,
        title,
        statistics.median(values) if values else None,
        unit,
        limit,
        runs=values,
        detail=detail,
        **extra,
    )


def seconds(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f} s"
