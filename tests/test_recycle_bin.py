"""Deleting moves a person with their post to the recycle bin; restoring brings both back."""

from __future__ import annotations

from datetime import datetime, timedelta

from township_desk.models.cadres import CadrePost
from township_desk.models.people import Person
from township_desk.services import recycle_bin
from township_desk.services.cadres import CadreListing, current_post
from township_desk.services.listing import ListState
from township_desk.ui.dialogs.recycle_bin import RecycleBinDialog


def serving_person() -> Person:
    """A person the 干部 list shows: a live current post (any post row at all picked, in no fixed order, a
    person whose post had ended under some reference dates, whom the list does not count)."""
    return (
        Person.live()
        .join(CadrePost, on=(CadrePost.person == Person.id))
        .where(CadrePost.ended_on.is_null() & CadrePost.deleted_at.is_null())
        .order_by(Person.id)
        .first()
    )


def test_delete_restore_round_trip(demo_db):
    person = serving_person()
    total = CadreListing().count(ListState())
    recycle_bin.soft_delete(person)
    assert CadreListing().count(ListState()) == total - 1
    assert current_post(person.id) is None
    items = recycle_bin.deleted_items()
    assert [(i.kind_label, i.description) for i in items] == [("人员", person.name)]
    recycle_bin.restore("Person", person.id)
    assert CadreListing().count(ListState()) == total
    assert current_post(person.id) is not None
    assert recycle_bin.deleted_items() == []


def test_purge_removes_person_and_post_for_good(demo_db):
    person = serving_person()
    recycle_bin.soft_delete(person)
    recycle_bin.purge("Person", person.id)
    assert not Person.select().where(Person.id == person.id).exists()
    assert not CadrePost.select().where(CadrePost.person == person.id).exists()


def test_recycle_bin_dialog_restores(demo_db, qtbot, qt_settings):
    person = serving_person()
    recycle_bin.soft_delete(person)
    dialog = RecycleBinDialog()
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 1
    assert dialog.table.item(0, 1).text() == person.name
    # the office's clock (Beijing time), not UTC: 8 hours later than the stored time
    stored = Person.get_by_id(person.id).deleted_at
    shown = datetime.strptime(dialog.table.item(0, 2).text(), "%Y-%m-%d %H:%M")
    assert shown == (stored + timedelta(hours=8)).replace(second=0, microsecond=0)
    dialog.restore_selected()
    assert dialog.table.rowCount() == 0 and dialog.empty_label.isVisibleTo(dialog)
    assert Person.get_by_id(person.id).deleted_at is None
