"""One benchmark scenario per run, in its own process, printing a JSON line: seconds and peak memory.

Run by bench/run.py; each scenario starts a fresh interpreter so that its peak memory (ru_maxrss) is
its own. Usage: python bench/scenarios.py NAME [ARGS...]
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

SCENARIOS: dict[str, Callable[..., dict[str, object]]] = {}


def scenario(function: Callable[..., dict[str, object]]) -> Callable[..., dict[str, object]]:
    SCENARIOS[function.__name__] = function
    return function


def timed(work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


@scenario
def upgrade(db: str) -> dict[str, object]:
    """Bring a kept database up to the program's schema in place (a new step since it was made), without
    keeping the copy the program makes before an upgrade."""
    import shutil

    from township_desk.db import backups_dir, close_database, open_database

    seconds = timed(lambda: open_database(Path(db)))
    close_database()
    shutil.rmtree(backups_dir(Path(db)), ignore_errors=True)
    return {"seconds": seconds}


@scenario
def demo(db: str, size: str) -> dict[str, object]:
    from township_desk.cli import main

    path = Path(db)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    seconds = timed(lambda: main(["--db", db, "demo", "--size", size]))
    counts = {}
    with sqlite3.connect(db) as connection:
        for table in (
            "person",
            "cadre_post",
            "reserve_cadre",
            "household",
            "household_visit",
            "party_day",
            "party_branch",
            "branch_member",
        ):
            try:
                counts[table] = connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            except sqlite3.OperationalError:
                counts[table] = None
    return {"seconds": seconds, "counts": counts}


@scenario
def tabs_and_search(db: str, quick: str = "") -> dict[str, object]:
    """Open every tab, then type searches into every tab that has a search box: each tab's median and p95."""
    from PySide6.QtWidgets import QApplication

    from township_desk.db import open_database
    from township_desk.ui.app import make_application
    from township_desk.ui.main_window import MainWindow

    app = make_application()
    open_database(Path(db))
    window = MainWindow(Path(db))
    window.show()
    while not window.counts_label.text():  # start-up settled: every tab built, the status bar counted
        app.processEvents()
    tabs: dict[str, float] = {}
    for index, page in enumerate(window.tab_pages):
        window.tabs.setCurrentIndex((index + 1) % len(window.tab_pages))  # away from it first
        app.processEvents()
        window.stale_tabs.add(page)
        start = time.perf_counter()
        window.tabs.setCurrentIndex(index)
        app.processEvents()
        tabs[page.title] = time.perf_counter() - start
    from PySide6.QtWidgets import QLineEdit

    per_tab: dict[str, dict[str, float]] = {}
    words = ("z", "zh", "zha", "zhan", "zhang", "", "1", "13", "138", "", "王", "李", "刘建", "")
    for page in window.tab_pages:
        box = getattr(page, "search", None)
        if not isinstance(box, QLineEdit) or not box.isVisibleTo(page):  # a tab without a list to search
            continue
        window.tabs.setCurrentWidget(page)
        app.processEvents()
        keystrokes: list[float] = []
        for word in words * (1 if quick else 2):
            start = time.perf_counter()
            box.setText(word)
            QApplication.processEvents()
            keystrokes.append(time.perf_counter() - start)
        keystrokes.sort()
        per_tab[page.title] = {
            "median": statistics.median(keystrokes),
            "p95": keystrokes[max(0, int(round(0.95 * len(keystrokes))) - 1)],
        }
    return {"tabs": tabs, "per_tab": per_tab}


@scenario
def home_page(db: str) -> dict[str, object]:
    """Open the 首页 tab (to-do list and key numbers read afresh) several times; medians. Also the to-do
    services alone (every provider's count), without the widgets."""
    from PySide6.QtWidgets import QApplication

    from township_desk.db import open_database
    from township_desk.services.home.todo import todo_items
    from township_desk.ui.app import make_application
    from township_desk.ui.main_window import MainWindow

    app = make_application()
    open_database(Path(db))
    window = MainWindow(Path(db))
    window.show()
    while not window.counts_label.text():  # start-up settled: every tab built, the status bar counted
        app.processEvents()
    home = window.page(0)
    opens: list[float] = []
    cpu: list[float] = []  # this process's CPU time: what the wall time would be on a machine not shared
    for _ in range(7):
        window.tabs.setCurrentIndex(1)
        QApplication.processEvents()
        window.stale_tabs.add(home)
        start, start_cpu = time.perf_counter(), time.process_time()
        window.tabs.setCurrentIndex(0)
        QApplication.processEvents()
        opens.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    services = [timed(lambda: todo_items(db_path=Path(db))) for _ in range(7)]
    return {
        "seconds": statistics.median(opens),
        "worst": max(opens),
        "cpu": statistics.median(cpu),
        "services": statistics.median(services),
        "items": home.todo_list.count(),
    }


