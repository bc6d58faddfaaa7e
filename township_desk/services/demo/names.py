"""Plausible Chinese names for people and places in demo data."""

from __future__ import annotations

import random

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝"
    "龚邵万钱覃武戴莫孔向汤单"
)
SURNAME_WEIGHTS = [max(1, 30 - i // 3) for i in range(len(SURNAMES))]
MALE_CHARS = "建国伟强军平志明永华文斌海涛勇杰俊峰超辉刚德林波红兵新春光祥东辉成生松林荣贵福鹏飞宇浩"
FEMALE_CHARS = "丽芳娟敏静秀英华玲红霞燕梅兰琴慧婷雪艳萍莉琳洁颖凤云珍月桂芬娜倩"
PLACE_FIRST = "桃杏李柳松竹梅兰桂枫龙凤狮象马牛鹤燕莲荷仙灵青白红黄金银石泉溪潭湾坪岗冲塘"
PLACE_SECOND = "花源林山峰岭溪河湖塘坪桥湾洲岗坡冲口溪坝园田庄铺垭"
TOWNSHIP_NAMES = (
    "漳江",
    "陬市",
    "热市",
    "盘塘",
    "三阳",
    "九溪",
    "沙坪",
    "理公港",
    "观音寺",
    "佘市桥",
    "黄石",
    "木塘垸",
    "郑家驿",
    "茶庵铺",
    "牛车河",
    "龙潭",
    "双溪口",
    "杨溪桥",
    "西安",
    "剪市",
    "夷望溪",
    "架桥",
    "马鬃岭",
    "泥窝潭",
    "枫树",
    "凌津滩",
    "桃花源",
    "钟家铺",
)


class NameMaker:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def person(self, male: bool) -> str:
        surname = self.rng.choices(SURNAMES, SURNAME_WEIGHTS)[0]
        chars = MALE_CHARS if male else FEMALE_CHARS
        given = self.rng.choice(chars)
        if self.rng.random() < 0.75:
            given += self.rng.choice(chars)
        return surname + given

    def place(self, used: set[str]) -> str:
        for _ in range(1000):
            name = self.rng.choice(PLACE_FIRST) + self.rng.choice(PLACE_SECOND)
            if name not in used:
                used.add(name)
                return name
        raise RuntimeError("demo place names exhausted")
