"""Small idempotent building blocks for schema steps.

A step states its own SQL (run_all, add_column_sql): create_tables and add_column read today's models, so
they suit no released step and are kept only for old callers.
"""

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


def run_all(db: peewee.SqliteDatabase, statements: tuple[str, ...]) -> None:
    """Run a frozen step's statements in order (each written IF NOT EXISTS, so a step can run twice)."""
    for statement in statements:
        db.execute_sql(statement)


def add_column_sql(db: peewee.SqliteDatabase, table: str, column: str, definition: str) -> None:
    """ALTER TABLE … ADD COLUMN with the column's frozen definition, unless the column is already there."""
    if not has_column(db, table, column):
        db.execute_sql(f'ALTER TABLE "{table}" ADD COLUMN "{column}" {definition}')
