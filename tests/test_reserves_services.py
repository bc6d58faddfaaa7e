"""后备干部 rules on a real database: registering, appointing with history, the reserve share, paper and Excel."""

from __future__ import annotations

import re
from datetime import date, timedelta

import openpyxl
import pytest
from pypdf import PdfReader

from township_desk.models.cadres import CadrePost, ReserveCadre
from township_desk.models.mentoring import ReserveAppointment
from township_desk.models.people import Person
from township_desk.services import cadres, clock, mentoring, reserves
from township_desk.services.listing import ListState
from township_desk.services.records import ValidationError
from township_desk.services.settings import set_setting


def reserve(name, village="桃花村", programme="青蓝工程", registered="2022-03-01", **extra):
    values = {
        "name": name,
        "village": village,
        "programme": programme,
        "registered_on": registered,
        "nomination": "组织推荐",
        "training": "参加青蓝工程集中培训5天",
    } | extra
    return reserves.save_reserve(None, values)


def pdf_text(path):
    return "".join(re.sub(r"\s+", "", page.extract_text()) for page in PdfReader(path).pages)


@pytest.fixture
def pool(db):
    """A village with two serving cadres (one will leave) and three reserves."""
    set_setting("township", "示例镇")  # printing needs the township's name
    return {
        "secretary": cadres.save_cadre(
            None,
            {"name": "王书记", "village": "桃花村", "post": "党组织书记、主任", "post_start": "2015-01-01"},
        ),
        "member": cadres.save_cadre(
            None,
            {"name": "老委员", "village": "桃花村", "post": "村(居)委会委员", "post_start": "2012-01-01"},
        ),
        "young": reserve("李青年"),
        "other": reserve("张后备", programme="育青", registered="2023.05"),
        "quit": reserve("赵退出", status="退出"),
    }


def test_registering_reserves_and_the_list_filters(pool):
    listing = reserves.ReserveListing()
    assert listing.count(ListState()) == 3
    assert listing.count(ListState(filters={"programme": "育青计划"})) == 1  # "育青" normalised
    assert listing.count(ListState(filters={"status": "培养中"})) == 2
    assert [r["name"] for r in listing.fetch(ListState(search="lqn"), 0, 5)] == ["李青年"]
    row = listing.fetch(ListState(search="张后备"), 0, 1)[0]
    assert (row["programme"], row["registered_on"], row["nomination"], row["village"]) == (
        "育青计划",
        date(2023, 5, 1),
        "组织推荐",
        "桃花村",
    )
    assert reserves.status_counts() == {"培养中": 2, "已任用": 0, "退出": 1}


def test_reserve_form_rules(pool):
    with pytest.raises(ValidationError) as caught:
        reserve("新人", programme="")
    assert caught.value.field == "programme"
    with pytest.raises(ValidationError) as caught:
        reserve("新人", registered=(clock.today() + timedelta(days=2)).isoformat())
    assert caught.value.field == "registered_on"
    with pytest.raises(ValidationError) as caught:
        reserve("新人", programme="蓝天工程")
    assert caught.value.field == "programme" and "无法识别" in caught.value.message
    with pytest.raises(ValidationError, match="任用"):
        reserve("新人", status="已任用")
    assert not Person.select().where(Person.name == "新人").exists()


def test_a_serving_cadre_is_registered_by_id_number_without_duplicating_the_person(pool):
    person_id = cadres.save_cadre(
        None, {"name": "钱委员", "village": "桃花村", "post": "党组织委员", "id_number": "11010519491231002X"}
    )
    reserve_id = reserve("钱委员", id_number="11010519491231002x")
    assert ReserveCadre.get_by_id(reserve_id).person_id == person_id
    assert Person.select().where(Person.name == "钱委员").count() == 1
    with pytest.raises(ValidationError, match="已在后备干部库中"):
        reserve("钱委员", id_number="11010519491231002X")


