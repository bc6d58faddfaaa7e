"""Households paired with Party members (党员联系户), the visits to them and the matters they raise.

A county keeps tens of thousands of households and hundreds of thousands of visits, and the
联系户 list must stay instant: so a household row also carries copies of what the list shows,
searches and sorts by (its head's name, pinyin, ID number and phone; its village's order; its
last visit, visit count, open matters, current pairings). SQLite triggers keep those copies
right whatever writes the rows (forms, imports, the recycle bin, a county merge); Python never
writes them.
"""

from __future__ import annotations

from typing import ClassVar

import peewee

from township_desk.models.base import BaseModel
from township_desk.models.people import Person, Village


class Household(BaseModel):
    """A household; its head (户主) is a Person row."""

    head = peewee.ForeignKeyField(Person, backref="households", index=True, verbose_name="户主")
    village = peewee.ForeignKeyField(
        Village, null=True, backref="households", index=True, verbose_name="村(社区)"
    )
    group_name = peewee.CharField(default="", verbose_name="村民小组")
    address = peewee.CharField(default="", verbose_name="家庭住址")
    member_count = peewee.IntegerField(null=True, verbose_name="家庭人口")
    members = peewee.TextField(default="", verbose_name="家庭成员")
    category = peewee.CharField(default="一般户", verbose_name="户类型")
    notes = peewee.TextField(default="", verbose_name="备注")
    # Copies kept by the triggers below (see the module docstring); never written from Python.
    head_name = peewee.CharField(default="", verbose_name="户主姓名")
    head_initials = peewee.CharField(default="", verbose_name="户主拼音首字母")
    head_pinyin = peewee.CharField(default="", index=True, verbose_name="户主拼音")
    head_id_number = peewee.CharField(default="", verbose_name="户主身份证号")
    head_phone = peewee.CharField(default="", index=True, verbose_name="联系电话")
    village_order = peewee.IntegerField(default=0, verbose_name="村(社区)排序")
    last_visit_on = peewee.DateField(null=True, verbose_name="最近走访")
    visit_count = peewee.IntegerField(default=0, verbose_name="走访次数")
    open_matters = peewee.IntegerField(default=0, verbose_name="未办结诉求")
    pairing_count = peewee.IntegerField(default=0, index=True, verbose_name="结对党员数")

    TABLE_LABEL: ClassVar[str] = "联系户"
    KIND_LABEL: ClassVar[str | None] = "联系户"

    EDITABLE: ClassVar[tuple[str, ...]] = (
        "head",
        "village",
        "group_name",
        "address",
        "member_count",
        "members",
        "category",
        "notes",
    )

    def describe(self) -> str:
        where = (self.village.name if self.village_id else "") + self.group_name
        return f"{self.head.name}户（{where}）" if where else f"{self.head.name}户"


class HouseholdPairing(BaseModel):
    """A Party member paired with a household (结对联系) from started_on until ended_on (empty: ongoing)."""

    member = peewee.ForeignKeyField(Person, backref="household_pairings", index=True, verbose_name="联系党员")
    household = peewee.ForeignKeyField(Household, backref="pairings", index=True, verbose_name="联系户")
    started_on = peewee.DateField(null=True, verbose_name="结对时间")
    ended_on = peewee.DateField(null=True, verbose_name="结束时间")
    notes = peewee.TextField(default="", verbose_name="备注")
    # The member's last visit to the household, kept by the triggers below.
    last_visit_on = peewee.DateField(null=True, verbose_name="最近走访")

    TABLE_LABEL: ClassVar[str] = "结对联系"
    KIND_LABEL: ClassVar[str | None] = "结对联系"

    class Meta:
        table_name = "household_pairing"
        indexes = ((("ended_on", "last_visit_on"), False),)

    def describe(self) -> str:
        return f"{self.member.name} 联系 {self.household.head.name}户"


class HouseholdVisit(BaseModel):
    """One visit (or call, or courtyard meeting) to a household; items is a bit set of FIVE_ITEMS codes."""

    household = peewee.ForeignKeyField(Household, backref="visits", index=False, verbose_name="联系户")
    visited_on = peewee.DateField(index=True, verbose_name="走访日期")
    visitor = peewee.ForeignKeyField(Person, backref="household_visits", index=False, verbose_name="走访人")
    form = peewee.CharField(default="入户走访", verbose_name="走访方式")
    items = peewee.IntegerField(default=0, verbose_name="五个到户")
    situation = peewee.TextField(default="", verbose_name="走访情况")
    other_visitors = peewee.CharField(default="", verbose_name="其他人员")

    TABLE_LABEL: ClassVar[str] = "走访记录"
    KIND_LABEL: ClassVar[str | None] = "走访记录"

    class Meta:
        table_name = "household_visit"
        indexes = (
            (("household", "visited_on"), False),
            (("visitor", "visited_on"), False),
        )

    def describe(self) -> str:
        return f"{self.visited_on} 走访 {self.household.head.name}户"


