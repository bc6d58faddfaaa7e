"""Visits to households and the matters raised (诉求): forms, overdue lists, the visit ledger, the 五个到户登记表.

A package by subject; every name is re-exported here so that callers keep importing from
township_desk.services.visits.
"""

from __future__ import annotations

# Names the flat module exposed by importing them: callers may still read them from here.
from township_desk.services import (
    clock,
    vocab,
)
from township_desk.services.excel_export import (
    write_workbook,
)
from township_desk.services.households import (
    find_person,
    live,
    member_options,
    overdue_cutoff,
    plain,
    stale_cutoff,
)
from township_desk.services.listing import (
    Column,
    Listing,
    ListState,
    Row,
)
from township_desk.services.normalize import (
    clean_text,
)
from township_desk.services.people import (
    parse_date_field,
    village_names,
)
from township_desk.services.progress import (
    Progress,
    no_progress,
)
from township_desk.services.records import (
    Field,
    FormSpec,
    Section,
    ValidationError,
    Values,
    require,
)
from township_desk.services.settings import (
    report_context,
)
from township_desk.services.visits.overdue import (
    OverduePairingListing,
    StaleMatterListing,
    _days_since,
    _of_village,
    _rowid,
    overdue_counts,
)
from township_desk.services.visits.paper import (
    VISIT_EXPORT_COLUMNS,
    LedgerQuery,
    _ledger_row,
    _ledger_select,
    export_visits,
    find_household,
    household_card,
    ledger_count,
    ledger_rows,
    print_household_card,
    print_visit_ledger,
)
from township_desk.services.visits.records import (
    DONE,
    ITEM_BITS,
    ITEM_SHORT,
    OPEN_STATUSES,
    RESPONSIBLE_UNITS,
    _as_date,
    _companion,
    _companion_names,
    _date_text,
    _person,
    _responsible_choices,
    _visit_matters,
    _visit_options,
    current_members,
    derive_matter,
    item_key,
    item_labels,
    load_matter,
    load_visit,
    matter_form,
    matter_rows,
    save_matter,
    save_visit,
    set_matter_status,
    visit_form,
    visit_rows,
    visitors_text,
)

__all__ = [
    "DONE",
    "ITEM_BITS",
    "ITEM_SHORT",
    "LedgerQuery",
    "OPEN_STATUSES",
    "OverduePairingListing",
    "RESPONSIBLE_UNITS",
    "StaleMatterListing",
    "VISIT_EXPORT_COLUMNS",
    "_as_date",
    "_companion",
    "_companion_names",
    "_date_text",
    "_days_since",
    "_ledger_row",
    "_ledger_select",
    "_of_village",
    "_person",
    "_responsible_choices",
    "_rowid",
    "_visit_matters",
    "_visit_options",
    "current_members",
    "derive_matter",
    "export_visits",
    "find_household",
    "household_card",
    "item_key",
    "item_labels",
    "ledger_count",
    "ledger_rows",
    "load_matter",
    "load_visit",
    "matter_form",
    "matter_rows",
    "overdue_counts",
    "print_household_card",
    "print_visit_ledger",
    "save_matter",
    "save_visit",
    "set_matter_status",
    "visit_form",
    "visit_rows",
    "visitors_text",
    "clock",
    "vocab",
    "write_workbook",
    "find_person",
    "live",
    "member_options",
    "overdue_cutoff",
    "plain",
    "stale_cutoff",
    "Column",
    "Listing",
    "ListState",
    "Row",
    "clean_text",
    "parse_date_field",
    "village_names",
    "Progress",
    "no_progress",
    "Field",
    "FormSpec",
    "Section",
    "ValidationError",
    "Values",
    "require",
    "report_context",
]
