"""The tabs of the main window, in order: each module tNN_subject.py has TAB_CLASS; NN orders the tabs.

TABS names every tab module with its title so that the window can show the tab bar at once and import a
tab's module (and its services and widgets) only when the tab is first needed: the tab the clerk left
open is built before the first paint, the others just after it. tests/test_tab_registry.py checks that
this list and the modules agree.
"""

TABS: tuple[tuple[str, str], ...] = (
    ("t10_cadres", "干部"),
    ("t20_mentoring", "导师帮带"),
    ("t25_reserves", "后备干部"),
    ("t30_party_days", "主题党日"),
    ("t40_households", "联系户"),
    ("t50_talks", "谈话"),
    ("t55_assessments", "年度考评"),
    ("t60_elections", "换届"),
    ("statistics", "统计"),
    ("training", "培训"),
    ("work_teams", "驻村工作队"),
    ("meetings", "组织生活"),
)
