"""Talks that rules ask for; the printed talk record and the Excel export."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from township_desk.models.base import utc_now
from township_desk.models.people import Person
from township_desk.models.talks import Talk
from township_desk.services import clock, vocab
from township_desk.services.excel_export import write_workbook
from township_desk.services.listing import (
    ListState,
)
from township_desk.services.normalize import clean_name
from township_desk.services.progress import Progress, no_progress
from township_desk.services.records import (
    ValidationError,
)
from township_desk.services.settings import report_context
from township_desk.services.talks.records import (
    BLANK_WHEN,
    STATUS_DONE,
    STATUS_PENDING,
    TALK,
    TalkListing,
    party_secretary,
    secretary_title,
)

# ---------------------------------------------------------------- talks that rules ask for


def ensure_rule_talk(
    source_key: str, *, person_id: str, kind: str, person_post: str, reason: str, source: str, year: int
) -> tuple[Talk, bool]:
    """The pending talk a rule asks for, created once (call inside a transaction).

    A live talk with the same source_key is kept (its reason updated while still pending); one
    the rule withdrew earlier comes back from the recycle bin; a completed one is never touched.
    Returns the talk and whether it was created or brought back.
    """
    existing = Talk.select().where(Talk.source_key == source_key).order_by(Talk.created_at).first()
    secretary = party_secretary()
    if existing is None:
        talk = Talk.create(
            kind=kind,
            person=person_id,
            person_post=person_post,
            reason=reason,
            source=source,
            source_key=source_key,
            year=year,
            status=STATUS_PENDING,
            talkers=secretary,
            talker_post=secretary_title(),
        )
        return talk, True
    if existing.status != STATUS_PENDING:
        return existing, False
    revived = existing.deleted_at is not None
    wanted = {
        "deleted_at": None,
        "reason": reason,
        "person_post": existing.person_post or person_post,
        "talkers": existing.talkers or secretary,
    }
    if any(getattr(existing, key) != value for key, value in wanted.items()):
        for key, value in wanted.items():
            setattr(existing, key, value)
        existing.save()
    return existing, revived


def withdraw_rule_talks(prefix: str, keep: set[str]) -> int:
    """Move pending rule-made talks whose key starts with prefix and is not in keep to the recycle bin."""
    stamp = utc_now()
    query = Talk.live().where(
        Talk.source_key.startswith(prefix)
        & (Talk.status == STATUS_PENDING)
        & Talk.source_key.not_in(list(keep))
    )
    ids = [talk.id for talk in query]
    if ids:
        Talk.update(deleted_at=stamp, updated_at=stamp).where(Talk.id.in_(ids)).execute()
    return len(ids)


# ---------------------------------------------------------------- paper


def kind_boxes(kind: str | None, checked: str = "☑") -> str:
    """The four kinds with the talk's one ticked: ☑提醒谈话  □诫勉谈话 …"""
    return "      ".join((checked if label == kind else "□") + label for label in vocab.TALK_KINDS.labels())


def _checked_box() -> str:
    from township_desk.reports.fonts import font_has_glyph, register_cjk_font

    return "☑" if font_has_glyph(register_cjk_font(), "☑") else "■"


def record_values(talk: Talk, checked: str = "☑") -> dict[str, object]:
    """What the talk-record form prints for one talk."""
    person = talk.person
    when = ""
    if talk.talk_date:
        day = talk.talk_date
        when = f"{day.year}年{day.month}月{day.day}日 {talk.talk_time}".strip()
    talkers = talk.talkers
    if talkers and talk.talker_post:
        talkers = f"{talkers}（{talk.talker_post}）"
    return {
        "kind_boxes": kind_boxes(talk.kind, checked),
        "name": person.name,
        "sex": person.sex,
        "person_post": talk.person_post,
        "talkers": talkers or talk.talker_post,
        "recorder": talk.recorder,
        "reviewer": talk.reviewer,
        "record_no": talk.record_no,
        "when": when or BLANK_WHEN,
        "place": talk.place,
        "reason": talk.reason,
        "content": talk.content,
        "response": talk.response,
        "follow_up": talk.follow_up,
    }


