"""Bulk inserts (imports, demo data): many rows go through a TEMP staging table and one INSERT … SELECT; the
file's triggers, checks and the 查看 guard still apply to every row, and a refused batch leaves nothing."""

from __future__ import annotations

import peewee
import pytest

from township_desk import session
from township_desk.db import database
from township_desk.models.base import STAGED_FROM, insert_rows, new_id
from township_desk.models.households import Household
from township_desk.models.people import Person, Village

MANY = STAGED_FROM * 3


def people(count: int) -> list[dict[str, object]]:
    return [
        {"id": new_id(), "name": f"张{index:03d}", "id_number": f"N{index:05d}"} for index in range(count)
    ]


def test_many_rows_are_all_written_and_the_list_copies_follow(db) -> None:
    village = Village.create(name="桃花村", sort_order=3)
    heads = people(MANY)
    with database.atomic():
        insert_rows(Person, heads)
        insert_rows(Household, [{"head": head["id"], "village": village.id} for head in heads])
    assert Person.select().count() == MANY
    # the household triggers copy the head's name and the village's order into every staged row
    copied = {(h.head_name, h.village_order) for h in Household.select()}
    assert copied == {(str(head["name"]), 3) for head in heads}
    first = Person.get_by_id(heads[0]["id"])
    assert first.created_at is not None and first.deleted_at is None and first.notes == ""


def test_a_refused_batch_writes_nothing_and_the_next_one_is_clean(db) -> None:
    rows = people(MANY)
    rows[-1]["id"] = rows[0]["id"]  # the last row repeats the first's key
    with pytest.raises(peewee.IntegrityError), database.atomic():
        insert_rows(Person, rows)
    assert Person.select().count() == 0
    with database.atomic():
        insert_rows(Person, people(MANY)[: STAGED_FROM + 1])
    assert Person.select().count() == STAGED_FROM + 1  # nothing of the refused batch waited in the stage


def test_a_viewer_cannot_bulk_insert(db) -> None:
    session.sign_in("小李", session.VIEWER)
    try:
        with pytest.raises(peewee.IntegrityError, match=session.READ_ONLY_MESSAGE), database.atomic():
            insert_rows(Person, people(MANY))
    finally:
        session.sign_out()
    assert Person.select().count() == 0


def test_a_bulk_insert_is_logged_row_by_row_unless_quiet(db) -> None:
    with database.atomic():
        insert_rows(Person, people(MANY))
    logged = database.execute_sql("SELECT COUNT(*) FROM audit_log WHERE table_name = 'person'").fetchone()[0]
    assert logged == MANY
    with session.quiet(), database.atomic():
        insert_rows(Person, people(MANY))
    assert database.execute_sql("SELECT COUNT(*) FROM audit_log").fetchone()[0] == MANY
