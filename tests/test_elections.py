"""换届 and the cadre file: 新任 across a 2021 and a 2026 election, the assistant's checks, terms ending, the
township's progress, election results from Excel, and the cadre file's PDF holding one person only."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader

from township_desk.cli import main
from township_desk.db import close_database
from township_desk.models.cadres import CadrePost, ReserveCadre
from township_desk.models.elections import Election, ElectionResult, RewardPenalty
from township_desk.models.people import Person, Village
from township_desk.services import clock
from township_desk.services.elections import cadre_file, changeover, paper, terms
from township_desk.services.elections.changeover import ChangeoverPlan, Leaving, Newcomer, Reelected
from township_desk.services.elections.excel import apply_results, export_posts_with_terms, plan_results
from township_desk.services.records import ValidationError
from township_desk.services.settings import set_setting

LATE_2026 = date(2026, 11, 30)


def pdf_text(path: Path) -> str:
    return "".join(re.sub(r"\s+", "", page.extract_text() or "") for page in PdfReader(path).pages)


def person(name, sex="男", born=date(1980, 5, 1), village=None):
    return Person.create(name=name, sex=sex, birth_date=born, village=village, political="中共党员")


@pytest.fixture
def village(db):
    set_setting("township", "漳江镇")  # printing needs the township's name
    with clock.pinned(LATE_2026):
        yield Village.create(name="岗湖村", sort_order=1)


def post_of(who, post):
    return CadrePost.get(
        (CadrePost.person == who.id) & (CadrePost.post == post) & CadrePost.deleted_at.is_null()
    )


def elect_2021(village):
    """Before: 老李 has been a Party committee member since 2015; the 2021 election makes 张书记 secretary and
    王芳 a member, and keeps 老李."""
    old = person("李老成", born=date(1964, 1, 1), village=village)
    old_post = CadrePost.create(person=old, village=village, post="党组织委员", started_on=date(2015, 3, 1))
    secretary = person("张书记", village=village)
    member = person("王芳", sex="女", born=date(1990, 2, 1), village=village)
    plan = ChangeoverPlan(
        village.id,
        terms.PARTY,
        date(2021, 3, 10),
        term_number=11,
        reelected=[Reelected(old_post.id)],
        newcomers=[Newcomer(secretary.id, "书记"), Newcomer(member.id, "委员")],
    )
    plan.newcomers[1] = Newcomer(member.id, "党组织委员")
    assert [f.text for f in changeover.check(plan) if f.level == "error"] == []
    changeover.apply(plan)
    return old, secretary, member


def test_new_cadres_are_computed_across_2021_and_2026(village):
    old, secretary, member = elect_2021(village)
    assert post_of(secretary, "党组织书记").is_new and post_of(member, "党组织委员").is_new
    assert not post_of(old, "党组织委员").is_new  # served before the 2021 election
    reserve_person = person("赵后备", sex="女", born=date(1995, 6, 1), village=village)
    reserve = ReserveCadre.create(person=reserve_person, village=village, registered_on=date(2023, 1, 1))
    members = {m.name: m for m in changeover.current_members(village.id, terms.PARTY)}
    assert set(members) == {"李老成", "张书记", "王芳"}
    plan = ChangeoverPlan(
        village.id,
        terms.PARTY,
        date(2026, 10, 15),
        term_number=12,
        reelected=[Reelected(members["张书记"].post_id), Reelected(members["李老成"].post_id)],
        leaving=[Leaving(members["王芳"].post_id, "届满离任")],
        newcomers=[Newcomer(reserve_person.id, "党组织委员", reserve_id=reserve.id)],
    )
    with clock.pinned(LATE_2026):
        changeover.apply(plan)
    # 2021's new cadres are no longer 新任 in the 2026 term; the reserve elected now is, and is 已任用.
    assert not post_of(secretary, "党组织书记").is_new and not post_of(old, "党组织委员").is_new
    assert post_of(reserve_person, "党组织委员").is_new
    assert ReserveCadre.get_by_id(reserve.id).status == "已任用"
    ended = post_of(member, "党组织委员")
    assert ended.ended_on == date(2026, 10, 15) and "届满离任" in ended.notes
    result = ElectionResult.get(ElectionResult.person == reserve_person.id)
    assert result.from_reserve and result.election.term_ends_on == date(2031, 10, 15)


def test_the_assistant_refuses_two_secretaries_and_an_unnamed_member(village):
    old, secretary, member = elect_2021(village)
    members = {m.name: m for m in changeover.current_members(village.id, terms.PARTY)}
    rival = person("钱新人", village=village)
    plan = ChangeoverPlan(
        village.id,
        terms.PARTY,
        date(2026, 10, 15),
        reelected=[Reelected(members["张书记"].post_id)],
        newcomers=[Newcomer(rival.id, "党组织书记")],
    )
    errors = [f.text for f in changeover.check(plan) if f.level == "error"]
    assert any("有且只有一名书记（现为 2 名）" in e for e in errors)
    assert any("李老成" in e and "连任还是离任" in e for e in errors)
    before = (Election.select().count(), CadrePost.select().count())
    with clock.pinned(LATE_2026), pytest.raises(ValidationError, match="未保存"):
        changeover.apply(plan)
    assert (Election.select().count(), CadrePost.select().count()) == before  # nothing written


def test_checks_name_yijiantiao_women_and_age(village):
    old, secretary, member = elect_2021(village)
    CadrePost.create(person=secretary, village=village, post="村(居)委会主任", started_on=date(2021, 3, 20))
    members = {m.name: m for m in changeover.current_members(village.id, terms.PARTY)}
    plan = ChangeoverPlan(
        village.id,
        terms.PARTY,
        date(2026, 10, 15),
        reelected=[Reelected(m.post_id) for m in members.values() if m.name != "王芳"],
        leaving=[Leaving(members["王芳"].post_id, "辞职")],
    )
    with clock.pinned(LATE_2026):
        texts = [f.text for f in changeover.check(plan)]
    assert any("一肩挑" in t and "张书记" in t for t in texts)
    assert "新一届成员中没有女性。" in texts
    assert any("年龄超过60岁" in t and "李老成" in t for t in texts)
    assert any(t.startswith("交叉任职 1 人") for t in texts)


def test_terms_ending_overdue_and_progress(village):
    other = Village.create(name="马溪村", sort_order=2)
    elect_2021(village)
    Election.create(
        village=village, committee=terms.VILLAGERS, held_on=date(2021, 3, 20), term_ends_on=date(2026, 3, 20)
    )
    ending = terms.terms_ending(6, date(2026, 1, 10))
    lines = {(t.village, t.committee): t for t in ending}
    # No election recorded for 马溪村: counted from the last general election (2021), overdue in 2026.
    assert lines[("马溪村", terms.PARTY)].overdue and lines[("马溪村", terms.PARTY)].held_on is None
    assert not lines[("岗湖村", terms.PARTY)].overdue
    assert lines[("岗湖村", terms.PARTY)].term_ends_on == date(2026, 3, 10)
    assert terms.terms_ending(1, date(2025, 6, 1)) == []
    progress = terms.election_progress(2021)
    assert progress.done == ["岗湖村"] and progress.to_do == ["马溪村"]
    Election.create(village=other, committee=terms.PARTY, held_on=date(2021, 4, 1))
    assert terms.election_progress(2021).to_do == ["马溪村"]  # its 村委会 has not elected yet
    Election.create(village=other, committee=terms.VILLAGERS, held_on=date(2021, 4, 9))
    assert terms.election_progress(2021).line() == "2021年换届：已完成 2/2 个村(社区)"


def test_election_results_from_excel(village, tmp_path):
    a = person("孙红", sex="女", village=village)
    b = person("周强", village=village)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["2026年村“两委”换届选举结果"])
    sheet.append(["村(社区)", "组织", "选举日期", "届次", "选举方式", "姓名", "当选职务", "得票数"])
    sheet.append(["岗湖村", "党支部", "2026.10.15", "第十二届", "两推一选", "孙红", "书记", "45"])
    sheet.append(["岗湖村", "党支部", "2026.10.15", "十二a", "两推一选", "周强", "支委", "40"])
    sheet.append(["岗湖村", "村委会", "2026年10月20日", "12", "直接选举", "孙红", "村委会主任", "300"])
    sheet.append(["黄河村", "", "2026.10.15", "", "", "周强", "委员", ""])
    sheet.append(["岗湖村", "", "2026.10.15", "", "", "无此人", "委员", ""])
    path = tmp_path / "results.xlsx"
    book.save(path)
    plan = plan_results(path)
    assert [r.sheet_row for r in plan.refused] == [
        4,
        6,
        7,
    ]  # 届次 not a number; unknown village; unknown person
    assert "届次" in plan.refused[0].reason and "黄河村" in plan.refused[1].reason
    with clock.pinned(LATE_2026):
        assert apply_results(plan) == 2
    assert Election.live().count() == 2
    assert {e.term_number for e in Election.live()} == {12}  # 第十二届 and 12
    assert post_of(a, "党组织书记").is_new and post_of(a, "村(居)委会主任").is_new
    again = plan_results(path)
    assert len(again.accepted) == 0 and all(
        "已登记" in r.reason or r.sheet_row in (4, 6, 7) for r in again.refused
    )
    out = tmp_path / "posts.xlsx"
    assert export_posts_with_terms(out) == 2
    rows = list(openpyxl.load_workbook(out).active.iter_rows(min_row=2, values_only=True))
    assert rows[0][:3] == ("村(社区)", "姓名", "职务") and {r[1] for r in rows[1:]} == {"孙红"}
    assert b.name not in {r[1] for r in rows[1:]}


def test_cadre_file_pdf_has_every_section_with_data_and_nobody_else(village, tmp_path):
    old, secretary, member = elect_2021(village)
    RewardPenalty.create(
        person=secretary,
        given_on=date(2023, 7, 1),
        kind="奖励",
        title="优秀共产党员",
        given_by="中共漳江镇委员会",
    )
    file = cadre_file.cadre_file(secretary.id)
    titles = [title for title, _lines in file.sections]
    assert titles == ["简历", "任职和任期", "奖惩情况"]  # sections without data are left out
    out = paper.print_cadre_file(tmp_path / "file.pdf", secretary.id)
    text = pdf_text(out)
    assert "村（社区）干部档案" in text and "张书记" in text and "优秀共产党员" in text
    assert "2021年两推一选当选" in text and "任期至2026.03" in text
    assert "李老成" not in text and "王芳" not in text


def test_ambiguous_name_lists_both_and_exits_2(village, tmp_path, capsys):
    person("张伟", born=date(1975, 1, 1), village=village)
    person("张伟", born=date(1988, 1, 1), village=Village.create(name="马溪村", sort_order=2))
    with pytest.raises(ValidationError) as caught:
        cadre_file.person_by_name("张伟")
    assert "岗湖村，1975年生" in str(caught.value) and "马溪村，1988年生" in str(caught.value)
    db = Path(village._meta.database.database)
    close_database()
    assert (
        main(["--db", str(db), "print", "cadre-file", "--person", "张伟", "--out", str(tmp_path / "x.pdf")])
        == 2
    )
    assert "1975年生" in capsys.readouterr().err and not (tmp_path / "x.pdf").exists()
    assert (
        main(["--db", str(db), "print", "secretary-review", "--blank", "--out", str(tmp_path / "r.pdf")]) == 0
    )
    text = pdf_text(tmp_path / "r.pdf")
    assert "村党组织书记人选协审表" in text and "县委组织部协审意见" in text


def test_demo_records_the_2021_round_and_the_terms_now_due(demo_db):
    villages = Village.live().count()
    assert Election.live().where(Election.committee == terms.PARTY).count() == villages
    assert all(e.held_on.year == 2021 and e.term_ends_on.year == 2026 for e in Election.live())
    due = terms.terms_ending(6, date(2026, 3, 1))
    assert len(due) == 2 * villages  # every 两委 term of the 2021 round ends in the first half of 2026


def test_file_records_are_checked_and_print_in_the_file(village, tmp_path):
    from township_desk.services.elections import file_records

    who = person("刘简历", born=date(1985, 4, 1), village=village)
    resume = file_records.record_form("resume", who.id)
    with pytest.raises(ValidationError, match="早于出生日期"):
        resume.save(None, {"started_on": "1980.01", "unit": "岗湖村", "post": "文书"})
    with pytest.raises(ValidationError, match="终止时间早于起始时间"):
        resume.save(None, {"started_on": "2010.01", "ended_on": "2008.01", "unit": "岗湖村"})
    resume.save(None, {"started_on": "2008.09", "ended_on": "2015.12", "unit": "岗湖村", "post": "文书"})
    file_records.record_form("education", who.id).save(
        None, {"mode": "在职", "level": "大学专科", "school": "湖南农业大学", "major": "农村经营管理"}
    )
    with pytest.raises(ValidationError, match="出生年份"):
        file_records.record_form("family", who.id).save(
            None, {"relation": "配偶", "name": "陈某", "birth_year": "75"}
        )
    not_image = tmp_path / "photo.jpg"
    not_image.write_bytes(b"GIF89a......")
    with pytest.raises(ValidationError, match="不是 JPG 或 PNG"):
        file_records.set_photo(who.id, not_image)
    text = pdf_text(paper.print_cadre_file(tmp_path / "f.pdf", who.id))
    assert "2008.09—2015.12岗湖村文书" in text and "在职：大学专科湖南农业大学农村经营管理" in text


def test_resume_lines_from_excel(village, tmp_path):
    from township_desk.services.elections import file_records

    who = person("陈履历", born=date(1980, 1, 1), village=village)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["姓名", "起始时间", "终止时间", "工作单位", "职务"])
    sheet.append(["陈履历", "2003.07", "2010.12", "岗湖村", "会计"])
    sheet.append(["陈履历", "2011.01", "至今", "岗湖村", "党组织委员"])
    sheet.append(["查无此人", "2011.01", "至今", "岗湖村", "委员"])
    path = tmp_path / "resume.xlsx"
    book.save(path)
    with clock.pinned(LATE_2026):
        plan = file_records.plan_resume(path)
        assert [r.sheet_row for r in plan.refused] == [4] and file_records.apply_resume(plan) == 2
        again = file_records.plan_resume(path)
    assert not again.accepted  # nothing twice
    lines = dict(cadre_file.cadre_file(who.id).sections)["简历"]
    assert lines == ["2003.07—2010.12  岗湖村会计", "2011.01—至今  岗湖村党组织委员"]
