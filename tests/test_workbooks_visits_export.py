"""The visit export's fast rows (tuples from one cursor) say what the ledger's rows say, column for column,
and the county-sized export reads back with dates as dates under its title and header."""

from __future__ import annotations

import datetime as dt

import openpyxl

from township_desk.services.visits.paper import (
    VISIT_EXPORT_COLUMNS,
    LedgerQuery,
    export_rows,
    export_visits,
    ledger_rows,
)


def test_export_rows_match_the_ledger_rows(demo_db):
    keys = [key for key, _label in VISIT_EXPORT_COLUMNS]
    expected = [tuple(row[key] for key in keys) for row in ledger_rows(LedgerQuery())]
    assert expected  # the demo has visits
    got = list(export_rows(LedgerQuery()))
    # the ledger writes an empty companion list as "" and the export leaves the cell empty (None)
    assert [tuple(v or "" for v in row) for row in got] == [tuple(v or "" for v in row) for row in expected]


def test_exported_visits_read_back(demo_db, tmp_path):
    out = tmp_path / "走访记录.xlsx"
    count = export_visits(out)
    book = openpyxl.load_workbook(out, read_only=True)
    rows = list(book.active.iter_rows(values_only=True))
    book.close()
    assert rows[0][0].startswith("漳江镇走访记录")
    assert list(rows[1]) == [label for _key, label in VISIT_EXPORT_COLUMNS]
    assert len(rows) == count + 2
    dates = [row[0] for row in rows[2:]]
    assert all(isinstance(d, dt.datetime) for d in dates) and dates == sorted(dates)
