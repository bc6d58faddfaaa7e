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


def test_names_read_character_by_character_as_pypinyin_reads_them() -> None:
    """The quick reading (each character's cached reading, for runs holding no word of pypinyin's phrase list)
    gives what pypinyin gives for the whole run: thousands of names, plain and holding phrases (长江, 朝阳)."""
    import random

    from pypinyin import Style, lazy_pinyin
    from pypinyin.constants import PHRASES_DICT, PINYIN_DICT

    from township_desk.services.demo.names import FEMALE_CHARS, MALE_CHARS
    from township_desk.services.demo.names import SURNAMES as DEMO_SURNAMES
    from township_desk.services.pinyin import _han_run

    rng = random.Random(24)
    characters = [chr(code) for code in PINYIN_DICT if 0x4E00 <= code <= 0x9FFF]
    phrases = sorted(word for word in PHRASES_DICT if len(word) in (2, 3))
    names = [
        rng.choice(DEMO_SURNAMES) + rng.choice(MALE_CHARS + FEMALE_CHARS) * rng.randint(1, 2)
        for _ in range(2000)
    ]
    names += ["".join(rng.choices(characters, k=rng.randint(2, 4))) for _ in range(3000)]
    names += [rng.choice(DEMO_SURNAMES) + rng.choice(phrases) for _ in range(3000)]
    names += ["张长江", "王朝阳", "李重庆", "刘长生", "陈行长", "赵银行"]
    _han_run.cache_clear()
    quick = [_han_run(name) for name in names]
    pypinyin = [
        tuple(t for t in lazy_pinyin(name, style=Style.NORMAL) if t.isascii() and t.isalpha())
        for name in names
    ]
    differing = [(name, a, b) for name, a, b in zip(names, quick, pypinyin, strict=True) if a != b]
    assert differing == []
    assert name_pinyin("李重庆") == "lichongqing"  # 重庆 read as a word: 重 alone is zhong
