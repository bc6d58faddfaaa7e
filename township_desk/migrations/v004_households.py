"""Schema 4: households paired with Party members, their visits, companions and matters, with indexes and
triggers.

Frozen: the DDL as the code at commit 8368389 created it (statements made idempotent). Never edit a released
step; a change of schema is a new step.
"""

from __future__ import annotations

import peewee

from township_desk.migrations.helpers import run_all

# This step first shipped in a release whose files were already at schema 6 (steps were numbered by subject,
# not by release), so a file at schema 6 or below may lack it: db.py runs it again there (it is idempotent).
SHIPPED_WITH = 6

STATEMENTS = (
    """CREATE TABLE IF NOT EXISTS "household" (
    "id" VARCHAR(32) NOT NULL PRIMARY KEY,
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME NOT NULL,
    "deleted_at" DATETIME,
    "origin_township" VARCHAR(255),
    "head_id" VARCHAR(32) NOT NULL,
    "village_id" VARCHAR(32),
    "group_name" VARCHAR(255) NOT NULL,
    "address" VARCHAR(255) NOT NULL,
    "member_count" INTEGER,
    "members" TEXT NOT NULL,
    "category" VARCHAR(255) NOT NULL,
    "notes" TEXT NOT NULL,
    "head_name" VARCHAR(255) NOT NULL,
    "head_initials" VARCHAR(255) NOT NULL,
    "head_pinyin" VARCHAR(255) NOT NULL,
    "head_id_number" VARCHAR(255) NOT NULL,
    "head_phone" VARCHAR(255) NOT NULL,
    "village_order" INTEGER NOT NULL,
    "last_visit_on" DATE,
    "visit_count" INTEGER NOT NULL,
    "open_matters" INTEGER NOT NULL,
    "pairing_count" INTEGER NOT NULL,
    FOREIGN KEY ("head_id") REFERENCES "person" ("id"),
    FOREIGN KEY ("village_id") REFERENCES "village" ("id")
)""",
    """CREATE TABLE IF NOT EXISTS "household_pairing" (
    "id" VARCHAR(32) NOT NULL PRIMARY KEY,
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME NOT NULL,
    "deleted_at" DATETIME,
    "origin_township" VARCHAR(255),
    "member_id" VARCHAR(32) NOT NULL,
    "household_id" VARCHAR(32) NOT NULL,
    "started_on" DATE,
    "ended_on" DATE,
    "notes" TEXT NOT NULL,
    "last_visit_on" DATE,
    FOREIGN KEY ("member_id") REFERENCES "person" ("id"),
    FOREIGN KEY ("household_id") REFERENCES "household" ("id")
)""",
    """CREATE TABLE IF NOT EXISTS "household_visit" (
    "id" VARCHAR(32) NOT NULL PRIMARY KEY,
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME NOT NULL,
    "deleted_at" DATETIME,
    "origin_township" VARCHAR(255),
    "household_id" VARCHAR(32) NOT NULL,
    "visited_on" DATE NOT NULL,
    "visitor_id" VARCHAR(32) NOT NULL,
    "form" VARCHAR(255) NOT NULL,
    "items" INTEGER NOT NULL,
    "situation" TEXT NOT NULL,
    "other_visitors" VARCHAR(255) NOT NULL,
    FOREIGN KEY ("household_id") REFERENCES "household" ("id"),
    FOREIGN KEY ("visitor_id") REFERENCES "person" ("id")
)""",
    """CREATE TABLE IF NOT EXISTS "household_visitor" (
    "id" VARCHAR(32) NOT NULL PRIMARY KEY,
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME NOT NULL,
    "deleted_at" DATETIME,
    "origin_township" VARCHAR(255),
    "visit_id" VARCHAR(32) NOT NULL,
    "person_id" VARCHAR(32) NOT NULL,
    FOREIGN KEY ("visit_id") REFERENCES "household_visit" ("id"),
    FOREIGN KEY ("person_id") REFERENCES "person" ("id")
)""",
    """CREATE TABLE IF NOT EXISTS "household_matter" (
    "id" VARCHAR(32) NOT NULL PRIMARY KEY,
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME NOT NULL,
    "deleted_at" DATETIME,
    "origin_township" VARCHAR(255),
    "household_id" VARCHAR(32) NOT NULL,
    "visit_id" VARCHAR(32),
    "raised_on" DATE NOT NULL,
    "content" TEXT NOT NULL,
    "status" VARCHAR(255) NOT NULL,
    "responsible" VARCHAR(255) NOT NULL,
    "resolution" TEXT NOT NULL,
    "resolved_on" DATE,
    FOREIGN KEY ("household_id") REFERENCES "household" ("id"),
    FOREIGN KEY ("visit_id") REFERENCES "household_visit" ("id")
)""",
    'CREATE INDEX IF NOT EXISTS "household_updated_at" ON "household" ("updated_at")',
    'CREATE INDEX IF NOT EXISTS "household_deleted_at" ON "household" ("deleted_at")',
    'CREATE INDEX IF NOT EXISTS "household_origin_township" ON "household" ("origin_township")',
    'CREATE INDEX IF NOT EXISTS "household_head_id" ON "household" ("head_id")',
    'CREATE INDEX IF NOT EXISTS "household_village_id" ON "household" ("village_id")',
    'CREATE INDEX IF NOT EXISTS "household_head_pinyin" ON "household" ("head_pinyin")',
    'CREATE INDEX IF NOT EXISTS "household_head_phone" ON "household" ("head_phone")',
    'CREATE INDEX IF NOT EXISTS "household_pairing_count" ON "household" ("pairing_count")',
    """CREATE INDEX IF NOT EXISTS "household_list_order" ON "household" ("village_order", CAST("group_name" AS INTEGER), "head_pinyin")""",
    """CREATE INDEX IF NOT EXISTS "household_group_order" ON "household" (CAST("group_name" AS INTEGER), "village_order", CAST("group_name" AS INTEGER), "head_pinyin")""",
    """CREATE INDEX IF NOT EXISTS "household_category_order" ON "household" ("category", "village_order", CAST("group_name" AS INTEGER), "head_pinyin")""",
    """CREATE INDEX IF NOT EXISTS "household_member_count_order" ON "household" ("member_count", "village_order", CAST("group_name" AS INTEGER), "head_pinyin")""",
    """CREATE INDEX IF NOT EXISTS "household_last_visit_on_order" ON "household" ("last_visit_on", "village_order", CAST("group_name" AS INTEGER), "head_pinyin")""",
    """CREATE INDEX IF NOT EXISTS "household_visit_count_order" ON "household" ("visit_count", "village_order", CAST("group_name" AS INTEGER), "head_pinyin")""",
    """CREATE INDEX IF NOT EXISTS "household_open_matters_order" ON "household" ("open_matters", "village_order", CAST("group_name" AS INTEGER), "head_pinyin")""",
    """CREATE INDEX IF NOT EXISTS "household_search" ON "household" ("head_name", "head_initials", "head_pinyin", "head_id_number", "head_phone", "deleted_at")""",
    'CREATE INDEX IF NOT EXISTS "household_pairing_updated_at" ON "household_pairing" ("updated_at")',
    'CREATE INDEX IF NOT EXISTS "household_pairing_deleted_at" ON "household_pairing" ("deleted_at")',
    """CREATE INDEX IF NOT EXISTS "household_pairing_origin_township" ON "household_pairing" ("origin_township")""",
    'CREATE INDEX IF NOT EXISTS "household_pairing_member_id" ON "household_pairing" ("member_id")',
    'CREATE INDEX IF NOT EXISTS "household_pairing_household_id" ON "household_pairing" ("household_id")',
    """CREATE INDEX IF NOT EXISTS "household_pairing_ended_on_last_visit_on" ON "household_pairing" ("ended_on", "last_visit_on")""",
    'CREATE INDEX IF NOT EXISTS "household_visit_updated_at" ON "household_visit" ("updated_at")',
    'CREATE INDEX IF NOT EXISTS "household_visit_deleted_at" ON "household_visit" ("deleted_at")',
    'CREATE INDEX IF NOT EXISTS "household_visit_origin_township" ON "household_visit" ("origin_township")',
    'CREATE INDEX IF NOT EXISTS "household_visit_visited_on" ON "household_visit" ("visited_on")',
    """CREATE INDEX IF NOT EXISTS "household_visit_household_id_visited_on" ON "household_visit" ("household_id", "visited_on")""",
    """CREATE INDEX IF NOT EXISTS "household_visit_visitor_id_visited_on" ON "household_visit" ("visitor_id", "visited_on")""",
    'CREATE INDEX IF NOT EXISTS "household_visitor_updated_at" ON "household_visitor" ("updated_at")',
    'CREATE INDEX IF NOT EXISTS "household_visitor_deleted_at" ON "household_visitor" ("deleted_at")',
    """CREATE INDEX IF NOT EXISTS "household_visitor_origin_township" ON "household_visitor" ("origin_township")""",
    'CREATE INDEX IF NOT EXISTS "household_visitor_person_id" ON "household_visitor" ("person_id")',
    """CREATE INDEX IF NOT EXISTS "household_visitor_visit_id_person_id" ON "household_visitor" ("visit_id", "person_id")""",
    'CREATE INDEX IF NOT EXISTS "household_matter_updated_at" ON "household_matter" ("updated_at")',
    'CREATE INDEX IF NOT EXISTS "household_matter_deleted_at" ON "household_matter" ("deleted_at")',
    'CREATE INDEX IF NOT EXISTS "household_matter_origin_township" ON "household_matter" ("origin_township")',
    'CREATE INDEX IF NOT EXISTS "household_matter_household_id" ON "household_matter" ("household_id")',
    'CREATE INDEX IF NOT EXISTS "household_matter_visit_id" ON "household_matter" ("visit_id")',
    'CREATE INDEX IF NOT EXISTS "household_matter_raised_on" ON "household_matter" ("raised_on")',
    """CREATE INDEX IF NOT EXISTS "household_matter_status_raised_on" ON "household_matter" ("status", "raised_on")""",
    """CREATE TRIGGER IF NOT EXISTS "household_ai" AFTER INSERT ON household BEGIN
    UPDATE household SET
      head_name = coalesce((SELECT name FROM person WHERE id = household.head_id), ''),
      head_initials = coalesce((SELECT initials FROM person WHERE id = household.head_id), ''),
      head_pinyin = coalesce((SELECT pinyin FROM person WHERE id = household.head_id), ''),
      head_id_number = coalesce((SELECT id_number FROM person WHERE id = household.head_id), ''),
      head_phone = coalesce((SELECT phone FROM person WHERE id = household.head_id), ''),
      village_order = coalesce((SELECT sort_order FROM village WHERE id = household.village_id), 0)
    WHERE id = NEW.id;
    UPDATE household SET
      last_visit_on = (SELECT MAX(visited_on) FROM household_visit v
                       WHERE v.household_id = household.id AND v.deleted_at IS NULL),
      visit_count = (SELECT COUNT(*) FROM household_visit v
                     WHERE v.household_id = household.id AND v.deleted_at IS NULL)
    WHERE id = NEW.id;
    UPDATE household SET
      open_matters = (SELECT COUNT(*) FROM household_matter m WHERE m.household_id = household.id
                      AND m.deleted_at IS NULL AND m.status != '已办结')
    WHERE id = NEW.id;
    UPDATE household SET
      pairing_count = (SELECT COUNT(*) FROM household_pairing p WHERE p.household_id = household.id
                       AND p.deleted_at IS NULL AND p.ended_on IS NULL)
    WHERE id = NEW.id; END""",
    """CREATE TRIGGER IF NOT EXISTS "household_au" AFTER UPDATE OF head_id, village_id ON household BEGIN
    UPDATE household SET
      head_name = coalesce((SELECT name FROM person WHERE id = household.head_id), ''),
      head_initials = coalesce((SELECT initials FROM person WHERE id = household.head_id), ''),
      head_pinyin = coalesce((SELECT pinyin FROM person WHERE id = household.head_id), ''),
      head_id_number = coalesce((SELECT id_number FROM person WHERE id = household.head_id), ''),
      head_phone = coalesce((SELECT phone FROM person WHERE id = household.head_id), ''),
      village_order = coalesce((SELECT sort_order FROM village WHERE id = household.village_id), 0)
    WHERE id = NEW.id;
    UPDATE household SET
      last_visit_on = (SELECT MAX(visited_on) FROM household_visit v
                       WHERE v.household_id = household.id AND v.deleted_at IS NULL),
      visit_count = (SELECT COUNT(*) FROM household_visit v
                     WHERE v.household_id = household.id AND v.deleted_at IS NULL)
    WHERE id = NEW.id;
    UPDATE household SET
      open_matters = (SELECT COUNT(*) FROM household_matter m WHERE m.household_id = household.id
                      AND m.deleted_at IS NULL AND m.status != '已办结')
    WHERE id = NEW.id;
    UPDATE household SET
      pairing_count = (SELECT COUNT(*) FROM household_pairing p WHERE p.household_id = household.id
                       AND p.deleted_at IS NULL AND p.ended_on IS NULL)
    WHERE id = NEW.id; END""",
    """CREATE TRIGGER IF NOT EXISTS "household_person_au" AFTER UPDATE OF name, initials, pinyin, id_number, phone ON person BEGIN
    UPDATE household SET
      head_name = coalesce((SELECT name FROM person WHERE id = household.head_id), ''),
      head_initials = coalesce((SELECT initials FROM person WHERE id = household.head_id), ''),
      head_pinyin = coalesce((SELECT pinyin FROM person WHERE id = household.head_id), ''),
      head_id_number = coalesce((SELECT id_number FROM person WHERE id = household.head_id), ''),
      head_phone = coalesce((SELECT phone FROM person WHERE id = household.head_id), ''),
      village_order = coalesce((SELECT sort_order FROM village WHERE id = household.village_id), 0)
    WHERE head_id = NEW.id; END""",
    """CREATE TRIGGER IF NOT EXISTS "household_village_au" AFTER UPDATE OF sort_order ON village BEGIN
    UPDATE household SET
      head_name = coalesce((SELECT name FROM person WHERE id = household.head_id), ''),
      head_initials = coalesce((SELECT initials FROM person WHERE id = household.head_id), ''),
      head_pinyin = coalesce((SELECT pinyin FROM person WHERE id = household.head_id), ''),
      head_id_number = coalesce((SELECT id_number FROM person WHERE id = household.head_id), ''),
      head_phone = coalesce((SELECT phone FROM person WHERE id = household.head_id), ''),
      village_order = coalesce((SELECT sort_order FROM village WHERE id = household.village_id), 0)
    WHERE village_id = NEW.id; END""",
    """CREATE TRIGGER IF NOT EXISTS "household_visit_ai" AFTER INSERT ON household_visit BEGIN
    UPDATE household SET
      last_visit_on = (SELECT MAX(visited_on) FROM household_visit v
                       WHERE v.household_id = household.id AND v.deleted_at IS NULL),
      visit_count = (SELECT COUNT(*) FROM household_visit v
                     WHERE v.household_id = household.id AND v.deleted_at IS NULL)
    WHERE id = NEW.household_id;
    UPDATE household_pairing SET last_visit_on = (
      SELECT MAX(v.visited_on) FROM household_visit v
      WHERE v.household_id = household_pairing.household_id AND v.deleted_at IS NULL
        AND (v.visitor_id = household_pairing.member_id OR EXISTS (
             SELECT 1 FROM household_visitor c WHERE c.visit_id = v.id
               AND c.person_id = household_pairing.member_id AND c.deleted_at IS NULL)))
    WHERE household_id = NEW.household_id; END""",
    """CREATE TRIGGER IF NOT EXISTS "household_visit_au" AFTER UPDATE OF visited_on, deleted_at, household_id, visitor_id ON household_visit BEGIN
    UPDATE household SET
      last_visit_on = (SELECT MAX(visited_on) FROM household_visit v
                       WHERE v.household_id = household.id AND v.deleted_at IS NULL),
      visit_count = (SELECT COUNT(*) FROM household_visit v
                     WHERE v.household_id = household.id AND v.deleted_at IS NULL)
    WHERE id IN (NEW.household_id, OLD.household_id);
    UPDATE household_pairing SET last_visit_on = (
      SELECT MAX(v.visited_on) FROM household_visit v
      WHERE v.household_id = household_pairing.household_id AND v.deleted_at IS NULL
        AND (v.visitor_id = household_pairing.member_id OR EXISTS (
             SELECT 1 FROM household_visitor c WHERE c.visit_id = v.id
               AND c.person_id = household_pairing.member_id AND c.deleted_at IS NULL)))
    WHERE household_id IN (NEW.household_id, OLD.household_id); END""",
    """CREATE TRIGGER IF NOT EXISTS "household_visit_ad" AFTER DELETE ON household_visit BEGIN
    UPDATE household SET
      last_visit_on = (SELECT MAX(visited_on) FROM household_visit v
                       WHERE v.household_id = household.id AND v.deleted_at IS NULL),
      visit_count = (SELECT COUNT(*) FROM household_visit v
                     WHERE v.household_id = household.id AND v.deleted_at IS NULL)
    WHERE id = OLD.household_id;
    UPDATE household_pairing SET last_visit_on = (
      SELECT MAX(v.visited_on) FROM household_visit v
      WHERE v.household_id = household_pairing.household_id AND v.deleted_at IS NULL
        AND (v.visitor_id = household_pairing.member_id OR EXISTS (
             SELECT 1 FROM household_visitor c WHERE c.visit_id = v.id
               AND c.person_id = household_pairing.member_id AND c.deleted_at IS NULL)))
    WHERE household_id = OLD.household_id; END""",
    """CREATE TRIGGER IF NOT EXISTS "household_visitor_ai" AFTER INSERT ON household_visitor BEGIN
    UPDATE household_pairing SET last_visit_on = (
      SELECT MAX(v.visited_on) FROM household_visit v
      WHERE v.household_id = household_pairing.household_id AND v.deleted_at IS NULL
        AND (v.visitor_id = household_pairing.member_id OR EXISTS (
             SELECT 1 FROM household_visitor c WHERE c.visit_id = v.id
               AND c.person_id = household_pairing.member_id AND c.deleted_at IS NULL)))
    WHERE household_id = (SELECT household_id FROM household_visit WHERE id = NEW.visit_id); END""",
    """CREATE TRIGGER IF NOT EXISTS "household_visitor_au" AFTER UPDATE ON household_visitor BEGIN
    UPDATE household_pairing SET last_visit_on = (
      SELECT MAX(v.visited_on) FROM household_visit v
      WHERE v.household_id = household_pairing.household_id AND v.deleted_at IS NULL
        AND (v.visitor_id = household_pairing.member_id OR EXISTS (
             SELECT 1 FROM household_visitor c WHERE c.visit_id = v.id
               AND c.person_id = household_pairing.member_id AND c.deleted_at IS NULL)))
    WHERE household_id = (SELECT household_id FROM household_visit WHERE id = NEW.visit_id);
    UPDATE household_pairing SET last_visit_on = (
      SELECT MAX(v.visited_on) FROM household_visit v
      WHERE v.household_id = household_pairing.household_id AND v.deleted_at IS NULL
        AND (v.visitor_id = household_pairing.member_id OR EXISTS (
             SELECT 1 FROM household_visitor c WHERE c.visit_id = v.id
               AND c.person_id = household_pairing.member_id AND c.deleted_at IS NULL)))
    WHERE household_id = (SELECT household_id FROM household_visit WHERE id = OLD.visit_id); END""",
    """CREATE TRIGGER IF NOT EXISTS "household_visitor_ad" AFTER DELETE ON household_visitor BEGIN
    UPDATE household_pairing SET last_visit_on = (
      SELECT MAX(v.visited_on) FROM household_visit v
      WHERE v.household_id = household_pairing.household_id AND v.deleted_at IS NULL
        AND (v.visitor_id = household_pairing.member_id OR EXISTS (
             SELECT 1 FROM household_visitor c WHERE c.visit_id = v.id
               AND c.person_id = household_pairing.member_id AND c.deleted_at IS NULL)))
    WHERE household_id = (SELECT household_id FROM household_visit WHERE id = OLD.visit_id); END""",
    """CREATE TRIGGER IF NOT EXISTS "household_matter_ai" AFTER INSERT ON household_matter BEGIN
    UPDATE household SET
      open_matters = (SELECT COUNT(*) FROM household_matter m WHERE m.household_id = household.id
                      AND m.deleted_at IS NULL AND m.status != '已办结')
    WHERE id = NEW.household_id; END""",
    """CREATE TRIGGER IF NOT EXISTS "household_matter_au" AFTER UPDATE OF status, deleted_at, household_id ON household_matter BEGIN
    UPDATE household SET
      open_matters = (SELECT COUNT(*) FROM household_matter m WHERE m.household_id = household.id
                      AND m.deleted_at IS NULL AND m.status != '已办结')
    WHERE id IN (NEW.household_id, OLD.household_id); END""",
    """CREATE TRIGGER IF NOT EXISTS "household_matter_ad" AFTER DELETE ON household_matter BEGIN
    UPDATE household SET
      open_matters = (SELECT COUNT(*) FROM household_matter m WHERE m.household_id = household.id
                      AND m.deleted_at IS NULL AND m.status != '已办结')
    WHERE id = OLD.household_id; END""",
    """CREATE TRIGGER IF NOT EXISTS "household_pairing_ai" AFTER INSERT ON household_pairing BEGIN
    UPDATE household_pairing SET last_visit_on = (
      SELECT MAX(v.visited_on) FROM household_visit v
      WHERE v.household_id = household_pairing.household_id AND v.deleted_at IS NULL
        AND (v.visitor_id = household_pairing.member_id OR EXISTS (
             SELECT 1 FROM household_visitor c WHERE c.visit_id = v.id
               AND c.person_id = household_pairing.member_id AND c.deleted_at IS NULL)))
    WHERE id = NEW.id;
    UPDATE household SET
      pairing_count = (SELECT COUNT(*) FROM household_pairing p WHERE p.household_id = household.id
                       AND p.deleted_at IS NULL AND p.ended_on IS NULL)
    WHERE id = NEW.household_id; END""",
    """CREATE TRIGGER IF NOT EXISTS "household_pairing_au" AFTER UPDATE OF household_id, member_id, deleted_at, ended_on, last_visit_on ON household_pairing BEGIN
    UPDATE household_pairing SET last_visit_on = (
      SELECT MAX(v.visited_on) FROM household_visit v
      WHERE v.household_id = household_pairing.household_id AND v.deleted_at IS NULL
        AND (v.visitor_id = household_pairing.member_id OR EXISTS (
             SELECT 1 FROM household_visitor c WHERE c.visit_id = v.id
               AND c.person_id = household_pairing.member_id AND c.deleted_at IS NULL)))
    WHERE id = NEW.id;
    UPDATE household SET
      pairing_count = (SELECT COUNT(*) FROM household_pairing p WHERE p.household_id = household.id
                       AND p.deleted_at IS NULL AND p.ended_on IS NULL)
    WHERE id IN (NEW.household_id, OLD.household_id); END""",
    """CREATE TRIGGER IF NOT EXISTS "household_pairing_ad" AFTER DELETE ON household_pairing BEGIN
    UPDATE household SET
      pairing_count = (SELECT COUNT(*) FROM household_pairing p WHERE p.household_id = household.id
                       AND p.deleted_at IS NULL AND p.ended_on IS NULL)
    WHERE id = OLD.household_id; END""",
)


def apply(db: peewee.SqliteDatabase) -> None:
    run_all(db, STATEMENTS)
