"""Small builders for the 组织生活 tests: meetings saved through the service (branches from the Party-day helpers)."""

from __future__ import annotations

from datetime import date
from typing import Any

from township_desk.services.meetings import records


def meeting_values(branch_id: str, kind: str, held_on: date, **extra: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "kind": kind,
        "branch": branch_id,
        "group": extra.pop("group", ""),
        "held_on": held_on.isoformat(),
        "place": "党员活动室",
        "chair": "王书记",
        "recorder": "李记录",
        "topic": f"{kind}：研究近期工作",
        "record": "传达上级精神，讨论本月工作。",
        "decisions": "一、做好秋收；二、整治环境。",
    }
    values["attendance"] = records.expected_members(branch_id, held_on, values["group"] or None)
    values.update(extra)
    return values


def hold(branch_id: str, kind: str, held_on: date, **extra: Any) -> str:
    return records.save_meeting(None, meeting_values(branch_id, kind, held_on, **extra))
