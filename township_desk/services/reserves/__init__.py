"""后备干部: the reserve-cadre list and form, appointing a reserve to a post with history, the reserve share.

A package by subject; every name is re-exported here so that callers keep importing from
township_desk.services.reserves.
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
from township_desk.services.listing import (
    Column,
    Filter,
    Listing,
    ListState,
    Row,
    in_listed_order,
)
from township_desk.services.normalize import (
    clean_text,
)
from township_desk.services.people import (
    PERSON_FIELDS,
    age_on,
    clean_person,
    derive_person,
    parse_date_field,
    person_search,
    person_values,
    save_person,
    village_by_name,
    village_names,
    vocab_field,
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
)
from township_desk.services.reserves.appointing import (
    EXPORT_COLUMNS,
    AppointmentEntry,
    ReserveShare,
    _serving_people,
    appoint_reserve,
    appointment_history,
    export_reserves,
    print_reserve_roster,
    reserve_share,
    reserves_summary,
    roster_state,
    status_counts,
)
from township_desk.services.reserves.records import (
    APPOINTED,
    LEFT,
    RESERVE,
    RESERVE_FIELDS,
    RESERVE_FORM,
    TRAINING,
    ReserveListing,
    _appointment_text,
    _live_reserve_of,
    load_reserve,
    programme_label,
    save_reserve,
)
from township_desk.services.settings import (
    get_setting,
    report_context,
)

__all__ = [
    "APPOINTED",
    "AppointmentEntry",
    "EXPORT_COLUMNS",
    "LEFT",
    "RESERVE",
    "RESERVE_FIELDS",
    "RESERVE_FORM",
    "ReserveListing",
    "ReserveShare",
    "TRAINING",
    "_appointment_text",
    "_live_reserve_of",
    "_serving_people",
    "appoint_reserve",
    "appointment_history",
    "export_reserves",
    "load_reserve",
    "print_reserve_roster",
    "programme_label",
    "reserve_share",
    "reserves_summary",
    "roster_state",
    "save_reserve",
    "status_counts",
    "clock",
    "vocab",
    "write_workbook",
    "Column",
    "Filter",
    "Listing",
    "ListState",
    "Row",
    "in_listed_order",
    "clean_text",
    "PERSON_FIELDS",
    "age_on",
    "clean_person",
    "derive_person",
    "parse_date_field",
    "person_search",
    "person_values",
    "save_person",
    "village_by_name",
    "village_names",
    "vocab_field",
    "Progress",
    "no_progress",
    "Field",
    "FormSpec",
    "Section",
    "ValidationError",
    "Values",
    "get_setting",
    "report_context",
]