def test_appointing_creates_the_post_records_date_and_post_and_keeps_history(pool):
    before = reserves.reserve_share()
    assert (before.from_reserve, before.serving) == (0, 2)
    appointment = reserves.appoint_reserve(pool["young"], "村委委员", "2024年3月15日")
    saved = ReserveCadre.get_by_id(pool["young"])
    assert (saved.status, saved.appointed_on, saved.appointed_post) == (
        "已任用",
        date(2024, 3, 15),
        "村(居)委会委员",
    )
    post = CadrePost.get_by_id(appointment.cadre_post_id)
    assert (post.post, post.started_on, post.ended_on, post.is_new, post.village.name) == (
        "村(居)委会委员",
        date(2024, 3, 15),
        None,
        True,
        "桃花村",
    )
    # the 干部 list shows the new cadre, and the new cadre needs a mentor
    rows = cadres.CadreListing().fetch(ListState(search="李青年"), 0, 5)
    assert [(r["post"], r["reserve_status"], r["is_new"]) for r in rows] == [
        ("村(居)委会委员", "已任用", True)
    ]
    assert "李青年" in [c.name for c in mentoring.coverage().unpaired]
    share = reserves.reserve_share()
    assert share.text() == "在任干部中来自后备干部 1/3 人（33.3%）"
    # appointed again (promoted): the first post ends that day, both appointments are kept
    reserves.appoint_reserve(pool["young"], "副书记", date(2025, 1, 10))
    history = reserves.appointment_history(pool["young"])
    assert [(h.appointed_on, h.post, h.previous_post, h.serving) for h in history] == [
        (date(2024, 3, 15), "村(居)委会委员", "", False),
        (date(2025, 1, 10), "党组织副书记", "村(居)委会委员", True),
    ]
    assert CadrePost.get_by_id(appointment.cadre_post_id).ended_on == date(2025, 1, 10)
    assert ReserveCadre.get_by_id(pool["young"]).appointed_post == "党组织副书记"
    assert reserves.reserve_share().serving == 3


def test_appointment_refusals_write_nothing(pool):
    cases = [
        (pool["quit"], "村委委员", "2024-01-01", "", "已退出后备干部库"),
        (pool["young"], "", "2024-01-01", "", "请填写“任用职务”"),
        (pool["young"], "秘书长", "2024-01-01", "", "不是村(社区)“两委”职务"),
        (pool["young"], "村委委员", "", "", "请填写“任用时间”"),
        (pool["young"], "村委委员", "2021-01-01", "", "早于入库时间"),
        (pool["young"], "村委委员", (clock.today() + timedelta(days=1)).isoformat(), "", "不能晚于今天"),
        (pool["young"], "村委委员", "2024-01-01", "不存在村", "没有名为“不存在村”"),
    ]
    for reserve_id, post, on, village, words in cases:
        with pytest.raises(ValidationError) as caught:
            reserves.appoint_reserve(reserve_id, post, on, village)
        assert words in caught.value.message
    assert ReserveAppointment.select().count() == 0
    assert CadrePost.select().count() == 2
    assert ReserveCadre.get_by_id(pool["young"]).status == "培养中"


def test_export_and_roster_read_back(pool, tmp_path):
    reserves.appoint_reserve(pool["young"], "妇联主席", "2024-05-06")
    out = tmp_path / "reserves.xlsx"
    assert reserves.export_reserves(out) == 3
    sheet = openpyxl.load_workbook(out).active
    header = [c.value for c in sheet[2]]  # under the title row
    assert header[:2] == ["姓名", "性别"] and {
        "培养工程",
        "入库时间",
        "推荐方式",
        "培养情况",
        "状态",
        "任用时间",
        "任用职务",
    } <= set(header)
    rows = {r[0]: dict(zip(header, r, strict=True)) for r in sheet.iter_rows(min_row=3, values_only=True)}
    assert rows["李青年"]["任用职务"] == "妇联主席" and rows["李青年"]["任用时间"].date() == date(2024, 5, 6)
    assert rows["张后备"]["培养工程"] == "育青计划"
    pdf = reserves.print_reserve_roster(tmp_path / "r.pdf", state=reserves.roster_state(status="在培"))
    text = pdf_text(pdf)
    assert "示例镇村（社区）后备干部花名册" in text and "范围：培养中" in text
    assert "张后备" in text and "李青年" not in text and "赵退出" not in text
    assert "在任干部中来自后备干部1/3人（33.3%）" in text
    with pytest.raises(ValidationError, match="请选择青蓝工程、育青计划、其他"):
        reserves.roster_state(programme="蓝天工程")


def test_demo_reserves_have_appointment_history(demo_db):
    counts = reserves.status_counts()
    assert counts["已任用"] > 10 and counts["培养中"] > 10 and counts["退出"] >= 1
    appointed = ReserveCadre.live().where(ReserveCadre.status == "已任用")
    assert ReserveAppointment.live().count() == appointed.count()
    since = [a for a in ReserveAppointment.live() if a.appointed_on > date(2021, 12, 31)]
    assert since, "a few reserves are appointed after the election"
    unpaired = {c.person_id for c in mentoring.coverage().unpaired}
    assert {a.person_id for a in since} <= unpaired  # recently appointed: still waiting for a mentor
    share = reserves.reserve_share()
    assert 0 < share.from_reserve < share.serving