class HouseholdVisitor(BaseModel):
    """A Party member who went along on a visit (同行党员), besides its visitor."""

    visit = peewee.ForeignKeyField(HouseholdVisit, backref="companions", index=False, verbose_name="走访记录")
    person = peewee.ForeignKeyField(
        Person, backref="household_companions", index=True, verbose_name="同行党员"
    )

    TABLE_LABEL: ClassVar[str] = "同行党员"

    class Meta:
        table_name = "household_visitor"
        indexes = ((("visit", "person"), False),)


class HouseholdMatter(BaseModel):
    """A matter a household raised (诉求), followed until it is resolved."""

    household = peewee.ForeignKeyField(Household, backref="matters", index=True, verbose_name="联系户")
    visit = peewee.ForeignKeyField(
        HouseholdVisit, null=True, backref="matters", index=True, verbose_name="走访记录"
    )
    raised_on = peewee.DateField(index=True, verbose_name="提出日期")
    content = peewee.TextField(verbose_name="诉求内容")
    status = peewee.CharField(default="待办", verbose_name="办理状态")
    responsible = peewee.CharField(default="", verbose_name="责任人")
    resolution = peewee.TextField(default="", verbose_name="办理结果")
    resolved_on = peewee.DateField(null=True, verbose_name="办结日期")

    TABLE_LABEL: ClassVar[str] = "群众诉求"
    KIND_LABEL: ClassVar[str | None] = "群众诉求"

    class Meta:
        table_name = "household_matter"
        indexes = ((("status", "raised_on"), False),)

    def describe(self) -> str:
        text = str(self.content)
        return f"{self.household.head.name}户：{text[:20]}{'…' if len(text) > 20 else ''}"


MODELS: tuple[type[BaseModel], ...] = (
    Household,
    HouseholdPairing,
    HouseholdVisit,
    HouseholdVisitor,
    HouseholdMatter,
)

# ---------------------------------------------------------------- indexes the lists need

# The list's default order is village, group number, head's pinyin. Every sortable column has an
# index that ends with that order, so sorting by it (either way: a descending sort reverses the
# whole order) walks an index and stops after a page instead of sorting tens of thousands of rows.
# household_search is a covering index, much narrower than the rows, scanned for a typed name,
# initials, ID number or phone.
GROUP_NUMBER_SQL = 'CAST("group_name" AS INTEGER)'
LIST_ORDER_SQL = f'"village_order", {GROUP_NUMBER_SQL}, "head_pinyin"'
SORTED_COLUMNS = ("category", "member_count", "last_visit_on", "visit_count", "open_matters")
EXTRA_INDEXES: dict[str, str] = {
    "household_list_order": f'"household" ({LIST_ORDER_SQL})',
    "household_group_order": f'"household" ({GROUP_NUMBER_SQL}, {LIST_ORDER_SQL})',
    **{
        f"household_{column}_order": f'"household" ("{column}", {LIST_ORDER_SQL})'
        for column in SORTED_COLUMNS
    },
    "household_search": '"household" ("head_name", "head_initials", "head_pinyin", "head_id_number", "head_phone",'
    ' "deleted_at")',
}

# ---------------------------------------------------------------- copies kept by SQLite

_HEAD = """
    UPDATE household SET
      head_name = coalesce((SELECT name FROM person WHERE id = household.head_id), ''),
      head_initials = coalesce((SELECT initials FROM person WHERE id = household.head_id), ''),
      head_pinyin = coalesce((SELECT pinyin FROM person WHERE id = household.head_id), ''),
      head_id_number = coalesce((SELECT id_number FROM person WHERE id = household.head_id), ''),
      head_phone = coalesce((SELECT phone FROM person WHERE id = household.head_id), ''),
      village_order = coalesce((SELECT sort_order FROM village WHERE id = household.village_id), 0)
    WHERE {where};"""
_VISITS = """
    UPDATE household SET
      last_visit_on = (SELECT MAX(visited_on) FROM household_visit v
                       WHERE v.household_id = household.id AND v.deleted_at IS NULL),
      visit_count = (SELECT COUNT(*) FROM household_visit v
                     WHERE v.household_id = household.id AND v.deleted_at IS NULL)
    WHERE {where};"""
_MATTERS = """
    UPDATE household SET
      open_matters = (SELECT COUNT(*) FROM household_matter m WHERE m.household_id = household.id
                      AND m.deleted_at IS NULL AND m.status != '已办结')
    WHERE {where};"""
_PAIRINGS = """
    UPDATE household SET
      pairing_count = (SELECT COUNT(*) FROM household_pairing p WHERE p.household_id = household.id
                       AND p.deleted_at IS NULL AND p.ended_on IS NULL)
    WHERE {where};"""
# The last visit of each pairing: visits to its household made or accompanied by its member.
_PAIRING_LAST = """
    UPDATE household_pairing SET last_visit_on = (
      SELECT MAX(v.visited_on) FROM household_visit v
      WHERE v.household_id = household_pairing.household_id AND v.deleted_at IS NULL
        AND (v.visitor_id = household_pairing.member_id OR EXISTS (
             SELECT 1 FROM household_visitor c WHERE c.visit_id = v.id
               AND c.person_id = household_pairing.member_id AND c.deleted_at IS NULL)))
    WHERE {where};"""
