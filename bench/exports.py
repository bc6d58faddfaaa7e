"""Excel exports beside their floor (issue 24): ours, and xlsxwriter in constant-memory mode writing the same
cells and nothing else.

    python bench/exports.py [--work bench/work] [--repeats 5]     # the county file must exist (run.py makes it)

The scenarios run through bench/scenarios.py (registered there), each in its own process:
  export_visits_xlsx DB OUT       all county visits, as 文件 ▸ 导出走访记录 writes them
  export_cadres_xlsx DB OUT       the cadre list, as 文件 ▸ 导出Excel writes it on the 干部 tab
  export_cells WHICH DB CELLS     (untimed) the cells either export writes, pickled in chunks to CELLS
  xlsxwriter_floor CELLS OUT      the floor: read those cells back and write them with xlsxwriter
                                  (constant memory; write_string / write_number / write_datetime, blanks skipped)
The floor includes unpickling its cells (about 2 % of it); ours includes the query, the row building and the
export's rules (title, header, widths, masking check, no formulas, the operation log).
"""

from __future__ import annotations

import argparse
import pickle
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

SCENARIOS: dict[str, Callable[..., dict[str, object]]] = {}
CHUNK = 5000
GOAL = 1.3  # ours ≤ 1.3× the floor


def scenario(function: Callable[..., dict[str, object]]) -> Callable[..., dict[str, object]]:
    SCENARIOS[function.__name__] = function
    return function


def _timed(work: Callable[[], object]) -> dict[str, float]:
    """Wall seconds, and this process's CPU seconds (what the wall time would be on a machine not shared
    with other work, less the disk's waits)."""
    start, start_cpu = time.perf_counter(), time.process_time()
    work()
    return {"seconds": time.perf_counter() - start, "cpu": time.process_time() - start_cpu}


def _open(db: str) -> None:
    from township_desk.db import open_database

    open_database(Path(db))


def _warm_imports() -> None:
    """What a clerk's window has loaded before the export starts (the floor imports xlsxwriter untimed too)."""
    import xlsxwriter  # noqa: F401

    from township_desk.services import audit, excel_export, settings  # noqa: F401


@scenario
def export_visits_xlsx(db: str, out: str) -> dict[str, object]:
    from township_desk.services.visits.paper import export_visits

    _open(db)
    _warm_imports()
    rows = 0

    def run() -> None:
        nonlocal rows
        rows = export_visits(Path(out))

    return {**_timed(run), "rows": rows}


@scenario
def export_cadres_xlsx(db: str, out: str) -> dict[str, object]:
    from township_desk.services.cadres import export_cadres

    _open(db)
    _warm_imports()
    rows = 0

    def run() -> None:
        nonlocal rows
        rows = export_cadres(Path(out))

    return {**_timed(run), "rows": rows}


def _cells(which: str) -> tuple[list[tuple[str, str]], Iterator[Any]]:
    """The columns and rows (values in column order) an export writes."""
    if which == "visits":
        from township_desk.services.visits.paper import VISIT_EXPORT_COLUMNS, LedgerQuery, export_rows

        return list(VISIT_EXPORT_COLUMNS), export_rows(LedgerQuery())
    from township_desk.services.cadres import EXPORT_COLUMNS, CadreListing
    from township_desk.services.listing import ListState

    keys = [key for key, _label in EXPORT_COLUMNS]
    rows = CadreListing().iter_rows(ListState())
    return list(EXPORT_COLUMNS), (tuple(row.get(key) for key in keys) for row in rows)


@scenario
def export_cells(which: str, db: str, cells: str) -> dict[str, object]:
    """Untimed preparation of the floor: the cells, in chunks of CHUNK rows, as plain Python values
    (dates as dates; booleans as the 是 the export writes)."""
    _open(db)
    columns, rows = _cells(which)
    count = 0
    with open(cells, "wb") as handle:
        pickle.dump(columns, handle)
        chunk: list[tuple[Any, ...]] = []
        for row in rows:
            chunk.append(tuple(("是" if v else None) if isinstance(v, bool) else v for v in row))
            if len(chunk) == CHUNK:
                pickle.dump(chunk, handle)
                count, chunk = count + len(chunk), []
        pickle.dump(chunk, handle)
        count += len(chunk)
    return {"rows": count}


@scenario
def xlsxwriter_floor(cells: str, out: str) -> dict[str, object]:
    """xlsxwriter (constant memory) writing the header and the same cells: nothing but the writing."""
    from datetime import date, datetime

    import xlsxwriter

    def chunks(handle: Any) -> Iterator[list[tuple[Any, ...]]]:
        while True:
            try:
                yield pickle.load(handle)
            except EOFError:
                return

    rows = 0

    def run() -> None:
        nonlocal rows
        with open(cells, "rb") as handle:
            columns = pickle.load(handle)
            workbook = xlsxwriter.Workbook(out, {"constant_memory": True})
            sheet = workbook.add_worksheet("Sheet1")
            day = workbook.add_format({"num_format": "yyyy-mm-dd"})
            for index, (_key, label) in enumerate(columns):
                sheet.write_string(0, index, label)
            write_string, write_number, write_datetime = (
                sheet.write_string,
                sheet.write_number,
                sheet.write_datetime,
            )
            for chunk in chunks(handle):
                for values in chunk:
                    rows += 1
                    for column, value in enumerate(values):
                        if value is None or value == "":
                            continue
                        if isinstance(value, str):
                            write_string(rows, column, value)
                        elif isinstance(value, date | datetime):
                            write_datetime(rows, column, value, day)
                        else:
                            write_number(rows, column, value)
            workbook.close()

    return {**_timed(run), "rows": rows}


