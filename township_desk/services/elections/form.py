"""The form of one recorded election (corrections after the 换届 assistant wrote it)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from township_desk.db import database
from township_desk.models.elections import Election
from township_desk.services import clock
from township_desk.services.elections.terms import METHODS, TERM_YEARS, add_years, refresh_new_marks
from township_desk.services.normalize import clean_text
from township_desk.services.people import parse_date_field
from township_desk.services.records import Field, FormSpec, Section, ValidationError, Values


def load_election(election_id: str | None) -> Values:
    if election_id is None:
        raise ValidationError(None, "新的换届请用“换届助手”登记。")
    election = Election.get_by_id(election_id)
    return {
        "village": election.village.name,
        "committee": election.committee,
        "held_on": election.held_on.isoformat(),
        "term_number": str(election.term_number or ""),
        "method": election.method,
        "term_ends_on": election.term_ends_on.isoformat() if election.term_ends_on else "",
        "notes": election.notes,
    }


def save_election(election_id: str | None, values: Mapping[str, Any]) -> str:
    if election_id is None:
        raise ValidationError(None, "新的换届请用“换届助手”登记。")
    held_on = parse_date_field(values, "held_on", "选举日期")
    if held_on is None:
        raise ValidationError("held_on", "请填写“选举日期”。")
    if held_on > clock.today():
        raise ValidationError("held_on", "选举日期不能晚于今天。")
    ends = parse_date_field(values, "term_ends_on", "任期届满") or add_years(held_on, TERM_YEARS)
    if ends <= held_on:
        raise ValidationError("term_ends_on", "任期届满应晚于选举日期。")
    term = clean_text(values.get("term_number"))
    if term and not term.isdigit():
        raise ValidationError("term_number", "“届次”应为数字，如 12。")
    with database.atomic():
        election = Election.get_by_id(election_id)
        election.held_on, election.term_ends_on = held_on, ends
        election.term_number = int(term) if term else None
        election.method = clean_text(values.get("method"))
        election.notes = str(values.get("notes") or "").strip()
        election.save()
        refresh_new_marks([election.village_id])
    return str(election.id)


ELECTION_FORM = FormSpec(
    title="换届选举",
    sections=(
        Section(
            "选举",
            (
                Field("village", "村(社区)", "readonly"),
                Field("committee", "组织", "readonly"),
                Field("held_on", "选举日期", "date", required=True),
                Field("term_number", "届次"),
                Field("method", "选举方式", "choice", choices=lambda: list(METHODS)),
                Field("term_ends_on", "任期届满", "date", placeholder="留空：选举日期后五年"),
                Field("notes", "备注", "multiline"),
            ),
        ),
    ),
    load=load_election,
    save=save_election,
)
