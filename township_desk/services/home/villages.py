"""村(社区): add, rename, merge two into one (every record follows), order, 村 or 社区.

A village merged into another is kept, marked 撤并 with the village it went into, so that the county
sees what happened and an old spreadsheet naming it still lands in the right village; it leaves every
filter and choice list (services.people.village_names). Which records point at a village is found from
the models (every foreign key to Village, and the village names some records keep as they were printed),
so a subject added later follows a merge without a line here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import peewee

from township_desk.db import database
from township_desk.models.base import BaseModel, all_models, utc_now
from township_desk.models.people import VILLAGE_MERGED, Village
from township_desk.services.normalize import clean_text
from township_desk.services.records import ValidationError

KINDS = ("村", "社区")
SNAPSHOT_FIELD = "village_name"  # a record that keeps the village's name as text (e.g. 考评对象)


@dataclass(frozen=True)
class VillageInfo:
    id: str
    name: str
    kind: str
    sort_order: int
    merged: bool
    merged_into: str  # the name of the village it went into ("" while in use)

    def label(self) -> str:
        if self.merged:
            return (
                f"{self.name}（已撤并，并入{self.merged_into}）"
                if self.merged_into
                else f"{self.name}（已撤并）"
            )
        return self.name if self.name.endswith(self.kind) else f"{self.name}（{self.kind}）"


@dataclass(frozen=True)
class MergeResult:
    source: str
    target: str
    moved: dict[str, int]  # table label → rows that now point at the target

    def text(self) -> str:
        parts = "，".join(f"{label} {count} 条" for label, count in self.moved.items() if count)
        return f"已把“{self.source}”并入“{self.target}”" + (
            f"：{parts}。" if parts else "（没有记录需要转移）。"
        )


def references() -> list[tuple[type[BaseModel], peewee.Field]]:
    """Every (model, field) that points at a village: foreign keys, and kept village names."""
    found: list[tuple[type[BaseModel], peewee.Field]] = []
    for model in all_models():
        for field in model._meta.sorted_fields:
            if isinstance(field, peewee.ForeignKeyField) and field.rel_model is Village:
                found.append((model, field))
            elif field.name == SNAPSHOT_FIELD and isinstance(field, peewee.CharField):
                found.append((model, field))
    return found


def list_villages(*, include_merged: bool = True) -> list[VillageInfo]:
    """Villages not in the recycle bin, in their order; those merged away after the others."""
    rows = list(
        Village.live(
            Village.id, Village.name, Village.kind, Village.sort_order, Village.status, Village.merged_into
        ).tuples()
    )
    names = {row[0]: row[1] for row in rows}
    found = [
        VillageInfo(
            str(i),
            str(n),
            str(k or "村"),
            int(o or 0),
            s == VILLAGE_MERGED,
            names.get(into, "") if into else "",
        )
        for i, n, k, o, s, into in rows
    ]
    found.sort(key=lambda v: (v.merged, v.sort_order, v.name))
    return [v for v in found if include_merged or not v.merged]


def _active(name: str, field: str = "name") -> Village:
    name = clean_text(name)
    village = Village.live().where((Village.name == name) & (Village.status != VILLAGE_MERGED)).first()
    if village is None:
        raise ValidationError(field, f"没有名为“{name}”的村(社区)。" if name else "请填写村(社区)名称。")
    return village


def _new_name(name: str, field: str = "name") -> str:
    name = clean_text(name)
    if not name:
        raise ValidationError(field, "请填写村(社区)名称。")
    if len(name) > 30:
        raise ValidationError(field, "村(社区)名称太长（不超过 30 个字）。")
    exists = Village.live().where((Village.name == name) & (Village.status != VILLAGE_MERGED)).exists()
    if exists:
        raise ValidationError(field, f"已有“{name}”。两个村(社区)是同一个时，请用“合并”。")
    return name


def add_village(name: str, community: bool | None = None) -> str:
    """A new village after the last; 社区 when asked (or when the name ends in 社区). Returns its id."""
    name = _new_name(name)
    kind = "社区" if community or (community is None and name.endswith("社区")) else "村"
    with database.atomic():
        last = Village.select(peewee.fn.MAX(Village.sort_order)).scalar() or 0
        village = Village.create(name=name, kind=kind, sort_order=last + 1)
    return str(village.id)


def set_kind(name: str, kind: str) -> None:
    if kind not in KINDS:
        raise ValidationError("kind", "类型只能是“村”或“社区”。")
    village = _active(name)
    with database.atomic():
        village.kind = kind
        village.save()


def rename_village(old: str, new: str) -> None:
    """A new name (a typo fixed, a village renamed); the names records keep as text follow."""
    village = _active(old, "old")
    new = _new_name(new, "new")
    with database.atomic():
        previous = village.name
        village.name = new
        village.save()
        now = utc_now()
        for model, field in references():
            if not isinstance(field, peewee.ForeignKeyField):
                model.update({field: new, model.updated_at: now}).where(field == previous).execute()


def merge_villages(source: str, target: str) -> MergeResult:
    """Every record of source moves to target (in the recycle bin too); source is kept, marked 撤并."""
    village = _active(source, "source")
    into = _active(target, "target")
    if village.id == into.id:
        raise ValidationError("target", "不能把一个村(社区)并入它自己。")
    moved: dict[str, int] = {}
    with database.atomic():
        now = utc_now()
        for model, field in references():
            if isinstance(field, peewee.ForeignKeyField):
                count = (
                    model.update({field: into.id, model.updated_at: now}).where(field == village.id).execute()
                )
            else:
                count = (
                    model.update({field: into.name, model.updated_at: now})
                    .where(field == village.name)
                    .execute()
                )
            label = model.TABLE_LABEL or model._meta.table_name
            moved[label] = moved.get(label, 0) + int(count)
        village.status = VILLAGE_MERGED
        village.merged_into = into.id
        village.save()
    return MergeResult(str(village.name), str(into.name), moved)


def order_villages(names: Sequence[str]) -> list[str]:
    """The named villages first, in this order; the others after them as they were. Returns the order."""
    current = [v.name for v in list_villages(include_merged=False)]
    wanted = [clean_text(n) for n in names if clean_text(n)]
    unknown = [n for n in wanted if n not in current]
    if unknown:
        raise ValidationError("names", f"没有名为“{'、'.join(unknown)}”的村(社区)。")
    if len(set(wanted)) != len(wanted):
        raise ValidationError("names", "同一个村(社区)列了两次。")
    order = wanted + [n for n in current if n not in wanted]
    with database.atomic():
        now = utc_now()
        for position, name in enumerate(order, start=1):
            (
                Village.update(sort_order=position, updated_at=now)
                .where(
                    (Village.name == name) & Village.deleted_at.is_null() & (Village.status != VILLAGE_MERGED)
                )
                .execute()
            )
    return order


def record_counts(name: str) -> dict[str, int]:
    """How many records of each kind point at a village (shown before a merge)."""
    village = _active(name)
    counts: dict[str, int] = {}
    for model, field in references():
        if isinstance(field, peewee.ForeignKeyField):
            query = model.select().where((field == village.id) & model.deleted_at.is_null())
        else:
            query = model.select().where((field == village.name) & model.deleted_at.is_null())
        label = model.TABLE_LABEL or model._meta.table_name
        counts[label] = counts.get(label, 0) + query.count()
    return counts
