"""`township-desk --db F import mentoring-pairs FILE`: 导师帮带 pairs."""

from __future__ import annotations

from township_desk.commands.registry import ImportCommand, register_import
from township_desk.services.mentoring.importing import COLUMNS, apply_pair_import, plan_pair_import

register_import(
    "mentoring-pairs",
    ImportCommand(
        "导师帮带结对名单（.xlsx .xls .et .ods .csv）", plan_pair_import, apply_pair_import, columns=COLUMNS
    ),
)