_OF_COMPANION = "household_id = (SELECT household_id FROM household_visit WHERE id = {row}.visit_id)"


def _trigger(event: str, *steps: str) -> str:
    return f"{event} BEGIN{''.join(steps)} END"


def _household_all(where: str) -> tuple[str, ...]:
    return tuple(step.format(where=where) for step in (_HEAD, _VISITS, _MATTERS, _PAIRINGS))


TRIGGERS: dict[str, str] = {
    "household_ai": _trigger("AFTER INSERT ON household", *_household_all("id = NEW.id")),
    "household_au": _trigger(
        "AFTER UPDATE OF head_id, village_id ON household", *_household_all("id = NEW.id")
    ),
    "household_person_au": _trigger(
        "AFTER UPDATE OF name, initials, pinyin, id_number, phone ON person",
        _HEAD.format(where="head_id = NEW.id"),
    ),
    "household_village_au": _trigger(
        "AFTER UPDATE OF sort_order ON village", _HEAD.format(where="village_id = NEW.id")
    ),
    "household_visit_ai": _trigger(
        "AFTER INSERT ON household_visit",
        _VISITS.format(where="id = NEW.household_id"),
        _PAIRING_LAST.format(where="household_id = NEW.household_id"),
    ),
    "household_visit_au": _trigger(
        "AFTER UPDATE OF visited_on, deleted_at, household_id, visitor_id ON household_visit",
        _VISITS.format(where="id IN (NEW.household_id, OLD.household_id)"),
        _PAIRING_LAST.format(where="household_id IN (NEW.household_id, OLD.household_id)"),
    ),
    "household_visit_ad": _trigger(
        "AFTER DELETE ON household_visit",
        _VISITS.format(where="id = OLD.household_id"),
        _PAIRING_LAST.format(where="household_id = OLD.household_id"),
    ),
    "household_visitor_ai": _trigger(
        "AFTER INSERT ON household_visitor", _PAIRING_LAST.format(where=_OF_COMPANION.format(row="NEW"))
    ),
    "household_visitor_au": _trigger(
        "AFTER UPDATE ON household_visitor",
        _PAIRING_LAST.format(where=_OF_COMPANION.format(row="NEW")),
        _PAIRING_LAST.format(where=_OF_COMPANION.format(row="OLD")),
    ),
    "household_visitor_ad": _trigger(
        "AFTER DELETE ON household_visitor", _PAIRING_LAST.format(where=_OF_COMPANION.format(row="OLD"))
    ),
    "household_matter_ai": _trigger(
        "AFTER INSERT ON household_matter", _MATTERS.format(where="id = NEW.household_id")
    ),
    "household_matter_au": _trigger(
        "AFTER UPDATE OF status, deleted_at, household_id ON household_matter",
        _MATTERS.format(where="id IN (NEW.household_id, OLD.household_id)"),
    ),
    "household_matter_ad": _trigger(
        "AFTER DELETE ON household_matter", _MATTERS.format(where="id = OLD.household_id")
    ),
    "household_pairing_ai": _trigger(
        "AFTER INSERT ON household_pairing",
        _PAIRING_LAST.format(where="id = NEW.id"),
        _PAIRINGS.format(where="id = NEW.household_id"),
    ),
    "household_pairing_au": _trigger(
        "AFTER UPDATE OF household_id, member_id, deleted_at, ended_on, last_visit_on ON household_pairing",
        _PAIRING_LAST.format(where="id = NEW.id"),
        _PAIRINGS.format(where="id IN (NEW.household_id, OLD.household_id)"),
    ),
    "household_pairing_ad": _trigger(
        "AFTER DELETE ON household_pairing", _PAIRINGS.format(where="id = OLD.household_id")
    ),
}


def create_indexes(db: peewee.Database) -> None:
    """The expression and covering indexes peewee cannot declare (safe to run twice)."""
    for name, target in EXTRA_INDEXES.items():
        db.execute_sql(f'CREATE INDEX IF NOT EXISTS "{name}" ON {target}')


def create_triggers(db: peewee.Database) -> None:
    """Install the triggers that keep the copies right (safe to run twice)."""
    for name, body in TRIGGERS.items():
        db.execute_sql(f'CREATE TRIGGER IF NOT EXISTS "{name}" {body}')


def drop_triggers(db: peewee.Database) -> None:
    """Remove the triggers (for bulk loads that fill the copies themselves)."""
    for name in TRIGGERS:
        db.execute_sql(f'DROP TRIGGER IF EXISTS "{name}"')


def recompute_copies(db: peewee.Database) -> None:
    """Recompute every copy from the rows it comes from (after a bulk load, or as a repair)."""
    for step in _household_all("1"):
        db.execute_sql(step)
    db.execute_sql(_PAIRING_LAST.format(where="1"))
