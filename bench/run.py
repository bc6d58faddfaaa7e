"""Township Desk benchmark: our times beside the tools clerks use today and the floors beneath them.

    python bench/run.py                 # county-scale database (built once into bench/work/), every goal
    python bench/run.py --only merge    # one measure (repeat --only for several; --list names them)
    python bench/run.py --quick         # fewer repeats: a look, not a verdict
    python bench/run.py --smoke         # tiny sizes, for the test suite: proves the script still runs

Prints every goal (issue 24's table first, then the older ones) with its median, the spread (min–max)
over the runs, ✓/✗, and the figures behind a ratio; writes bench/results.json. Every scenario runs in
its own process (bench/scenarios.py, and the modules its MODULES line lists) so that its peak memory
is its own; ours and its floor run alternately and ratios are taken pair by pair.
"""

from __future__ import annotations

import argparse
import importlib
import json
import statistics
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

import harness  # noqa: E402
from harness import (  # noqa: E402,F401 - paired is the name other measures use
    MEASURES,
    Goal,
    Settings,
    alternate,
    measure,
    median_run,
    paired,
    ratio_goal,
    run,
    seconds,
    value_goal,
)

#: Issue 24's goals in its order: key → (measure, goal). A goal no measure reported prints as not measured.
ISSUE_GOALS: tuple[tuple[str, str, str], ...] = (
    ("import_xlsx", "import of the 10,000-row roster / openpyxl read-only", "≤ 1.0× (stretch 0.6×)"),
    ("import_xlsx_calamine", "import of the 10,000-row roster / calamine reading it", "≤ 4×"),
    ("import_xls", "import of a 10,000-row .xls", "same as .xlsx"),
    ("import_csv", "import of a 10,000-row GBK .csv", "same as .xlsx"),
    ("export_visits", "export of all county visits / xlsxwriter constant-memory", "≤ 1.3×"),
    ("export_cadres", "export of the cadre list / xlsxwriter constant-memory", "≤ 1.3×"),
    ("merge", "merge of 20 township files / SQL floor (ATTACH, INSERT OR REPLACE … SELECT)", "≤ 2×"),
    ("ledger_memory", "county visit ledger PDF, peak memory", "≤ 300 MB"),
    ("ledger_speed", "county visit ledger PDF, pages per second / the roster's", "≥ 1×"),
    ("keystroke", "search keystroke → table, every tab (p95, median)", "≤ 30 ms, ≤ 15 ms"),
    ("startup_filled", "start-up to the last tab's list painted / bare QMainWindow", "≤ 1.5×"),
    ("statistics", "statistics report on the county file", "≤ 1 s"),
    ("peak_memory", "peak memory, any scenario", "≤ 300 MB"),
)

#: Scenarios that prepare data for the others; their memory is not a clerk's.
SETUP = {
    "demo",
    "upgrade",
    "make_roster_workbook",
    "convert_roster_workbook",
    "prepare_signed",
    "prepare_encrypted",
    "export_xlsx",
    "export_cells",
    "make_merge_county",
}


def outdated(path: Path) -> bool:
    """A kept database written at another schema than the program's (a step was added since)."""
    from township_desk.db import SCHEMA_VERSION, read_header_version

    return read_header_version(path) != SCHEMA_VERSION


