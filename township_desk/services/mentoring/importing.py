"""Importing the office's 导师帮带 pair list: one pair a row, both people named (with ID numbers when names repeat).

The 帮带对象 must already be registered (a new cadre); the 导师 is found among registered people, or added when
nobody of that name is registered (a county cadre). Each row is saved through save_pair (the form's rules),
all rows in one transaction: a row refused while writing undoes the whole import and names the row.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from township_desk.db import database
from township_desk.models.mentoring import Mentorship
from township_desk.models.people import Person
from township_desk.services import clock, vocab
from township_desk.services.excel_import import ImportColumn, ImportPlan, RowRefused, person_name, plan_import
from township_desk.services.id_numbers import IdNumberError, parse_id_number
from township_desk.services.mentoring.pair_form import save_pair
from township_desk.services.mentoring.pairs import ACTIVE, KINDS_NEEDING_UNIT
from township_desk.services.normalize import DateParseError, clean_name, clean_phone, clean_text, parse_date
from township_desk.services.progress import Progress, no_progress
from township_desk.services.records import ValidationError

COLUMNS = (
    ImportColumn(
        "mentee", "帮带对象", ("帮带对象姓名", "新任干部", "新任干部姓名", "被帮带人"), required=True
    ),
    ImportColumn("mentee_id_number", "帮带对象身份证号", ("新任干部身份证号",)),
    ImportColumn("mentor", "导师", ("导师姓名", "帮带导师", "联系导师"), required=True),
    ImportColumn("mentor_id_number", "导师身份证号", ()),
    ImportColumn("mentor_kind", "导师类别", ("导师类型",), required=True),
    ImportColumn("mentor_unit", "导师工作单位", ("工作单位", "导师单位")),
    ImportColumn("mentor_post", "导师职务", ("职务",)),
    ImportColumn("mentor_phone", "导师电话", ("导师联系电话", "联系电话")),
    ImportColumn("started_on", "结对时间", ("结对日期", "帮带时间", "开始时间"), required=True),
    ImportColumn("notes", "备注", ("说明",)),
)


@dataclass(frozen=True)
class PairRecord:
    mentee: str
    mentee_id: str
    mentor: str
    mentor_id: str  # "" for a mentor to add
    values: dict[str, Any]  # the form's values, as save_pair takes them


class _People:
    """Registered people by ID number and by name, read once."""

    def __init__(self) -> None:
        self.by_number: dict[str, tuple[str, str]] = {}
        self.by_name: dict[str, list[str]] = {}
        for person_id, name, number in Person.live(Person.id, Person.name, Person.id_number).tuples():
            if number:
                self.by_number[str(number)] = (str(person_id), str(name))
            self.by_name.setdefault(str(name), []).append(str(person_id))

    def find(self, name: str, number_cell: Any, label: str, required: bool) -> str:
        if clean_text(number_cell):
            try:
                number = parse_id_number(number_cell).number
            except IdNumberError as exc:
                raise RowRefused(f"{label}身份证号：{exc}") from exc
            found = self.by_number.get(number)
            if found is not None:
                return found[0]
            if required:
                raise RowRefused(f"库中没有身份证号为 {number} 的{label}（请先导入或登记）")
            return ""
        named = self.by_name.get(name, [])
        if len(named) == 1:
            return named[0]
        if len(named) > 1:
            raise RowRefused(f"库中有 {len(named)} 人名为“{name}”，请填写{label}身份证号")
        if required:
            raise RowRefused(f"库中没有名为“{name}”的{label}（请先导入干部花名册）")
        return ""


def convert_row(raw: dict[str, Any], people: _People) -> PairRecord:
    mentee = person_name(raw.get("mentee"), "帮带对象")
    mentor = person_name(raw.get("mentor"), "导师")
    mentee_id = people.find(mentee, raw.get("mentee_id_number"), "帮带对象", required=True)
    mentor_id = people.find(mentor, raw.get("mentor_id_number"), "导师", required=False)
    if mentor_id == mentee_id:
        raise RowRefused("导师和帮带对象不能是同一人")
    kind_text = clean_text(raw.get("mentor_kind"))
    kind = vocab.MENTOR_KINDS.normalize(kind_text)
    if not kind:
        raise RowRefused(
            f"导师类别“{kind_text}”应为：{'、'.join(vocab.MENTOR_KINDS.labels())}"
            if kind_text
            else "没有导师类别"
        )
    unit = clean_text(raw.get("mentor_unit"))
    if kind in KINDS_NEEDING_UNIT and not unit:
        raise RowRefused(f"导师是{kind}，请填写导师工作单位")
    try:
        started = parse_date(raw.get("started_on"))
    except DateParseError as exc:
        raise RowRefused(f"结对时间{exc}") from exc
    if started is None:
        raise RowRefused("没有结对时间")
    if started > clock.today():
        raise RowRefused(f"结对时间 {started.isoformat()} 晚于今天")
    values: dict[str, Any] = {
        "mentee": mentee_id,
        "mentor": mentor_id,
        "mentor_kind": kind,
        "mentor_unit": unit,
        "mentor_post": clean_text(raw.get("mentor_post")),
        "started_on": started,
        "notes": clean_text(raw.get("notes")),
    }
    if not mentor_id:
        values.update(new_mentor_name=mentor, new_mentor_phone=clean_phone(raw.get("mentor_phone")))
    return PairRecord(mentee, mentee_id, mentor, mentor_id, values)


def _mentored() -> dict[str, str]:
    query = (
        Mentorship.live(Mentorship.mentee, Person.name)
        .join(Person, on=Mentorship.mentor == Person.id)
        .where(Mentorship.status == ACTIVE)
        .tuples()
    )
    return {str(mentee): f"正由导师{mentor}帮带中" for mentee, mentor in query}


def plan_pair_import(
    path: Path | str, progress: Progress = no_progress, sheet: str | None = None
) -> ImportPlan[PairRecord]:
    """Read a pair list and decide every row; nothing is written."""
    people = _People()
    mentored = _mentored()
    return plan_import(
        path,
        COLUMNS,
        lambda raw: convert_row(raw, people),
        key_of=lambda r: r.mentee_id,
        existing=mentored.get,
        name_of=lambda raw: clean_name(raw.get("mentee")),
        progress=progress,
        sheet=sheet,
        describe_key=lambda key: "帮带对象",
    )


def apply_pair_import(plan: ImportPlan[PairRecord], progress: Progress = no_progress) -> int:
    """Save every accepted row in one transaction (a mentor added once however many rows name them)."""
    total = len(plan.accepted)
    added: dict[str, str] = {}  # new mentor's name → the person added for them
    with database.atomic():
        for count, (number, record) in enumerate(plan.accepted, 1):
            values = dict(record.values)
            if not record.mentor_id and record.mentor in added:
                values.update(mentor=added[record.mentor], new_mentor_name="", new_mentor_phone="")
            try:
                pair_id = save_pair(None, values)
            except ValidationError as exc:
                raise ValidationError(
                    exc.field, f"第 {number} 行（{record.mentee}）：{exc.message}（未导入任何一行）"
                ) from exc
            if not record.mentor_id and record.mentor not in added:
                added[record.mentor] = str(Mentorship.get_by_id(pair_id).mentor_id)
            if count % 50 == 0:
                progress(count, total)
    progress(total, total)
    return total
