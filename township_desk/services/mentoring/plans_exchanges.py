"""Growth plans and mentor exchanges of a pair."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

import peewee

from township_desk.db import database
from township_desk.models.mentoring import GrowthPlan, MentorExchange, Mentorship
from township_desk.services import clock, vocab
from township_desk.services.listing import Column, Filter, Listing, Row
from township_desk.services.mentoring.pairs import Mentee, MenteeVillage, Mentor
from township_desk.services.normalize import clean_text
from township_desk.services.people import (
    parse_date_field,
    person_search,
    vocab_field,
)
from township_desk.services.records import Field, FormSpec, Section, ValidationError, Values, write_record

# ---------------------------------------------------------------- growth plans


def live_plan(pair_id: str) -> GrowthPlan | None:
    return (
        GrowthPlan.live()
        .where(GrowthPlan.mentorship == pair_id)
        .order_by(GrowthPlan.created_at.desc())
        .first()
    )


def _pair_title(pair: Mentorship) -> str:
    return f"导师 {pair.mentor.name} — 帮带对象 {pair.mentee.name}"


PLAN_FIELDS = (
    Field("pair", "结对", "readonly"),
    Field("period_start", "计划开始", "date", placeholder="如 2021.07"),
    Field("period_end", "计划结束", "date", placeholder="如 2024.06"),
    Field("goals", "成长目标", "multiline", required=True),
    Field("measures", "帮带措施", "multiline", required=True),
    Field("plan_notes", "备注", "multiline"),
)


def load_plan(pair_id: str | None) -> Values:
    if not pair_id:
        raise ValidationError(None, "请先选择一个导师帮带结对。")
    pair = Mentorship.get_by_id(pair_id)
    plan = live_plan(pair_id)
    start = plan.period_start if plan else pair.started_on
    end = plan.period_end if plan else None
    return {
        "pair": _pair_title(pair),
        "period_start": start.isoformat() if start else "",
        "period_end": end.isoformat() if end else "",
        "goals": plan.goals if plan else "",
        "measures": plan.measures if plan else "",
        "plan_notes": plan.notes if plan else "",
    }


def save_plan(pair_id: str | None, values: Mapping[str, Any]) -> str:
    """Create or update the pair's growth plan; returns the pair's id."""
    if not pair_id:
        raise ValidationError(None, "请先选择一个导师帮带结对。")
    goals = str(values.get("goals") or "").strip()
    measures = str(values.get("measures") or "").strip()
    if not goals:
        raise ValidationError("goals", "请填写“成长目标”。")
    if not measures:
        raise ValidationError("measures", "请填写“帮带措施”。")
    start = parse_date_field(values, "period_start", "计划开始")
    end = parse_date_field(values, "period_end", "计划结束")
    if start and end and end < start:
        raise ValidationError("period_end", "计划结束早于计划开始，请核对。")
    with database.atomic():
        plan = live_plan(pair_id)
        created = plan is None
        plan = plan or GrowthPlan(mentorship=pair_id)
        plan.goals = goals
        plan.measures = measures
        plan.period_start = start
        plan.period_end = end
        plan.notes = str(values.get("plan_notes") or "").strip()
        plan.save(force_insert=created)
    return pair_id


PLAN_FORM = FormSpec(
    title="成长计划",
    sections=(Section("成长计划", PLAN_FIELDS),),
    load=load_plan,
    save=save_plan,
)


def period_text(start: date | None, end: date | None) -> str:
    def month(d: date | None) -> str:
        return f"{d.year}年{d.month}月" if d else ""

    if not start and not end:
        return ""
    return f"{month(start)}至{month(end)}" if end else f"{month(start)}起"


# ---------------------------------------------------------------- exchanges


class ExchangeListing(Listing):
    """The exchange log: every pair's, or one pair's (filter "pair")."""

    title = "帮带交流记录"

    def __init__(self) -> None:
        self.columns = (
            Column("date", "交流日期", MentorExchange.date, align="center", width=90),
            Column("form", "交流方式", MentorExchange.form, align="center", width=75),
            Column("mentor", "导师", Mentor.pinyin, width=70),
            Column("mentee", "帮带对象", Mentee.pinyin, width=70),
            Column("content", "交流内容", MentorExchange.content, width=260),
            Column("outcome", "成效", MentorExchange.outcome, width=200),
        )
        self.default_sort = (MentorExchange.date.desc(), MentorExchange.created_at.desc())
        self.filters = (Filter("form", "交流方式", vocab.EXCHANGE_FORMS.labels),)

    def base_query(self) -> peewee.ModelSelect:
        return (
            MentorExchange.select(MentorExchange, Mentorship, Mentor, Mentee, MenteeVillage)
            .join(Mentorship)
            .join(Mentor, on=(Mentorship.mentor == Mentor.id), attr="mentor")
            .switch(Mentorship)
            .join(Mentee, on=(Mentorship.mentee == Mentee.id), attr="mentee")
            .join(
                MenteeVillage,
                peewee.JOIN.LEFT_OUTER,
                on=(Mentee.village == MenteeVillage.id),
                attr="mentee_village",
            )
            .where(
                MentorExchange.deleted_at.is_null()
                & Mentorship.deleted_at.is_null()
                & Mentor.deleted_at.is_null()
                & Mentee.deleted_at.is_null()
            )
        )

    def apply_search(self, query: peewee.ModelSelect, text: str) -> peewee.ModelSelect:
        return query.where(  # on the joined mentor and mentee: no scan of every person per keystroke
            person_search(text, Mentor)
            | person_search(text, Mentee)
            | MentorExchange.content.contains(clean_text(text))
        )

    def apply_filter(self, query: peewee.ModelSelect, key: str, value: str) -> peewee.ModelSelect:
        if key == "pair":
            return query.where(MentorExchange.mentorship == value)
        if key == "form":
            return query.where(MentorExchange.form == value)
        return super().apply_filter(query, key, value)

    def to_row(self, exchange: Any) -> Row:
        pair = exchange.mentorship
        village = getattr(pair.mentee, "mentee_village", None)
        return {
            "id": exchange.id,
            "date": exchange.date,
            "form": exchange.form,
            "mentor": pair.mentor.name,
            "mentor_unit": pair.mentor_unit,
            "mentee": pair.mentee.name,
            "village": village.name if village is not None and village.id else "",
            "content": exchange.content,
            "outcome": exchange.outcome,
        }


EXCHANGE_FIELDS = (
    Field("pair", "结对", "readonly"),
    Field("date", "交流日期", "date", required=True, placeholder="如 2024-03-15"),
    Field(
        "form",
        "交流方式",
        "choice",
        required=True,
        choices=vocab.EXCHANGE_FORMS.labels,
        editable_choice=False,
    ),
    Field("content", "交流内容", "multiline", required=True),
    Field("outcome", "成效", "multiline"),
)


def exchange_form(pair_id: str) -> FormSpec:
    """The form of one exchange of a given pair (new exchanges are added to that pair)."""

    def load(exchange_id: str | None) -> Values:
        pair = Mentorship.get_by_id(pair_id)
        if not exchange_id:
            return {"pair": _pair_title(pair), "date": clock.today().isoformat(), "form": "面谈"}
        exchange = MentorExchange.get_by_id(exchange_id)
        return {
            "pair": _pair_title(pair),
            "date": exchange.date.isoformat(),
            "form": exchange.form,
            "content": exchange.content,
            "outcome": exchange.outcome,
        }

    def save(exchange_id: str | None, values: Mapping[str, Any]) -> str:
        return save_exchange(pair_id, exchange_id, values)

    return FormSpec(
        title="帮带交流记录", sections=(Section("交流记录", EXCHANGE_FIELDS),), load=load, save=save
    )


def save_exchange(pair_id: str, exchange_id: str | None, values: Mapping[str, Any]) -> str:
    """Add or change one exchange of a pair; returns the exchange's id."""
    pair = Mentorship.get_or_none((Mentorship.id == pair_id) & Mentorship.deleted_at.is_null())
    if pair is None:
        raise ValidationError(None, "该导师帮带结对已不存在（可能已被删除）。")
    day = parse_date_field(values, "date", "交流日期")
    if day is None:
        raise ValidationError("date", "请填写“交流日期”。")
    if day > clock.today():
        raise ValidationError("date", "交流日期不能晚于今天。")
    if pair.started_on and day < pair.started_on:
        raise ValidationError("date", f"交流日期早于结对时间（{pair.started_on.isoformat()}），请核对。")
    if pair.ended_on and day > pair.ended_on:
        raise ValidationError("date", f"交流日期晚于帮带结束时间（{pair.ended_on.isoformat()}），请核对。")
    form = vocab_field(values, "form", vocab.EXCHANGE_FORMS)
    if not form:
        raise ValidationError("form", "请选择“交流方式”。")
    content = str(values.get("content") or "").strip()
    if not content:
        raise ValidationError("content", "请填写“交流内容”。")
    with database.atomic():
        outcome = str(values.get("outcome") or "").strip()
        exchange = write_record(
            MentorExchange,
            exchange_id,
            dict(date=day, form=form, content=content, outcome=outcome),
            mentorship=pair,
        )
    return str(exchange.id)
