"""The printed forms' names as the office calls them, by template name (forms/NAME.toml).

Apart from reports/ so that the window can name forms in its menus without loading reportlab.
"""

from __future__ import annotations

#: Each bundled form's name as the office calls it (tests check every forms/*.toml has one).
FORM_LABELS: dict[str, str] = {
    "roster": "村(社区)“两委”干部花名册",
    "roster_full": "“两委”干部花名册（详细，A3）",
    "reserve_roster": "后备干部花名册",
    "mentoring_roster": "导师帮带花名册",
    "post_roster": "无职党员设岗定责公示表",
    "cadre_file": "村(社区)干部档案",
    "growth_plan": "新任干部成长计划",
    "household_card": "党员联系户“五个到户”登记表",
    "visit_ledger": "党员联系户走访台账",
    "talk_record": "谈话记录表",
    "assessment_sheet": "干部民主测评表",
    "assessment_results": "干部综合考评结果汇总表",
    "member_appraisal_sheet": "民主评议党员测评表",
    "member_appraisal_results": "民主评议党员结果",
    "meeting_record": "会议记录（三会一课）",
    "meeting_ledger": "“三会一课”开展情况台账",
    "party_day_record": "主题党日活动记录",
    "party_day_signin": "主题党日签到表",
    "party_day_ledger": "主题党日开展情况台账",
    "leave_form": "驻村工作队队员请假审批表",
    "secretary_review": "村党组织书记人选协审表",
    "team_roster": "驻村工作队花名册",
    "team_attendance": "驻村工作队考勤台账",
    "team_assessment": "驻村第一书记考核结果汇总表",
    "team_assessment_sheet": "驻村第一书记考核评分表",
    "training_roster": "培训学员名册",
    "training_signin": "培训签到表",
    "training_summary": "干部培训情况统计表",
}


def form_label(name: str) -> str:
    """The form's Chinese name (the file name when the program does not know it)."""
    return FORM_LABELS.get(name, name)
