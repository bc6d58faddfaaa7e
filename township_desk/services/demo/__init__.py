"""Realistic demo data: a township (or a whole county) of villages, cadres and everything later subjects add.

Each module of this package named dNN_subject.py has populate(ctx); they run in name order in one
transaction, so a later subject can use the people and villages an earlier one made.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import peewee

from township_desk.db import database, refresh_statistics
from township_desk.models.base import insert_rows, new_id, utc_now
from township_desk.services import clock
from township_desk.services.demo.names import NameMaker
from township_desk.services.id_numbers import make_id_number
from township_desk.services.pinyin import name_initials, name_pinyin
from township_desk.services.progress import Progress, no_progress

SIZES = ("small", "county")


@dataclass
class DemoContext:
    """What every demo module shares: the random source, the size, and the rows made so far."""

    rng: random.Random
    size: str
    township: str
    today: date
    regions: tuple[str, ...] = ("430725",)
    villages: list[dict[str, Any]] = field(default_factory=list)  # id, name, kind, township
    people: list[dict[str, Any]] = field(default_factory=list)  # rows of Person as inserted
    extra: dict[str, Any] = field(default_factory=dict)  # anything a module leaves for later ones
    names: NameMaker = field(init=False)
    _ids: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.names = NameMaker(self.rng)

    @property
    def county(self) -> bool:
        return self.size == "county"

    def birth_date(self, youngest: int, oldest: int) -> date:
        age_days = self.rng.randint(youngest * 365 + 1, oldest * 365 + 300)
        return self.today - timedelta(days=age_days)

    def id_number(self, birth: date, male: bool) -> str:
        for _ in range(400):
            region = self.rng.choice(self.regions)
            number = make_id_number(region, birth, self.rng.randint(0, 99), male)
            if number not in self._ids:
                self._ids.add(number)
                return number
        raise RuntimeError("demo ID numbers exhausted")

    def phone(self) -> str:
        return self.rng.choice(["13", "15", "17", "18", "19"]) + "".join(
            self.rng.choice("0123456789") for _ in range(9)
        )

    def date_between(self, start: date, end: date) -> date:
        return start + timedelta(days=self.rng.randint(0, max(0, (end - start).days)))

    def new_person(
        self,
        *,
        youngest: int,
        oldest: int,
        village: dict[str, Any] | None,
        male: bool | None = None,
        **fields: Any,
    ) -> dict[str, Any]:
        """A Person row (not yet inserted): plausible name, sex, birth date and ID number."""
        male = self.rng.random() < 0.7 if male is None else male
        name = self.names.person(male)
        birth = self.birth_date(youngest, oldest)
        now = utc_now()
        row = {
            "id": new_id(),
            "created_at": now,
            "updated_at": now,
            "deleted_at": None,
            "name": name,
            "initials": name_initials(name),
            "pinyin": name_pinyin(name),
            "id_number": self.id_number(birth, male),
            "sex": "男" if male else "女",
            "birth_date": birth,
            "ethnicity": "汉族"
            if self.rng.random() < 0.93
            else self.rng.choice(["土家族", "苗族", "回族", "侗族"]),
            "political": "中共党员",
            "party_joined_on": None,
            "education": "高中",
            "phone": self.phone(),
            "village": village["id"] if village else None,
            "notes": "",
        }
        row.update(fields)
        self.people.append(row)
        return row


def stamp(row: dict[str, Any]) -> dict[str, Any]:
    """Give a row dict the columns every BaseModel row has."""
    now = utc_now()
    row.setdefault("id", new_id())
    row.setdefault("created_at", now)
    row.setdefault("updated_at", now)
    row.setdefault("deleted_at", None)
    return row


def bulk_insert(model: type[peewee.Model], rows: Iterable[dict[str, Any]], batch: int = 5000) -> int:
    """Insert row dicts in batches (inside the caller's transaction)."""
    buffer: list[dict[str, Any]] = []
    count = 0
    for row in rows:
        buffer.append(row)
        if len(buffer) >= batch:
            count += insert_rows(model, buffer)
            buffer = []
    return count + insert_rows(model, buffer)


def build_demo(
    size: str = "small",
    township: str | None = None,
    seed: int = 2021,
    progress: Progress = no_progress,
    today: date | None = None,
) -> DemoContext:
    """Fill the open database with demo data of every subject; refuses a database that holds people."""
    from township_desk.models.people import Person
    from township_desk.plugins import import_submodules
    from township_desk.services import demo as package
    from township_desk.services.settings import set_setting

    if size not in SIZES:
        raise ValueError(f"size must be one of {SIZES}")
    if Person.select().exists():
        raise DemoRefused("数据库中已有数据，演示数据只能填入空数据库。请用 --db 指定一个新文件。")
    rng = random.Random(seed)
    ctx = DemoContext(
        rng=rng,
        size=size,
        township=township or ("桃源县" if size == "county" else "漳江镇"),
        today=today or clock.today(),
    )
    modules = [m for m in import_submodules(package) if hasattr(m, "populate")]
    with clock.pinned(ctx.today), database.atomic():
        set_setting("township", ctx.township)
        set_setting("unit", f"中共{ctx.township}委员会组织办" if size != "county" else "中共桃源县委组织部")
        for index, module in enumerate(modules):
            progress(index, len(modules))
            module.populate(ctx)
        refresh_statistics()
    progress(len(modules), len(modules))
    return ctx


class DemoRefused(Exception):
    """The database is not empty; str() is a Chinese message."""
