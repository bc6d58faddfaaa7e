"""Paper of the elections subject: the cadre file (干部档案) and the 村党组织书记人选协审表 for the county."""

from __future__ import annotations

from pathlib import Path

from township_desk.services.elections.cadre_file import CadreFile, cadre_file
from township_desk.services.settings import report_context

SECTION_KEYS = {
    "简历": "resume",
    "学历学位": "education_records",
    "任职和任期": "posts",
    "后备干部经历": "reserve",
    "导师帮带": "mentoring",
    "年度考评和民主测评": "assessments",
    "谈话": "talks",
    "奖惩情况": "rewards",
    "家庭主要成员": "family",
    "培训情况": "training",
}
BASIC_KEYS = {
    "姓名": "name",
    "性别": "sex",
    "出生年月": "birth",
    "民族": "ethnicity",
    "政治面貌": "political",
    "入党时间": "party_joined",
    "学历": "education",
    "身份证号": "id_number",
    "联系电话": "phone",
    "村(社区)": "village",
    "现任职务": "current_post",
}


def form_values(file: CadreFile) -> dict[str, str]:
    """The cadre file as the keys of forms/cadre_file.toml (sections another subject added go to 其他情况)."""
    values = {BASIC_KEYS[label]: text for label, text in file.basics.items() if label in BASIC_KEYS}
    others: list[str] = []
    for title, lines in file.sections:
        key = SECTION_KEYS.get(title)
        if key:
            values[key] = "\n".join(lines)
        else:
            others += [f"【{title}】", *lines]
    values["others"] = "\n".join(others)
    return values


def print_cadre_file(out: Path, person_id: str) -> Path:
    from township_desk.reports import render_form

    return render_form("cadre_file", form_values(cadre_file(person_id)), out, report_context())


def _ballots(file: CadreFile) -> str:
    for title, lines in file.sections:
        if title == "年度考评和民主测评":
            return "\n".join(lines[:2])
    return ""


def print_secretary_review(
    out: Path, person_id: str | None, *, proposed_post: str = "党组织书记", reasons: str = ""
) -> Path:
    """The co-review form, filled for a candidate (or blank with person_id None)."""
    from township_desk.reports import render_form

    if person_id is None:
        return render_form("secretary_review", None, out, report_context())
    file = cadre_file(person_id)
    values = form_values(file)
    values.update(proposed_post=proposed_post, reasons=reasons, ballots=_ballots(file))
    return render_form("secretary_review", values, out, report_context())
