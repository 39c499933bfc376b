"""The counselor's side: a private-notes-free copy, and a caseload rolled up from many trackers.

share (`tracker share`: the copy without the seeker's Private Notes), summary
(`tracker summary`: one line per tracker), caseload_sheet (the caseload
workbook, with its findings sheet and chart).

May import: toolkit.review, toolkit.workbook, toolkit.xlsx, toolkit.errors,
toolkit.safe_text. Not toolkit.notes or toolkit.capture.
"""
