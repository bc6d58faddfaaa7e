"""导师帮带 rules on a real database: coverage, pairing rules, stale mentors, exchanges, growth plans."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from township_desk.db import database
from township_desk.migrations import v002_mentoring
from township_desk.models.mentoring import GrowthPlan, MentorExchange, Mentorship
from township_desk.models.people import Person
from township_desk.services import cadres, clock, mentoring
from township_desk.services.listing import ListState
from township_desk.services.records import ValidationError
from township_desk.services.recycle_bin import restore, soft_delete

TODAY = clock.today()


def cadre(name, village="桃花村", post="村(居)委会委员", new=True, id_number=""):
    return cadres.save_cadre(
        None,
        {
            "name": name,
            "village": village,
            "post": post,
            "is_new": new,
            "post_start": "2021-05-10",
            "id_number": id_number,
        },
    )


def pair(mentor, mentee, **extra):
    values = {
        "mentor": mentor,
        "mentee": mentee,
        "mentor_kind": "村党组织书记",
        "mentor_unit": "桃花村",
        "started_on": "2021-07-01",
        "status": "帮带中",
    }
    values.update(extra)
    return mentoring.save_pair(None, values)


def exchange(pair_id, day, form="面谈", content="谈心谈话"):
    return mentoring.save_exchange(pair_id, None, {"date": day.isoformat(), "form": form, "content": content})


@pytest.fixture
def village(db):
    """A village with a long-serving secretary and three new cadres."""
    people = {
        "secretary": cadre("王书记", post="党组织书记、主任", new=False),
        "a": cadre("李新一"),
        "b": cadre("张新二"),
        "c": cadre("赵新三", post="党组织委员"),
    }
    return people


def test_coverage_counts_new_cadres_and_lists_the_unpaired(village):
    cover = mentoring.coverage()
    assert (cover.paired, cover.total) == (0, 3)
    assert [c.name for c in cover.unpaired] == ["赵新三", "李新一", "张新二"]  # post order, then pinyin
    assert cover.unpaired[0].label() == "赵新三（桃花村，党组织委员）"
    first = pair(village["secretary"], village["a"])
    cover = mentoring.coverage()
    assert cover.text() == "新任干部已结对 1/3（33%）"
    assert "李新一" not in [c.name for c in cover.unpaired]
    mentoring.end_pair(first, date(2024, 6, 30))  # a pairing that ended normally still counts
    assert mentoring.coverage().paired == 1
    soft_delete(Mentorship.get_by_id(first))  # a pair in the recycle bin does not
    assert mentoring.coverage().paired == 0
    restore("Mentorship", first)
    assert mentoring.coverage().paired == 1


def test_pair_rules_refuse_and_write_nothing(village):
    sec, a, b = village["secretary"], village["a"], village["b"]
    cases = [
        ({"mentor": a, "mentee": a}, "mentor", "同一人"),
        ({"mentor": ""}, "mentor", "请选择“导师”"),
        ({"new_mentor_name": "刘局长"}, "new_mentor_name", "只指定一位导师"),
        ({"mentor_kind": "县直单位干部", "mentor_unit": ""}, "mentor_unit", "工作单位"),
        ({"mentor_kind": "外星人"}, "mentor_kind", "无法识别"),
        ({"ended_on": "2020-01-01", "status": "已结束"}, "ended_on", "早于结对时间"),
        ({"status": "已结束"}, "ended_on", "请填写“结束时间”"),
        ({"ended_on": "2024-01-01"}, "status", "应为“已结束”"),
        ({"started_on": (TODAY + timedelta(days=3)).isoformat()}, "started_on", "不能晚于今天"),
        ({"started_on": "2021.13"}, "started_on", "结对时间"),
    ]
    for extra, field, words in cases:
        values = {
            "mentor": sec,
            "mentee": a,
            "mentor_kind": "村党组织书记",
            "mentor_unit": "桃花村",
            "started_on": "2021-07-01",
            "status": "帮带中",
        } | extra
        with pytest.raises(ValidationError) as caught:
            mentoring.save_pair(None, values)
        assert caught.value.field == field and words in caught.value.message, (extra, caught.value.message)
    assert Mentorship.select().count() == 0
    pair(sec, a)
    with pytest.raises(ValidationError, match="已由导师“王书记”帮带中"):
        pair(b, a)
    assert Mentorship.select().count() == 1


def test_one_mentor_several_mentees_and_a_new_outside_mentor(village):
    pair(village["secretary"], village["a"])
    pair(village["secretary"], village["b"])
    pair_id = mentoring.save_pair(
        None,
        {
            "new_mentor_name": "刘 建华",
            "new_mentor_phone": "139 0736 1234",
            "mentee": village["c"],
            "mentor_kind": "县直单位干部",
            "mentor_unit": "县农业农村局",
            "mentor_post": "副局长",
            "started_on": "2021.08",
            "status": "帮带中",
        },
    )
    mentor = Mentorship.get_by_id(pair_id).mentor
    assert (mentor.name, mentor.initials, mentor.phone) == ("刘建华", "ljh", "13907361234")
    rows = mentoring.MentorshipListing().fetch(ListState(search="ljh"), 0, 10)
    assert [(r["mentor"], r["mentor_unit"], r["mentee"], r["started_on"]) for r in rows] == [
        ("刘建华", "县农业农村局", "赵新三", date(2021, 8, 1))
    ]
    listing = mentoring.MentorshipListing()
    assert listing.count(ListState(search="王书记")) == 2
    assert listing.count(ListState(filters={"kind": "县直单位干部"})) == 1
    assert mentoring.coverage().text() == "新任干部已结对 3/3（100%）"
    # the new mentor can now be chosen from the list for another pair
    assert any(label.startswith("刘建华") for _id, label in mentoring.mentor_options())


def test_suggested_mentor_is_the_village_secretary_or_the_least_busy_outsider(village):
    suggestion = mentoring.suggest_mentor(village["a"])
    assert (suggestion.name, suggestion.kind, suggestion.unit, suggestion.post) == (
        "王书记",
        "村党组织书记",
        "桃花村",
        "党组织书记、主任",
    )
    initial = mentoring.pair_initial(village["a"])
    assert initial["mentee"] == village["a"] and initial["mentor"] == village["secretary"]
    assert initial["mentee_info"] == "桃花村 · 村(居)委会委员 · 新任"
    new_secretary = cadre("钱新书记", village="杏花村", post="党组织书记")
    assert mentoring.suggest_mentor(new_secretary) is None  # nobody in the village, no outside mentor yet
    busy = mentoring.save_pair(
        None,
        {
            "new_mentor_name": "孙镇长",
            "mentee": village["b"],
            "mentor_kind": "乡镇干部",
            "mentor_unit": "示例镇党委",
            "mentor_post": "副镇长",
            "started_on": "2021-07-01",
        },
    )
    mentoring.save_pair(
        None,
        {
            "new_mentor_name": "周部长",
            "mentee": village["c"],
            "mentor_kind": "县直单位干部",
            "mentor_unit": "县委组织部",
            "mentor_post": "副部长",
            "started_on": "2021-07-01",
        },
    )
    pair_id = mentoring.save_pair(
        None,
        {
            "new_mentor_name": "吴委员",
            "mentee": village["a"],
            "mentor_kind": "乡镇干部",
            "mentor_unit": "示例镇党委",
            "started_on": "2021-07-01",
        },
    )
    mentoring.end_pair(pair_id)
    suggestion = mentoring.suggest_mentor(new_secretary)
    assert suggestion.name in {"孙镇长", "周部长"} and suggestion.unit
    # the form fills the kind, unit and post of a chosen mentor from their last pair
    mentor_id = Mentorship.get_by_id(busy).mentor_id
    derived = mentoring.derive_pair({"mentor": mentor_id, "mentee": new_secretary})
    assert derived["mentor_unit"] == "示例镇党委" and derived["mentor_post"] == "副镇长"
    assert derived["mentee_info"] == "杏花村 · 党组织书记 · 新任"


def test_mentors_silent_for_90_days_are_flagged(village):
    sec, a, b, c = village["secretary"], village["a"], village["b"], village["c"]
    old = pair(sec, a)
    pair(sec, b)
    exchange(old, TODAY - timedelta(days=120))
    fresh = mentoring.save_pair(
        None,
        {
            "new_mentor_name": "孙镇长",
            "mentee": c,
            "mentor_kind": "乡镇干部",
            "mentor_unit": "示例镇党委",
            "started_on": (TODAY - timedelta(days=10)).isoformat(),
        },
    )
    stale = mentoring.stale_mentors()
    assert [(s.name, s.mentees, s.last_exchange) for s in stale] == [
        ("王书记", 2, TODAY - timedelta(days=120))
    ]
    listing = mentoring.MentorshipListing()
    flagged = listing.fetch(ListState(filters={"flag": mentoring.STALE_FLAG}), 0, 10)
    assert sorted(r["mentee"] for r in flagged) == ["张新二", "李新一"]
    assert all(r["flag"] == mentoring.STALE_MARK for r in flagged)
    fresh_row = listing.fetch(ListState(search="孙镇长"), 0, 1)[0]
    assert fresh_row["flag"] == ""  # paired ten days ago: not overdue yet
    exchange(old, TODAY - timedelta(days=5), form="电话")
    assert mentoring.stale_mentors() == []
    assert Mentorship.get_by_id(fresh).status == "帮带中"
    rows = listing.fetch(ListState(search="李新一"), 0, 1)
    assert rows[0]["exchanges"] == 2 and rows[0]["last_exchange"] == TODAY - timedelta(days=5)


def test_exchange_rules(village):
    pair_id = pair(village["secretary"], village["a"])
    refused = [
        ({"date": "", "form": "面谈", "content": "x"}, "date"),
        ({"date": "2021-06-01", "form": "面谈", "content": "x"}, "date"),  # before the pairing
        ({"date": (TODAY + timedelta(days=1)).isoformat(), "form": "面谈", "content": "x"}, "date"),
        ({"date": "2022-01-01", "form": "写信", "content": "x"}, "form"),
        ({"date": "2022-01-01", "form": "电话", "content": "  "}, "content"),
    ]
    for values, field in refused:
        with pytest.raises(ValidationError) as caught:
            mentoring.save_exchange(pair_id, None, values)
        assert caught.value.field == field
    assert MentorExchange.select().count() == 0
    exchange_id = mentoring.save_exchange(
        pair_id,
        None,
        {"date": "2022年3月5日", "form": "现场", "content": "指导主题党日", "outcome": "台账完整"},
    )
    saved = MentorExchange.get_by_id(exchange_id)
    assert (saved.date, saved.form, saved.outcome) == (date(2022, 3, 5), "现场指导", "台账完整")
    form = mentoring.exchange_form(pair_id)
    assert form.load(exchange_id)["pair"] == "导师 王书记 — 帮带对象 李新一"
    mentoring.end_pair(pair_id, date(2023, 6, 30))
    with pytest.raises(ValidationError, match="晚于帮带结束时间"):
        exchange(pair_id, date(2023, 7, 2))


def test_growth_plan_is_one_row_per_pair_and_prints_with_recent_exchanges(village):
    pair_id = pair(village["secretary"], village["a"])
    with pytest.raises(ValidationError) as caught:
        mentoring.save_plan(pair_id, {"goals": "熟悉村务", "measures": ""})
    assert caught.value.field == "measures"
    assert mentoring.load_plan(pair_id)["period_start"] == "2021-07-01"  # proposed from the pairing
    plan = {
        "goals": "一年内熟悉村务",
        "measures": "每月面谈",
        "period_start": "2021.07",
        "period_end": "2024.06",
    }
    mentoring.save_plan(pair_id, plan)
    mentoring.save_plan(pair_id, plan | {"goals": "一年内熟悉村务和财务"})
    assert GrowthPlan.select().count() == 1
    for day in range(5):
        exchange(pair_id, date(2022, 1, 1) + timedelta(days=30 * day), content=f"第{day + 1}次交流")
    record = mentoring.plan_record(pair_id)
    assert record["goals"] == "一年内熟悉村务和财务"
    assert record["period"] == "2021年7月至2024年6月"
    assert record["mentor_unit_post"] == "桃花村"
    assert record["exchanges"].splitlines()[0] == "2022-05-01 面谈：第5次交流"
    assert "共 5 次交流" in record["exchanges"]


def test_finding_a_mentee_by_name_explains_ambiguity(village):
    twin = cadre("李新一", village="杏花村", id_number="11010519491231002X")
    pair(village["secretary"], village["a"])
    pair(village["secretary"], twin, mentor_kind="乡镇干部", mentor_unit="示例镇党委")
    with pytest.raises(ValidationError) as caught:
        mentoring.find_mentee_pair("李新一")
    message = caught.value.message
    assert "有 2 位名为“李新一”的帮带对象" in message
    assert "李新一（桃花村）" in message and "李新一（杏花村，身份证尾号002X）" in message
    assert mentoring.find_mentee_pair("11010519491231002x").mentee_id == twin
    assert mentoring.find_mentee_pair("002x").mentee_id == twin
    with pytest.raises(ValidationError, match="没有找到名为“查无此人”"):
        mentoring.find_mentee_pair("查无此人")
    with pytest.raises(ValidationError, match="没有导师帮带结对记录"):
        mentoring.find_mentee_pair("张新二")


def test_deleting_a_mentor_person_takes_their_pairs_plans_and_exchanges_to_the_bin(village):
    pair_id = pair(village["secretary"], village["a"])
    mentoring.save_plan(pair_id, {"goals": "g", "measures": "m"})
    exchange(pair_id, date(2022, 1, 1))
    soft_delete(Person.get_by_id(village["secretary"]))
    assert Mentorship.live().count() == GrowthPlan.live().count() == MentorExchange.live().count() == 0
    assert mentoring.MentorshipListing().count(ListState()) == 0
    restore("Person", village["secretary"])
    assert mentoring.MentorshipListing().count(ListState()) == 1 and MentorExchange.live().count() == 1


def test_schema_step_is_idempotent(db):
    v002_mentoring.apply(database.obj)
    v002_mentoring.apply(database.obj)
    assert {"mentorship", "growth_plan", "mentor_exchange", "reserve_appointment"} <= set(
        database.get_tables()
    )


def test_demo_has_pairs_plans_exchanges_stale_mentors_and_a_few_unpaired(demo_db):
    cover = mentoring.coverage()
    assert cover.total > 30 and 2 <= cover.total - cover.paired <= cover.total // 5
    assert Mentorship.live().where(Mentorship.status == "已结束").exists()
    kinds = {p.mentor_kind for p in Mentorship.live()}
    assert {"村党组织书记", "乡镇干部", "县直单位干部"} <= kinds
    mentors = Mentorship.live().select(Mentorship.mentor).distinct().count()
    assert mentors < Mentorship.live().count()  # some mentors have several mentees
    assert GrowthPlan.live().count() >= Mentorship.live().count() * 0.8
    assert {e.form for e in MentorExchange.live()} == {"面谈", "电话", "现场指导", "集中培训"}
    assert 1 <= len(mentoring.stale_mentors()) < mentors / 3


def build_cadres_and_mentoring(path, seed, today):
    """Only the two demo modules this subject depends on (fast, and independent of later subjects)."""
    import random

    from township_desk.db import open_database
    from township_desk.services.demo import DemoContext, d10_cadres, d20_mentoring

    open_database(path)
    ctx = DemoContext(rng=random.Random(seed), size="small", township="漳江镇", today=today)
    with database.atomic():
        d10_cadres.populate(ctx)
        d20_mentoring.populate(ctx)
    return ctx


def test_demo_mentoring_is_the_same_for_the_same_seed(tmp_path):
    from township_desk.db import close_database

    day = date(2025, 3, 1)

    def snapshot(path):
        try:
            build_cadres_and_mentoring(path, 11, day)
            rows = mentoring.MentorshipListing(today=day).iter_rows(ListState())
            pairs = [
                (
                    r["mentor"],
                    r["mentee"],
                    r["started_on"],
                    r["status"],
                    r["exchanges"],
                    r["last_exchange"],
                    r["flag"],
                )
                for r in rows
            ]
            return pairs, [(s.name, s.last_exchange) for s in mentoring.stale_mentors(day)]
        finally:
            close_database()

    first = snapshot(tmp_path / "a.db")
    assert first[0] and first[1]
    assert first == snapshot(tmp_path / "b.db")


def test_a_file_from_before_mentoring_is_upgraded_with_a_backup(db_path):
    from township_desk.db import backups_dir, close_database, open_database

    open_database(db_path)
    cadre("李新一")
    for table in ("mentor_exchange", "growth_plan", "reserve_appointment", "mentorship"):
        database.execute_sql(f'DROP TABLE "{table}"')
    database.execute_sql("PRAGMA user_version = 1")
    close_database()
    open_database(db_path)
    try:
        assert {"mentorship", "growth_plan", "mentor_exchange", "reserve_appointment"} <= set(
            database.get_tables()
        )
        assert mentoring.coverage().text() == "新任干部已结对 0/1（0%）"
        assert list(backups_dir(db_path).glob("*-升级前-v1-*.db"))
    finally:
        close_database()
