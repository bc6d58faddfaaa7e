"""培训: courses, attendance, days per person per year against the 12-day rule, sign-in import, paper.

Modules: terms (vocabularies and the rule's settings), courses (list and form), attendance (sub-list, form,
adding many people at once), days (days per person per year in SQL, the shortfall), signin (importing an
organiser's sign-in sheet), output (Excel export and the printed forms).
"""
