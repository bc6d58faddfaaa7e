"""Schema 8: a township's own identity, the county's register of townships, issued keys, merge-log columns.

Frozen: explicit SQL as it is at this version (never the models of a later day).

* setting `township_id`: a random identity every township database has from its creation (an existing file
  gets one on upgrade); a county knows each township by it, so a rename is recognised and a copy of another
  township's file is not taken for that township.
* `county_township`: in a county database, each township's name and identity (NULL for files of the
  first versions, which carried none) and when its first file was merged.
* `county_key`: the keys a county issued to townships (Ed25519 public halves), revoked ones kept.
* `merge_log` gains the identity, the signature status and the result of each merged file.
"""

from __future__ import annotations

import peewee

STATEMENTS = (
    """CREATE TABLE IF NOT EXISTS "county_township" (
        "name" VARCHAR(255) NOT NULL PRIMARY KEY,
        "township_id" VARCHAR(32),
        "first_merged_at" VARCHAR(32) NOT NULL DEFAULT '')""",
    'CREATE UNIQUE INDEX IF NOT EXISTS "county_township_township_id" ON "county_township" ("township_id")',
    """CREATE TABLE IF NOT EXISTS "county_key" (
        "key_id" VARCHAR(32) NOT NULL PRIMARY KEY,
        "township" VARCHAR(255) NOT NULL,
        "public_key" VARCHAR(64) NOT NULL,
        "issued_at" VARCHAR(32) NOT NULL,
        "revoked_at" VARCHAR(32))""",
    'CREATE INDEX IF NOT EXISTS "county_key_township" ON "county_key" ("township")',
    'INSERT OR IGNORE INTO "setting" ("key", "value") VALUES (\'township_id\', lower(hex(randomblob(16))))',
)

MERGE_LOG_COLUMNS = (
    ("township_id", "VARCHAR(32) NOT NULL DEFAULT ''"),
    ("signature", "VARCHAR(255) NOT NULL DEFAULT ''"),
    ("result", "VARCHAR(255) NOT NULL DEFAULT ''"),
)


def apply(db: peewee.SqliteDatabase) -> None:
    for statement in STATEMENTS:
        db.execute_sql(statement)
    present = {row[1] for row in db.execute_sql('PRAGMA table_info("merge_log")').fetchall()}
    for name, kind in MERGE_LOG_COLUMNS:
        if name not in present:
            db.execute_sql(f'ALTER TABLE "merge_log" ADD COLUMN "{name}" {kind}')
