"""Rules about people that every subject shares: identity, age, villages, finding by name or pinyin."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

import peewee

from township_desk.models.base import insert_rows, new_id
from township_desk.models.people import VILLAGE_MERGED, Person, Village
from township_desk.services import clock, vocab
from township_desk.services.fields import Decl, Fields, of
from township_desk.services.id_numbers import IdNumberError, parse_id_number, typing_feedback
from township_desk.services.listing import distinct_values, in_listed_order
from township_desk.services.normalize import DateParseError, clean_name, clean_phone, clean_text, parse_date
from township_desk.services.pinyin import name_initials, name_pinyin
from township_desk.services.records import Field, ValidationError, Values, require, write_record


def age_on(birth: date | None, on: date | None = None) -> int | None:
    """Whole years of age on a date (today by default); None when the birth date is unknown."""
    if birth is None:
        return None
    on = on or clock.today()
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def village_names() -> list[str]:
    """Villages in use, in their order (those merged away, 撤并, leave every filter and choice list)."""
    query = Village.live(Village.name).where(Village.status != VILLAGE_MERGED)
    return distinct_values(query.order_by(Village.sort_order, Village.name))


def village_by_name(name: str, *, create: bool = True) -> Village | None:
    """The live village of that name; a new one is created (村 or 社区 by its name) when asked."""
    name = clean_text(name)
    if not name:
        return None
    found = Village.live().where((Village.name == name) & (Village.status != VILLAGE_MERGED)).first()
    if found is not None or not create:
        return found or _merged_into(name)
    return Village.get_by_id(village_ids([name])[name])


def _merged_into(name: str) -> Village | None:
    """The village a merged-away (撤并) village of that name went into, if any."""
    merged = Village.live().where((Village.name == name) & (Village.status == VILLAGE_MERGED)).first()
    if merged is None or not merged.merged_into:
        return None
    return Village.live().where(Village.id == merged.merged_into).first()


def village_ids(names: Iterable[str]) -> dict[str, str]:
    """{name: village id}: the live villages read once, those missing created in the order named (村 or 社区
    by name, after the last); for an import, two queries and one insert instead of three per village."""
    wanted = {name: clean_text(name) for name in names if clean_text(name)}
    known: dict[str, str] = {}
    merged: dict[str, str] = {}  # a 撤并 village's name → the village it went into
    rows = Village.live(Village.id, Village.name, Village.status, Village.merged_into).order_by(
        Village.sort_order
    )
    for village_id, village_name, status, into in rows.tuples():
        if status == VILLAGE_MERGED:
            if into:
                merged.setdefault(village_name, into)
        else:
            known.setdefault(village_name, village_id)
    for village_name, into in merged.items():
        if village_name not in known and into in known.values():
            known[village_name] = into
    last = Village.select(peewee.fn.MAX(Village.sort_order)).scalar() or 0
    created = []
    for clean in dict.fromkeys(wanted.values()):
        if clean not in known:
            last += 1
            known[clean] = new_id()
            created.append(
                {
                    "id": known[clean],
                    "name": clean,
                    "kind": "社区" if clean.endswith("社区") else "村",
                    "sort_order": last,
                }
            )
    insert_rows(Village, created)
    return {name: known[clean] for name, clean in wanted.items()}


def person_with_id_number(number: str, exclude_id: str | None = None) -> Person | None:
    query = Person.live().where(Person.id_number == number)
    if exclude_id:
        query = query.where(Person.id != exclude_id)
    return query.first()


def person_label(person: Person) -> str:
    """How a person is named in a choice list: name, village and the end of the ID number."""
    extra = [person.village.name] if person.village_id else []
    if person.id_number:
        extra.append(f"身份证尾号{person.id_number[-4:]}")
    return f"{person.name}（{'，'.join(extra)}）" if extra else str(person.name)


def person_options(query: peewee.ModelSelect | None = None) -> list[tuple[str, str]]:
    """(id, label) of live people, by pinyin; pass a query to narrow (e.g. serving cadres only)."""
    query = query if query is not None else Person.live()
    query = query.select(Person, Village).join(
        Village, peewee.JOIN.LEFT_OUTER, on=(Person.village == Village.id)
    )
    return [(str(p.id), person_label(p)) for p in query.order_by(Person.pinyin)]


def person_search(text: str, person: Any = Person) -> peewee.Expression:
    """The condition that finds people by part of a name, pinyin initials, ID number or phone; `person` is
    Person or an alias of it already joined in the query (matching the joined rows is cheaper than a
    subquery over every person of a county)."""
    text = clean_text(text)
    lowered = text.lower().replace(" ", "")
    condition = person.name.contains(text)
    if lowered.isascii() and lowered.isalpha():
        condition |= person.initials.startswith(lowered) | person.pinyin.startswith(lowered)
    if any(ch.isdigit() for ch in text):
        digits = text.upper()
        condition |= person.id_number.contains(digits) | person.phone.contains(digits)
    return condition


def parse_date_field(values: Mapping[str, Any], key: str, label: str) -> date | None:
    try:
        return parse_date(values.get(key))
    except DateParseError as exc:
        raise ValidationError(key, f"“{label}”：{exc}") from exc


def vocab_field(values: Mapping[str, Any], key: str, vocabulary: vocab.Vocabulary) -> str:
    """A vocabulary value, normalised; an unknown one is refused naming the field."""
    text = clean_text(values.get(key))
    if not text:
        return ""
    label = vocabulary.normalize(text)
    if label is None:
        raise ValidationError(key, f"“{vocabulary.name}”的值“{text}”无法识别，请从列表中选择。")
    return label


# Every person field, declared once: the editor, the lists, the sheets and the printed forms read these.
PERSON = Fields(
    of(Person.name, required=True, sort=Person.pinyin, width=80),
    of(Person.id_number, placeholder="18位，输入后自动填出生日期和性别"),
    of(
        Person.sex,
        "choice",
        choices=lambda: ["男", "女"],
        editable_choice=False,
        sort=Person.sex,
        align="center",
        width=45,
    ),
    of(Person.birth_date, "date", heading="出生年月", placeholder="如 1975.03 或 1975-03-08", format="month"),
    Decl(
        "age",
        "年龄",
        "readonly",
        tooltip="由出生日期计算，不需填写",
        sort=0 - peewee.fn.julianday(Person.birth_date),
        align="center",
        width=45,
    ),
    of(Person.ethnicity, "choice", vocabulary=vocab.ETHNICITY),
    of(Person.political, "choice", vocabulary=vocab.POLITICAL_STANDING, sort=Person.political),
    of(Person.party_joined_on, "date"),
    of(
        Person.education,
        "choice",
        vocabulary=vocab.EDUCATION,
        sort=in_listed_order(Person.education, vocab.EDUCATION.labels()),
        width=80,
    ),
    of(
        Person.fulltime_education,
        "choice",
        vocabulary=vocab.EDUCATION,
        tooltip="全日制教育取得的学历（干部花名册、任免表用）",
    ),
    of(
        Person.inservice_education,
        "choice",
        vocabulary=vocab.EDUCATION,
        tooltip="在职教育（函授、党校、自考等）取得的学历",
    ),
    of(Person.native_place, placeholder="如 湖南桃源"),
    of(Person.phone, sort=Person.phone, width=110),
    of(Person.village, "choice", choices=village_names, sort=Village.sort_order, width=110),
)
PERSON_FIELDS: tuple[Field, ...] = PERSON.form()


def person_values(person: Person | None) -> Values:
    """A person's fields as the editor shows them (text)."""
    if person is None:
        return {"ethnicity": "汉族", "sex": "", "age": ""}
    return {
        "name": person.name,
        "id_number": person.id_number or "",
        "sex": person.sex,
        "birth_date": person.birth_date.isoformat() if person.birth_date else "",
        "age": _age_text(person.birth_date),
        "ethnicity": person.ethnicity,
        "political": person.political,
        "party_joined_on": person.party_joined_on.isoformat() if person.party_joined_on else "",
        "education": person.education,
        "fulltime_education": person.fulltime_education,
        "inservice_education": person.inservice_education,
        "native_place": person.native_place,
        "phone": person.phone,
        "village": person.village.name if person.village_id else "",
        "notes": person.notes,
    }


