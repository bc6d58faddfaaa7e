"""The shared lazy table model: Qt's model checks, and 50,000 rows open without loading them all."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from township_desk.db import database
from township_desk.models.base import new_id, utc_now
from township_desk.models.cadres import CadrePost
from township_desk.models.people import Person, Village
from township_desk.services.cadres import CadreListing
from township_desk.ui.table_model import RecordTableModel


def test_model_passes_qt_model_tester(qtmodeltester, demo_db):
    model = RecordTableModel(CadreListing())
    model.refresh()
    qtmodeltester.check(model, force_py=True)
    model.set_search("zh")
    qtmodeltester.check(model, force_py=True)


def bulk_people(count: int) -> None:
    village = Village.create(name="大村", kind="村", sort_order=1)
    now = utc_now()
    with database.atomic():
        for start in range(0, count, 1000):
            people, posts = [], []
            for n in range(start, min(count, start + 1000)):
                pid = new_id()
                people.append(
                    {
                        "id": pid,
                        "created_at": now,
                        "updated_at": now,
                        "name": f"王{n:05d}",
                        "initials": "w",
                        "pinyin": f"wang{n:05d}",
                        "village": village.id,
                        "birth_date": dt.date(1970, 1, 1) + dt.timedelta(days=n % 9000),
                    }
                )
                posts.append(
                    {
                        "id": new_id(),
                        "created_at": now,
                        "updated_at": now,
                        "person": pid,
                        "village": village.id,
                        "post": "村(居)委会委员",
                    }
                )
            Person.insert_many(people).execute()
            CadrePost.insert_many(posts).execute()


def test_fifty_thousand_rows_open_lazily_and_scroll_in(db, qtbot):
    bulk_people(50_000)
    model = RecordTableModel(CadreListing())
    model.refresh()
    assert model.total == 50_000
    assert model.rowCount() == RecordTableModel.BATCH  # only the first page was read
    assert model.canFetchMore()
    model.fetchMore()
    assert model.rowCount() == 2 * RecordTableModel.BATCH
    model.sort(0, Qt.SortOrder.DescendingOrder)
    assert model.rowCount() == RecordTableModel.BATCH
    assert model.data(model.index(0, 0)) == "王49999"
    model.set_search("王4999")
    assert model.total == 10  # 王49990–王49999
