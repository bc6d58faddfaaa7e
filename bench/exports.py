"""Excel exports beside their floor (issue 24): ours, and xlsxwriter in constant-memory mode writing the same
cells and nothing else.

    python bench/run.py --only exports          # measured by bench/run.py (listed in scenarios.MODULES)

The scenarios run through bench/scenarios.py, each in its own process:
  export_visits_xlsx DB OUT       all county visits, as 文件 ▸ 导出走访记录 writes them
  export_cadres_xlsx DB OUT       the cadre list, as 文件 ▸ 导出Excel writes it on the 干部 tab
  export_cells WHICH DB CELLS     (untimed) the cells either export writes, pickled in chunks to CELLS
  xlsxwriter_floor CELLS OUT      the floor: read those cells back and write them with xlsxwriter
                                  (constant memory; write_string / write_number / write_datetime, blanks skipped)
The floor includes unpickling its cells (about 2 % of it); ours includes the query, the row building and the
export's rules (title, header, widths, masking check, no formulas, the operation log).
"""

from __future__ import annotations

import pickle
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from harness import Goal, Settings, alternate, measure, ratio_goal, run
from scenarios import scenario

CHUNK = 5000
GOAL = 1.3  # ours ≤ 1.3× the floor


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


# ---------------------------------------------------------------- the measure (bench/run.py)


@measure
def exports(settings: Settings, results: dict[str, Any]) -> list[Goal]:
    """Both Excel exports beside xlsxwriter constant-memory writing the same cells, alternately; ratios pair
    by pair, wall time (the goal) and the process's CPU time (ours reads SQLite ahead on a 2nd core)."""
    goals = []
    for which, title in (("visits", "all county visits"), ("cadres", "the cadre list")):
        cells = settings.work / f"export-{which}.cells"
        rows = run("export_cells", which, settings.county, cells)["rows"]
        ours, floor = alternate(
            settings.repeats,
            (f"export_{which}_xlsx", settings.county, settings.work / f"export-{which}.xlsx"),
            ("xlsxwriter_floor", cells, settings.work / f"export-{which}-floor.xlsx"),
        )
        results[f"export_{which}"] = {"rows": rows, "ours": ours, "floor": floor}
        wall = ratio_goal(
            f"export_{which}",
            f"export of {title} ({rows} rows) / xlsxwriter constant-memory",
            ours,
            floor,
            GOAL,
            "xlsxwriter",
        )
        wall.detail += f"; peak {max(r['peak_mb'] for r in ours):.0f} MB"
        cpu = ratio_goal(
            f"export_{which}_cpu",
            f"export of {title}, CPU time of the process / the floor's",
            ours,
            floor,
            None,
            "xlsxwriter",
            "cpu",
            "cpu",
        )
        goals += [wall, cpu]
    return goals
