"""Small idempotent building blocks for schema steps."""

from __future__ import annotations

import peewee


def create_tables(db: peewee.SqliteDatabase, models: list[type[peewee.Model]]) -> None:
    """Create tables and their indexes when missing (safe to run twice)."""
    db.create_tables(models, safe=True)


def has_column(db: peewee.SqliteDatabase, table: str, column: str) -> bool:
    return any(c.name == column for c in db.get_columns(table))


def add_column(db: peewee.SqliteDatabase, model: type[peewee.Model], field_name: str) -> None:
    """Add a model's field as a column unless a half-done earlier upgrade already added it."""
    field = model._meta.fields[field_name]
    table = model._meta.table_name
    if has_column(db, table, field.column_name):
        return
    from playhouse.migrate import SqliteMigrator, migrate

    migrate(SqliteMigrator(db).add_column(table, field.column_name, field))
