"""What the home page shows of the work teams: actions pending after spot checks, members below the days
rule last month, and leave not closed — each as one line a clerk can act on."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from township_desk.services import clock
from township_desk.services.work_teams import SETTING_MIN_DAYS, rule_setting
from township_desk.services.work_teams.attendance import members_below_rule
from township_desk.services.work_teams.checks import pending_actions
from township_desk.services.work_teams.leave import leaves_not_closed


@dataclass(frozen=True)
class HomeItem:
    kind: str  # 待谈话 / 待召回 / 在岗不足 / 逾期未销假
    text: str
    member_id: str


def last_month(today: date) -> tuple[int, int]:
    previous = today.replace(day=1) - timedelta(days=1)
    return previous.year, previous.month


def home_items(today: date | None = None) -> list[HomeItem]:
    today = today or clock.today()
    items = [HomeItem(f"待{p.action}", p.text, p.member_id) for p in pending_actions(today)]
    year, month = last_month(today)
    minimum = rule_setting(SETTING_MIN_DAYS)
    for row in members_below_rule(year, month, today):
        items.append(
            HomeItem(
                "在岗不足",
                f"{row.village} {row.name}：{year}年{month}月在岗 {row.totals.on_duty} 天，"
                f"应不少于 {row.required} 天（规则每月 {minimum:g} 天）",
                row.member_id,
            )
        )
    for leave in leaves_not_closed(today):
        items.append(
            HomeItem(
                "逾期未销假",
                f"{leave.village} {leave.name}：{leave.kind}{leave.starts_on}至{leave.ends_on}，逾期未销假",
                leave.member_id,
            )
        )
    return items
