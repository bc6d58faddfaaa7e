"""PDF output: printed-form templates from forms/ rendered with reportlab (no Qt, no database)."""

from township_desk.reports.fonts import register_cjk_font
from township_desk.reports.form import render_form, render_forms
from township_desk.reports.table import render_table
from township_desk.reports.templates import Column, Template, TemplateError, list_templates, load_template

__all__ = [
    "Column",
    "Template",
    "TemplateError",
    "list_templates",
    "load_template",
    "register_cjk_font",
    "render_form",
    "render_forms",
    "render_table",
]
