"""The notes a seeker owes, drafted, and their deadlines in a calendar (`tracker draft`, `tracker remind`).

planner (whom each note goes to, and which notes become one), nudges (what
each kind of note says), drafts (the letter every kind shares and its media:
email, card, LinkedIn message), voice (the seeker's notes spoken to the
reader), draft_files (file names, and the write that refreshes untouched
drafts and keeps edited ones), mime (an unsent email's bytes), reminders (a
calendar entry per dated action), ics (the iCalendar text), links (what the
Status sheet's links open: each owed note's draft, or a mailto:).

May import: toolkit.review, toolkit.workbook, toolkit.xlsx, toolkit.errors,
toolkit.safe_text. Not toolkit.counselor or toolkit.capture.
"""
