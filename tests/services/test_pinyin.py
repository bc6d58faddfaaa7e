"""Tests for name pinyin and initials, including surnames with special readings."""

import pytest

from township_desk.services.pinyin import SURNAMES, name_initials, name_pinyin


def test_plain_name() -> None:
    assert name_initials("张建国") == "zjg"
    assert name_pinyin("张建国") == "zhangjianguo"


@pytest.mark.parametrize(
    ("name", "initials", "full"),
    [
        ("单雄信", "sxx", "shanxiongxin"),
        ("曾国藩", "zgf", "zengguofan"),
        ("解缙", "xj", "xiejin"),
        ("仇英", "qy", "qiuying"),
        ("区伟", "ow", "ouwei"),
        ("朴正", "pz", "piaozheng"),
        ("查良镛", "zly", "zhaliangyong"),
        ("盖军", "gj", "gejun"),
        ("缪华", "mh", "miaohua"),
        ("覃明", "qm", "qinming"),
        ("乐平", "yp", "yueping"),
        ("翟红", "zh", "zhaihong"),
        ("欧阳修", "oyx", "ouyangxiu"),
        ("尉迟恭", "ycg", "yuchigong"),
        ("万俟卨", "mqx", "moqixie"),
        ("长孙无忌", "zswj", "zhangsunwuji"),
        ("吕布", "lb", "lvbu"),
    ],
)
def test_surnames(name: str, initials: str, full: str) -> None:
    assert name_initials(name) == initials
    assert name_pinyin(name) == full


def test_surname_only_at_start() -> None:
    assert name_pinyin("王单") == "wangdan"
    assert name_initials("王曾") == "wc"
    assert name_pinyin("单单").startswith("shan")


def test_surname_table_only_holds_corrections_and_compounds() -> None:
    for correct_already in ("华", "任", "沈", "柏", "葛"):
        assert correct_already not in SURNAMES
    assert name_pinyin("华强") == "huaqiang"
    assert name_pinyin("葛优") == "geyou"


def test_non_chinese_characters() -> None:
    assert name_initials("阿依古丽·买买提") == "ayglmmt"
    assert name_pinyin("阿依古丽·买买提") == "ayigulimaimaiti"
    assert name_initials(" 张 A3 ") == "za3"
    assert name_initials("张ab") == "zab"
    assert name_initials("李ＡＢ") == "lab"
    assert name_initials("") == ""
