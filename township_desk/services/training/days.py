"""Days of training per person per year, in SQL, and who is short of the yearly rule.

How days are counted (the rule the clerk reads in docs/training.md):
- A course's days are spread evenly over its calendar dates, start to end inclusive; a person's attended
  days are spread the same way. A course that spans the new year (a 冬春训 from 15 December to 15 January,
  a degree course over two years) thus counts in the year of each date.
- Each year's share is rounded to half days by cumulative rounding: the share of year Y is
  R(a·c(Y)/n) − R(a·c(Y−1)/n), where a is the days attended, n the course's calendar days, c(Y) the course's
  calendar days up to 31 December of Y and R rounding to the nearest half day (halves up). The shares are
  multiples of half a day and always add up to the days attended; a course inside one year counts whole.
- Days attended count whether or not the person completed the course (completion is shown apart).
- The rule counts serving village cadres (posts held on the reference date) and reserve cadres in training;
  each group's days come from the settings (12 by default); a person in several groups must reach the
  largest. For a past year the reference date is 31 December of that year, for this year it is today.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from township_desk.db import database
from township_desk.services import clock
from township_desk.services.training.terms import (
    NEW_CADRES,
    RESERVES,
    SECRETARIES,
    VILLAGE_CADRES,
    format_days,
    required_days,
)

_NUDGE = "1e-9"  # a·c/n computed in binary may land a hair below a quarter day


def _cumulative(until: str) -> str:
    """SQL: the course's calendar days from its start up to the date parameter `until` (0..n)."""
    return (
        f"MAX(0, MIN(julianday(c.end_on) - julianday(c.start_on) + 1, "
        f"julianday(MIN(c.end_on, {until})) - julianday(c.start_on) + 1))"
    )


def _half(expr: str) -> str:
    return f"(ROUND(2 * ({expr}) + {_NUDGE}) / 2.0)"


def share_sql() -> str:
    """SQL for the share of an attendance row `a` of course `c` in the year whose last day is parameter
    :year_end and whose previous year's last day is :before."""
    total = "(julianday(c.end_on) - julianday(c.start_on) + 1)"
    through_year = _half("a.days * " + _cumulative(":year_end") + " / " + total)
    through_before = _half("a.days * " + _cumulative(":before") + " / " + total)
    return f"({through_year} - {through_before})"


def _year_sql(select: str, tail: str = "") -> str:
    share = share_sql()
    return (
        f"SELECT {select.replace('{share}', share)} FROM training_attendance a "
        "JOIN training_course c ON c.id = a.course_id "
        "JOIN person p ON p.id = a.person_id "
        "WHERE a.deleted_at IS NULL AND c.deleted_at IS NULL AND p.deleted_at IS NULL "
        "AND c.start_on <= :year_end AND c.end_on > :before " + tail
    )


def _execute(sql: str, params: dict[str, Any]) -> list[tuple[Any, ...]]:
    """Run SQL with :named parameters (sqlite3's named style) on the open database."""
    return list(database.connection().execute(sql, params))


def _year_params(year: int) -> dict[str, Any]:
    return {"year_end": f"{year:04d}-12-31", "before": f"{year - 1:04d}-12-31"}


def days_by_person(year: int) -> dict[str, float]:
    """{person id: days of training in that year} for everyone with a share in the year."""
    sql = _year_sql("a.person_id, SUM({share})", "GROUP BY a.person_id")
    return {str(person): float(days) for person, days in _execute(sql, _year_params(year)) if days}


def person_year_days(person_id: str, year: int) -> float:
    sql = _year_sql("SUM({share})", "AND a.person_id = :person")
    rows = _execute(sql, {**_year_params(year), "person": person_id})
    return float(rows[0][0] or 0.0) if rows else 0.0


@dataclass(frozen=True)
class PersonDays:
    """One person the rule counts: their groups, the days they must reach and the days they have."""

    person_id: str
    name: str
    village: str
    groups: tuple[str, ...]
    required: float
    days: float
    county: float
    township: float
    village_level: float

    @property
    def missing(self) -> float:
        return max(0.0, self.required - self.days)

    def as_row(self) -> dict[str, Any]:
        return {
            "id": self.person_id,
            "name": self.name,
            "village": self.village,
            "groups": "、".join(self.groups),
            "required": format_days(self.required),
            "days": format_days(self.days),
            "county": format_days(self.county),
            "township": format_days(self.township),
            "village_days": format_days(self.village_level),
            "missing": format_days(self.missing) if self.missing else "",
        }


def reference_date(year: int, today: date | None = None) -> date:
    """Whose training a year's rule counts: the people serving on 31 December, or today in this year."""
    today = today or clock.today()
    return min(today, date(year, 12, 31))


