"""统计: the structure of the cadre force on any date against the targets the county checks.

groups.py     who is counted (a registry other subjects add to, e.g. 第一书记)
structure.py  the figures of each group by village / township, counted in SQL on a date
targets.py    the targets (stored in settings), their values and the villages that miss them
report.py     one report (optionally beside a second date) and its tables
output.py     the workbook, the PDF and the terminal text
"""

from township_desk.services.statistics.groups import GROUPS, Group, register_group
from township_desk.services.statistics.report import Report, Table, compute, tables
from township_desk.services.statistics.targets import (
    TARGETS,
    Target,
    register_target,
    set_target_value,
    target_value,
)

__all__ = [
    "GROUPS",
    "TARGETS",
    "Group",
    "Report",
    "Table",
    "Target",
    "compute",
    "register_group",
    "register_target",
    "set_target_value",
    "tables",
    "target_value",
]
