"""后备干部: the reserve-cadre list and form, appointing a reserve to a post with history, the reserve share.

A package by subject; every name is re-exported here so that callers keep importing from
township_desk.services.reserves.
"""

from __future__ import annotations

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
]
