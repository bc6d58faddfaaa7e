"""`township-desk --db F import reserves FILE`: the office's 后备干部 list."""

from __future__ import annotations

from township_desk.commands.registry import ImportCommand, register_import
from township_desk.services.reserves.importing import COLUMNS, apply_reserve_import, plan_reserve_import

register_import(
    "reserves",
    ImportCommand(
        "后备干部名单（.xlsx .xls .et .ods .csv）", plan_reserve_import, apply_reserve_import, columns=COLUMNS
    ),
)
