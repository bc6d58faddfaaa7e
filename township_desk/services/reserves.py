"""后备干部: the reserve-cadre list and form, appointing a reserve to a post with history, the reserve share."""

from __future__ import annotations

from collections.abc import Mapping
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
from township_desk.services.listing import Column, Filter, Listing, ListState, Row, in_listed_order
from township_desk.services.normalize import clean_text
from township_desk.services.people import (
    PERSON_FIELDS,
    age_on,
    clean_person,
    derive_person,
    parse_date_field,
    person_search,
    person_values,
    save_person,
    village_by_name,
    village_names,
    vocab_field,
)
from township_desk.services.progress import Progress, no_progress
from township_desk.services.records import Field, FormSpec, Section, ValidationError, Values
from township_desk.services.settings import report_context, unit_name

TRAINING = "培养中"
APPOINTED = "已任用"
LEFT = "退出"


class ReserveListing(Listing):
    """The reserve pool, one row per reserve record, with programme, status and appointment."""

    title = "后备干部"

    def __init__(self) -> None:
        self.columns = (
            Column("name", "姓名", Person.pinyin, width=70),
            Column("sex", "性别", Person.sex, align="center", width=45),
            Column("age", "年龄", 0 - peewee.fn.julianday(Person.birth_date), align="center", width=45),
            Column("education", "学历", in_listed_order(Person.education, vocab.EDUCATION.labels()), width=75),
            Column("political", "政治面貌", Person.political, width=85),
            Column("village", "村(社区)", Village.sort_order, width=90),
            Column("programme", "培养工程", ReserveCadre.programme, width=80),
            Column("registered_on", "入库时间", ReserveCadre.registered_on, align="center", width=85),
            Column("nomination", "推荐方式", ReserveCadre.nomination, width=75),
            Column(
                "status",
                "状态",
                in_listed_order(ReserveCadre.status, vocab.RESERVE_STATUS.labels()),
                align="center",
                width=60,
            ),
            Column("appointed_on", "任用时间", ReserveCadre.appointed_on, align="center", width=85),
            Column("appointed_post", "任用职务", ReserveCadre.appointed_post, width=130),
            Column("training", "培养情况", ReserveCadre.training, width=260),
        )
        self.default_sort = (
            Village.sort_order,
            in_listed_order(ReserveCadre.status, vocab.RESERVE_STATUS.labels()),
            Person.pinyin,
        )
        self.filters = (
            Filter("programme", "培养工程", vocab.RESERVE_PROGRAMMES.labels),
            Filter("status", "状态", vocab.RESERVE_STATUS.labels),
            Filter("village", "村(社区)", village_names),
        )

    def base_query(self) -> peewee.ModelSelect:
        return (
            ReserveCadre.select(ReserveCadre, Person, Village)
            .join(Person, on=(ReserveCadre.person == Person.id))
            .switch(ReserveCadre)
            .join(Village, peewee.JOIN.LEFT_OUTER, on=(ReserveCadre.village == Village.id))
            .where(ReserveCadre.deleted_at.is_null() & Person.deleted_at.is_null())
        )

    def apply_search(self, query: peewee.ModelSelect, text: str) -> peewee.ModelSelect:
        return query.where(person_search(text))

    def apply_filter(self, query: peewee.ModelSelect, key: str, value: str) -> peewee.ModelSelect:
        if key == "programme":
            return query.where(ReserveCadre.programme == value)
        if key == "status":
            return query.where(ReserveCadre.status == value)
        if key == "village":
            return query.where(Village.name == value)
        return super().apply_filter(query, key, value)

    def to_row(self, reserve: Any) -> Row:
        person = reserve.person
        village = reserve.village if reserve.village_id else None
        return {
            "id": reserve.id,
            "person_id": person.id,
            "name": person.name,
            "sex": person.sex,
            "birth_date": person.birth_date,
            "age": age_on(person.birth_date),
            "id_number": person.id_number or "",
            "phone": person.phone,
            "education": person.education,
            "political": person.political,
            "village": village.name if village is not None and village.id else "",
            "programme": reserve.programme,
            "registered_on": reserve.registered_on,
            "nomination": reserve.nomination,
            "training": reserve.training,
            "status": reserve.status,
            "appointed_on": reserve.appointed_on,
            "appointed_post": reserve.appointed_post,
            "remark": reserve.notes,
        }


# ---------------------------------------------------------------- the record form

RESERVE_FIELDS = (
    Field("programme", "培养工程", "choice", required=True, choices=vocab.RESERVE_PROGRAMMES.labels),
    Field("registered_on", "入库时间", "date", required=True, placeholder="如 2022.03"),
    Field("nomination", "推荐方式", "choice", choices=vocab.RESERVE_NOMINATIONS.labels),
    Field(
        "status",
        "状态",
        "choice",
        choices=vocab.RESERVE_STATUS.labels,
        editable_choice=False,
        tooltip="任用请用“任用”按钮，以便记录任用时间和职务",
    ),
    Field("training", "培养情况", "multiline", placeholder="参加的培训、跟岗锻炼等"),
    Field("appointment", "任用情况", "readonly"),
    Field("reserve_notes", "备注", "multiline"),
)