def blank_record_values() -> dict[str, object]:
    """A talk-record form to fill by hand: every box empty, the four kinds to tick."""
    return {"kind_boxes": kind_boxes(None), "when": BLANK_WHEN}


def print_talk_record(out: Path, talk_id: str | None = None, progress: Progress = no_progress) -> Path:
    """One talk's 谈话记录表 (blank when talk_id is None), one A4 page."""
    from township_desk.reports import render_form

    if talk_id is None:
        values = blank_record_values()
        context = report_context(year="")
    else:
        talk = Talk.live().where(Talk.id == talk_id).first()
        if talk is None:
            raise ValidationError("talk", "这次谈话不存在或已被删除。")
        values = record_values(talk, _checked_box())
        context = report_context(year=str(talk.year))
    progress(0, 1)
    render_form("talk_record", values, out, context)
    progress(1, 1)
    return out


def _print_many(out: Path, talks: list[Talk], progress: Progress) -> Path:
    from township_desk.reports import render_forms

    checked = _checked_box()
    values = [record_values(talk, checked) for talk in talks]
    progress(0, 1)
    render_forms("talk_record", values, out, report_context())
    progress(1, 1)
    return out


def talks_on(name: str, day: date) -> list[Talk]:
    """The live talks with people of that name on that day."""
    name = clean_name(name)
    return list(
        Talk.live()
        .join(Person, on=(Talk.person == Person.id))
        .where((Person.name == name) & (Talk.talk_date == day) & Person.deleted_at.is_null())
        .order_by(Talk.talk_time, Talk.created_at)
    )


def print_talks_on(out: Path, name: str, day: date, progress: Progress = no_progress) -> Path:
    """The records of the talks with NAME on a day (usually one) in one PDF."""
    talks = talks_on(name, day)
    if not talks:
        raise ValidationError(
            "person", f"没有找到{day.year}年{day.month}月{day.day}日与“{clean_name(name)}”的谈话记录。"
        )
    return _print_many(out, talks, progress)


def year_talks(year: int) -> list[Talk]:
    """The talks of a year that were held (completed, dated today or earlier), by date.

    Pending talks (planned by a rule or by hand, not yet held) have no record to print.
    """
    return list(
        TalkListing()
        .base_query()
        .where(
            (Talk.year == year)
            & (Talk.status == STATUS_DONE)
            & Talk.talk_date.is_null(False)
            & (Talk.talk_date <= clock.today())
        )
        .order_by(Talk.talk_date, Talk.talk_time, Person.pinyin)
    )


def print_year_records(out: Path, year: int, progress: Progress = no_progress) -> Path:
    """The records of a year's held talks in one PDF, each starting a new page, by date."""
    talks = year_talks(year)
    if not talks:
        raise ValidationError("year", f"{year}年没有已进行的谈话记录。")
    return _print_many(out, talks, progress)


# ---------------------------------------------------------------- Excel

EXPORT_COLUMNS: tuple[tuple[str, str], ...] = TALK.headers(
    "kind",
    "name",
    "village",
    "person_post",
    "talkers",
    "talker_post",
    "recorder",
    "reviewer",
    "talk_date",
    "talk_time",
    "place",
    "reason",
    "content",
    "response",
    "follow_up",
    "status",
    "source",
    "record_no",
    talk_date="日期",
)


def export_talks(path: Path, progress: Progress = no_progress, state: ListState | None = None) -> int:
    """Write the talks (all, or what the tab shows) to a workbook; returns the row count."""
    listing = TalkListing()
    state = state or ListState()
    return write_workbook(
        path, "谈话记录", EXPORT_COLUMNS, listing.iter_rows(state), listing.count(state), progress
    )
