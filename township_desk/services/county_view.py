"""What the county clerk reads of a county database: the merge log (文件 ▸ 合并记录) and each row's last
arrival (最近报送), times in Beijing time."""

from __future__ import annotations

from dataclasses import dataclass, field

from township_desk.models.exchange import MergeLog
from township_desk.services import county_trust
from township_desk.services.county_checks import UNSIGNED
from township_desk.services.county_trust import beijing


@dataclass(frozen=True)
class MergeRecord:
    """One merged file as the county clerk reads it (文件 ▸ 合并记录), times in Beijing time."""

    file_name: str
    township: str
    exported_at: str
    merged_at: str
    rows_changed: int
    signature: str
    result: str


def merge_history() -> list[MergeRecord]:
    """Every file merged into the open county database, newest first."""
    query = MergeLog.select().order_by(MergeLog.merged_at.desc(), MergeLog.file_name)
    return [
        MergeRecord(
            str(r.file_name),
            str(r.township),
            beijing(str(r.exported_at)),
            beijing(str(r.merged_at)),
            int(r.rows_changed),
            str(r.signature or UNSIGNED),
            str(r.result or "已合并"),
        )
        for r in query
    ]


@dataclass
class Arrivals:
    """When a county row last arrived: the first merge of a file of its township exported after the row's
    last edit (the file that brought this version). Empty for a row edited in the county itself."""

    files: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # township → (exported, merged)

    def of(self, township: str | None, updated_at: object) -> str:
        edited = str(updated_at or "")[:19]
        merged = [m for exported, m in self.files.get(township or "", []) if exported >= edited]
        return beijing(min(merged)) if merged and edited else ""


def arrivals() -> Arrivals:
    """The open county database's merge log, arranged to tell each row when it last arrived."""
    found = Arrivals()
    for township, exported, merged in MergeLog.select(
        MergeLog.township, MergeLog.exported_at, MergeLog.merged_at
    ).tuples():
        when = county_trust.exported_at({"exported_at": exported})
        if when is None:
            continue
        text = (when + county_trust.SLACK).strftime("%Y-%m-%d %H:%M:%S")
        found.files.setdefault(str(township), []).append((text, str(merged)))
    return found