def _age_text(birth: date | None) -> str:
    age = age_on(birth)
    return "" if age is None else f"{age}岁"


def derive_person(values: Mapping[str, Any]) -> Values:
    """What the editor fills in by itself: birth date and sex from the ID number, age from birth."""
    derived: Values = {}
    birth: date | None = None
    number = clean_text(values.get("id_number"))
    if number:
        info = typing_feedback(number).info  # not 15 digits of an 18-character number still being typed
        if info is not None:
            derived.update(id_number=info.number, sex=info.sex, birth_date=info.birth_date.isoformat())
            birth = info.birth_date
    if birth is None:
        try:
            birth = parse_date(values.get("birth_date"))
        except DateParseError:
            birth = None
    derived["age"] = _age_text(birth)
    return derived


def clean_person(values: Mapping[str, Any], person_id: str | None) -> Values:
    """Validated Person fields from editor or import values; raises ValidationError naming the field."""
    name = clean_name(require(values, "name", "姓名"))
    number_text = clean_text(values.get("id_number"))
    number: str | None = None
    sex = vocab_field(values, "sex", vocab.SEX)
    birth = parse_date_field(values, "birth_date", "出生日期")
    if number_text:
        try:
            info = parse_id_number(number_text)
        except IdNumberError as exc:
            raise ValidationError("id_number", str(exc)) from exc
        number, sex, birth = info.number, info.sex, info.birth_date
        other = person_with_id_number(number, exclude_id=person_id)
        if other is not None:
            where = f"（{other.village.name}）" if other.village_id else ""
            raise ValidationError(
                "id_number", f"身份证号 {number} 已登记在“{other.name}”{where}名下，同一人不能重复录入。"
            )
    if birth is not None and birth > clock.today():
        raise ValidationError("birth_date", "出生日期不能晚于今天。")
    village_name = clean_text(values.get("village"))
    optional: Values = {}  # fields an Excel roster may lack: a save without them keeps what is stored
    for field in (Person.fulltime_education, Person.inservice_education):
        if field.name in values:
            text = clean_text(values.get(field.name))
            label = vocab.EDUCATION.normalize(text) if text else ""
            if label is None:
                raise ValidationError(
                    field.name, f"“{field.verbose_name}”的值“{text}”无法识别，请从列表中选择。"
                )
            optional[field.name] = label
    if "native_place" in values:
        optional["native_place"] = clean_text(values.get("native_place"))
    return optional | {
        "name": name,
        "initials": name_initials(name),
        "pinyin": name_pinyin(name),
        "id_number": number,
        "sex": sex,
        "birth_date": birth,
        "ethnicity": vocab_field(values, "ethnicity", vocab.ETHNICITY),
        "political": vocab_field(values, "political", vocab.POLITICAL_STANDING),
        "party_joined_on": parse_date_field(values, "party_joined_on", "入党时间"),
        "education": vocab_field(values, "education", vocab.EDUCATION),
        "phone": clean_phone(values.get("phone")),
        "village": village_name,
        "notes": clean_text(values.get("notes")) if "notes" in values else None,
    }


def save_person(person_id: str | None, fields: Mapping[str, Any]) -> Person:
    """Create or update a person from clean_person's output (call inside a transaction)."""
    data = dict(fields)
    village_name = data.pop("village", "")
    data["village"] = village_by_name(village_name) if village_name else None
    if data.get("notes") is None:
        data.pop("notes", None)
    return write_record(Person, person_id, data)
