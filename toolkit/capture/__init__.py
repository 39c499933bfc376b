"""Recording what happened without opening the spreadsheet (`tracker log`, `tracker import`).

log (a touch as a Follow-Ups row), contacts_import (people from address
books, never twice), address_book (LinkedIn, vCard and Google Contacts
files read as people), tracker_edit (records written into a tracker's sheets
through the package layer).

May import: toolkit.review, toolkit.workbook, toolkit.xlsx, toolkit.errors,
toolkit.safe_text. Not toolkit.notes or toolkit.counselor.
"""
