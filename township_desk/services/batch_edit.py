"""批量修改: set one field to one value on the selected records of a list, in one transaction (issue 22).

Which fields a list offers is the tab's choice among its form's fields (村(社区), 学历, 后备状态 …); the field's
declaration gives its label, kind and choices. Each record is loaded and saved through its own form (so every
rule of a single save holds: a cadre without a village is refused, a date is parsed), all or nothing. The
result is a `changes.BatchChange` that undoes and redoes the whole batch.

离任 (cadres) is a batch of its own: the selected people's current posts end on a chosen date.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from township_desk.db import database
from township_desk.services.changes import BatchChange
from township_desk.services.record_save import same
from township_desk.services.records import Field, FormSpec, ValidationError

LEAVE_POST = "离任"  # the pseudo-field of the cadre list: end the current post on a date


@dataclass(frozen=True)
class BatchField:
    """A field the 批量修改 dialog offers: its form field (label, kind, choices)."""

    key: str
    label: str
    kind: str
    choices: tuple[str, ...] = ()


def batch_fields(spec: FormSpec, keys: Sequence[str]) -> list[BatchField]:
    """The offered fields, in the order given, described by the form's declarations."""
    found = []
    for key in keys:
        if key == LEAVE_POST:
            found.append(BatchField(LEAVE_POST, "离任（结束现任职务）", "date"))
            continue
        spec_field: Field = spec.field(key)
        choices: tuple[str, ...] = ()
        if spec_field.options is not None:
            choices = tuple(label for _value, label in spec_field.options())
        elif spec_field.choices is not None:
            choices = tuple(spec_field.choices())
        found.append(BatchField(key, spec_field.label, spec_field.kind, choices))
    return found


def _name(values: dict[str, Any], record_id: str) -> str:
    return str(values.get("name") or values.get("person_name") or record_id[:8])


def apply_batch(spec: FormSpec, record_ids: Sequence[str], key: str, value: Any) -> BatchChange:
    """Set `key` to `value` on every record, each saved through its form, all in one transaction. A record the
    form refuses stops the whole batch (nothing written) with the record's name in the message."""
    if not record_ids:
        raise ValidationError(None, "请先在列表中选择要修改的记录。")
    label = spec.field(key).label
    change = BatchChange(spec, key, value)
    with database.atomic():
        for record_id in dict.fromkeys(record_ids):
            values = spec.load(record_id)
            if same(values.get(key), value):
                continue
            wanted = dict(values)
            wanted[key] = value
            try:
                spec.save(record_id, wanted)
            except ValidationError as exc:
                raise ValidationError(
                    exc.field, f"“{_name(values, record_id)}”：{exc.message}（全部未修改）"
                ) from exc
            change.before[record_id] = values
            change.after[record_id] = spec.load(record_id)
    shown = value if value not in (None, "") else "（空）"
    change.text = f"批量修改 {len(change.before)} 条记录的“{label}”为“{shown}”"
    return change


@dataclass
class LeavePostsChange:
    """离任 on a date for the selected people: undo reopens the posts this batch ended."""

    post_ids: list[str]
    ended_on: date
    text: str = ""

    def undo(self) -> None:
        from township_desk.models.cadres import CadrePost

        with database.atomic():
            for post in CadrePost.live().where(CadrePost.id.in_(self.post_ids)):
                if post.ended_on != self.ended_on:
                    raise ValidationError(None, f"“{post.person.name}”的任职已被其他窗口修改，未撤销。")
                post.ended_on = None
                post.save()

    def redo(self) -> None:
        from township_desk.models.cadres import CadrePost

        with database.atomic():
            for post in CadrePost.live().where(CadrePost.id.in_(self.post_ids)):
                if post.ended_on is not None:
                    raise ValidationError(None, f"“{post.person.name}”的任职已被其他窗口修改，未重做。")
                post.ended_on = self.ended_on
                post.save()


def leave_posts(person_ids: Sequence[str], ended_on: date | None) -> LeavePostsChange:
    """End the current post of each selected person on `ended_on`, in one transaction."""
    from township_desk.models.cadres import CadrePost

    if ended_on is None:
        raise ValidationError(LEAVE_POST, "请填写离任日期。")
    if not person_ids:
        raise ValidationError(None, "请先在列表中选择要修改的记录。")
    ended: list[str] = []
    with database.atomic():
        posts = CadrePost.live().where(CadrePost.person.in_(list(person_ids)) & CadrePost.ended_on.is_null())
        for post in posts:
            if post.started_on and ended_on < post.started_on:
                raise ValidationError(
                    LEAVE_POST,
                    f"“{post.person.name}”的离任日期早于任职时间 {post.started_on}（全部未修改）。",
                )
            post.ended_on = ended_on
            post.save()
            ended.append(str(post.id))
    if not ended:
        raise ValidationError(None, "所选人员都没有现任职务。")
    return LeavePostsChange(ended, ended_on, f"{len(ended)} 人离任（{ended_on.isoformat()}）")
