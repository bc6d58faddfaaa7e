"""Village work teams (驻村工作队) and first secretaries (第一书记): the rules, apart from any window.

Modules: teams (teams, members, composition, the 因村派人 match), attendance (the monthly ledger and the
days-in-village rule), leave (请销假), checks (督查暗访 and the actions they call for), logs (工作日志),
assessment (the yearly four-stage assessment with the satisfaction veto), paper and excel.
"""

from __future__ import annotations

from township_desk.services.records import ValidationError
from township_desk.services.settings import get_setting, set_setting

ROLE_LEADER = "队长(第一书记)"
ROLE_MEMBER = "队员"
ROLES = (ROLE_LEADER, ROLE_MEMBER)

UNIT_KINDS = ("党群", "经济", "政法", "涉农")
VILLAGE_CATEGORIES = (
    "软弱涣散村",
    "脱贫村",
    "乡村振兴重点帮扶村",
    "矛盾纠纷多发村",
    "产业村",
    "示范创建村",
    "一般村",
)
# 因村派人: Party-affairs cadres to weak villages, economic to poor ones, legal to disorderly ones,
# agricultural to industry villages. Categories not listed here fit any kind of unit.
EXPECTED_KIND = {
    "软弱涣散村": "党群",
    "脱贫村": "经济",
    "乡村振兴重点帮扶村": "经济",
    "矛盾纠纷多发村": "政法",
    "产业村": "涉农",
}

END_LEFT = "期满离任"
END_RECALLED = "召回"
END_REPLACED = "调整撤换"
END_KINDS = (END_LEFT, END_RECALLED, END_REPLACED, "其他")

LEAVE_KINDS = ("事假", "病假", "年休假", "探亲假", "婚丧假", "其他")
LOG_KINDS = ("走访", "项目", "会议", "调解", "其他")
ACTION_TALK = "谈话"
ACTION_RECALL = "召回"

STAGES = ("入村访民情晓村情", "走村找短板理思路", "驻村提对策征民意", "扎村广动员谋实干")
RESULT_USES = ("表彰", "优先推荐", "调整", "")

# Settings kept in the township file (services.settings) with their defaults.
SETTING_MIN_DAYS = "work_teams.min_days_per_month"
SETTING_WEIGHT = "work_teams.satisfaction_weight"
SETTING_VETO = "work_teams.veto_threshold"
SETTING_DEFAULTS = {SETTING_MIN_DAYS: 20.0, SETTING_WEIGHT: 30.0, SETTING_VETO: 70.0}
SETTING_LABELS = {
    SETTING_MIN_DAYS: "每月在岗天数不少于（天）",
    SETTING_WEIGHT: "群众满意率权重（%）",
    SETTING_VETO: "群众满意率低于此值一票否决（%）",
}


def rule_setting(key: str) -> float:
    """A numeric rule setting (days a month, satisfaction weight, veto threshold) or its default."""
    text = get_setting(key).strip()
    try:
        return float(text) if text else SETTING_DEFAULTS[key]
    except ValueError:
        return SETTING_DEFAULTS[key]


def check_rule_setting(key: str, value: object) -> float:
    """The number a rule setting would take; ValidationError when it is not a sensible one."""
    label = SETTING_LABELS[key]
    try:
        number = float(str(value).strip().rstrip("%％天"))
    except ValueError:
        raise ValidationError(key, f"“{label}”应填数字。") from None
    top = 31 if key == SETTING_MIN_DAYS else 100
    if not 0 <= number <= top:
        raise ValidationError(key, f"“{label}”应在 0 到 {top} 之间。")
    return number


def set_rule_setting(key: str, value: object) -> None:
    """Store a rule setting; refuses what is not a sensible number."""
    set_setting(key, f"{check_rule_setting(key, value):g}")
