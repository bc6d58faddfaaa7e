"""The county's own printed forms: which forms there are, which the county has customised, copying a
bundled form into the user forms folder to edit, checking a file, and going back to the default.

A file NAME.toml in the user forms folder (paths.user_forms_dir) overrides forms/NAME.toml; loading
(templates.load_template) falls back to the bundled file when the county's has a mistake. No Qt here:
the 表样管理 dialog and `township-desk forms` both use these functions.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from township_desk.paths import user_forms_dir
from township_desk.reports.templates import (
    TemplateError,
    bundled_template_path,
    check_template,
    list_templates,
    user_template_path,
)

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

CUSTOMISED = "已自定义"
BUNDLED = "程序自带"


@dataclass(frozen=True)
class FormFile:
    """One form as the 表样管理 list shows it."""

    name: str
    label: str
    customised: bool
    path: Path  # the file printing reads: the county's own or the bundled one

    @property
    def status(self) -> str:
        return CUSTOMISED if self.customised else BUNDLED


def form_label(name: str) -> str:
    """The form's Chinese name (the file name when the program does not know it)."""
    return FORM_LABELS.get(name, name)


def list_forms() -> list[FormFile]:
    """Every bundled form, in the order of FORM_LABELS, with whether the county has its own file."""
    names = list_templates()
    ordered = [n for n in FORM_LABELS if n in names] + [n for n in names if n not in FORM_LABELS]
    out = []
    for name in ordered:
        own = user_template_path(name)
        customised = own.is_file()
        out.append(
            FormFile(name, form_label(name), customised, own if customised else bundled_template_path(name))
        )
    return out


def known_form(name: str) -> str:
    """`name` when it is a bundled form; TemplateError listing the forms otherwise."""
    if name not in list_templates():
        raise TemplateError(f"没有名为“{name}”的表样。可用的有：{'、'.join(list_templates())}")
    return name


def export_form(name: str) -> Path:
    """Copy the bundled form into the user forms folder to edit; returns the file.

    An existing county file is kept as it is (never overwritten): the path is returned.
    """
    known_form(name)
    own = user_template_path(name)
    if own.is_file():
        return own
    own.parent.mkdir(parents=True, exist_ok=True)
    part = own.with_suffix(".toml.part")
    shutil.copyfile(bundled_template_path(name), part)
    part.replace(own)
    return own


def restore_default(name: str) -> bool:
    """Remove the county's own file of a form (printing uses the bundled one again); False if none."""
    known_form(name)
    own = user_template_path(name)
    if not own.is_file():
        return False
    own.unlink()
    return True


def check_form(name: str) -> str:
    """The problem with the file printing would read for `name` ("" when it is fine), in Chinese."""
    known_form(name)
    own = user_template_path(name)
    path = own if own.is_file() else bundled_template_path(name)
    try:
        check_template(path)
    except TemplateError as exc:
        return str(exc)
    return ""


def check_all() -> dict[str, str]:
    """check_form for every form that has a problem: {name: problem}."""
    problems = {}
    for form in list_forms():
        problem = check_form(form.name)
        if problem:
            problems[form.name] = problem
    return problems


def forms_folder() -> Path:
    """The user forms folder, created so that it can be opened."""
    folder = user_forms_dir()
    folder.mkdir(parents=True, exist_ok=True)
    return folder
