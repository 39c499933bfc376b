"""Recording what happened without opening the spreadsheet (`tracker log`, `tracker import`, `tracker sync`).

log (a touch as a Follow-Ups row), contacts_import (people from address
books, never twice), address_book (any export read as people: the kind told
from its content; the readers are in exports/), sync (touches and interviews
learnt from the seeker's mail and calendar) with sync_report (what it
prints), mail_headers (one message's headers and start of text),
mail_sources (mbox, Maildir, .eml folders), imap_source (an IMAP folder,
read only), calendar_source (.ics events), tracker_edit (records written
into a tracker's sheets through the package layer).

May import: toolkit.review, toolkit.workbook, toolkit.xlsx, toolkit.errors,
toolkit.safe_text. Not toolkit.notes or toolkit.counselor.
"""
