"""The base of every stored row: UUID key, created/updated times and soft delete."""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, ClassVar

import peewee

from township_desk.db import database


def new_id() -> str:
    return uuid.uuid4().hex


def utc_now() -> datetime:
    """Timestamps are UTC so that edits from different townships compare correctly."""
    return datetime.now(UTC).replace(tzinfo=None)


class BaseModel(peewee.Model):
    """A row with a UUID key, created/updated times and a recycle-bin mark (deleted_at)."""

    id = peewee.CharField(primary_key=True, max_length=32, default=new_id)
    created_at = peewee.DateTimeField(default=utc_now, verbose_name="创建时间")
    updated_at = peewee.DateTimeField(default=utc_now, index=True, verbose_name="修改时间")
    deleted_at = peewee.DateTimeField(null=True, index=True, verbose_name="删除时间")
    # The township a row came from in a county database (县级汇总); empty in a township's own file.
    origin_township = peewee.CharField(null=True, index=True, verbose_name="来源乡镇")

    # The Chinese name of the table, for reports such as `check`.
    TABLE_LABEL: ClassVar[str] = ""
    # The Chinese name of one row of this kind, shown in the recycle bin; None keeps it out.
    KIND_LABEL: ClassVar[str | None] = None

    class Meta:
        database = database
        legacy_table_names = False

    def save(self, *args: Any, **kwargs: Any) -> int:
        self.updated_at = utc_now()
        return int(super().save(*args, **kwargs))

    @classmethod
    def live(cls, *fields: Any) -> peewee.ModelSelect:
        """Rows not in the recycle bin."""
        return cls.select(*fields).where(cls.deleted_at.is_null())

    def describe(self) -> str:
        """One line naming this row for the recycle bin."""
        return str(getattr(self, "name", self.id))


def all_models() -> list[type[BaseModel]]:
    """Every model class of every subject, parents before children (for creating tables)."""
    import township_desk.models as package
    from township_desk.plugins import import_submodules

    import_submodules(package)
    seen: list[type[BaseModel]] = []

    def walk(cls: type[BaseModel]) -> None:
        for sub in cls.__subclasses__():
            if sub not in seen and not getattr(sub._meta, "abstract", False):
                seen.append(sub)
            walk(sub)

    walk(BaseModel)
    return peewee.sort_models(seen)


def insert_rows(model: type[peewee.Model], rows: Sequence[Mapping[str, Any]]) -> int:
    """Insert many rows at once (call inside a transaction).

    Ten times faster than peewee's insert_many for bulk work (imports, demo data): values go through
    each field's db_value, missing keys take the field's default; the rows of one call share one
    created/updated time (utc_now once, not twice per row).
    """
    if not rows:
        return 0
    statement = insert_statement(model, rows)
    with peewee.__exception_wrapper__:  # sqlite3 errors become peewee's, as in every other write
        execute_insert(model._meta.database.cursor(), statement)
    return len(statement.values)


@dataclass(frozen=True)
class InsertStatement:
    """The rows of one insert_rows call, as SQLite receives them."""

    table: str
    columns: str  # quoted, comma-separated
    values: list[tuple[Any, ...]]


STAGED_FROM = 64  # rows: fewer are inserted one by one


@contextmanager
def staging_table(cursor: Any, table: str, columns: str) -> Iterator[str]:
    """A plain TEMP table (no index, no trigger) with the columns, for rows about to be written into `table`
    by one INSERT … SELECT; its name for the statements, and it is dropped after.

    Why: a table with triggers (every data table has the log's; the county's 联系户 tables have their counts')
    makes SQLite copy each page a single-row INSERT touches into a statement journal, twice the cost of the
    insert itself; one statement copies a page once."""
    name = f'"td_stage_{table}"'
    cursor.execute(f"DROP TABLE IF EXISTS temp.{name}")
    cursor.execute(f"CREATE TEMP TABLE {name} ({columns})")
    try:
        yield f"temp.{name}"
    finally:
        cursor.execute(f"DROP TABLE IF EXISTS temp.{name}")


def execute_insert(cursor: Any, statement: InsertStatement) -> None:
    """Write the rows: a few one by one, many through a staging_table."""
    marks = ", ".join("?" for _ in statement.values[0])
    target = f'main."{statement.table}" ({statement.columns})'
    if len(statement.values) < STAGED_FROM:
        cursor.executemany(f"INSERT INTO {target} VALUES ({marks})", statement.values)
        return
    with staging_table(cursor, statement.table, statement.columns) as stage:
        cursor.executemany(f"INSERT INTO {stage} VALUES ({marks})", statement.values)
        cursor.execute(f"INSERT INTO {target} SELECT {statement.columns} FROM {stage}")


def _as_given(field: peewee.Field) -> type | None:
    """For a field whose db_value is peewee's own (which returns None as it is): the type of value it also
    stores as given (str for a text field; NoneType, i.e. nothing more, for others). None for a field with
    a db_value of its own (a foreign key), whose every value goes through it."""
    if type(field).db_value is not peewee.Field.db_value:
        return None
    return str if type(field).adapt is peewee.CharField.adapt else type(None)


def insert_statement(model: type[peewee.Model], rows: Sequence[Mapping[str, Any]]) -> InsertStatement:
    """The rows as insert_rows writes them (bench/ times execute_insert alone as the floor beneath an import)."""
    fields = [model._meta.fields[name] for name in model._meta.sorted_field_names]
    now = utc_now()
    defaults = {field.name: now if field.default is utc_now else field.default for field in fields}
    plan = [(field.name, field.db_value, _as_given(field), defaults[field.name]) for field in fields]
    values = []
    for row in rows:
        record = []
        for name, db_value, as_given, default in plan:
            if name in row:
                value = row[name]
            else:
                value = default() if callable(default) else default
            given = as_given is not None and (value is None or type(value) is as_given)
            record.append(value if given else db_value(value))
        values.append(tuple(record))
    columns = ", ".join(f'"{field.column_name}"' for field in fields)
    return InsertStatement(model._meta.table_name, columns, values)
