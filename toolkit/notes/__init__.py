"""The notes a seeker owes, drafted, and their deadlines in a calendar (`tracker draft`, `tracker remind`).

nudges (what each note says, and to whom), drafts (how a draft is written and
kept from overwriting the seeker's edits), mime (an unsent email's bytes),
reminders (a calendar entry per dated action), ics (the iCalendar text).

May import: toolkit.review, toolkit.workbook, toolkit.xlsx, toolkit.errors,
toolkit.safe_text. Not toolkit.counselor or toolkit.capture.
"""
