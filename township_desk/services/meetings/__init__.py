"""组织生活: 三会一课 and the other meetings, the ledger of what is due, 民主评议党员, Party groups, grids and
posts (设岗定责), 屋场会 issues followed as matters in 联系户, paper and Excel.

Modules: terms (kinds, rules, vocabularies), records (the meeting list and form, attendance, issues), ledger
(branch × period: done, missing, overdue, not yet due; the home page's line), appraisals (民主评议党员),
groups (Party groups, grids, posts, where a member or household belongs), output (Excel and the paper).
"""
