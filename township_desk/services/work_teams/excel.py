"""Excel for the work teams: import teams and members (one member a row), export the roster, the attendance
ledger (one member and month a row) and the work logs."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from township_desk.db import database
from township_desk.models.people import Person, Village
from township_desk.models.work_teams import TeamAttendance, WorkTeam, WorkTeamMember
from township_desk.services.excel_export import write_workbook
from township_desk.services.excel_import import ImportColumn, ImportPlan, RowRefused, plan_import
from township_desk.services.id_numbers import IdNumberError, parse_id_number
from township_desk.services.normalize import DateParseError, clean_name, clean_phone, clean_text, parse_date
from township_desk.services.people import clean_person, save_person, village_by_name
from township_desk.services.progress import Progress, no_progress
from township_desk.services.work_teams import ROLE_LEADER, ROLE_MEMBER, UNIT_KINDS, VILLAGE_CATEGORIES
from township_desk.services.work_teams.attendance import totals
from township_desk.services.work_teams.logs import logs
from township_desk.services.work_teams.paper import roster_rows

IMPORT_COLUMNS = (
    ImportColumn(
        "village", "派驻村", ("派驻村(社区)", "村(社区)", "所驻村", "驻村", "村名", "帮扶村"), required=True
    ),
    ImportColumn("village_category", "村类别", ("村类型", "村别", "村属性")),
    ImportColumn("sending_unit", "派出单位", ("选派单位", "单位"), required=True),
    ImportColumn("unit_kind", "单位类别", ("派出单位类别", "部门类别", "单位类型")),
    ImportColumn("team_started", "派驻时间", ("选派时间", "派驻日期")),
    ImportColumn("team_ended", "期满时间", ("派驻期满", "结束时间")),
    ImportColumn("name", "姓名", ("队员姓名",), required=True),
    ImportColumn("id_number", "身份证号", ("身份证号码", "公民身份号码")),
    ImportColumn("sex", "性别"),
    ImportColumn("role", "职务", ("驻村职务", "队内职务", "担任职务")),
    ImportColumn("post", "单位职务", ("原单位职务", "现任职务", "职级")),
    ImportColumn("phone", "联系电话", ("电话", "手机", "手机号码")),
    ImportColumn("started_on", "驻村时间", ("到村时间", "入村时间")),
)


@dataclass(frozen=True)
class MemberRecord:
    village: str
    village_category: str
    sending_unit: str
    unit_kind: str
    team_started: date | None
    team_ended: date | None
    name: str
    id_number: str | None
    sex: str
    role: str
    post: str
    phone: str
    started_on: date | None


def _date(raw: dict[str, Any], key: str, label: str) -> date | None:
    try:
        return parse_date(raw.get(key))
    except DateParseError as exc:
        raise RowRefused(f"{label}：{exc}") from exc


def convert_row(raw: dict[str, Any]) -> MemberRecord:
    name = clean_name(raw.get("name"))
    if not name:
        raise RowRefused("缺少姓名")
    village = clean_text(raw.get("village"))
    unit = clean_text(raw.get("sending_unit"))
    if not village or not unit:
        raise RowRefused("缺少派驻村或派出单位")
    kind = clean_text(raw.get("unit_kind")).replace("部门", "")
    if kind and kind not in UNIT_KINDS:
        raise RowRefused(f"单位类别“{kind}”应为 {'、'.join(UNIT_KINDS)} 之一")
    category = clean_text(raw.get("village_category"))
    if category and category not in VILLAGE_CATEGORIES:
        raise RowRefused(f"村类别“{category}”应为 {'、'.join(VILLAGE_CATEGORIES)} 之一")
    role_text = clean_text(raw.get("role"))
    role = ROLE_LEADER if ("队长" in role_text or "第一书记" in role_text) else ROLE_MEMBER
    number = clean_text(raw.get("id_number")) or None
    sex = clean_text(raw.get("sex"))
    if number:
        try:
            info = parse_id_number(number)
        except IdNumberError as exc:
            raise RowRefused(str(exc)) from exc
        number, sex = info.number, info.sex
    return MemberRecord(
        village,
        category,
        unit,
        kind,
        _date(raw, "team_started", "派驻时间"),
        _date(raw, "team_ended", "期满时间"),
        name,
        number,
        sex,
        role,
        clean_text(raw.get("post")),
        clean_phone(raw.get("phone")),
        _date(raw, "started_on", "驻村时间"),
    )


def _serving_holder(number: str) -> str | None:
    member = (
        WorkTeamMember.live()
        .join(Person, on=(WorkTeamMember.person == Person.id))
        .where((Person.id_number == number) & WorkTeamMember.ended_on.is_null())
        .first()
    )
    return f"{member.person.name}，{member.team.village.name}驻村工作队" if member else None


def plan_team_import(path: Path | str, progress: Progress = no_progress) -> ImportPlan[MemberRecord]:
    return plan_import(
        path,
        IMPORT_COLUMNS,
        convert_row,
        lambda r: r.id_number,
        _serving_holder,
        lambda raw: clean_name(raw.get("name")),
        progress,
    )


def apply_team_import(plan: ImportPlan[MemberRecord], progress: Progress = no_progress) -> int:
    """Write the accepted rows in one transaction: teams by (village, sending unit), then members."""
    added = 0
    with database.atomic():
        teams: dict[tuple[str, str], WorkTeam] = {}
        for index, (_row, r) in enumerate(plan.accepted):
            progress(index, len(plan.accepted))
            key = (r.village, r.sending_unit)
            team = teams.get(key)
            if team is None:
                village = village_by_name(r.village)
                assert village is not None  # convert_row refused rows without a village
                team = (
                    WorkTeam.live()
                    .where((WorkTeam.village == village.id) & (WorkTeam.sending_unit == r.sending_unit))
                    .first()
                )
                if team is None:
                    team = WorkTeam.create(
                        village=village,
                        sending_unit=r.sending_unit,
                        unit_kind=r.unit_kind,
                        village_category=r.village_category,
                        started_on=r.team_started,
                        ended_on=r.team_ended,
                    )
                teams[key] = team
            person = Person.live().where(Person.id_number == r.id_number).first() if r.id_number else None
            if person is None:
                same_name = (
                    WorkTeamMember.live()
                    .join(Person, on=(WorkTeamMember.person == Person.id))
                    .where(
                        (WorkTeamMember.team == team.id)
                        & (Person.name == r.name)
                        & WorkTeamMember.ended_on.is_null()
                    )
                    .first()
                )
                if same_name is not None:
                    continue  # already on this team (a file without ID numbers imported twice)
                person = save_person(
                    None,
                    clean_person(
                        {"name": r.name, "id_number": r.id_number, "sex": r.sex, "phone": r.phone}, None
                    ),
                )
            role = r.role
            if (
                role == ROLE_LEADER
                and WorkTeamMember.live()
                .where(
                    (WorkTeamMember.team == team.id)
                    & (WorkTeamMember.role == ROLE_LEADER)
                    & WorkTeamMember.ended_on.is_null()
                )
                .exists()
            ):
                role = ROLE_MEMBER
            WorkTeamMember.create(
                team=team,
                person=person,
                role=role,
                unit=r.sending_unit,
                post=r.post,
                phone=r.phone or person.phone,
                started_on=r.started_on or team.started_on,
            )
            added += 1
    progress(len(plan.accepted), len(plan.accepted))
    return added


# ---------------------------------------------------------------- exports

ROSTER_COLUMNS = (
    ("village", "派驻村"),
    ("village_category", "村类别"),
    ("sending_unit", "派出单位"),
    ("unit_kind", "单位类别"),
    ("name", "姓名"),
    ("role", "职务"),
    ("sex", "性别"),
    ("birth_date", "出生年月"),
    ("political", "政治面貌"),
    ("education", "学历"),
    ("post", "单位职务"),
    ("phone", "联系电话"),
    ("period", "驻村时间"),
    ("status", "状态"),
)


def export_teams(path: Path, progress: Progress = no_progress) -> int:
    rows = roster_rows()
    return write_workbook(path, "驻村工作队", ROSTER_COLUMNS, rows, len(rows), progress)


ATTENDANCE_COLUMNS = (
    ("village", "派驻村"),
    ("name", "姓名"),
    ("role", "职务"),
    ("month", "月份"),
    ("days", "考勤（每日一格）"),
    ("in_village", "在村"),
    ("on_business", "公务外出"),
    ("leave", "请假"),
    ("absent", "缺勤"),
    ("on_duty", "在岗合计"),
)


def _attendance_rows() -> Iterator[dict[str, Any]]:
    query = (
        TeamAttendance.select(TeamAttendance, WorkTeamMember, WorkTeam, Village, Person)
        .join(WorkTeamMember)
        .join(WorkTeam)
        .join(Village)
        .switch(WorkTeamMember)
        .join(Person, on=(WorkTeamMember.person == Person.id))
        .where(
            TeamAttendance.deleted_at.is_null()
            & WorkTeamMember.deleted_at.is_null()
            & WorkTeam.deleted_at.is_null()
        )
        .order_by(Village.sort_order, TeamAttendance.month, WorkTeamMember.role.desc(), Person.pinyin)
    )
    for row in query:
        t = totals(row.days)
        member = row.member
        yield {
            "village": member.team.village.name,
            "name": member.person.name,
            "role": member.role,
            "month": f"{row.month.year}-{row.month.month:02d}",
            "days": row.days,
            "in_village": t.in_village,
            "on_business": t.on_business,
            "leave": t.leave,
            "absent": t.absent,
            "on_duty": t.on_duty,
        }


def export_attendance(path: Path, progress: Progress = no_progress) -> int:
    count = int(TeamAttendance.live().count())
    return write_workbook(path, "驻村考勤", ATTENDANCE_COLUMNS, _attendance_rows(), count, progress)


LOG_COLUMNS = (
    ("log_date", "日期"),
    ("village", "派驻村"),
    ("name", "姓名"),
    ("kind", "类别"),
    ("text", "工作内容"),
    ("households", "走访农户"),
)


def export_logs(path: Path, progress: Progress = no_progress) -> int:
    rows = [
        {
            "log_date": r.log_date,
            "village": r.village,
            "name": r.name,
            "kind": r.kind,
            "text": r.text,
            "households": r.households,
        }
        for r in logs()
    ]
    return write_workbook(path, "驻村工作日志", LOG_COLUMNS, rows, len(rows), progress)
