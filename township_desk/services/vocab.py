"""Every controlled vocabulary (sex, ethnicity, party standing, education, posts …) with its codes."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class Entry:
    """One value: its code, the label users see, and other spellings that mean the same."""

    code: str
    label: str
    aliases: tuple[str, ...] = ()


def _key(text: str) -> str:
    """Comparison form: NFKC (so （） equals ()), no whitespace, ， as 、, case-folded."""
    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"\s+", "", text).replace(",", "、").casefold()


class Vocabulary:
    """An ordered list of entries that can translate between labels, codes and aliases."""

    def __init__(self, name: str, entries: Iterable[Entry]) -> None:
        self.name = name
        self.entries: tuple[Entry, ...] = tuple(entries)
        self._by_code = {entry.code: entry for entry in self.entries}
        self._by_label = {entry.label: entry for entry in self.entries}
        if len(self._by_code) != len(self.entries) or len(self._by_label) != len(self.entries):
            raise ValueError(f"vocabulary {name}: duplicate code or label")
        self._by_key: dict[str, Entry] = {}
        for kind in ("label", "code", "aliases"):
            for entry in self.entries:
                spellings = entry.aliases if kind == "aliases" else (getattr(entry, kind),)
                for spelling in spellings:
                    known = self._by_key.setdefault(_key(spelling), entry)
                    if known is not entry:
                        raise ValueError(f"vocabulary {name}: {spelling!r} is ambiguous")
        self._code_width = {len(code) for code in self._by_code if code.isdigit()}
        self._normalized: dict[str, str | None] = {}

    def __contains__(self, label: object) -> bool:
        """Whether label is one of the canonical labels (use normalize() for other spellings)."""
        return label in self._by_label

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    def labels(self) -> list[str]:
        return [entry.label for entry in self.entries]

    def code_of(self, label: str) -> str | None:
        entry = self._by_label.get(label)
        return None if entry is None else entry.code

    def label_of(self, code: str) -> str | None:
        entry = self._by_code.get(code)
        return None if entry is None else entry.label

    def normalize(self, text: str) -> str | None:
        """The canonical label for a label, code or alias in any width or spacing; None if unknown."""
        if text in self._by_label:  # already the label (most cells of an import)
            return text
        if text not in self._normalized:  # an import repeats the same few spellings
            self._normalized[text] = self._find(text)
        return self._normalized[text]

    def _find(self, text: str) -> str | None:
        key = _key(text)
        candidates = [key]
        if len(key) > 2 and key[0] == "(" and key[-1] == ")":
            candidates.append(key[1:-1])
        if key.isdigit():  # codes that lost their leading zero in Excel: 1 → 01
            candidates.extend(key.zfill(width) for width in sorted(self._code_width))
        for candidate in candidates:
            entry = self._by_key.get(candidate)
            if entry is not None:
                return entry.label
        return None


SEX = Vocabulary(
    "性别",  # GB/T 2261.1-2003
    [
        Entry("0", "未知的性别", ("未知",)),
        Entry("1", "男", ("男性", "M")),
        Entry("2", "女", ("女性", "F")),
        Entry("9", "未说明的性别", ("未说明",)),
    ],
)

_ETHNIC_NAMES = (
    "汉族 蒙古族 回族 藏族 维吾尔族 苗族 彝族 壮族 布依族 朝鲜族 满族 侗族 瑶族 白族 土家族 哈尼族 "
    "哈萨克族 傣族 黎族 傈僳族 佤族 畲族 高山族 拉祜族 水族 东乡族 纳西族 景颇族 柯尔克孜族 土族 "
    "达斡尔族 仫佬族 羌族 布朗族 撒拉族 毛南族 仡佬族 锡伯族 阿昌族 普米族 塔吉克族 怒族 乌孜别克族 "
    "俄罗斯族 鄂温克族 德昂族 保安族 裕固族 京族 塔塔尔族 独龙族 鄂伦春族 赫哲族 门巴族 珞巴族 基诺族"
).split()
_ETHNIC_EXTRA_ALIASES = {"蒙古族": ("蒙族",), "维吾尔族": ("维族",)}

ETHNICITY = Vocabulary(
    "民族",  # GB 3304-1991
    [
        Entry(f"{number:02d}", label, (label.removesuffix("族"), *_ETHNIC_EXTRA_ALIASES.get(label, ())))
        for number, label in enumerate(_ETHNIC_NAMES, start=1)
    ]
    + [Entry("97", "其他", ("其它", "其他民族")), Entry("98", "外国血统中国籍人士", ("外国血统",))],
)

POLITICAL_STANDING = Vocabulary(
    "政治面貌",  # GB/T 4762-1984; labels are the short forms rosters print
    [
        Entry("01", "中共党员", ("中国共产党党员", "党员", "共产党员", "正式党员")),
        Entry("02", "中共预备党员", ("中国共产党预备党员", "预备党员")),
        Entry("03", "共青团员", ("中国共产主义青年团团员", "团员")),
        Entry("04", "民革会员", ("中国国民党革命委员会会员", "民革党员")),
        Entry("05", "民盟盟员", ("中国民主同盟盟员",)),
        Entry("06", "民建会员", ("中国民主建国会会员",)),
        Entry("07", "民进会员", ("中国民主促进会会员",)),
        Entry("08", "农工党党员", ("中国农工民主党党员",)),
        Entry("09", "致公党党员", ("中国致公党党员",)),
        Entry("10", "九三学社社员", ()),
        Entry("11", "台盟盟员", ("台湾民主自治同盟盟员",)),
        Entry("12", "无党派人士", ("无党派民主人士", "无党派")),
        Entry("13", "群众", ("普通群众", "居民")),
    ],
)

EDUCATION = Vocabulary(
    "学历",  # coarse levels based on GB/T 4658-2006, highest first
    [
        Entry("10", "研究生", ("硕士", "博士", "硕士研究生", "博士研究生", "研究生学历")),
        Entry("20", "大学本科", ("本科", "大学")),
        Entry("30", "大学专科", ("大专", "专科", "高职")),
        Entry("40", "中等专科", ("中专", "中技", "技工学校", "职高", "中等职业")),
        Entry("60", "高中", ("普高", "高级中学")),
        Entry("70", "初中", ("初级中学",)),
        Entry("80", "小学", ()),
        Entry("90", "其他", ("文盲", "半文盲")),
    ],
)
EDUCATION_HIGH_SCHOOL_OR_ABOVE: frozenset[str] = frozenset(
    {"研究生", "大学本科", "大学专科", "中等专科", "高中"}
)

CADRE_POSTS = Vocabulary(
    "职务",  # posts in a village's or community's "两委"; codes are this application's own
    [
        Entry(
            "P01",
            "党组织书记、主任",
            (
                "书记、主任",
                "书记兼主任",
                "一肩挑",
                "党组织书记兼主任",
                "党组织书记、主任(一肩挑)",
                "党组织书记、村(居)委会主任",
                "党支部书记、村委会主任",
                "党总支书记、村委会主任",
                "党支部书记、居委会主任",
                "党总支书记、居委会主任",
            ),
        ),
        Entry(
            "P02",
            "党组织书记",
            ("书记", "党支部书记", "党总支书记", "党委书记", "村党组织书记", "社区党组织书记"),
        ),
        Entry("P03", "党组织副书记", ("副书记", "党支部副书记", "党总支副书记", "党委副书记")),
        Entry("P04", "村(居)委会主任", ("村委会主任", "居委会主任", "主任", "村主任")),
        Entry("P05", "村(居)委会副主任", ("村委会副主任", "居委会副主任", "副主任")),
        Entry("P06", "党组织委员", ("支委", "支部委员", "党支部委员", "党总支委员", "党委委员")),
        Entry("P07", "村(居)委会委员", ("村委委员", "居委委员", "村委会委员", "居委会委员", "委员")),
        Entry("P08", "村务监督委员会主任", ("监委会主任", "村监委主任", "居务监督委员会主任")),
        Entry("P09", "村务监督委员会委员", ("监委会委员", "村监委委员", "居务监督委员会委员")),
        Entry("P10", "妇联主席", ("妇女主任", "妇联主任", "妇代会主任")),
        Entry("P11", "团支部书记", ("团支书", "团总支书记")),
        Entry("P12", "综治专干", ("综治专职干部", "综治干部")),
        Entry("P13", "报账员", ("村级报账员", "报账会计")),
    ],
)
_SECRETARY_POSTS = frozenset({"党组织书记、主任", "党组织书记"})


def is_secretary(label: str) -> bool:
    """Whether a post (label or any spelling) is the first position: the Party organisation secretary."""
    return CADRE_POSTS.normalize(label) in _SECRETARY_POSTS


RESERVE_PROGRAMMES = Vocabulary(
    "培养计划",
    [Entry("01", "青蓝工程"), Entry("02", "育青计划"), Entry("99", "其他", ("其它",))],
)
RESERVE_STATUS = Vocabulary(
    "培养状态",
    [
        Entry("1", "培养中", ("在培", "培养")),
        Entry("2", "已任用", ("任用", "已使用", "已提拔")),
        Entry("3", "退出", ("已退出", "淘汰")),
    ],
)
VILLAGE_KINDS = Vocabulary(
    "村(社区)类别",
    [Entry("1", "村", ("行政村", "村委会")), Entry("2", "社区", ("居委会", "社区居委会"))],
)

# ---- 导师帮带 (mentoring) and 后备干部 (reserve cadres)
MENTOR_KINDS = Vocabulary(
    "导师类别",
    [
        Entry("1", "乡镇干部", ("乡镇班子成员", "乡镇领导", "镇干部", "乡干部", "街道干部")),
        Entry("2", "村党组织书记", ("村支书", "村书记", "党组织书记", "社区党组织书记", "老支书")),
        Entry("3", "县直单位干部", ("县直部门干部", "县直机关干部", "县直干部", "驻村干部")),
        Entry("4", "老干部", ("老党员", "退休干部", "离退休干部")),
        Entry("9", "其他", ("其它",)),
    ],
)
MENTORSHIP_STATUS = Vocabulary(
    "帮带状态",
    [Entry("1", "帮带中", ("结对中", "进行中", "在带")), Entry("2", "已结束", ("结束", "已完成", "期满"))],
)
EXCHANGE_FORMS = Vocabulary(
    "交流方式",
    [
        Entry("1", "面谈", ("谈心", "当面交流", "座谈")),
        Entry("2", "电话", ("电话交流", "微信", "视频")),
        Entry("3", "现场指导", ("现场", "跟班指导", "实地指导")),
        Entry("4", "集中培训", ("培训", "集中学习", "授课")),
    ],
)
RESERVE_NOMINATIONS = Vocabulary(
    "推荐方式",
    [
        Entry("1", "个人自荐", ("自荐",)),
        Entry("2", "群众推荐", ("群众推选",)),
        Entry("3", "党员推荐", ("党员推选",)),
        Entry("4", "组织推荐", ("组织推选", "党组织推荐")),
    ],
)

# ---- 党员联系户 (households, visits and the matters they raise)
HOUSEHOLD_CATEGORIES = Vocabulary(
    "户类型",
    [
        Entry("1", "脱贫户", ("脱贫户(已脱贫)", "已脱贫户", "建档立卡脱贫户", "建档立卡户", "贫困户")),
        Entry("2", "监测户", ("防返贫监测户", "监测对象", "脱贫不稳定户", "边缘易致贫户", "突发严重困难户")),
        Entry("3", "低保户", ("低保", "最低生活保障户", "城乡低保户")),
        Entry("4", "特困户", ("特困供养户", "特困人员", "五保户", "五保")),
        Entry("5", "残疾人户", ("残疾户", "残疾人家庭")),
        Entry("6", "留守户", ("留守家庭", "留守老人户", "留守儿童户")),
        Entry("7", "一般户", ("普通户", "一般农户", "普通农户", "一般")),
    ],
)
VISIT_FORMS = Vocabulary(
    "走访方式",
    [
        Entry("1", "入户走访", ("入户", "上门走访", "上门", "走访", "实地走访")),
        Entry("2", "电话联系", ("电话", "电话走访", "电话回访")),
        Entry("3", "微信联系", ("微信", "视频", "视频通话", "微信视频")),
        Entry("4", "屋场会", ("屋场恳谈会", "院落会", "院坝会", "屋场会议")),
        Entry("5", "集中接访", ("接访", "来访", "群众来访")),
        Entry("9", "其他", ("其它",)),
    ],
)
# The five items (五个到户) a visit can serve; codes are bits so a visit keeps them in one integer.
FIVE_ITEMS = Vocabulary(
    "五个到户",
    [
        Entry("1", "党员联系到户", ("联系到户", "党员联系")),
        Entry("2", "民情走访到户", ("走访到户", "民情走访")),
        Entry("4", "政策落实到户", ("政策到户", "政策落实")),
        Entry("8", "产业对接到户", ("产业到户", "产业对接")),
        Entry("16", "精准服务到户", ("服务到户", "精准服务")),
    ],
)
MATTER_STATUS = Vocabulary(
    "办理状态",
    [
        Entry("1", "待办", ("未办", "未办理", "待办理", "未处理", "待处理")),
        Entry("2", "办理中", ("正在办理", "在办", "处理中")),
        Entry("3", "已办结", ("办结", "已解决", "已完成", "已处理", "完成", "已办")),
    ],
)

PARTY_DAY_ATTENDANCE = Vocabulary(
    "出席情况",  # a member at a theme Party day (主题党日)
    [
        Entry("1", "出席", ("到", "已到", "参加", "出勤", "参会", "√", "✓")),
        Entry("2", "请假", ("假", "事假", "病假", "因事请假", "因病请假")),
        Entry("3", "缺席", ("未到", "缺", "无故缺席", "旷会", "×")),
    ],
)

TALK_KINDS = Vocabulary(
    "谈话类型",
    [
        Entry("1", "提醒谈话", ("提醒",)),
        Entry("2", "诫勉谈话", ("诫勉",)),
        Entry("3", "任前廉政谈话", ("任前谈话", "廉政谈话", "任前廉政")),
        Entry("4", "谈心谈话", ("谈心", "谈心交流")),
    ],
)
ASSESSMENT_GRADES = Vocabulary(
    "考评等次",  # best first
    [
        Entry("1", "优秀", ("优",)),
        Entry("2", "称职", ("合格",)),
        Entry("3", "基本称职", ("基本合格",)),
        Entry("4", "不称职", ("不合格",)),
    ],
)
