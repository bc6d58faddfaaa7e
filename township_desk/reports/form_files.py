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

from township_desk.form_labels import FORM_LABELS, form_label
from township_desk.paths import user_forms_dir
from township_desk.reports.templates import (
    TemplateError,
    bundled_template_path,
    check_template,
    list_templates,
    user_template_path,
)

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