def fresh(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


# ---------------------------------------------------------------- the measures


@measure
def startup(settings: Settings, results: dict[str, Any]) -> list[Goal]:
    """Ours (township-desk --db county.db) and a bare QMainWindow, started alternately."""
    starts = 1 if settings.repeats == 1 else (5 if settings.quick else 11)
    ours: list[dict[str, Any]] = []
    bare: list[dict[str, Any]] = []
    for _ in range(starts):
        ours.append(run("startup", settings.county))
        bare.append(run("bare_window"))
    results["startup"] = {"ours": ours, "bare": bare}
    first = ratio_goal(
        "startup",
        "start-up to first painted window / bare QMainWindow",
        ours,
        bare,
        2,
        "bare",
        "painted",
        "painted",
    )
    first.detail += "; goal also < 1.5 s"
    return [
        ratio_goal(
            "startup_filled",
            "start-up to the last tab's list painted / bare QMainWindow",
            ours,
            bare,
            1.5,
            "bare window painted",
            "filled",
            "painted",
        ),
        first,
        ratio_goal(
            "startup_exit",
            "start, paint and quit: process start to exit / bare",
            ours,
            bare,
            None,
            "bare",
            "wall",
            "wall",
        ),
    ]


@measure
def keystroke(settings: Settings, results: dict[str, Any]) -> list[Goal]:
    """Typing into every tab's search box on the county file; each run gives each tab's median and p95."""
    runs = [run("tabs_and_search", settings.county) for _ in range(1 if settings.quick else settings.repeats)]
    results["keystroke"] = runs
    goals = []
    for title in runs[0]["per_tab"]:
        p95 = [r["per_tab"][title]["p95"] * 1000 for r in runs]
        medians = [r["per_tab"][title]["median"] * 1000 for r in runs]
        goals.append(value_goal("keystroke", f"search keystroke → table, {title}, p95", p95, "ms", 30))
        goals.append(value_goal("keystroke", f"search keystroke → table, {title}, median", medians, "ms", 15))
    for title in runs[0]["tabs"]:
        goals.append(value_goal("open_tab", f"open tab {title}", [r["tabs"][title] for r in runs], "s", None))
    return goals


@measure
def statistics_report(settings: Settings, results: dict[str, Any]) -> list[Goal]:
    runs = [
        run("statistics_report", settings.county) for _ in range(1 if settings.quick else settings.repeats)
    ]
    results["statistics"] = runs
    cadres = runs[0]["cadres"]
    return [
        value_goal(
            "statistics",
            f"statistics report on the county file ({cadres} cadres)",
            [r["seconds"] for r in runs],
            "s",
            1,
        ),
        value_goal(
            "statistics_compare",
            "statistics report beside 2021-07-01",
            [r["compare_seconds"] for r in runs],
            "s",
            1,
        ),
    ]


@measure
def home(settings: Settings, results: dict[str, Any]) -> list[Goal]:
    runs = [run("home_page", settings.county) for _ in range(1 if settings.quick else settings.repeats)]
    results["home"] = runs
    return [
        value_goal(
            "home",
            "open 首页 (to-do list and key numbers), median",
            [r["seconds"] for r in runs],
            "s",
            0.1,
            detail=f"to-do services alone {seconds(runs[0]['services'])}",
        )
    ]


@measure
def roster_pdf(settings: Settings, results: dict[str, Any]) -> list[Goal]:
    work = settings.work
    run("export_xlsx", settings.county, work / "roster.xlsx")
    ours, lo = alternate(
        settings.repeats,
        ("roster_pdf", settings.county, work / "roster.pdf"),
        ("libreoffice_pdf", work / "roster.xlsx", work / "libreoffice") if settings.peers else None,
    )
    results["roster_pdf"] = {"ours": ours, "libreoffice": lo}
    rows = ours[0]["rows"]
    if not lo or any(r.get("seconds") is None for r in lo):
        return [
            value_goal(
                "roster_pdf",
                f"roster PDF, {rows} cadres (no LibreOffice here)",
                [r["seconds"] for r in ours],
                "s",
                None,
            )
        ]
    return [
        ratio_goal(
            "roster_pdf", f"roster PDF, {rows} cadres / LibreOffice xlsx→pdf", ours, lo, 0.5, "LibreOffice"
        )
    ]


@measure
def ledger(settings: Settings, results: dict[str, Any]) -> list[Goal]:
    """The county visit ledger (every visit) beside the cadre roster, alternately: pages per second of each,
    and the ledger's peak memory."""
    work = settings.work
    repeats = 1 if settings.quick else max(1, settings.repeats - 1)  # a county ledger is long
    ours, roster = alternate(
        repeats,
        ("visit_ledger_pdf", settings.county, work / "ledger.pdf"),
        ("roster_pdf", settings.county, work / "roster.pdf"),
    )
    results["ledger"] = {"ours": ours, "roster": roster}
    speed = [
        a["pages"] / a["seconds"] / (b["pages"] / b["seconds"]) for a, b in zip(ours, roster, strict=True)
    ]
    pages = ours[0]["pages"]
    return [
        value_goal(
            "ledger_memory",
            f"county visit ledger PDF ({pages} pages), peak memory",
            [r["peak_mb"] for r in ours],
            "MB",
            300,
            detail=f"{statistics.median(r['seconds'] for r in ours):.1f} s",
        ),
        value_goal(
            "ledger_speed",
            "county visit ledger PDF, pages per second / the roster's",
            speed,
            "×",
            1,
            at_least=True,
            detail=f"ledger {statistics.median(a['pages'] / a['seconds'] for a in ours):.0f} pages/s, "
            f"roster {statistics.median(b['pages'] / b['seconds'] for b in roster):.0f} pages/s",
        ),
    ]


@measure
def import_roster(settings: Settings, results: dict[str, Any]) -> list[Goal]:
    """Importing the 10,000-row roster as .xlsx, .xls and GBK .csv, each beside openpyxl read-only reading
    the .xlsx (the issue's floor) and beside the fastest reader of its own format (calamine; csv for .csv)."""
    work = settings.work
    workbook = work / f"import-{settings.import_rows}.xlsx"
    xls, text = workbook.with_suffix(".xls"), workbook.with_suffix(".csv")
    if settings.rebuild or not workbook.exists():
        run("make_roster_workbook", workbook, settings.import_rows)
    if settings.rebuild or not xls.exists() or not text.exists():
        run("convert_roster_workbook", workbook, xls, text)
    target = work / "import.db"
    floor_db = work / "import-floor.db"
    written = []  # the same rows whatever file they came from: SQLite writing them, once per repeat
    for _ in range(settings.repeats):
        fresh(floor_db)
        written.append(run("sqlite_write_floor", floor_db, workbook))
    goals = []
    results["import"] = {}
    for key, suffix, source, reader in (
        ("import_xlsx", ".xlsx", workbook, "calamine_read"),
        ("import_xls", ".xls", xls, "calamine_read"),
        ("import_csv", ".csv (GBK)", text, "csv_read"),
    ):
        ours, floor = alternate(
            settings.repeats,
            ("import_roster", target, source),
            ("openpyxl_read", workbook),
            before=lambda: fresh(target),
        )
        own = [run(reader, source) for _ in range(settings.repeats)]

        rows = ours[0]["accepted"]
        results["import"][suffix] = {
            "ours": ours,
            "openpyxl": floor,
            "reader": own,
            "sqlite": written,
            "rows": rows,
        }
        goals.append(
            ratio_goal(
                key,
                f"import of the {rows}-row roster {suffix} / openpyxl read-only reading the .xlsx",
                ours,
                floor,
                1.0,
                "openpyxl",
                stretch="0.6×",
            )
        )
        name = "calamine" if reader == "calamine_read" else "csv module"
        goals.append(
            ratio_goal(
                f"{key}_calamine" if key == "import_xlsx" else f"{key}_reader",
                f"import of the {rows}-row roster {suffix} / {name} reading it",
                ours,
                own,
                4,
                name,
            )
        )
        goals.append(
            ratio_goal(
                f"{key}_sqlite",
                f"import of the {rows}-row roster {suffix} / SQLite writing its rows into our schema",
                ours,
                written,
                None,
                "SQLite INSERTs alone",
            )
        )
    return goals


@measure
def export_county(settings: Settings, results: dict[str, Any]) -> list[Goal]:
    work = settings.work
    ours, floor = alternate(
        settings.repeats,
        ("export_county", settings.county, work / "county.export"),
        ("vacuum_into", settings.county, work / "vacuum.db"),
    )
    results["export_county"] = {"ours": ours, "vacuum": floor}
    return [ratio_goal("export_county", "export-county / VACUUM INTO", ours, floor, 1.5, "VACUUM INTO")]


def prepare_townships(settings: Settings) -> list[Path]:
    """Township databases and their county export files (made once and kept in the work folder)."""
    from township_desk.services.demo.names import TOWNSHIP_NAMES

    files = []
    for index in range(settings.townships):
        db = settings.work / f"township{index:02d}.db"
        out = settings.work / f"township{index:02d}.export"
        if settings.rebuild or not out.exists() or outdated(db):
            fresh(db)
            name = TOWNSHIP_NAMES[index % len(TOWNSHIP_NAMES)] + "镇"
            command = [sys.executable, "-m", "township_desk", "--db", str(db)]
            subprocess.run(
                [*command, "demo", "--seed", str(100 + index), "--township", name],
                check=True,
                capture_output=True,
            )
            subprocess.run([*command, "export-county", "--out", str(out)], check=True, capture_output=True)
        files.append(out)
    return files


@measure
def merge(settings: Settings, results: dict[str, Any]) -> list[Goal]:
    """Merging the township files into a new county database, beside the SQL floor (each township database
    ATTACHed and its tables copied with INSERT OR REPLACE … SELECT in one transaction), and the same files
    signed and sealed."""
    work = settings.work
    files = prepare_townships(settings)
    dbs = [work / f"township{i:02d}.db" for i in range(len(files))]
    empty = work / "county-empty.db"
    if settings.rebuild or not empty.exists() or outdated(empty):
        run("make_merge_county", empty)
    ours, floor = alternate(
        settings.repeats,
        ("merge_files", work / "merged.db", *files),
        ("merge_floor", empty, work / "merged-floor.db", *dbs),
    )
    keyed = work / "county-keyed.db"
    signed = [work / f"township{i:02d}.sealed" for i in range(len(files))]
    if settings.rebuild or not keyed.exists() or outdated(keyed) or not all(p.exists() for p in signed):
        run("prepare_signed", work, keyed, *dbs)
    plain, sealed = alternate(
        1 if settings.quick else settings.repeats,
        ("merge_files", work / "merged.db", *files),
        ("merge_signed", keyed, work / "merged-signed.db", *signed),
    )
    results["merge"] = {"ours": ours, "floor": floor, "signed": sealed, "plain": plain}
    count = len(files)
    exits = {r["exit"] for r in ours + sealed}
    merged = ratio_goal("merge", f"merge of {count} township files / SQL floor", ours, floor, 2, "SQL floor")
    merged.detail += f"; exit {', '.join(map(str, sorted(exits)))}"
    signed_goal = ratio_goal(
        "merge_signed",
        f"merge {count} signed, sealed files / the same unsigned",
        sealed,
        plain,
        1.2,
        "unsigned",
    )
    if exits != {0}:
        merged.value = signed_goal.value = None
    return [merged, signed_goal]


# ---------------------------------------------------------------- the table


def _value(goal: Goal) -> str:
    if goal.value is None:
        return "—"
    return f"{goal.value:.2f}{goal.unit}" if goal.unit == "×" else f"{goal.value:.3g} {goal.unit}"


def _spread(goal: Goal) -> str:
    spread = goal.spread()
    if spread is None or len(goal.runs) < 2:
        return ""
    low, high = spread
    return f"{low:.2f}–{high:.2f}{goal.unit}" if goal.unit == "×" else f"{low:.3g}–{high:.3g} {goal.unit}"


def _limit(goal: Goal) -> str:
    if goal.limit is None:
        return ""
    sign = "≥" if goal.at_least else "≤"
    limit = f"{goal.limit:g}{goal.unit}" if goal.unit == "×" else f"{goal.limit:g} {goal.unit}"
    mark = {True: "✓", False: "✗", None: "?"}[goal.met]
    return f"{sign} {limit} {mark}" + (f" (stretch {goal.stretch})" if goal.stretch else "")


def table(goals: list[Goal]) -> list[tuple[str, str, str, str, str]]:
    """(measure, value, spread, goal ✓/✗, figures) rows: issue 24's goals in its order (a goal nobody
    measured says so), then the rest."""
    rows = []
    keys = [key for key, _title, _goal in ISSUE_GOALS]
    for key, title, wanted in ISSUE_GOALS:
        mine = [g for g in goals if g.key == key]
        if not mine:
            rows.append((title, "—", "", f"{wanted} (not measured in this run)", ""))
        rows += [(g.measure, _value(g), _spread(g), _limit(g), g.detail) for g in mine]
    rows.append(("", "", "", "", ""))
    rows += [(g.measure, _value(g), _spread(g), _limit(g), g.detail) for g in goals if g.key not in keys]
    return rows


def print_table(rows: list[tuple[str, str, str, str, str]]) -> None:
    header = ("measure", "median", "spread (min–max)", "goal", "figures")
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(5)]
    for row in [header, tuple("-" * w for w in widths), *rows]:
        print(" | ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())


def measure_all(
    settings: Settings, only: list[str], progress: Callable[..., None] | None = None
) -> tuple[list[Goal], dict[str, Any]]:
    settings.work.mkdir(parents=True, exist_ok=True)
    results: dict[str, Any] = {"size": settings.size}
    if settings.rebuild or not settings.county.exists():
        results["demo"] = run("demo", settings.county, settings.size)
    elif outdated(settings.county):
        run("upgrade", settings.county)
    goals: list[Goal] = []
    harness.PEAKS.clear()
    for name, function in MEASURES.items():
        if not only or name in only:
            found = function(settings, results)
            goals += found
            if progress is not None:
                progress(found, goals, results)
    peaks = [(mb, name) for mb, name in harness.PEAKS if name not in SETUP]
    if peaks:
        top, where = max(peaks)
        goals.append(
            value_goal(
                "peak_memory",
                "peak memory, any scenario",
                [top],
                "MB",
                300,
                detail=f"largest: {where}; {len(peaks)} runs",
            )
        )
    return goals, results


def load_modules() -> None:
    """The scenario modules scenarios.py lists (each registers its scenarios and measures)."""
    import scenarios

    for module in scenarios.MODULES:
        importlib.import_module(module)


def main(argv: list[str] | None = None) -> int:
    load_modules()
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--smoke", action="store_true", help="tiny sizes (for the test suite)")
    parser.add_argument("--quick", action="store_true", help="fewer repeats (two, one for the ledger)")
    parser.add_argument("--only", action="append", default=[], metavar="NAME", help="run this measure only")
    parser.add_argument("--list", action="store_true", help="name the measures and stop")
    parser.add_argument("--work", type=Path, default=HERE / "work", help="where the databases are kept")
    parser.add_argument("--rebuild", action="store_true", help="make the databases again")
    parser.add_argument("--out", type=Path, default=HERE / "results.json")
    args = parser.parse_args(argv)
    if args.list:
        for name, function in MEASURES.items():
            print(f"{name}: {(function.__doc__ or '').strip().splitlines()[0] if function.__doc__ else ''}")
        return 0
    unknown = [name for name in args.only if name not in MEASURES]
    if unknown:
        parser.error(f"unknown measure {', '.join(unknown)}; there are {', '.join(MEASURES)}")
    settings = Settings(
        work=args.work,
        size="small" if args.smoke else "county",
        import_rows=200 if args.smoke else 10_000,
        townships=2 if args.smoke else 20,
        repeats=1 if args.smoke else (2 if args.quick else 3),
        rebuild=args.rebuild,
        peers=not args.smoke,
        quick=args.quick,
    )

    def save(found: list[Goal], goals: list[Goal], results: dict[str, Any]) -> None:
        """Each measure's lines as soon as it is done, and results.json so far (a long run can be stopped)."""
        for goal in found:
            print(
                f"  {goal.measure}: {_value(goal)} {_spread(goal)} {_limit(goal)} {goal.detail}", flush=True
            )
        args.out.write_text(
            json.dumps(
                {"goals": [g.as_dict() for g in goals], "results": results, "table": table(goals)},
                ensure_ascii=False,
                indent=2,
                default=str,
            ),
            encoding="utf-8",
        )

    goals, results = measure_all(settings, args.only, save)
    print_table(table(goals))
    save([], goals, results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
