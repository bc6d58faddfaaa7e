"""Appointing a reserve to a post with history; counts, the reserve share, export and paper."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import peewee

from township_desk.db import database
from township_desk.models.cadres import CadrePost, ReserveCadre
from township_desk.models.mentoring import ReserveAppointment
from township_desk.models.people import Person, Village
from township_desk.services import clock, vocab
from township_desk.services.excel_export import write_workbook
from township_desk.services.listing import ListState
from township_desk.services.normalize import clean_text
from township_desk.services.people import (
    parse_date_field,
    village_by_name,
    village_names,
)
from township_desk.services.progress import Progress, no_progress
from township_desk.services.records import ValidationError
from township_desk.services.reserves.records import APPOINTED, LEFT, RESERVE, ReserveListing, programme_label
from township_desk.services.settings import report_context, unit_name

# ---------------------------------------------------------------- appointing a reserve


def appoint_reserve(
    reserve_id: str, post: str, on: Any, village: str = "", *, is_new: bool = True, notes: str = ""
) -> ReserveAppointment:
    """Appoint a reserve to a post: a new serving CadrePost (the person's previous post ends that day),
    status 已任用 with date and post, and a ReserveAppointment kept as history. One transaction."""
    reserve = ReserveCadre.get_or_none((ReserveCadre.id == reserve_id) & ReserveCadre.deleted_at.is_null())
    if reserve is None:
        raise ValidationError(None, "该后备干部记录已不存在（可能已被删除）。")
    if reserve.status == LEFT:
        raise ValidationError(
            "status", f"“{reserve.person.name}”已退出后备干部库，不能任用；如需任用请先把状态改为“培养中”。"
        )
    post_text = clean_text(post)
    if not post_text:
        raise ValidationError("post", "请填写“任用职务”。")
    post_label = vocab.CADRE_POSTS.normalize(post_text)
    if post_label is None:
        raise ValidationError("post", f"“{post_text}”不是村(社区)“两委”职务，请从列表中选择。")
    day = parse_date_field({"on": on}, "on", "任用时间")
    if day is None:
        raise ValidationError("on", "请填写“任用时间”。")
    if day > clock.today():
        raise ValidationError("on", "任用时间不能晚于今天。")
    if reserve.registered_on and day < reserve.registered_on:
        raise ValidationError("on", f"任用时间早于入库时间（{reserve.registered_on.isoformat()}），请核对。")
    person = reserve.person
    village_name = (
        clean_text(village)
        or (reserve.village.name if reserve.village_id else "")
        or (person.village.name if person.village_id else "")
    )
    if not village_name:
        raise ValidationError("village", "请填写任用到的“村(社区)”。")
    if village_name not in village_names():
        raise ValidationError("village", f"没有名为“{village_name}”的村(社区)。")
    serving = list(CadrePost.live().where((CadrePost.person == person.id) & CadrePost.ended_on.is_null()))
    for old in serving:
        if old.started_on and day < old.started_on:
            raise ValidationError(
                "on",
                f"任用时间早于其现任职务“{old.post}”的任职时间（{old.started_on.isoformat()}），请核对。",
            )
    with database.atomic():
        target = village_by_name(village_name, create=False)
        previous = "、".join(str(old.post) for old in serving)
        for old in serving:
            old.ended_on = day
            old.save()
        cadre_post = CadrePost.create(
            person=person,
            village=target,
            post=post_label,
            started_on=day,
            is_new=is_new,
            notes="由后备干部任用",
        )
        if target is not None and person.village_id != target.id:
            person.village = target
            person.save()
        reserve.status = APPOINTED
        reserve.appointed_on = day
        reserve.appointed_post = post_label
        reserve.village = target
        reserve.save()
        appointment = ReserveAppointment.create(
            reserve=reserve,
            person=person,
            village=target,
            cadre_post=cadre_post,
            post=post_label,
            appointed_on=day,
            previous_post=previous,
            notes=clean_text(notes),
        )
    return appointment


@dataclass(frozen=True)
class AppointmentEntry:
    """One line of a reserve's appointment history."""

    appointed_on: date
    post: str
    village: str
    previous_post: str
    serving: bool
    notes: str


def appointment_history(reserve_id: str) -> list[AppointmentEntry]:
    """Every appointment of a reserve, oldest first; the one recorded on the reserve itself (e.g. an
    appointment entered before history was kept) is shown too when it has no history line."""
    reserve = ReserveCadre.get_by_id(reserve_id)
    entries: list[AppointmentEntry] = []
    query = (
        ReserveAppointment.select(ReserveAppointment, Village, CadrePost)
        .join(Village, peewee.JOIN.LEFT_OUTER, on=(ReserveAppointment.village == Village.id))
        .switch(ReserveAppointment)
        .join(CadrePost, peewee.JOIN.LEFT_OUTER, on=(ReserveAppointment.cadre_post == CadrePost.id))
        .where((ReserveAppointment.reserve == reserve_id) & ReserveAppointment.deleted_at.is_null())
        .order_by(ReserveAppointment.appointed_on, ReserveAppointment.created_at)
    )
    for row in query:
        post = row.cadre_post if row.cadre_post_id else None
        serving = (
            post is not None and post.id is not None and post.ended_on is None and post.deleted_at is None
        )
        village = row.village.name if row.village_id and row.village else ""
        entries.append(
            AppointmentEntry(row.appointed_on, row.post, village, row.previous_post, serving, row.notes)
        )
    if reserve.appointed_on and not any(e.appointed_on == reserve.appointed_on for e in entries):
        village = reserve.village.name if reserve.village_id else ""
        entries.insert(
            0,
            AppointmentEntry(
                reserve.appointed_on,
                reserve.appointed_post,
                village,
                "",
                False,
                "（任用记录登记于库中，无任职明细）",
            ),
        )
    return entries


# ---------------------------------------------------------------- counts and the reserve share


@dataclass(frozen=True)
class ReserveShare:
    """Of the serving cadres, how many came from the reserve pool."""

    from_reserve: int
    serving: int

    @property
    def percent(self) -> float:
        return 100.0 * self.from_reserve / self.serving if self.serving else 0.0

    def text(self) -> str:
        if not self.serving:  # no 0/0 (0.0%): say what comes first
            return "还没有在任干部（导入或录入干部花名册后统计后备干部任用占比）"
        if not self.serving:  # no 0/0 (0.0%): say what comes first
            return "还没有在任干部（导入或录入干部花名册后统计后备干部任用占比）"
        return f"在任干部中来自后备干部 {self.from_reserve}/{self.serving} 人（{self.percent:.1f}%）"


def _serving_people() -> peewee.ModelSelect:
    return (
        CadrePost.select(CadrePost.person)
        .join(Person, on=(CadrePost.person == Person.id))
        .where(CadrePost.deleted_at.is_null() & CadrePost.ended_on.is_null() & Person.deleted_at.is_null())
    )


def reserve_share() -> ReserveShare:
    """Serving cadres who were appointed from the reserve pool (status 已任用 or an appointment on record)."""
    appointed = ReserveCadre.select(ReserveCadre.person).where(
        ReserveCadre.deleted_at.is_null() & (ReserveCadre.status == APPOINTED)
    )
    with_history = ReserveAppointment.select(ReserveAppointment.person).where(
        ReserveAppointment.deleted_at.is_null()
    )
    serving_ids = _serving_people()
    serving = Person.select(peewee.fn.COUNT(Person.id)).where(Person.id.in_(serving_ids)).scalar() or 0
    from_reserve = (
        Person.select(peewee.fn.COUNT(Person.id))
        .where(Person.id.in_(serving_ids) & (Person.id.in_(appointed) | Person.id.in_(with_history)))
        .scalar()
        or 0
    )
    return ReserveShare(int(from_reserve), int(serving))


def status_counts() -> dict[str, int]:
    """Live reserves per status, in vocabulary order."""
    counts = dict.fromkeys(vocab.RESERVE_STATUS.labels(), 0)
    query = (
        ReserveCadre.select(ReserveCadre.status, peewee.fn.COUNT(ReserveCadre.id))
        .join(Person, on=(ReserveCadre.person == Person.id))
        .where(ReserveCadre.deleted_at.is_null() & Person.deleted_at.is_null())
        .group_by(ReserveCadre.status)
        .tuples()
    )
    for status, count in query:
        counts[str(status)] = int(count)
    return counts


def reserves_summary() -> str:
    counts = status_counts()
    total = sum(counts.values())
    parts = "，".join(f"{label} {count}" for label, count in counts.items() if count)
    return f"后备干部 {total} 人（{parts}）" if total else "后备干部 0 人"


# ---------------------------------------------------------------- export and paper

EXPORT_COLUMNS: tuple[tuple[str, str], ...] = RESERVE.headers(
    "name",
    "sex",
    "birth_date",
    "age",
    "id_number",
    "phone",
    "education",
    "political",
    "village",
    "programme",
    "registered_on",
    "nomination",
    "training",
    "status",
    "appointed_on",
    "appointed_post",
)


def roster_state(
    programme: str | None = None, status: str | None = None, village: str | None = None
) -> ListState:
    """The list state of a roster narrowed by programme, status and village (each checked)."""
    filters: dict[str, str] = {}
    if programme:
        filters["programme"] = programme_label(clean_text(programme))
    if status:
        label = vocab.RESERVE_STATUS.normalize(status)
        if label is None:
            raise ValidationError(
                "status", f"状态“{status}”无法识别，可选：{'、'.join(vocab.RESERVE_STATUS.labels())}。"
            )
        filters["status"] = label
    if village:
        if village not in village_names():
            raise ValidationError("village", f"没有名为“{village}”的村(社区)。")
        filters["village"] = village
    return ListState(filters=filters)


def export_reserves(path: Path, progress: Progress = no_progress, state: ListState | None = None) -> int:
    """The reserve list (all, or as the tab shows it) to a workbook; returns rows written."""
    listing = ReserveListing()
    state = state or ListState()
    return write_workbook(
        path, "后备干部名单", EXPORT_COLUMNS, listing.iter_rows(state), listing.count(state), progress
    )


def print_reserve_roster(out: Path, progress: Progress = no_progress, state: ListState | None = None) -> Path:
    """The 后备干部花名册 PDF (all reserves, or the filtered list)."""
    from township_desk.reports.table import render_table

    state = state or ListState()
    rows = list(ReserveListing().iter_rows(state))
    narrowed = "、".join(v for v in state.active_filters().values())
    context = report_context(unit=unit_name(), scope=narrowed or "全部", share=reserve_share().text())
    return render_table("reserve_roster", rows, out, context, progress=progress)
