"""The kinds of meeting and how often each is due, appraisal results, group kinds and the default posts."""

from __future__ import annotations

from dataclasses import dataclass

PARTY_DAY = "主题党日"
MEMBERS_MEETING = "支部党员大会"
COMMITTEE = "支部委员会"
GROUP_MEETING = "党小组会"
PARTY_LECTURE = "党课"
LIFE_MEETING = "组织生活会"
APPRAISAL_MEETING = "民主评议党员"
STUDY = "集体学习"
COURTYARD = "屋场会"

MONTHLY, QUARTERLY, YEARLY = "每月", "每季度", "每年"


@dataclass(frozen=True)
class Rule:
    kind: str
    every: str  # MONTHLY / QUARTERLY / YEARLY

    @property
    def periods(self) -> int:
        return {MONTHLY: 12, QUARTERLY: 4, YEARLY: 1}[self.every]


# The ledger's rows per branch, in this order (三会一课 first, then the yearly ones and the theme Party day).
RULES: tuple[Rule, ...] = (
    Rule(MEMBERS_MEETING, QUARTERLY),
    Rule(COMMITTEE, MONTHLY),
    Rule(GROUP_MEETING, MONTHLY),
    Rule(PARTY_LECTURE, QUARTERLY),
    Rule(LIFE_MEETING, YEARLY),
    Rule(APPRAISAL_MEETING, YEARLY),
    Rule(PARTY_DAY, MONTHLY),
)
RULE_OF = {rule.kind: rule for rule in RULES}

# Kinds stored in the meeting table (the theme Party day keeps its own table).
KINDS: tuple[str, ...] = (
    MEMBERS_MEETING,
    COMMITTEE,
    GROUP_MEETING,
    PARTY_LECTURE,
    LIFE_MEETING,
    APPRAISAL_MEETING,
    STUDY,
    COURTYARD,
)
GROUP_KINDS_OF_MEETING = (GROUP_MEETING, COURTYARD)  # held by a Party group

GROUP_KINDS = ("党小组", "服务型党小组")

EXCELLENT, QUALIFIED, BASIC, UNQUALIFIED = "优秀", "合格", "基本合格", "不合格"
RESULTS: tuple[str, ...] = (EXCELLENT, QUALIFIED, BASIC, UNQUALIFIED)

DEFAULT_POSTS: tuple[tuple[str, str], ...] = (
    ("政策宣传岗", "宣传党的方针政策和惠民政策，收集群众意见建议"),
    ("矛盾调解岗", "排查化解邻里纠纷和矛盾隐患，及时上报重大矛盾"),
    ("环境卫生岗", "督促农户门前三包，带头参与人居环境整治"),
    ("产业帮扶岗", "带动群众发展产业，帮助销售农产品，传授技术"),
    ("治安巡逻岗", "参与治安巡逻和防火防汛，发现隐患及时报告"),
    ("文明新风岗", "倡导移风易俗、红白喜事简办，评选文明家庭"),
)

PLACE_SUGGESTIONS = ("党员活动室", "党群服务中心", "村部会议室", "新时代文明实践站", "村民小组院坝")
