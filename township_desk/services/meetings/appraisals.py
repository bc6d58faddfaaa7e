"""民主评议党员: each member's result of the year (优秀 / 合格 / 基本合格 / 不合格), counts, the sheet's rows."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from township_desk.db import database
from township_desk.models.base import utc_now
from township_desk.models.meetings import Meeting, MemberAppraisal
from township_desk.models.party_days import PartyBranch
from township_desk.models.people import Person
from township_desk.services import clock, party_branches
from township_desk.services.meetings.terms import APPRAISAL_MEETING, RESULTS, UNQUALIFIED
from township_desk.services.normalize import clean_text
from township_desk.services.records import ValidationError


def reference_day(year: int, today: date | None = None) -> date:
    """Members are those of 31 December, or of today within the year."""
    today = today or clock.today()
    return min(date(year, 12, 31), today) if year >= today.year else date(year, 12, 31)


def appraisal_meeting(branch_id: str, year: int) -> Meeting | None:
    return (
        Meeting.live()
        .where(
            (Meeting.branch == branch_id)
            & (Meeting.kind == APPRAISAL_MEETING)
            & Meeting.held_on.between(date(year, 1, 1), date(year, 12, 31))
        )
        .order_by(Meeting.held_on.desc())
        .first()
    )


def appraisal_rows(branch_id: str, year: int, today: date | None = None) -> list[dict[str, Any]]:
    """The branch's members of the year with their stored result (empty when not yet appraised); members
    appraised who have since left stay listed."""
    members = party_branches.members_on(branch_id, reference_day(year, today))
    stored = {
        str(a.person_id): a
        for a in MemberAppraisal.live().where(
            (MemberAppraisal.branch == branch_id) & (MemberAppraisal.year == year)
        )
    }
    rows = [
        {
            "person_id": m.person_id,
            "name": m.name,
            "standing": m.standing,
            "result": str(stored[m.person_id].result) if m.person_id in stored else "",
            "notes": str(stored[m.person_id].notes) if m.person_id in stored else "",
        }
        for m in members
    ]
    listed = {row["person_id"] for row in rows}
    for person_id, appraisal in stored.items():
        if person_id not in listed:
            person = Person.get_by_id(person_id)
            rows.append(
                {
                    "person_id": person_id,
                    "name": person.name,
                    "standing": party_branches.standing_of(person.political),
                    "result": appraisal.result,
                    "notes": appraisal.notes,
                }
            )
    return rows


def save_appraisals(
    branch_id: str,
    year: int,
    results: Mapping[str, str],
    notes: Mapping[str, str] | None = None,
    meeting_id: str | None = None,
) -> int:
    """Store the results of one branch's year (person id → result; an empty result removes it). 不合格 needs
    a note (the branch's handling). Returns the number of members with a result."""
    if not PartyBranch.live().where(PartyBranch.id == branch_id).exists():
        raise ValidationError("branch", "请选择党支部。")
    if not 2000 <= int(year) <= clock.today().year:
        raise ValidationError("year", f"评议年度 {year} 不在 2000 年到今年之间。")
    notes = notes or {}
    names = (
        dict(Person.live(Person.id, Person.name).where(Person.id.in_(list(results))).tuples())
        if results
        else {}
    )
    cleaned: dict[str, str] = {}
    for person_id, raw in results.items():
        result = clean_text(raw)
        if person_id not in names:
            raise ValidationError("results", "评议名单中有已删除或不存在的人员。")
        if result and result not in RESULTS:
            raise ValidationError(
                "results", f"“{names[person_id]}”的评议结果“{result}”无法识别，请选择{'、'.join(RESULTS)}。"
            )
        if result == UNQUALIFIED and not clean_text(notes.get(person_id)):
            raise ValidationError("results", f"“{names[person_id]}”评为不合格，请在备注中写明组织处置意见。")
        cleaned[person_id] = result
    meeting = meeting_id or (str(m.id) if (m := appraisal_meeting(branch_id, year)) else None)
    with database.atomic():
        existing = {
            str(a.person_id): a
            for a in MemberAppraisal.live().where(
                (MemberAppraisal.branch == branch_id) & (MemberAppraisal.year == year)
            )
        }
        for person_id, result in cleaned.items():
            row = existing.get(person_id)
            note = clean_text(notes.get(person_id))
            if not result:
                if row is not None:
                    row.deleted_at = utc_now()
                    row.save()
                continue
            if row is None:
                MemberAppraisal.create(
                    branch=branch_id, person=person_id, year=year, result=result, meeting=meeting, notes=note
                )
            elif (row.result, row.notes) != (result, note):
                row.result, row.notes = result, note
                row.meeting = row.meeting_id or meeting
                row.save()
    return (
        MemberAppraisal.live()
        .where((MemberAppraisal.branch == branch_id) & (MemberAppraisal.year == year))
        .count()
    )


def appraisal_counts(year: int, branch_id: str | None = None) -> dict[str, int]:
    """Members per result (every result listed, zero included) and 合计."""
    query = MemberAppraisal.live(MemberAppraisal.result).where(MemberAppraisal.year == year)
    if branch_id:
        query = query.where(MemberAppraisal.branch == branch_id)
    counts = dict.fromkeys(RESULTS, 0)
    for (result,) in query.tuples():
        counts[str(result)] = counts.get(str(result), 0) + 1
    counts["合计"] = sum(counts[r] for r in RESULTS)
    return counts


def appraisal_years() -> list[str]:
    years = MemberAppraisal.live(MemberAppraisal.year).distinct().order_by(MemberAppraisal.year.desc())
    return [str(y) for (y,) in years.tuples()]


def all_appraisals(year: int | None = None) -> list[dict[str, Any]]:
    """Every stored result (for Excel): year, branch, name, standing, result, notes."""
    query = (
        MemberAppraisal.live(
            MemberAppraisal.year,
            PartyBranch.name,
            Person.name,
            Person.political,
            MemberAppraisal.result,
            MemberAppraisal.notes,
        )
        .join(PartyBranch, on=(MemberAppraisal.branch == PartyBranch.id))
        .switch(MemberAppraisal)
        .join(Person, on=(MemberAppraisal.person == Person.id))
        .where(PartyBranch.deleted_at.is_null() & Person.deleted_at.is_null())
        .order_by(MemberAppraisal.year.desc(), PartyBranch.sort_order, PartyBranch.name, Person.pinyin)
    )
    if year:
        query = query.where(MemberAppraisal.year == year)
    return [
        {
            "year": y,
            "branch": b,
            "name": n,
            "standing": party_branches.standing_of(p),
            "result": r,
            "notes": o,
        }
        for y, b, n, p, r, o in query.tuples()
    ]
