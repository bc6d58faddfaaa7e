"""`township-desk --db F import branch-members FILE`: Party members by branch (党员名册)."""

from __future__ import annotations

from township_desk.commands.registry import ImportCommand, register_import
from township_desk.services.party_branches.importing import COLUMNS, apply_member_import, plan_member_import

register_import(
    "branch-members",
    ImportCommand(
        "党员名册（按党支部，.xlsx .xls .et .ods .csv）",
        plan_member_import,
        apply_member_import,
        columns=COLUMNS,
    ),
)
