"""Village cadres and reserve cadres: the 干部 list, the record form, the roster rows."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

import peewee

from township_desk.db import database
from township_desk.models.base import utc_now
from township_desk.models.cadres import CadrePost, ReserveCadre
from township_desk.models.people import Person, Village
from township_desk.services import clock, vocab
from township_desk.services.excel_export import write_workbook
from township_desk.services.fields import Decl, Fields, of
from township_desk.services.listing import ORIGIN, Filter, Listing, ListState, Row, in_listed_order
from township_desk.services.normalize import clean_text
from township_desk.services.people import (
    PERSON,
    PERSON_FIELDS,
    age_on,
    clean_person,
    derive_person,
    person_search,
    person_values,
    save_person,
    village_names,
    vocab_field,
)
from township_desk.services.progress import Progress, no_progress
from township_desk.services.records import FormSpec, Section, ValidationError, Values, find
from township_desk.services.settings import report_context, unit_name

CATEGORY_SERVING = "在任干部"
CATEGORY_RESERVE = "后备干部"
CATEGORY_NEW = "新任干部"


def post_rank() -> Any:
    return in_listed_order(CadrePost.post, vocab.CADRE_POSTS.labels())


def current_post_join() -> Any:
    return (CadrePost.person == Person.id) & CadrePost.ended_on.is_null() & CadrePost.deleted_at.is_null()


def live_reserve_join() -> Any:
    return (ReserveCadre.person == Person.id) & ReserveCadre.deleted_at.is_null()


def _cadre_or_reserve_ids() -> Any:
    """People with a current post or a live reserve record: the list reads these few thousand people by
    key instead of scanning every person of a county (household heads, Party members …)."""
    serving = CadrePost.select(CadrePost.person).where(
        CadrePost.ended_on.is_null() & CadrePost.deleted_at.is_null()
    )
    reserve = ReserveCadre.select(ReserveCadre.person).where(ReserveCadre.deleted_at.is_null())
    return serving | reserve


# ---------------------------------------------------------------- the fields, declared once

CADRE = Fields(
    PERSON,
    of(
        CadrePost.post,
        "choice",
        vocabulary=vocab.CADRE_POSTS,
        tooltip="清空表示已离任",
        sort=post_rank(),
        width=200,
    ),
    of(
        CadrePost.started_on,
        "date",
        key="post_start",
        placeholder="如 2021.05",
        sort=CadrePost.started_on,
        align="center",
        width=80,
        format="month",
    ),
    of(
        CadrePost.is_new,
        "bool",
        label="新任（2021年换届后）",
        heading="新任",
        sort=CadrePost.is_new,
        align="center",
        width=45,
    ),
    of(
        ReserveCadre.programme,
        "choice",
        vocabulary=vocab.RESERVE_PROGRAMMES,
        heading="后备干部",
        tooltip="不是后备干部请留空",
        sort=ReserveCadre.programme,
    ),
    of(ReserveCadre.registered_on, "date"),
    of(ReserveCadre.nomination, "choice", choices=lambda: ["个人自荐", "群众推荐", "党员推荐", "组织推荐"]),
    of(
        ReserveCadre.status,
        "choice",
        key="reserve_status",
        label="后备状态",
        vocabulary=vocab.RESERVE_STATUS,
        editable_choice=False,
        sort=ReserveCadre.status,
        width=70,
    ),
    of(ReserveCadre.training, "multiline"),
    Decl("remark", "备注"),
)


# The 类别 filter: which people each category lists.
CATEGORIES: dict[str, Any] = {
    CATEGORY_SERVING: lambda: CadrePost.id.is_null(False),
    CATEGORY_NEW: lambda: CadrePost.is_new == True,  # noqa: E712
    CATEGORY_RESERVE: lambda: ReserveCadre.id.is_null(False),
}


class CadreListing(Listing):
    """Serving cadres and reserve cadres, one row per person."""

    title = "干部"
    columns = CADRE.columns(
        "name",
        "sex",
        "age",
        "village",
        "post",
        "education",
        "political",
        "post_start",
        "phone",
        "is_new",
        "programme",
        "reserve_status",
    )
    default_sort = (Village.sort_order, post_rank(), Person.pinyin)

    def __init__(self) -> None:
        self.filters = (
            CADRE.filter("village", where=lambda value: Village.name == value),
            Filter("post", "职务", vocab.CADRE_POSTS.labels, where=lambda value: CadrePost.post == value),
            CADRE.filter("education"),
            Filter("category", "类别", lambda: list(CATEGORIES), where=lambda value: CATEGORIES[value]()),
        )

    def base_query(self) -> peewee.ModelSelect:
        return (
            Person.select(
                Person.id,
                Person.name,
                Person.sex,
                Person.ethnicity,
                Person.birth_date,
                Person.education,
                Person.fulltime_education,
                Person.inservice_education,
                Person.native_place,
                Person.party_joined_on,
                Person.political,
                Person.phone,
                Person.id_number,
                Village.name.alias("village"),
                CadrePost.post,
                CadrePost.started_on.alias("post_start"),
                CadrePost.is_new,
                ReserveCadre.programme,
                ReserveCadre.status.alias("reserve_status"),
            )
            .join(CadrePost, peewee.JOIN.LEFT_OUTER, on=current_post_join())
            .switch(Person)
            .join(ReserveCadre, peewee.JOIN.LEFT_OUTER, on=live_reserve_join())
            .switch(Person)
            .join(Village, peewee.JOIN.LEFT_OUTER, on=(Person.village == Village.id))
            .where(Person.id.in_(_cadre_or_reserve_ids()) & Person.deleted_at.is_null())
            .dicts()
        )

    def apply_search(self, query: peewee.ModelSelect, text: str) -> peewee.ModelSelect:
        """A person (name, pinyin, ID number, phone), a village (岗湖, gh) or a post (书记)."""
        from township_desk.services.place_search import village_condition

        text = clean_text(text)
        return query.where(
            person_search(text) | village_condition(Village.name, text) | CadrePost.post.contains(text)
        )

    def to_row(self, record: Any) -> Row:
        row = dict(record)
        row["age"] = age_on(row["birth_date"])
        row["village"] = row["village"] or ""
        row["post"] = row["post"] or ""
        row["is_new"] = bool(row["is_new"])
        row["id_number"] = row["id_number"] or ""
        row["programme"] = row["programme"] or ""
        row["reserve_status"] = row["reserve_status"] or ""
        row["remark"] = "新任" if row["is_new"] else ""
        return row


# ---------------------------------------------------------------- the record form

POST_FIELDS = CADRE.form("post", "post_start", "is_new")
RESERVE_FIELDS = CADRE.form("programme", "registered_on", "nomination", "reserve_status", "training")


def current_post(person_id: str) -> CadrePost | None:
    return (
        CadrePost.live()
        .where((CadrePost.person == person_id) & CadrePost.ended_on.is_null())
        .order_by(CadrePost.started_on.desc())
        .first()
    )


def live_reserve(person_id: str) -> ReserveCadre | None:
    return ReserveCadre.live().where(ReserveCadre.person == person_id).first()


def load_cadre(person_id: str | None) -> Values:
    person = find(Person, person_id)
    values = person_values(person)
    post = current_post(person_id) if person_id else None
    reserve = live_reserve(person_id) if person_id else None
    values.update(
        post=post.post if post else "",
        post_start=post.started_on.isoformat() if post and post.started_on else "",
        is_new=bool(post.is_new) if post else False,
        programme=reserve.programme if reserve else "",
        registered_on=reserve.registered_on.isoformat() if reserve and reserve.registered_on else "",
        nomination=reserve.nomination if reserve else "",
        reserve_status=reserve.status if reserve else "",
        training=reserve.training if reserve else "",
    )
    return values


def save_cadre(person_id: str | None, values: Mapping[str, Any]) -> str:
    """Save a person with their current post and reserve record in one transaction; returns the id."""
    person_fields = clean_person(values, person_id)
    post_label = clean_text(values.get("post"))
    post_start = CADRE["post_start"].date(values)
    programme = clean_text(values.get("programme"))
    reserve_status = clean_text(values.get("reserve_status"))
    if post_label:
        post_label = vocab.CADRE_POSTS.normalize(post_label) or post_label
    if programme:
        programme = vocab.RESERVE_PROGRAMMES.normalize(programme) or programme
    if reserve_status:
        reserve_status = vocab_field(values, "reserve_status", vocab.RESERVE_STATUS)
    is_reserve = bool(programme or reserve_status)
    if not post_label and not is_reserve:
        raise ValidationError("post", "请填写“现任职务”，或在“后备干部”中填写培养工程。")
    if post_label and not person_fields["village"]:
        raise ValidationError("village", "在任干部请填写所在“村(社区)”。")
    if post_start and person_fields["birth_date"] and post_start < person_fields["birth_date"]:
        raise ValidationError("post_start", "任职时间早于出生日期，请核对。")
    registered_on = CADRE["registered_on"].date(values)
    with database.atomic():
        person = save_person(person_id, person_fields)
        _save_post(person, post_label, post_start, bool(values.get("is_new")))
        if is_reserve:
            _save_reserve(person, programme, registered_on, reserve_status or "培养中", values)
        elif person_id and (reserve := live_reserve(person.id)) is not None:
            reserve.deleted_at = utc_now()
            reserve.save()
    return str(person.id)


def _save_post(person: Person, label: str, started: date | None, is_new: bool) -> None:
    post = current_post(person.id)
    if not label:
        if post is not None:
            post.ended_on = clock.today()
            post.save()
        return
    created = post is None
    post = post or CadrePost(person=person)
    post.post = label
    post.village = person.village
    post.started_on = started
    post.is_new = is_new
    post.save(force_insert=created)


def _save_reserve(
    person: Person, programme: str, registered: date | None, status: str, values: Mapping[str, Any]
) -> None:
    existing = live_reserve(person.id)
    reserve = existing or ReserveCadre(person=person)
    reserve.village = person.village
    reserve.programme = programme
    reserve.registered_on = registered
    reserve.status = status
    reserve.nomination = clean_text(values.get("nomination"))
    reserve.training = str(values.get("training") or "").strip()
    reserve.save(force_insert=existing is None)


def derive_cadre(values: Mapping[str, Any]) -> Values:
    return derive_person(values)


CADRE_FORM = FormSpec(
    title="干部信息",
    sections=(
        Section("基本信息", PERSON_FIELDS),
        Section("现任职务", POST_FIELDS),
        Section("后备干部", RESERVE_FIELDS),
    ),
    load=load_cadre,
    save=save_cadre,
    derive=derive_cadre,
)


# ---------------------------------------------------------------- roster, export, counts

EXPORT_COLUMNS: tuple[tuple[str, str], ...] = CADRE.headers(
    "name",
    "sex",
    "ethnicity",
    "birth_date",
    "age",
    "id_number",
    "village",
    "post",
    "post_start",
    "education",
    "political",
    "phone",
    "is_new",
    "programme",
    "reserve_status",
)


def roster_state(village: str | None = None, category: str = CATEGORY_SERVING) -> ListState:
    filters = {"category": category}
    if village:
        filters["village"] = village
    return ListState(filters=filters)


def roster_rows(
    village: str | None = None, township: str | None = None, state: ListState | None = None
) -> list[Row]:
    """Serving cadres for the printed roster, in village and post order.

    Besides the list's fields each row has 一肩挑 (one_shoulder) and 交叉任职 (cross_posts: current posts on
    both the Party committee and the villagers' committee, 一肩挑 included) as "是" or "", and on a county
    database the row's 乡镇 (township; `township` narrows the roster to one). `state` is the list as the
    window shows it (search and every filter) instead of the serving cadres of `village`."""
    from township_desk.services.county_file import is_county_database
    from township_desk.services.elections.terms import PARTY, VILLAGERS, committees_of

    if village and village not in village_names():
        raise ValidationError("village", f"没有名为“{village}”的村(社区)。")
    listing = CadreListing()
    county = is_county_database()
    if county:
        listing.set_county(True, township or "")
    rows = list(listing.iter_rows(roster_state(village) if state is None else state))
    held: dict[str, list[str]] = {}
    serving = CadrePost.live().where(CadrePost.ended_on.is_null()).select(CadrePost.person, CadrePost.post)
    for post in serving.tuples():
        held.setdefault(str(post[0]), []).append(str(post[1]))
    for row in rows:
        posts = held.get(str(row["id"]), [])
        committees = {c for post in posts for c in committees_of(post)}
        row["one_shoulder"] = "是" if ONE_SHOULDER_POST in posts else ""
        row["cross_posts"] = "是" if {PARTY, VILLAGERS} <= committees else ""
        row["township"] = str(row.get(ORIGIN) or "") if county else ""
    return rows


ONE_SHOULDER_POST = "党组织书记、主任"  # vocab.CADRE_POSTS: the secretary who is also the director (一肩挑)
TOWNSHIP_COLUMN_MM = 18


def with_township_column(template: Any) -> Any:
    """A roster template with a 乡镇 column in front (a county database lists many townships)."""
    from dataclasses import replace

    from township_desk.reports import Column

    table = template.table
    if table is None or any(c.key == "township" for c in table.columns):
        return template
    column = Column("township", "乡镇", TOWNSHIP_COLUMN_MM)
    return replace(template, table=replace(table, columns=(column, *table.columns)))


def cadre_counts() -> dict[str, int]:
    serving = (
        CadrePost.live()
        .join(Person)
        .where(CadrePost.ended_on.is_null() & Person.deleted_at.is_null())
        .select(peewee.fn.COUNT(peewee.fn.DISTINCT(CadrePost.person)))
        .scalar()
    )
    reserves = (
        ReserveCadre.live()
        .join(Person)
        .where(Person.deleted_at.is_null() & (ReserveCadre.status == "培养中"))
        .count()
    )
    # 后备干部 (the status bar, the 后备干部 tab's total, the 干部 list's 类别 后备干部): every live reserve record of
    # a live person, whatever its status; "reserves" (首页's 培养中的后备干部) those still in training.
    records = ReserveCadre.live().join(Person).where(Person.deleted_at.is_null()).count()
    return {"serving": int(serving or 0), "reserves": int(reserves), "reserve_records": int(records)}


def export_cadres(path: Path, progress: Progress = no_progress, state: ListState | None = None) -> int:
    """Write the list (everything, or what the window shows) to a workbook; returns the row count."""
    listing = CadreListing()
    state = state or ListState()
    return write_workbook(
        path, "干部名单", EXPORT_COLUMNS, listing.iter_rows(state), listing.count(state), progress
    )


def print_roster(
    out: Path,
    village: str | None = None,
    progress: Progress = no_progress,
    township: str | None = None,
    form: str = "roster",
    state: ListState | None = None,
    ids: list[str] | None = None,
) -> Path:
    """The 花名册 PDF: the serving cadres of one village or all (the command line), or the list as the window
    shows it (`state`: its search and every filter, reserves too when it shows them), or only the rows `ids`
    of that list (打印所选), in the list's order. On a county database it has a 乡镇 column (one township's
    only when `township` is given); `form` "roster_full" is the detailed A3 roster."""
    from township_desk.reports import load_template
    from township_desk.reports.table import render_table
    from township_desk.services.county_file import is_county_database

    if state is not None:
        village = village or state.active_filters().get("village")
    rows = roster_rows(village, township, state)
    if ids is not None:
        wanted = set(ids)
        rows = [row for row in rows if row["id"] in wanted]
    for row in rows:
        if row.get("programme") and not row.get("post"):
            row["remark"] = f"后备干部（{row['programme']}）"
    # The title names the township and the unit is the township's office; the scope line says
    # which village or township (a village is not the unit that prints the roster).
    scope = village or township or "全部村（社区）"
    template = load_template(form)
    if is_county_database():
        template = with_township_column(template)
    return render_table(template, rows, out, report_context(unit=unit_name(), scope=scope), progress=progress)
