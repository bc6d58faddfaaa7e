"""The fields real paper forms ask for (issue 21, item 12): entered in the record editors, stored (schema 18),
printed and read back from the PDF: the roster's 籍贯, 入党时间, 全日制/在职教育, 一肩挑, 交叉任职 and 乡镇 (county);
the talk record's 编号, 审阅人 and per-page signature; the Party day's 列席人员, 补课情况 and sign-in list."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from exchange_helpers import county, export, id_number, make_township
from pypdf import PdfReader

from township_desk.cli import main
from township_desk.db import close_database, open_database
from township_desk.models.cadres import CadrePost
from township_desk.models.people import Person, Village
from township_desk.services import cadres, talks
from township_desk.services.settings import set_setting


def pages(path: Path) -> list[str]:
    return [re.sub(r"\s+", "", page.extract_text() or "") for page in PdfReader(path).pages]


@pytest.fixture
def village(db: Path) -> Village:
    set_setting("township", "示例镇")
    return Village.create(name="桃花村", sort_order=1)


def cadre(name: str, post: str, **extra: str) -> str:
    values = {
        "name": name,
        "sex": "男",
        "village": "桃花村",
        "post": post,
        "post_start": "2021-05-01",
        **extra,
    }
    return cadres.CADRE_FORM.save(None, values)


def test_the_cadre_editor_keeps_native_place_and_both_educations(village: Village) -> None:
    person_id = cadre(
        "张建国",
        "党组织书记、主任",
        native_place="湖南桃源",
        fulltime_education="高中",
        inservice_education="大学本科",
        party_joined_on="1998-07-01",
    )
    loaded = cadres.CADRE_FORM.load(person_id)
    assert loaded["native_place"] == "湖南桃源"
    assert (loaded["fulltime_education"], loaded["inservice_education"]) == ("高中", "大学本科")
    # a save without those keys (an Excel import of an older roster) keeps them
    cadres.CADRE_FORM.save(person_id, {k: v for k, v in loaded.items() if k != "native_place"})
    assert Person.get_by_id(person_id).native_place == "湖南桃源"
    from township_desk.services.records import ValidationError

    with pytest.raises(ValidationError, match="在职教育"):
        cadres.CADRE_FORM.save(person_id, {**loaded, "inservice_education": "博士后啦"})


def test_the_detailed_roster_prints_the_new_fields(village: Village, tmp_path: Path) -> None:
    cadre(
        "张建国",
        "党组织书记、主任",
        native_place="湖南桃源",
        fulltime_education="高中",
        inservice_education="大学本科",
        party_joined_on="1998-07-01",
    )
    crossed = cadre("李桂英", "党组织委员", native_place="湖南常德")
    CadrePost.create(person=crossed, village=village, post="村(居)委会委员", started_on=date(2021, 5, 1))
    cadre("王五", "村(居)委会委员")
    rows = {row["name"]: row for row in cadres.roster_rows()}
    assert (rows["张建国"]["one_shoulder"], rows["张建国"]["cross_posts"]) == ("是", "是")
    assert (rows["李桂英"]["one_shoulder"], rows["李桂英"]["cross_posts"]) == ("", "是")
    assert (rows["王五"]["one_shoulder"], rows["王五"]["cross_posts"]) == ("", "")
    out = cadres.print_roster(tmp_path / "full.pdf", form="roster_full")
    (text,) = pages(out)
    for label in ("籍贯", "入党时间", "全日制教育", "在职教育", "一肩挑", "交叉任职"):
        assert label in text
    assert "湖南桃源" in text and "1998.07" in text and "大学本科" in text and "湖南常德" in text
    assert "乡镇" not in text  # a township's own file
    assert PdfReader(out).pages[0].mediabox.width > 1100  # A3 landscape


def test_the_county_roster_has_a_township_column(tmp_path: Path) -> None:
    files = []
    for name, n in (("漳江镇", 1), ("桃花乡", 2)):
        path = make_township(tmp_path / f"{n}.db", name, [(f"干部{n}", id_number(n))])
        open_database(path)
        person = Person.get()
        CadrePost.create(
            person=person, village=person.village, post="党组织书记", started_on=date(2021, 5, 1)
        )
        close_database()
        files.append(export(path, tmp_path / f"{n}.tdx"))
    from township_desk.services.merge import merge_files

    target = county(tmp_path / "county.db")
    merge_files(target, files)
    open_database(target)
    try:
        rows = cadres.roster_rows()
        assert sorted((r["name"], r["township"]) for r in rows) == [("干部1", "漳江镇"), ("干部2", "桃花乡")]
        (text,) = pages(cadres.print_roster(tmp_path / "county.pdf"))
        assert "乡镇" in text and "漳江镇" in text and "桃花乡" in text
        (only,) = pages(cadres.print_roster(tmp_path / "one.pdf", township="桃花乡"))
        assert "干部2" in only and "干部1" not in only
    finally:
        close_database()


def talk_values(person_id: str, day: date, **extra: object) -> dict[str, object]:
    return {
        "kind": "谈心谈话",
        "person": person_id,
        "talkers": "刘书记",
        "talk_date": day.isoformat(),
        "content": "谈了工作。",
        **extra,
    }


def test_talk_records_are_numbered_reviewed_and_signed_on_every_page(
    village: Village, tmp_path: Path, today: date
) -> None:
    person_id = cadre("王䶮", "党组织委员")
    day = today - timedelta(days=3)
    first = talks.save_talk(None, talk_values(person_id, day, reviewer="镇纪委书记 赵敏"))
    second = talks.save_talk(None, talk_values(person_id, day))
    pending = talks.save_talk(None, {"kind": "提醒谈话", "person": person_id, "reason": "待谈"})
    numbers = [talks.TALK_FORM.load(i)["record_no"] for i in (first, second, pending)]
    assert numbers == [f"{day.year}-001", f"{day.year}-002", ""]  # a talk not yet held has no number
    from township_desk.services.records import ValidationError

    with pytest.raises(ValidationError, match="已用于"):
        talks.save_talk(second, talk_values(person_id, day, record_no=f"{day.year}-001"))
    talks.save_talk(second, talk_values(person_id, day, record_no="特-9", content="长谈。" * 900))

    (text,) = pages(talks.print_talk_record(tmp_path / "one.pdf", first))
    assert f"编号{day.year}-001" in text and "审阅人镇纪委书记赵敏" in text
    long = pages(talks.print_talk_record(tmp_path / "long.pdf", second))
    assert len(long) >= 2 and "编号特-9" in long[0]
    assert all("谈话对象（签字）：" in page for page in long)  # the signature line on every page


def test_party_day_record_has_guests_makeup_and_a_sign_in_list(
    village: Village, db: Path, tmp_path: Path, today: date
) -> None:
    from party_days_helpers import branch_name, day_values, make_branch

    from township_desk.services import party_days

    branch_id, _members = make_branch()
    branch = branch_name(branch_id)
    day = party_days.last_friday_of(today.replace(day=1) - timedelta(days=1))
    values = day_values(branch_id, day, guests="镇党委委员 李明")
    attendance = values["attendance"]
    attendance[0].update(status="请假", reason="外出务工")
    attendance[1].update(status="缺席")
    day_id = party_days.PARTY_DAY_FORM.save(None, values)
    loaded = party_days.PARTY_DAY_FORM.load(day_id)
    assert loaded["guests"] == "镇党委委员 李明" and loaded["makeup"] == ""
    (text,) = pages(party_days.print_day_records(tmp_path / "r.pdf", [day_id]))
    assert "列席人员镇党委委员李明" in text
    assert f"应补课：{attendance[0]['name']}、{attendance[1]['name']}" in text

    party_days.PARTY_DAY_FORM.save(day_id, {**loaded, "makeup": "6月3日集中补学党章"})
    (text,) = pages(party_days.print_day_records(tmp_path / "r2.pdf", [day_id]))
    assert "补课情况6月3日集中补学党章" in text

    (sheet,) = pages(party_days.print_signin(tmp_path / "s.pdf", day_id))
    assert sheet.startswith("主题党日签到表") and "签名" in sheet and branch in sheet
    for member in attendance:
        assert member["name"] in sheet
    assert "请假外出务工" in sheet

    close_database()
    month = f"{day.year}-{day.month:02d}"
    out = tmp_path / "cli.pdf"
    command = ["--db", str(db), "print", "party-day-signin", "--branch", branch, "--month", month]
    assert main([*command, "--out", str(out)]) == 0
    assert attendance[0]["name"] in pages(out)[0]