def _appointment_text(reserve: ReserveCadre | None) -> str:
    if reserve is None or not reserve.appointed_on:
        return ""
    return f"{reserve.appointed_on.isoformat()} 任{reserve.appointed_post}"


def load_reserve(reserve_id: str | None) -> Values:
    reserve = ReserveCadre.get_by_id(reserve_id) if reserve_id else None
    values = person_values(reserve.person if reserve else None)
    if reserve is None:
        values.update(status=TRAINING, registered_on=clock.today().isoformat())
        return values
    values.update(
        programme=reserve.programme,
        registered_on=reserve.registered_on.isoformat() if reserve.registered_on else "",
        nomination=reserve.nomination,
        status=reserve.status,
        training=reserve.training,
        appointment=_appointment_text(reserve),
        reserve_notes=reserve.notes,
    )
    return values


def programme_label(text: str) -> str:
    """青蓝工程 / 育青计划 / 其他 from any spelling or a unique beginning ("育青"); others are refused."""
    label = vocab.RESERVE_PROGRAMMES.normalize(text)
    if label is None:
        starting = [x for x in vocab.RESERVE_PROGRAMMES.labels() if x.startswith(text)]
        label = starting[0] if len(starting) == 1 else None
    if label is None:
        choices = "、".join(vocab.RESERVE_PROGRAMMES.labels())
        raise ValidationError(
            "programme", f"培养工程“{text}”无法识别，请选择{choices}（其他工程选“其他”并在备注中说明）。"
        )
    return label


def _live_reserve_of(person_id: str) -> ReserveCadre | None:
    return ReserveCadre.live().where(ReserveCadre.person == person_id).first()


def save_reserve(reserve_id: str | None, values: Mapping[str, Any]) -> str:
    """Save a reserve cadre with their person in one transaction; returns the reserve's id.

    A new reserve whose ID number belongs to someone already registered (e.g. a serving cadre)
    is added to that person instead of refusing the number.
    """
    reserve = ReserveCadre.get_by_id(reserve_id) if reserve_id else None
    person_id: str | None = reserve.person_id if reserve else None
    if reserve is None:
        number = clean_text(values.get("id_number")).upper()
        existing = Person.live().where(Person.id_number == number).first() if number else None
        if existing is not None:
            if _live_reserve_of(existing.id) is not None:
                raise ValidationError("id_number", f"“{existing.name}”已在后备干部库中，无需重复登记。")
            person_id = existing.id
    person_fields = clean_person(values, person_id)
    programme_text = clean_text(values.get("programme"))
    if not programme_text:
        raise ValidationError("programme", "请填写“培养工程”（青蓝工程、育青计划或其他）。")
    programme = programme_label(programme_text)
    registered = parse_date_field(values, "registered_on", "入库时间")
    if registered is None:
        raise ValidationError("registered_on", "请填写“入库时间”。")
    if registered > clock.today():
        raise ValidationError("registered_on", "入库时间不能晚于今天。")
    if person_fields["birth_date"] and registered < person_fields["birth_date"]:
        raise ValidationError("registered_on", "入库时间早于出生日期，请核对。")
    status = vocab_field(values, "status", vocab.RESERVE_STATUS) or TRAINING
    if status == APPOINTED and (reserve is None or reserve.appointed_on is None):
        raise ValidationError("status", "任用后备干部请用“任用”按钮，以便记录任用时间和职务。")
    nomination_text = clean_text(values.get("nomination"))
    nomination = vocab.RESERVE_NOMINATIONS.normalize(nomination_text) or nomination_text
    with database.atomic():
        person = save_person(person_id, person_fields)
        row = reserve or ReserveCadre(person=person)
        row.village = person.village
        row.programme = programme
        row.registered_on = registered
        row.nomination = nomination
        row.status = status
        row.training = str(values.get("training") or "").strip()
        row.notes = str(values.get("reserve_notes") or "").strip()
        row.save(force_insert=reserve is None)
    return str(row.id)


RESERVE_FORM = FormSpec(
    title="后备干部",
    sections=(Section("基本信息", PERSON_FIELDS), Section("后备干部", RESERVE_FIELDS)),
    load=load_reserve,
    save=save_reserve,
    derive=derive_person,
)


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

EXPORT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("name", "姓名"),
    ("sex", "性别"),
    ("birth_date", "出生年月"),
    ("age", "年龄"),
    ("id_number", "身份证号"),
    ("phone", "联系电话"),
    ("education", "学历"),
    ("political", "政治面貌"),
    ("village", "村(社区)"),
    ("programme", "培养工程"),
    ("registered_on", "入库时间"),
    ("nomination", "推荐方式"),
    ("training", "培养情况"),
    ("status", "状态"),
    ("appointed_on", "任用时间"),
    ("appointed_post", "任用职务"),
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
