"""Edit a user's .xlsx/.xlsm package part by part, keeping everything else byte for byte.

It knows nothing of trackers. Typical use:

    package = Package(path)                  # read once, zip-bomb limits checked
    book = Workbook(package)                 # sheets and defined names, found by name
    sheet = book.worksheet("Interviews")     # a Worksheet; any case of the name
    table = sheet.tables()["Interviews"]     # the Area a Table covers
    sheet.append_rows([["Ann Lee", book.date_serial(day)]], after_row=table.last_row)  # Table, rules grow
    package.save()                           # atomic; refuses if open, read-only or changed meanwhile
    package.save_as(other_path)              # or write a copy elsewhere (a counselor's copy)

Modules: package (parts, relationships, content types, zip limits), workbook
(sheets, defined names, adding worksheets and Tables), sheet (cells and rows),
rows (where new records go under a header, and the styles they take),
strings (shared strings), styles, docprops (app.xml), cells (references),
copies (the other places a package keeps cell text), notes (comments and
what else hangs on a cell), userfile (the atomic save and what keeps the
file the user's), trees (lxml).

May import: toolkit.errors only. This layer is the bottom of the package and
knows nothing of trackers; this file re-exports what the layers above use.
"""

from toolkit.xlsx.cells import Area, cell_name, cell_position, column_name, sheet_of_reference
from toolkit.xlsx.package import DAMAGE, Package, Relationship, check_archive
from toolkit.xlsx.sheet import Worksheet, xml_text
from toolkit.xlsx.strings import drop_unused_shared_strings
from toolkit.xlsx.styles import CellStyle, Styles
from toolkit.xlsx.userfile import (
    FileState,
    file_state,
    read_when_free,
    real_path,
    refuse_if_open,
    refuse_if_unwritable,
    remove_leftovers,
    write_file_atomically,
)
from toolkit.xlsx.workbook import TABLE_CONTENT, WORKSHEET_CONTENT, SheetEntry, TableEntry, Workbook

__all__ = [
    "DAMAGE", "Area", "CellStyle", "FileState", "Package", "Relationship", "SheetEntry", "Styles", "TABLE_CONTENT",
    "TableEntry", "WORKSHEET_CONTENT", "Workbook", "Worksheet", "cell_name", "cell_position", "check_archive",
    "column_name", "drop_unused_shared_strings", "file_state", "read_when_free", "real_path", "refuse_if_open",
    "refuse_if_unwritable", "remove_leftovers", "sheet_of_reference", "write_file_atomically", "xml_text",
]