def note_paints() -> dict[str, float]:
    """Install on the application a probe that notes wall-clock times (run.py subtracts the time it started
    the process): painted_at, the first paint of a window; filled_at, when that window has painted the tab it
    read from the database (the window's own after_fill moment: its first repaint after reading; a window
    without one, such as the bare QMainWindow, is filled when painted). Then it quits.

    The probe is an application-wide event filter only until that first paint: while one is installed,
    PySide6 wraps every object and event of the program in Python, a cost the clerk's window never pays."""
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QWidget

    app = QApplication.instance() or QApplication(sys.argv[:1])
    seen: dict[str, float] = {}

    def filled() -> None:
        seen["filled_at"] = time.time()
        QTimer.singleShot(0, QApplication.quit)

    class Paints(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
            if (
                event.type() != QEvent.Type.Paint
                or not isinstance(watched, QWidget)
                or not watched.isWindow()
            ):
                return False
            seen["painted_at"] = time.time()
            app.removeEventFilter(self)
            hooks = getattr(watched, "after_fill", None)
            if hooks is None or getattr(watched, "filled", False):
                filled()
            else:
                hooks.append(filled)
            return False

    probe = Paints(app)
    app.installEventFilter(probe)
    return seen


@scenario
def startup(db: str) -> dict[str, object]:
    """The desk as a clerk starts it (township-desk --db FILE), until its window has painted its list."""
    seen = note_paints()
    from township_desk.cli import main

    main(["--db", db])
    return dict(seen)


@scenario
def bare_window() -> dict[str, object]:
    """The floor: PySide6 imported, an empty QMainWindow of the same size shown and painted."""
    seen = note_paints()
    from PySide6.QtWidgets import QApplication, QMainWindow

    window = QMainWindow()
    window.resize(1280, 780)
    window.show()
    QApplication.exec()
    return dict(seen)


@scenario
def roster_pdf(db: str, out: str) -> dict[str, object]:
    from township_desk.db import open_database
    from township_desk.services.cadres import print_roster, roster_rows

    open_database(Path(db))
    rows = len(roster_rows())
    seconds = timed(lambda: print_roster(Path(out)))
    return {"seconds": seconds, "rows": rows, "pages": pdf_pages(Path(out))}


def pdf_pages(path: Path) -> int:
    """A PDF's page count (the largest /Count), read in blocks so that it adds nothing to peak memory."""
    import re

    count, tail = 0, b""
    with path.open("rb") as handle:
        while block := handle.read(1 << 20):
            found = [int(n) for n in re.findall(rb"/Count (\d+)", tail + block)]
            count = max([count, *found])
            tail = block[-32:]
    return count


@scenario
def visit_ledger_pdf(db: str, out: str, village: str = "") -> dict[str, object]:
    """The 走访台账 of every visit (or one village's), as the command line prints it."""
    from township_desk.db import open_database
    from township_desk.services.visits import LedgerQuery, print_visit_ledger

    open_database(Path(db))
    seconds = timed(lambda: print_visit_ledger(Path(out), LedgerQuery(village=village or None)))
    return {"seconds": seconds, "pages": pdf_pages(Path(out))}


@scenario
def statistics_report(db: str) -> dict[str, object]:
    """The whole 统计 report (every group by village, the targets, the tables) on today, then beside 2021-07-01;
    medians of five runs each, after one run that warms SQLite's page cache like an open window has."""
    from datetime import date

    from township_desk.db import open_database
    from township_desk.services import statistics as stats

    open_database(Path(db))
    stats.tables(stats.compute())
    one = [timed(lambda: stats.tables(stats.compute())) for _ in range(5)]
    both = [timed(lambda: stats.tables(stats.compute(compare=date(2021, 7, 1)))) for _ in range(5)]
    cadres = stats.compute().structures["all"].total.total
    return {"seconds": statistics.median(one), "compare_seconds": statistics.median(both), "cadres": cadres}


@scenario
def export_xlsx(db: str, out: str) -> dict[str, object]:
    from township_desk.db import open_database
    from township_desk.services.cadres import export_cadres

    open_database(Path(db))
    rows = 0

    def run() -> None:
        nonlocal rows
        rows = export_cadres(Path(out))

    return {"seconds": timed(run), "rows": rows}


@scenario
def libreoffice_pdf(xlsx: str, outdir: str) -> dict[str, object]:
    import subprocess

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        return {"skipped": "LibreOffice (soffice) is not installed"}
    Path(outdir).mkdir(parents=True, exist_ok=True)
    profile = Path(outdir) / "lo-profile"
    command = [
        soffice,
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--convert-to",
        "pdf",
        "--outdir",
        outdir,
        xlsx,
    ]
    subprocess.run(command, check=True, capture_output=True)  # warm-up: first start creates the profile
    seconds = timed(lambda: subprocess.run(command, check=True, capture_output=True))
    return {"seconds": seconds}


@scenario
def make_roster_workbook(out: str, rows: str) -> dict[str, object]:
    import datetime as dt
    import random

    import openpyxl

    from township_desk.services.demo.names import NameMaker
    from township_desk.services.id_numbers import make_id_number

    rng = random.Random(10)
    names = NameMaker(rng)  # names as a roster has them: mostly different (pinyin is worked out per name)
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("花名册")
    sheet.append(["县村(社区)干部花名册"])
    sheet.append(
        [
            "序号",
            "姓名",
            "身份证号码",
            "性别",
            "村(社区)",
            "职务",
            "任职时间",
            "文化程度",
            "政治面貌",
            "联系电话",
        ]
    )
    seen: set[str] = set()
    count = int(rows)
    while len(seen) < count:
        birth = dt.date(1960, 1, 1) + dt.timedelta(days=rng.randint(0, 12000))
        male = rng.random() < 0.6
        number = make_id_number("439901", birth, rng.randint(0, 99), male)
        if number in seen:
            continue
        seen.add(number)
        sheet.append(
            [
                len(seen),
                names.person(male),
                number,
                "",
                f"导入{len(seen) % 300}村",
                "村(居)委会委员",
                "2021.05",
                "大专",
                "党员",
                f"139{len(seen):08d}",
            ]
        )
    book.save(out)
    return {}


@scenario
def convert_roster_workbook(xlsx: str, xls: str, csv_path: str) -> dict[str, object]:
    """The same roster as an Excel 97–2003 .xls (xlwt) and as a .csv in GBK, as Chinese Excel saves it."""
    import csv

    import python_calamine
    import xlwt

    rows = python_calamine.CalamineWorkbook.from_path(xlsx).get_sheet_by_index(0).to_python()
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("花名册")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value != "":
                sheet.write(r, c, value)
    book.save(xls)
    with open(csv_path, "w", encoding="gbk", newline="") as handle:
        csv.writer(handle).writerows(rows[1:])  # a .csv has no title row above its header
    return {"rows": len(rows) - 2}


@scenario
def import_roster(db: str, xlsx: str) -> dict[str, object]:
    """Plan and write a 10,000-row roster, timed like its floors: modules imported before (python_calamine, which
    reads it, and pypinyin, whose dictionaries take 0.25 s to load the first time a session writes a name)."""
    import pypinyin  # noqa: F401
    import python_calamine  # noqa: F401

    from township_desk.db import open_database
    from township_desk.services.cadre_import import apply_cadre_import, plan_cadre_import

    open_database(Path(db))
    result: dict[str, object] = {}

    def run() -> None:
        from township_desk.services.audit import logged_import

        plan = plan_cadre_import(Path(xlsx))
        # as the window and the command line write it: one line in the operation log, not one per row
        result["accepted"] = logged_import(apply_cadre_import, plan, lambda done, total: None, "干部")
        result["refused"] = len(plan.refused)

    result["seconds"] = timed(run)
    return result


@scenario
def sqlite_write_floor(db: str, xlsx: str) -> dict[str, object]:
    """Beneath an import's writing: SQLite executing the INSERTs of the same people and posts into a fresh file
    of our schema (its indexes and checks) in one transaction; the rows are read, checked and turned into
    values before the clock starts."""
    from township_desk import session
    from township_desk.db import database, open_database
    from township_desk.models.base import execute_insert, insert_statement, new_id
    from township_desk.models.cadres import CadrePost
    from township_desk.models.people import Person
    from township_desk.services.cadre_import import _person_fields, _post_fields, plan_cadre_import
    from township_desk.services.people import village_ids

    open_database(Path(db))
    records = [record for _row, record in plan_cadre_import(Path(xlsx)).accepted]
    with database.atomic():
        villages = village_ids(record.village for record in records)
    people, posts = [], []
    for record in records:  # as apply_cadre_import builds them
        person_id, village = new_id(), villages.get(record.village)
        people.append({"id": person_id, **_person_fields(record, village)})
        posts.append(_post_fields(record, person_id, village))
    statements = [insert_statement(Person, people), insert_statement(CadrePost, posts)]

    def run() -> None:
        with session.quiet(), database.atomic():  # as the import writes: one line in the log, not one a row
            cursor = database.cursor()
            for statement in statements:
                execute_insert(cursor, statement)

    return {"seconds": timed(run), "rows": len(records)}


@scenario
def openpyxl_read(xlsx: str) -> dict[str, object]:
    import openpyxl

    def run() -> None:
        book = openpyxl.load_workbook(xlsx, read_only=True, data_only=True)
        for _row in book.worksheets[0].iter_rows(values_only=True):
            pass

    return {"seconds": timed(run)}


@scenario
def calamine_read(xlsx: str) -> dict[str, object]:
    """The floor beneath the import: python-calamine reading every row of the first sheet, nothing else."""
    import python_calamine

    def run() -> None:
        book = python_calamine.CalamineWorkbook.from_path(xlsx)
        for _row in book.get_sheet_by_index(0).iter_rows():
            pass

    return {"seconds": timed(run)}


@scenario
def csv_read(path: str) -> dict[str, object]:
    """The floor beneath a .csv import: decoding the file as GBK and splitting every row, nothing else."""
    import csv
    import io

    def run() -> None:
        with open(path, "rb") as handle:
            text = handle.read().decode("gb18030")
        for _row in csv.reader(io.StringIO(text)):
            pass

    return {"seconds": timed(run)}


@scenario
def export_county(db: str, out: str) -> dict[str, object]:
    """township-desk export-county, timed like its floor: modules imported before (the floor's sqlite3 is),
    and no file from the last run to replace (the floor deletes its own first; replacing 435 MB costs 0.2 s)."""
    from township_desk.cli import main
    from township_desk.headless import build_parser

    build_parser()  # imports every subcommand's module
    Path(out).unlink(missing_ok=True)
    code = 0

    def run() -> None:
        nonlocal code
        code = main(["--db", db, "export-county", "--out", out])

    return {"seconds": timed(run), "exit": code}


@scenario
def vacuum_into(db: str, out: str) -> dict[str, object]:
    Path(out).unlink(missing_ok=True)

    def run() -> None:
        connection = sqlite3.connect(db)
        connection.execute("VACUUM INTO ?", (out,))
        connection.close()

    return {"seconds": timed(run)}


@scenario
def merge_files(county: str, *files: str) -> dict[str, object]:
    from township_desk.cli import main

    for suffix in ("", "-wal", "-shm"):
        Path(f"{county}{suffix}").unlink(missing_ok=True)
    code = 0

    def run() -> None:
        nonlocal code
        code = main(["merge", "--into", county, *files])

    return {"seconds": timed(run), "exit": code, "files": len(files)}


@scenario
def make_merge_county(county: str) -> dict[str, object]:
    """An empty county database at the current schema (the SQL floor copies it before each run)."""
    from township_desk.services.merge import open_county_database

    Path(county).unlink(missing_ok=True)
    open_county_database(Path(county))
    return {}


@scenario
def merge_floor(template: str, county: str, *township_dbs: str) -> dict[str, object]:
    """The floor beneath a merge: each township database ATTACHed to an empty county database and every
    table copied with INSERT OR REPLACE … SELECT (its township as origin), in one transaction; no checks."""
    from township_desk.models.base import all_models

    for suffix in ("", "-wal", "-shm"):
        Path(f"{county}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(template, county)
    tables = [m._meta.table_name for m in all_models()]

    def run() -> None:
        connection = sqlite3.connect(county, isolation_level=None)
        columns = {t: [r[1] for r in connection.execute(f'PRAGMA table_info("{t}")')] for t in tables}
        for db in township_dbs:  # one transaction a file: SQLite cannot ATTACH inside a transaction
            connection.execute("ATTACH DATABASE ? AS town", (f"file:{db}?mode=ro",))
            connection.execute("BEGIN IMMEDIATE")
            township = connection.execute("SELECT value FROM town.setting WHERE key = 'township'").fetchone()
            for table in tables:
                names = [c for c in columns[table] if c != "origin_township"]
                listed = ", ".join(f'"{c}"' for c in names)
                origin = ', "origin_township"' if "origin_township" in columns[table] else ""
                connection.execute(
                    f'INSERT OR REPLACE INTO main."{table}" ({listed}{origin}) '
                    f'SELECT {listed}{", ?" if origin else ""} FROM town."{table}"',
                    (township[0],) if origin else (),
                )
            connection.execute("COMMIT")
            connection.execute("DETACH DATABASE town")
        connection.close()

    return {"seconds": timed(run), "files": len(township_dbs)}


@scenario
def prepare_signed(work: str, county_template: str, *township_dbs: str) -> dict[str, object]:
    """A county database that issued a key to each township, and each township's file signed and sealed:
    a copy of each township database (same data as its unsigned file) with its key installed, exported."""
    import shutil

    from township_desk.db import close_database, open_database
    from township_desk.services import county_keys
    from township_desk.services.exchange import export_for_county
    from township_desk.services.merge import open_county_database
    from township_desk.services.settings import township_name

    folder = Path(work)
    Path(county_template).unlink(missing_ok=True)
    open_county_database(Path(county_template))
    names = []
    for db in township_dbs:
        open_database(Path(db))
        names.append(township_name())
        close_database()
    open_database(Path(county_template))
    try:
        for index, name in enumerate(names):
            county_keys.issue_key(name, folder / f"key{index:02d}.key")
    finally:
        close_database()
    files = []
    for index, db in enumerate(township_dbs):
        signed_db = folder / f"township{index:02d}-signed.db"
        shutil.copyfile(db, signed_db)
        open_database(signed_db)
        try:
            county_keys.install_key(folder / f"key{index:02d}.key")
        finally:
            close_database()
        files.append(str(export_for_county(signed_db, folder / f"township{index:02d}.sealed").path))
    return {"files": files}


@scenario
def merge_signed(county_template: str, county: str, *files: str) -> dict[str, object]:
    """merge_files into a copy of a county database that issued keys (the files are signed and sealed)."""
    import shutil

    from township_desk.cli import main

    for suffix in ("", "-wal", "-shm"):
        Path(f"{county}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(county_template, county)
    code = 0

    def run() -> None:
        nonlocal code
        code = main(["merge", "--into", county, *files])

    return {"seconds": timed(run), "exit": code, "files": len(files)}


#: Scenario modules of their own (bench/NAME.py, each with @scenario and harness.measure functions): one line each.
MODULES: list[str] = [
    "exports",  # Excel exports beside their floor (issue 24)
    "encrypted",  # an encrypted county file beside the plain one (issue 23)
]


def main() -> None:
    import importlib

    sys.modules.setdefault("scenarios", sys.modules[__name__])  # `from scenarios import scenario` in MODULES
    name, *args = sys.argv[1:]
    if name not in SCENARIOS:  # a scenario of another module (a start-up then imports nothing of theirs)
        for module in MODULES:
            importlib.import_module(module)
    result = SCENARIOS[name](*args)
    result["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print("BENCH " + json.dumps(result, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
