"""首页 services: the township's name (and the refusals without it), villages, the set-up state, to-do counts."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta

import pytest

from township_desk.models.people import Village
from township_desk.services import cadres
from township_desk.services.exchange import export_for_county
from township_desk.services.home import setup, township, villages
from township_desk.services.home.items.p90_county_file import next_due
from township_desk.services.home.todo import TodoContext, TodoItem, register, todo_items
from township_desk.services.listing import ListState
from township_desk.services.people import village_by_name, village_ids, village_names
from township_desk.services.records import ValidationError
from township_desk.services.settings import report_context

# ---------------------------------------------------------------- the township's name


def test_a_new_file_has_no_name_and_refuses_printing_and_the_county_file(db, tmp_path, today):
    assert township.load_info()["township"] == ""
    with pytest.raises(ValidationError, match="乡镇\\(街道\\)名称"):
        report_context()
    with pytest.raises(ValidationError, match="乡镇\\(街道\\)名称"):
        cadres.print_roster(tmp_path / "r.pdf")
    assert not (tmp_path / "r.pdf").exists()
    with pytest.raises(ValidationError):
        export_for_county(db, tmp_path / "x.tdx")
    assert setup.needs_setup(db)


def test_township_information_is_checked_and_then_printed(db, tmp_path, today):
    with pytest.raises(ValidationError, match="请填写"):
        township.save_info({"township": "  "})
    with pytest.raises(ValidationError, match="数字"):
        township.save_info({"township": "漳江镇", "township_code": "43O725"})
    assert township.load_info()["township"] == ""  # nothing half-written
    township.save_info({"township": "漳江镇", "township_code": "430725100", "contact": "张三"})
    context = report_context()
    assert context["township"] == "漳江镇" and context["unit"] == "中共漳江镇委员会组织办"
    township.save_info({"party_committee": "中共漳江镇委员会", "unit": "漳江镇党政办"})
    assert report_context()["unit"] == "漳江镇党政办"
    assert township.load_info()["contact"] == "张三"  # fields not given are kept


# ---------------------------------------------------------------- villages


def _counts(path, village_id: str) -> dict[str, int]:
    """Records of a village counted straight from the file (every row, recycle bin included)."""
    connection = sqlite3.connect(path)
    try:
        one = lambda sql: connection.execute(sql, (village_id,)).fetchone()[0]  # noqa: E731
        return {
            "person": one("SELECT count(*) FROM person WHERE village_id = ?"),
            "cadre_post": one("SELECT count(*) FROM cadre_post WHERE village_id = ?"),
            "reserve_cadre": one("SELECT count(*) FROM reserve_cadre WHERE village_id = ?"),
            "household": one("SELECT count(*) FROM household WHERE village_id = ?"),
            "party_branch": one("SELECT count(*) FROM party_branch WHERE village_id = ?"),
            "visit": one(
                "SELECT count(*) FROM household_visit v JOIN household h ON v.household_id = h.id "
                "WHERE h.village_id = ?"
            ),
        }
    finally:
        connection.close()


def test_merging_two_villages_keeps_every_cadre_household_branch_and_visit(demo_db):
    names = village_names()
    source, target = names[0], names[1]
    source_id, target_id = (Village.get(Village.name == n).id for n in (source, target))
    before_source, before_target = _counts(demo_db, source_id), _counts(demo_db, target_id)
    assert before_source["cadre_post"] and before_source["household"] and before_source["visit"]
    assert before_source["party_branch"]
    listing = cadres.CadreListing()
    listed_before = sum(listing.count(ListState(filters={"village": n})) for n in (source, target))
    result = villages.merge_villages(source, target)
    after_source, after_target = _counts(demo_db, source_id), _counts(demo_db, target_id)
    assert all(count == 0 for count in after_source.values())
    assert after_target == {key: before_source[key] + before_target[key] for key in before_target}
    assert (
        f"并入“{target}”" in result.text() and "走访记录" not in result.moved
    )  # visits follow their households
    # the merged village leaves every filter, stays listed as 撤并, and an old name lands in the new village
    assert source not in village_names() and target in village_names()
    merged = next(v for v in villages.list_villages() if v.name == source)
    assert merged.merged and merged.merged_into == target and "撤并" in merged.label()
    assert village_ids([source])[source] == target_id
    assert village_by_name(source).id == target_id
    assert listing.count(ListState(filters={"village": target})) == listed_before  # the 干部 list, filtered
    with pytest.raises(ValidationError, match="没有名为"):
        villages.merge_villages(source, target)  # already merged away
    with pytest.raises(ValidationError, match="自己"):
        villages.merge_villages(target, target)


def test_renaming_fixes_a_typo_everywhere_and_refuses_a_clash(demo_db):
    from township_desk.models.assessments import AssessmentEntry

    first, second = village_names()[:2]
    snapshots = AssessmentEntry.select().where(AssessmentEntry.village_name == first).count()
    villages.rename_village(first, "岗湖村")
    assert "岗湖村" in village_names() and first not in village_names()
    assert AssessmentEntry.select().where(AssessmentEntry.village_name == "岗湖村").count() == snapshots
    with pytest.raises(ValidationError, match="合并"):
        villages.rename_village("岗湖村", second)
    with pytest.raises(ValidationError, match="请填写"):
        villages.rename_village("岗湖村", " ")


def test_villages_are_added_as_village_or_community_and_ordered(db):
    villages.add_village("岗湖村")
    villages.add_village("城南社区")
    villages.add_village("新街", community=True)
    with pytest.raises(ValidationError, match="已有"):
        villages.add_village("岗湖村")
    kinds = {v.name: v.kind for v in villages.list_villages()}
    assert kinds == {"岗湖村": "村", "城南社区": "社区", "新街": "社区"}
    assert villages.order_villages(["新街", "城南社区"]) == ["新街", "城南社区", "岗湖村"]
    assert village_names() == ["新街", "城南社区", "岗湖村"]
    with pytest.raises(ValidationError, match="没有名为"):
        villages.order_villages(["不存在村"])
    villages.set_kind("新街", "村")
    assert {v.name: v.kind for v in villages.list_villages()}["新街"] == "村"


# ---------------------------------------------------------------- the set-up checklist


def test_the_checklist_ticks_each_step_as_it_is_done(db):
    assert [s.done for s in setup.setup_steps(db)] == [False, False, False, False]
    township.save_info({"township": "漳江镇"})
    villages.add_village("岗湖村")
    assert [s.done for s in setup.setup_steps(db)] == [True, True, False, False]
    from township_desk.services.people import save_person

    save_person(None, {"name": "张三", "village": "岗湖村"})
    assert [s.done for s in setup.setup_steps(db)] == [True, True, True, False]
    setup.acknowledge_backups(db)
    assert all(s.done for s in setup.setup_steps(db)) and not setup.needs_setup(db)


# ---------------------------------------------------------------- to-do


def _independent_counts(path, today: date) -> dict[str, int]:
    """The to-do counts computed from the file with plain SQL and Python, not through the services."""
    c = sqlite3.connect(path)
    try:
        talks = c.execute(
            "SELECT count(*) FROM talk t JOIN person p ON t.person_id = p.id WHERE t.deleted_at IS NULL "
            "AND p.deleted_at IS NULL AND t.status = '待谈话'"
        ).fetchone()[0]
        cutoff = (today - timedelta(days=90)).isoformat()
        overdue = 0
        for last, started in c.execute(
            "SELECT last_visit_on, started_on FROM household_pairing "
            "WHERE deleted_at IS NULL AND ended_on IS NULL"
        ):
            if (last is not None and last < cutoff) or (
                last is None and (started is None or started < cutoff)
            ):
                overdue += 1
        stale = (today - timedelta(days=30)).isoformat()
        matters = c.execute(
            "SELECT count(*) FROM household_matter WHERE deleted_at IS NULL "
            "AND status IN ('待办', '办理中') AND raised_on < ?",
            (stale,),
        ).fetchone()[0]
        last_friday = max(
            date(today.year, today.month, d)
            for d in range(1, 32)
            if _valid(today.year, today.month, d) and date(today.year, today.month, d).weekday() == 4
        )
        month = f"{today.year:04d}-{today.month:02d}"
        missed = (
            c.execute(
                "SELECT count(*) FROM party_branch WHERE deleted_at IS NULL AND id NOT IN "
                "(SELECT branch_id FROM party_day WHERE deleted_at IS NULL AND month = ?)",
                (month,),
            ).fetchone()[0]
            if last_friday < today
            else 0
        )
        unpaired = c.execute(
            "SELECT count(DISTINCT cp.person_id) FROM cadre_post cp JOIN person p ON cp.person_id = p.id "
            "WHERE cp.deleted_at IS NULL AND cp.ended_on IS NULL AND cp.is_new = 1 AND p.deleted_at IS NULL "
            "AND cp.person_id NOT IN (SELECT mentee_id FROM mentorship WHERE deleted_at IS NULL)"
        ).fetchone()[0]
        return {
            "talks.pending": talks,
            "households.overdue": overdue,
            "households.matters": matters,
            "party_days.missed": missed,
            "mentoring.unpaired": unpaired,
        }
    finally:
        c.close()


def _valid(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def test_todo_counts_match_counts_computed_independently(demo_db, today):
    expected = _independent_counts(demo_db, today)
    assert expected["talks.pending"] and expected["households.overdue"] and expected["mentoring.unpaired"]
    found = {item.key: item.count for item in todo_items(today, demo_db)}
    for key, count in expected.items():
        assert found.get(key, 0) == count, key
    texts = {item.key: item.text for item in todo_items(today, demo_db)}
    assert texts["talks.pending"].startswith(f"{expected['talks.pending']} 次谈话")


def test_todo_items_open_the_right_tab_and_the_registry_takes_new_subjects(demo_db, today):
    items = {item.key: item for item in todo_items(today, demo_db)}
    assert items["talks.pending"].tab == "谈话" and items["talks.pending"].filters == {"status": "待谈话"}
    assert (
        items["households.overdue"].tab == "联系户" and items["households.overdue"].action == "show_overdue"
    )
    assert items["backup.last"].text.startswith("还没有备份") and items["backup.last"].urgent

    @register
    def work_teams(ctx: TodoContext):
        yield TodoItem("work_teams.absent", 2, "2 名驻村工作队员擅自离岗", "驻村工作队", order=60)

    assert "work_teams.absent" in {item.key for item in todo_items(today, demo_db)}


@pytest.mark.parametrize(
    ("day", "due"),
    [
        (date(2026, 1, 5), date(2026, 6, 30)),
        (date(2026, 6, 30), date(2026, 6, 30)),
        (date(2026, 7, 1), date(2026, 12, 31)),
        (date(2026, 12, 31), date(2026, 12, 31)),
        (date(2028, 2, 29), date(2028, 6, 30)),
    ],
)
def test_the_county_file_is_due_on_the_half_year_ends(day, due):
    assert next_due(day) == due