# ---------------------------------------------------------------- measuring (standalone, or from run.py)

Runner = Callable[..., dict[str, Any]]


def measure(run: Runner, work: Path, county: Path, repeats: int) -> dict[str, Any]:
    """Each export and its floor run alternately `repeats` times; medians of each, and the median and
    spread of the per-pair ratios (the machine's load drifts; a pair shares it)."""
    results: dict[str, Any] = {}
    for which, ours_name in (("visits", "export_visits_xlsx"), ("cadres", "export_cadres_xlsx")):
        cells = work / f"export-{which}.cells"
        prepared = run("export_cells", which, county, cells)
        ours_runs, floor_runs = [], []
        for _ in range(repeats):
            ours_runs.append(run(ours_name, county, work / f"export-{which}.xlsx"))
            floor_runs.append(run("xlsxwriter_floor", cells, work / f"export-{which}-floor.xlsx"))
        ratios = [o["seconds"] / f["seconds"] for o, f in zip(ours_runs, floor_runs, strict=True)]
        cpu_ratios = [o["cpu"] / f["cpu"] for o, f in zip(ours_runs, floor_runs, strict=True)]
        results[f"export_{which}"] = {
            "rows": prepared["rows"],
            "seconds": statistics.median(o["seconds"] for o in ours_runs),
            "floor_seconds": statistics.median(f["seconds"] for f in floor_runs),
            "ratio": statistics.median(ratios),
            "ratio_min": min(ratios),
            "ratio_max": max(ratios),
            "cpu": statistics.median(o["cpu"] for o in ours_runs),
            "floor_cpu": statistics.median(f["cpu"] for f in floor_runs),
            "cpu_ratio": statistics.median(cpu_ratios),
            "cpu_ratio_min": min(cpu_ratios),
            "cpu_ratio_max": max(cpu_ratios),
            "peak_mb": max(o["peak_mb"] for o in ours_runs),
            "floor_peak_mb": max(f["peak_mb"] for f in floor_runs),
        }
    return results


def table(results: dict[str, Any]) -> list[tuple[str, str, str, str, str]]:
    """(measure, ours, floor, ratio, goal) rows in bench/run.py's shape."""
    rows = []
    for which, title in (("visits", "county visits"), ("cadres", "cadre list")):
        entry = results.get(f"export_{which}")
        if not entry:
            continue
        met = entry["ratio"] <= GOAL
        rows.append(
            (
                f"export {title} to .xlsx, {entry['rows']} rows",
                f"{entry['seconds']:.3f} s",
                f"xlsxwriter constant-memory {entry['floor_seconds']:.3f} s",
                f"{entry['ratio']:.2f}× ({entry['ratio_min']:.2f}–{entry['ratio_max']:.2f})",
                f"≤ {GOAL}× {'✓' if met else '✗'}; peak {entry['peak_mb']:.0f} MB",
            )
        )
        rows.append(
            (
                "  the same, CPU time of the process (ours uses a 2nd core for SQLite)",
                f"{entry['cpu']:.3f} s",
                f"{entry['floor_cpu']:.3f} s",
                f"{entry['cpu_ratio']:.2f}× ({entry['cpu_ratio_min']:.2f}–{entry['cpu_ratio_max']:.2f})",
                "",
            )
        )
    return rows


def _run_scenario(name: str, *args: object) -> dict[str, Any]:
    """A scenario in a fresh interpreter (as bench/run.py's run does, without its Qt settings)."""
    import json

    done = subprocess.run(
        [sys.executable, str(Path(__file__).resolve().parent / "scenarios.py"), name, *map(str, args)],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise RuntimeError(f"scenario {name} failed:\n{done.stdout}\n{done.stderr}")
    line = next(line for line in done.stdout.splitlines() if line.startswith("BENCH "))
    result: dict[str, Any] = json.loads(line[len("BENCH ") :])
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--work", type=Path, default=Path(__file__).resolve().parent / "work")
    parser.add_argument("--db", type=Path, help="the county database (default WORK/county-county.db)")
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args(argv)
    county = args.db or args.work / "county-county.db"
    if not county.exists():
        parser.error(f"{county} is missing: run bench/run.py once (it builds the county file)")
    results = measure(_run_scenario, args.work, county, args.repeats)
    for row in table(results):
        print(" | ".join(row))
    return 0


if __name__ == "__main__":
    sys.exit(main())
