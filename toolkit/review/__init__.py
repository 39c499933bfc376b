"""`tracker check`: read a tracker as a person left it, apply the rules, report.

reader (sheets by name, columns by header), sheet_rows (cells as rows, error
values kept), coerce (typed cells into the template's types), model (the
tracker as of a day), registry (every rule's declaration), rules (the rule
functions), checker (read, apply, gather a Report with the contacts' overview
and what the seeker is learning), findings (the value types: Finding, Report,
Learning), names (who a typed name means), render (text and JSON), status_sheet (the Status sheet written back), new_tracker (a fresh
tracker whose formulas store what the checker computes).

May import: toolkit.workbook, toolkit.xlsx, toolkit.errors, toolkit.safe_text.
The registry imports no rule; the rules import the registry.
"""
