"""The tabs of the main window, in order: each module <subject>.py has TAB_CLASS; TABS orders the tabs.

TABS names every tab module with its title so that the window can show the tab bar at once and import a
tab's module (and its services and widgets) only when the tab is first needed: the tab the clerk left
open is built before the first paint, the others just after it. tests/test_tab_registry.py checks that
this list and the modules agree.
(Modules were named tNN_subject.py before; the order now lives here only.)
"""

TABS: tuple[tuple[str, str], ...] = (
    ("home", "首页"),
    ("cadres", "干部"),
    ("mentoring", "导师帮带"),
    ("reserves", "后备干部"),
    ("party_days", "主题党日"),
    ("households", "联系户"),
    ("talks", "谈话"),
    ("assessments", "年度考评"),
    ("elections", "换届"),
    ("statistics", "统计"),
    ("training", "培训"),
    ("work_teams", "驻村工作队"),
    ("meetings", "组织生活"),
)
