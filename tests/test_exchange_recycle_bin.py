"""The recycle bin lists deleted records of every kind, and a purge leaves a marker that travels to the county."""

from __future__ import annotations

from township_desk.models.base import all_models
from township_desk.models.exchange import PurgedRow
from township_desk.services import recycle_bin


def test_every_kind_that_can_be_deleted_shows_in_the_bin(demo_db):
    kinds = [m for m in all_models() if m.KIND_LABEL is not None]
    assert {"Person", "Village"} <= {m.__name__ for m in kinds}
    deleted = {}
    for model in kinds:
        row = model.live().first()  # still live: not gone to the bin with a row deleted before
        if row is None:
            continue  # this subject has no demo rows yet
        recycle_bin.soft_delete(row)
        deleted[model.KIND_LABEL] = row.describe()
    listed = {(item.kind_label, item.description) for item in recycle_bin.deleted_items()}
    assert set(deleted.items()) <= listed
    assert len(deleted) >= 2


def test_purge_leaves_a_marker_for_each_row_it_removes(demo_db):
    from township_desk.models.cadres import CadrePost
    from township_desk.models.people import Person

    person = Person.live().join(CadrePost, on=(CadrePost.person == Person.id)).first()
    posts = [p.id for p in CadrePost.select().where(CadrePost.person == person.id)]
    recycle_bin.soft_delete(person)
    recycle_bin.purge("Person", person.id)
    markers = {(m.table_name, m.row_id) for m in PurgedRow.select()}
    assert ("person", person.id) in markers
    assert {("cadre_post", post) for post in posts} <= markers
    assert len({m.purged_at for m in PurgedRow.select()}) == 1
