"""Tests for the controlled vocabularies and their codes."""

import pytest

from township_desk.services import vocab
from township_desk.services.vocab import (
    CADRE_POSTS,
    EDUCATION,
    EDUCATION_HIGH_SCHOOL_OR_ABOVE,
    ETHNICITY,
    POLITICAL_STANDING,
    SEX,
    Entry,
    Vocabulary,
    is_secretary,
)

ALL = [value for value in vars(vocab).values() if isinstance(value, Vocabulary)]


@pytest.mark.parametrize(
    ("vocabulary", "text", "label"),
    [
        (EDUCATION, " 本科 ", "大学本科"),
        (EDUCATION, "大专", "大学专科"),
        (EDUCATION, "硕士研究生", "研究生"),
        (EDUCATION, "中 专", "中等专科"),
        (EDUCATION, "20", "大学本科"),
        (POLITICAL_STANDING, "中共党员", "中共党员"),
        (POLITICAL_STANDING, "党员", "中共党员"),
        (POLITICAL_STANDING, "中国共产党党员", "中共党员"),
        (POLITICAL_STANDING, "预备党员", "中共预备党员"),
        (POLITICAL_STANDING, "团员", "共青团员"),
        (POLITICAL_STANDING, "无党派", "无党派人士"),
        (POLITICAL_STANDING, "1", "中共党员"),
        (ETHNICITY, "汉", "汉族"),
        (ETHNICITY, "汉族", "汉族"),
        (ETHNICITY, "０１", "汉族"),
        (ETHNICITY, "维族", "维吾尔族"),
        (SEX, "m", "男"),
        (SEX, "女性", "女"),
        (CADRE_POSTS, "一肩挑", "党组织书记、主任"),
        (CADRE_POSTS, "（一肩挑）", "党组织书记、主任"),
        (CADRE_POSTS, "(一肩挑)", "党组织书记、主任"),
        (CADRE_POSTS, "党组织书记、主任（一肩挑）", "党组织书记、主任"),
        (CADRE_POSTS, "书记，主任", "党组织书记、主任"),
        (CADRE_POSTS, "村（居）委会主任", "村(居)委会主任"),
        (CADRE_POSTS, "村 (居) 委会主任", "村(居)委会主任"),
        (CADRE_POSTS, "p04", "村(居)委会主任"),
        (CADRE_POSTS, "支委", "党组织委员"),
    ],
)
def test_normalize(vocabulary: Vocabulary, text: str, label: str) -> None:
    assert vocabulary.normalize(text) == label


@pytest.mark.parametrize("text", ["", "  ", "大学生", "火星族", "99", "（）"])
def test_unknown_is_none(text: str) -> None:
    assert EDUCATION.normalize(text) is None
    assert ETHNICITY.normalize(text) is None


@pytest.mark.parametrize("vocabulary", ALL, ids=lambda v: v.name)
def test_codes_round_trip(vocabulary: Vocabulary) -> None:
    codes = [entry.code for entry in vocabulary]
    assert len(set(codes)) == len(codes)
    for entry in vocabulary:
        assert vocabulary.code_of(entry.label) == entry.code
        assert vocabulary.label_of(entry.code) == entry.label
        assert vocabulary.normalize(entry.label) == entry.label
        assert vocabulary.normalize(entry.code) == entry.label
        assert entry.label in vocabulary
        for alias in entry.aliases:
            assert vocabulary.normalize(alias) == entry.label
    assert vocabulary.labels() == [entry.label for entry in vocabulary]
    assert vocabulary.code_of("不存在") is None
    assert vocabulary.label_of("不存在") is None
    assert "不存在" not in vocabulary


def test_ethnicity_has_all_56_and_two_extras() -> None:
    assert len(ETHNICITY) == 58
    assert ETHNICITY.label_of("01") == "汉族"
    assert ETHNICITY.label_of("56") == "基诺族"
    assert ETHNICITY.label_of("97") == "其他"
    assert ETHNICITY.label_of("98") == "外国血统中国籍人士"
    assert [e.code for e in ETHNICITY][:56] == [f"{n:02d}" for n in range(1, 57)]


def test_labels_are_the_short_forms() -> None:
    assert POLITICAL_STANDING.labels()[:3] == ["中共党员", "中共预备党员", "共青团员"]
    assert POLITICAL_STANDING.labels()[-1] == "群众"
    assert POLITICAL_STANDING.code_of("群众") == "13"


def test_education_order_and_high_school_set() -> None:
    assert EDUCATION.labels() == [
        "研究生",
        "大学本科",
        "大学专科",
        "中等专科",
        "高中",
        "初中",
        "小学",
        "其他",
    ]
    assert EDUCATION_HIGH_SCHOOL_OR_ABOVE == set(EDUCATION.labels()[:5])


def test_is_secretary() -> None:
    assert is_secretary("党组织书记")
    assert is_secretary("党组织书记、主任")
    assert is_secretary("一肩挑")
    assert not is_secretary("党组织副书记")
    assert not is_secretary("团支部书记")
    assert not is_secretary("村(居)委会主任")


def test_ambiguous_vocabulary_refused() -> None:
    with pytest.raises(ValueError):
        Vocabulary("测试", [Entry("1", "甲", ("同",)), Entry("2", "乙", ("同",))])
    with pytest.raises(ValueError):
        Vocabulary("测试", [Entry("1", "甲"), Entry("1", "乙")])
