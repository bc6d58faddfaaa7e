"""One declaration per field: the editor, the list, the sheet and the paper show the same label."""

from __future__ import annotations

import pytest

from township_desk.models.cadres import ReserveCadre
from township_desk.reports.templates import load_template
from township_desk.services import cadres, reserves, talks, vocab
from township_desk.services.fields import Decl, Fields, of
from township_desk.services.people import PERSON
from township_desk.services.records import ValidationError


def test_a_new_field_is_one_line_read_everywhere():
    fields = Fields(PERSON, of(ReserveCadre.nomination, "choice", choices=lambda: ["组织推荐"], width=75))
    (form_field,) = fields.form("nomination")
    (column,) = fields.columns("nomination")
    assert form_field.label == column.label == "推荐方式"  # the model's verbose_name
    assert form_field.choices is not None and form_field.choices() == ["组织推荐"]
    assert column.width == 75
    assert fields.headers("name", "nomination") == (("name", "姓名"), ("nomination", "推荐方式"))


def test_a_declaration_checks_what_it_declares():
    name = PERSON["name"]
    with pytest.raises(ValidationError) as raised:
        name.clean({"name": "  "})
    assert raised.value.field == "name" and "姓名" in raised.value.message
    with pytest.raises(ValidationError) as raised:
        PERSON["birth_date"].clean({"birth_date": "1975-13-40"})
    assert "出生日期" in raised.value.message
    assert PERSON["education"].clean({"education": "大专"}) in {"大专", "大学专科"}
    strict = Decl("status", "后备状态", "choice", vocabulary=vocab.RESERVE_STATUS, editable_choice=False)
    with pytest.raises(ValidationError):
        strict.clean({"status": "不存在的状态"})


@pytest.mark.parametrize(
    ("template", "fields"),
    [("roster", cadres.CADRE), ("reserve_roster", reserves.RESERVE)],
)
def test_printed_columns_say_what_the_fields_declare(template, fields):
    """The printed templates keep their labels (a county may rename a column there); the bundled ones agree
    with the declarations wherever they print a declared field."""
    headings = fields.headings()
    columns = load_template(template).table.columns
    shown = {c.key: c.label for c in columns if c.key in headings}
    assert len(shown) >= 5
    assert shown == {key: headings[key] for key in shown}


def test_list_sheet_and_form_share_their_labels():
    assert dict(cadres.EXPORT_COLUMNS)["birth_date"] == "出生年月"
    assert {c.key: c.label for c in cadres.CadreListing.columns}["programme"] == "后备干部"
    assert [f.label for f in cadres.RESERVE_FIELDS][0] == "培养工程"
    assert dict(talks.EXPORT_COLUMNS)["talk_date"] == "日期"
    assert {c.key: c.label for c in talks.TalkListing.columns}["talk_date"] == "谈话日期"


def test_a_declared_filter_narrows_the_list(demo_db):
    from township_desk.services.listing import ListState

    listing = reserves.ReserveListing()
    (status,) = [f for f in listing.filters if f.key == "status"]
    assert status.label == "状态" and "培养中" in status.choices()
    rows = list(listing.iter_rows(ListState(filters={"status": "培养中"})))
    assert rows and {r["status"] for r in rows} == {"培养中"}
    assert len(rows) < listing.count(ListState())
