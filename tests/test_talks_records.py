"""Talks on a real database: the form's rules, the list, a person's talks, the 谈话记录表 PDF, Excel and the CLI."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader

from township_desk.cli import main
from township_desk.db import close_database
from township_desk.models.cadres import CadrePost
from township_desk.models.people import Person, Village
from township_desk.models.talks import Talk
from township_desk.services import clock, talks, vocab
from township_desk.services.listing import ListState
from township_desk.services.records import ValidationError
from township_desk.services.settings import set_setting


def pages(path: Path) -> list[str]:
    return [re.sub(r"\s+", "", page.extract_text() or "") for page in PdfReader(path).pages]


@pytest.fixture
def person(db):
    set_setting("township", "示例镇")  # printing needs the township's name
    village = Village.create(name="桃花村", sort_order=1)
    someone = Person.create(name="张建国", initials="zjg", pinyin="zhangjianguo", village=village, sex="男")
    CadrePost.create(person=someone, village=village, post="党组织书记、主任", started_on=date(2021, 5, 1))
    return someone


def talk_values(someone: Person, **extra: object) -> dict[str, object]:
    values: dict[str, object] = {
        "kind": "诫勉谈话",
        "person": someone.id,
        "reason": "多次无故缺席例会。",
        "talkers": "孙书记",
        "talker_post": "桃源镇党委书记",
        "recorder": "李干事",
        "talk_date": "2024-03-05",
        "talk_time": "上午9:30",
        "place": "镇党委会议室",
        "content": "指出问题，提出整改要求。",
        "response": "接受批评，立即整改。",
        "follow_up": "一个月后回访。",
    }
    values.update(extra)
    return values


def test_a_filled_talk_is_completed_and_keeps_the_post_at_the_time(person):
    talk_id = talks.save_talk(None, talk_values(person, person_post=""))
    talk = Talk.get_by_id(talk_id)
    assert talk.status == "已完成" and talk.year == 2024
    assert talk.person_post == "桃花村 党组织书记、主任"
    CadrePost.update(post="村(居)委会委员").execute()  # a later change of post does not rewrite history
    assert Talk.get_by_id(talk_id).person_post == "桃花村 党组织书记、主任"
    assert talks.derive_talk({"person": person.id, "person_post": ""}) == {
        "person_post": "桃花村 村(居)委会委员"
    }


def test_a_talk_without_content_stays_pending(person):
    talk_id = talks.save_talk(None, talk_values(person, content="", talk_date="", talkers=""))
    talk = Talk.get_by_id(talk_id)
    assert talk.status == "待谈话" and talk.year == clock.today().year
    assert talks.pending_count() == 1 and talks.first_pending_id() == talk_id


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"kind": "批评谈话"}, "kind", "无法识别"),
        ({"person": ""}, "person", "请选择“谈话对象”"),
        ({"talk_date": ""}, "talk_date", "请同时填写“谈话日期”"),
        ({"talk_date": (clock.today() + timedelta(days=3)).isoformat()}, "talk_date", "晚于今天"),
        ({"talk_date": "2024-13-01"}, "talk_date", "谈话日期"),
        ({"talkers": ""}, "talkers", "请填写“谈话人”"),
    ],
)
def test_wrong_values_are_refused_naming_the_field(person, change, field, message):
    with pytest.raises(ValidationError, match=message) as caught:
        talks.save_talk(None, talk_values(person, **change))
    assert caught.value.field == field
    assert Talk.select().count() == 0


def test_kinds_are_the_four_of_the_office_and_accept_short_spellings(person):
    assert vocab.TALK_KINDS.labels() == ["提醒谈话", "诫勉谈话", "任前廉政谈话", "谈心谈话"]
    talk_id = talks.save_talk(None, talk_values(person, kind="任前谈话"))
    assert Talk.get_by_id(talk_id).kind == "任前廉政谈话"


def test_list_filters_search_and_a_persons_talks(demo_db):
    listing = talks.TalkListing()
    kinds = {row["kind"] for row in listing.iter_rows(ListState())}
    assert kinds == set(vocab.TALK_KINDS.labels())
    pending = list(listing.iter_rows(ListState(filters={"status": "待谈话"})))
    assert pending and all(row["status"] == "待谈话" for row in pending)
    first = list(listing.iter_rows(ListState()))[0]
    assert first["status"] == "待谈话"  # pending talks come first
    reminder = next(row for row in pending if row["kind"] == "提醒谈话")
    person = Person.get_by_id(reminder["person_id"])
    found = list(listing.iter_rows(ListState(search=person.initials)))
    assert any(row["id"] == reminder["id"] for row in found)
    mine = talks.talks_of(person.id)
    assert mine[0]["id"] == reminder["id"] and all(row["name"] == person.name for row in mine)
    year = str(clock.today().year - 1)
    assert all(row["year"] == int(year) for row in listing.iter_rows(ListState(filters={"year": year})))


def test_talk_record_pdf_filled_and_blank(person, tmp_path):
    talk_id = talks.save_talk(None, talk_values(person))
    out = talks.print_talk_record(tmp_path / "one.pdf", talk_id)
    reader = PdfReader(out)
    assert len(reader.pages) == 1
    assert float(reader.pages[0].mediabox.width) < float(reader.pages[0].mediabox.height)  # A4 portrait
    text = pages(out)[0]
    for expected in (
        "谈话记录表",
        "张建国",
        "桃花村党组织书记、主任",
        "孙书记(桃源镇党委书记)",
        "李干事",
        "2024年3月5日上午9:30",
        "镇党委会议室",
        "多次无故缺席例会。",
        "指出问题，提出整改要求。",
        "接受批评，立即整改。",
        "一个月后回访。",
        "谈话人（签字）",
        "谈话对象（签字）",
        "第1页共1页",
    ):
        assert expected.replace("(", "（").replace(")", "）") in text or expected in text, expected
    assert "■诫勉谈话" in text or "☑诫勉谈话" in text
    assert "□提醒谈话" in text and "□任前廉政谈话" in text
    blank = pages(talks.print_talk_record(tmp_path / "blank.pdf"))
    assert len(blank) == 1
    for label in ("谈话对象", "谈话人", "记录人", "谈话时间", "谈话地点", "谈话事由", "谈话内容", "本人表态"):
        assert label in blank[0]
    assert "□提醒谈话□诫勉谈话□任前廉政谈话□谈心谈话" in blank[0]
    assert "年月日时分" in blank[0] and "张建国" not in blank[0]


def test_a_long_record_still_prints(person, tmp_path):
    talk_id = talks.save_talk(None, talk_values(person, content="认真查找问题，" * 400))
    texts = pages(talks.print_talk_record(tmp_path / "long.pdf", talk_id))
    assert len(texts) > 1 and "谈话记录表" in texts[0]
    assert "认真查找问题" in texts[0]  # the long box starts on page 1 instead of jumping to page 2
    for text in texts[1:]:
        assert text.startswith("谈话记录表（续）谈话对象：张建国")
    assert all("记录人（签字）" not in text for text in texts[:-1]) and "记录人（签字）" in texts[-1]
    # Nothing is lost: the text of the pages without their heads, feet and per-page signature.
    bodies = [
        re.sub(
            r"谈话对象（签字）：_{12}(?!_)|^谈话记录表（续）谈话对象：张建国职务：桃花村党组织书记、主任|谈话内容（续）|第\d+页共\d+页$",
            "",
            text,
        )
        for text in texts
    ]
    assert "".join(bodies).count("认真查找问题") == 400


def test_all_records_of_a_year_in_one_pdf(demo_db, tmp_path):
    year = clock.today().year - 1
    expected = talks.year_talks(year)
    assert expected
    texts = pages(talks.print_year_records(tmp_path / "year.pdf", year))
    assert len(texts) == len(expected)
    for text, talk in zip(texts, expected, strict=True):
        assert talk.person.name in text and "第1页共1页" in text
    with pytest.raises(ValidationError, match="1990年没有已进行的谈话记录"):
        talks.print_year_records(tmp_path / "none.pdf", 1990)


def test_a_years_records_leave_out_talks_not_yet_held(person, tmp_path, today):
    held_on = today - timedelta(days=20)
    year = held_on.year
    held = talks.save_talk(None, talk_values(person, talk_date=held_on.isoformat(), content="指出问题。"))
    # Planned for later in the year (or next): pending, no content yet; and one with no date at all.
    planned = talks.save_talk(
        None, talk_values(person, talk_date=(today + timedelta(days=3)).isoformat(), content="")
    )
    undated = talks.save_talk(None, talk_values(person, talk_date="", content="", kind="提醒谈话"))
    assert Talk.get_by_id(undated).year == today.year
    chosen = [talk.id for talk in talks.year_talks(year)]
    assert chosen == [held]
    assert planned not in chosen and undated not in chosen
    texts = pages(talks.print_year_records(tmp_path / "year.pdf", year))
    assert len(texts) == 1 and "指出问题。" in texts[0]
    assert not any("年月日时分" in text for text in texts)  # no blank record for a talk not held


def test_export_talks(demo_db, tmp_path):
    out = tmp_path / "talks.xlsx"
    count = talks.export_talks(out)
    sheet = openpyxl.load_workbook(out).active
    header = [c.value for c in sheet[2]]  # under the title row
    assert header[:2] == ["谈话类型", "谈话对象"] and "谈话人" in header and "日期" in header
    assert "本人表态" in header and "状态" in header
    assert count == sheet.max_row - 2 == Talk.live().count()
    kinds = {row[0] for row in sheet.iter_rows(min_row=3, values_only=True)}
    assert kinds == set(vocab.TALK_KINDS.labels())


def test_cli_talk_records(demo_db, tmp_path, capsys):
    talk = Talk.live().where(Talk.talk_date.is_null(False)).order_by(Talk.talk_date.desc()).first()
    name, day, year = talk.person.name, talk.talk_date.isoformat(), talk.talk_date.year
    close_database()
    db = str(demo_db)
    one = tmp_path / "one.pdf"
    assert main(["--db", db, "print", "talk-record", "--person", name, "--date", day, "--out", str(one)]) == 0
    assert name in pages(one)[0]
    blank = tmp_path / "blank.pdf"
    assert main(["--db", db, "print", "talk-record", "--blank", "--out", str(blank)]) == 0
    assert "谈话记录表" in pages(blank)[0]
    many = tmp_path / "year.pdf"
    assert main(["--db", db, "print", "talk-records", "--year", str(year), "--out", str(many)]) == 0
    assert len(pages(many)) >= 1
    assert main(["--db", db, "export", "talks", str(tmp_path / "t.xlsx")]) == 0
    capsys.readouterr()
    assert (
        main(
            ["--db", db, "print", "talk-record", "--person", name, "--date", "1990-01-01", "--out", str(one)]
        )
        == 2
    )
    assert "没有找到1990年1月1日" in capsys.readouterr().err
    assert main(["--db", db, "print", "talk-record", "--out", str(one)]) == 2
    assert "--blank" in capsys.readouterr().err
    assert (
        main(["--db", db, "print", "talk-record", "--person", name, "--date", "昨天", "--out", str(one)]) == 2
    )
    assert "--date" in capsys.readouterr().err
