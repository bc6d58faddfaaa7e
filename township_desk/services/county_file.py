"""Whether the open database is a county database (县级汇总) and which townships were merged into it.

The window asks this at every start (the township filter, the county menu entries); it lives apart from
services.merge and services.exchange, which re-export it, so that asking does not import the merging and
sealing machinery (county keys, cryptography).
"""

from __future__ import annotations

from township_desk.models.exchange import MergeLog
from township_desk.services.settings import get_setting

KIND_KEY = "database_kind"  # setting: "county" in a county database (县级汇总)
COUNTY = "county"


def is_county_database() -> bool:
    """Whether the open database is a county database (县级汇总)."""
    return get_setting(KIND_KEY) == COUNTY


def merged_townships() -> list[str]:
    """The townships whose files were merged into the open county database, by name."""
    query = MergeLog.select(MergeLog.township).distinct().order_by(MergeLog.township)
    return [str(t) for (t,) in query.tuples() if t]