def rule_rows(year: int, today: date | None = None) -> list[PersonDays]:
    """Everyone the rule counts in a year with their days (by organiser level), by village and pinyin."""
    on = reference_date(year, today).isoformat()
    share = share_sql()
    level = "SUM(CASE WHEN c.level = '{0}' THEN {1} ELSE 0 END)"
    sql = f"""
    WITH roles AS (
        SELECT person_id, (post LIKE '%党组织书记%') AS sec, is_new AS new, 1 AS cadre, 0 AS reserve
        FROM cadre_post WHERE deleted_at IS NULL AND (started_on IS NULL OR started_on <= :on)
            AND (ended_on IS NULL OR ended_on > :on)
        UNION ALL
        SELECT person_id, 0, 0, 0, 1 FROM reserve_cadre WHERE deleted_at IS NULL
            AND (registered_on IS NULL OR registered_on <= :on)
            AND (status = '培养中' OR (status = '已任用' AND appointed_on > :on))
    ), pop AS (
        SELECT person_id, MAX(sec) AS sec, MAX(new) AS new, MAX(cadre) AS cadre, MAX(reserve) AS reserve
        FROM roles GROUP BY person_id
    ), got AS (
        SELECT a.person_id AS person_id, SUM({share}) AS days, {level.format("县级", share)} AS county,
            {level.format("乡镇", share)} AS township, {level.format("村", share)} AS village
        FROM training_attendance a JOIN training_course c ON c.id = a.course_id
        WHERE a.deleted_at IS NULL AND c.deleted_at IS NULL AND c.start_on <= :year_end AND c.end_on > :before
            AND a.person_id IN (SELECT person_id FROM pop)
        GROUP BY a.person_id
    )
    SELECT p.id, p.name, COALESCE(v.name, ''), pop.sec, pop.new, pop.cadre, pop.reserve,
        COALESCE(got.days, 0), COALESCE(got.county, 0), COALESCE(got.township, 0), COALESCE(got.village, 0)
    FROM pop JOIN person p ON p.id = pop.person_id
    LEFT JOIN village v ON v.id = p.village_id
    LEFT JOIN got ON got.person_id = pop.person_id
    WHERE p.deleted_at IS NULL
    ORDER BY v.sort_order IS NULL, v.sort_order, p.pinyin, p.id
    """
    needs = {group: required_days(group) for group in (SECRETARIES, NEW_CADRES, VILLAGE_CADRES, RESERVES)}
    rows = []
    for person_id, name, village, sec, new, cadre, reserve, days, county, township, village_days in _execute(
        sql, {**_year_params(year), "on": on}
    ):
        groups = tuple(
            g
            for g, flag in (
                (SECRETARIES, sec),
                (NEW_CADRES, new),
                (VILLAGE_CADRES, cadre),
                (RESERVES, reserve),
            )
            if flag
        )
        rows.append(
            PersonDays(
                str(person_id),
                name,
                village,
                groups,
                max(needs[g] for g in groups),
                float(days),
                float(county),
                float(township),
                float(village_days),
            )
        )
    return rows


def shortfall(year: int, today: date | None = None) -> list[PersonDays]:
    """The people short of the yearly rule, by village: each with days had and days missing."""
    return [row for row in rule_rows(year, today) if row.required > 0 and row.missing > 0]


@dataclass(frozen=True)
class VillageTotal:
    village: str
    people: int
    days: float
    short: int
    missing: float


def village_totals(rows: list[PersonDays]) -> list[VillageTotal]:
    """Per village, in the rows' order: people counted, days, people short and days missing."""
    totals: dict[str, list[float]] = {}
    for row in rows:
        entry = totals.setdefault(row.village, [0, 0.0, 0, 0.0])
        entry[0] += 1
        entry[1] += row.days
        if row.required > 0 and row.missing > 0:
            entry[2] += 1
            entry[3] += row.missing
    return [VillageTotal(v, int(t[0]), t[1], int(t[2]), t[3]) for v, t in totals.items()]


def shortfall_text(year: int, today: date | None = None) -> str:
    """One line for the home page or a status bar."""
    rows = rule_rows(year, today)
    short = [r for r in rows if r.required > 0 and r.missing > 0]
    if not rows:
        return f"{year}年培训：尚无需考核的人员"
    return f"{year}年培训：{len(rows)} 人中 {len(short)} 人未达到应训天数"


def person_training(person_id: str) -> list[dict[str, Any]]:
    """A person's courses, newest first (for their file): course, level, dates, days attended, completion."""
    sql = """
    SELECT c.name, c.level, c.mode, c.start_on, c.end_on, a.days, a.completed, a.result
    FROM training_attendance a JOIN training_course c ON c.id = a.course_id
    WHERE a.deleted_at IS NULL AND c.deleted_at IS NULL AND a.person_id = :person
    ORDER BY c.start_on DESC, c.name
    """
    return [
        {
            "course": n,
            "level": lv,
            "mode": m,
            "start_on": s,
            "end_on": e,
            "days": format_days(d),
            "completed": bool(done),
            "result": r,
        }
        for n, lv, m, s, e, d, done, r in _execute(sql, {"person": person_id})
    ]
