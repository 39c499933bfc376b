"""The workbook a seeker edits, and everything that follows from its one template.

schema (the template in workbook_templates/, read once), generator (a fresh
tracker built with xlsxwriter), validations (dropdowns and input hints),
live_flags (the formulas that colour what is slipping), cached_values (the
results stored beside those formulas), page_layout (row heights, printing),
sheet_grid (a sheet laid out with widths that fit, its long lists a column at a time: the Status sheet),
properties (the marks that say which command wrote a workbook), sample (the
example job search of `tracker new --sample`).

May import: toolkit.xlsx, toolkit.errors, toolkit.safe_text. Never the review
layer: a new tracker's stored results are computed in toolkit.review.new_tracker.
"""
