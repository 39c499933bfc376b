"""A tracker whose private notes have leaked into every corner of the package.

Every private text starts with PRIV- and nothing else does, so a test can
search every decompressed part of a shared copy for "PRIV-". Contacts has its
header on row 3, its columns in reverse order and is an Excel Table;
Interviews is a plain range with a second "private notes" column. The notes
are shared strings, a rich string, an inline string and a formula; copies of
them sit in a note, a threaded comment, a hyperlink, formula results on
another sheet, a chart's category labels, a pivot cache, an external link
cache and the document properties. xlsxwriter writes the workbook; parts no Python library writes
are added through the package layer.
"""

from __future__ import annotations

from pathlib import Path

import xlsxwriter
from builders import TEMPLATE, day

from toolkit.xlsx import Package, Workbook, Worksheet

PRIVATE = "Private Notes"
ANN_NOTE = "PRIV-ann-kept-secret"
NEXT_NOTE = "PRIV-interview-note"
KEPT = ("Met at the alumni mixer; prefers email.", "Kept thread on a shared cell", "keep me")
PIVOT_DEFINITION = "application/vnd.openxmlformats-officedocument.spreadsheetml.pivotCacheDefinition+xml"
PIVOT_RECORDS = "application/vnd.openxmlformats-officedocument.spreadsheetml.pivotCacheRecords+xml"
EXTERNAL_LINK = "application/vnd.openxmlformats-officedocument.spreadsheetml.externalLink+xml"
THREADED = "application/vnd.ms-excel.threadedcomments+xml"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def letter(index: int) -> str:
    return xlsxwriter.utility.xl_col_to_name(index)


def leaky_tracker(path: Path) -> Path:
    """Write the leaky tracker to `path` and return it."""
    path = Path(path)
    book = xlsxwriter.Workbook(str(path))
    book.set_properties({"title": "Jordan's tracker", "comments": f"see {ANN_NOTE}"})
    book.set_custom_property("Reminder", NEXT_NOTE)
    date_format = book.add_format({"num_format": "yyyy-mm-dd"})
    contact_headers = [c.header for c in TEMPLATE.sheet("Contacts").read_columns][::-1]
    for sheet in TEMPLATE.sheets:
        ws = book.add_worksheet(sheet.name)
        if sheet.name == "Contacts":
            ws.write(0, 0, "My contacts")
            ws.add_table(2, 0, 4, len(contact_headers) - 1, {"name": "Contacts", "columns": [{"header": h} for h in contact_headers]})
        else:
            ws.write_row(0, 0, [c.header for c in sheet.read_columns])
    contacts = book.get_worksheet_by_name("Contacts")
    name_at, note_at = contact_headers.index("Name"), contact_headers.index(PRIVATE)
    for row, (name, note) in enumerate([("Ann Lee", ANN_NOTE), ("José Núñez", "later inline")], start=3):
        contacts.write(row, name_at, name)
        contacts.write(row, contact_headers.index("Email"), f"{name[:3].lower()}@example.com")
        contacts.write(row, note_at, note)
    contacts.write_comment(3, name_at, KEPT[0])
    contacts.write_comment(3, note_at, "PRIV-note-on-the-cell")
    interviews = book.get_worksheet_by_name("Interviews")
    headers = [c.header for c in TEMPLATE.sheet("Interviews").read_columns]
    interviews.write(0, len(headers), "private notes")  # a second column with the same header
    for row, (name, offset) in enumerate([("Ann Lee", -3), ("José Núñez", -40)], start=1):
        interviews.write(row, 0, name)
        interviews.write_datetime(row, 1, _datetime(day(offset)), date_format)
    note = headers.index(PRIVATE)
    bold = book.add_format({"bold": True})
    interviews.write_rich_string(1, note, "PRIV-rich-", bold, "runs")
    interviews.write_url(2, note, "https://example.com/PRIV-url", string="PRIV-link-text")
    interviews.write_formula(1, len(headers), '="PRIV-formula"', None, "PRIV-formula")
    interviews.write(2, len(headers), NEXT_NOTE)
    dashboard = book.add_worksheet("Dashboard")
    dashboard.write(0, 0, KEPT[2])
    dashboard.write_formula(1, 0, f"=Contacts!{letter(note_at)}4", None, ANN_NOTE)
    dashboard.write_formula(2, 0, f'="Note: "&Contacts!{letter(note_at)}4', None, f"Note: {ANN_NOTE}")
    dashboard.write_formula(3, 0, f"=Contacts!{letter(name_at)}4", None, "Ann Lee")
    chart = book.add_chart({"type": "column"})
    chart.add_series({"values": "=Dashboard!$B$1:$B$2", "categories": f"=Contacts!${letter(note_at)}$4:${letter(note_at)}$5"})
    dashboard.write_column(0, 1, [1, 2])
    dashboard.insert_chart("D2", chart)
    settings = book.add_worksheet("Settings")
    settings.write_row(0, 0, ["Setting", "Value"])
    book.close()
    _add_what_no_library_writes(path, f"{letter(note_at)}5", f"{letter(note)}2")
    return path


def _datetime(date):
    import datetime as dt

    return dt.datetime(date.year, date.month, date.day)


def _add_what_no_library_writes(path: Path, inline_cell: str, threaded_cell: str) -> None:
    """An inline private string, threaded comments, a pivot cache and an external link cache."""
    package = Package(path)
    book = Workbook(package)
    Worksheet(package, book.sheet("Contacts").part, "Contacts").set_cells({inline_cell: "PRIV-inline"})
    interviews = book.sheet("Interviews").part
    package.put("xl/threadedComments/threadedComment1.xml", (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<ThreadedComments xmlns="http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments">'
        f'<threadedComment ref="{threaded_cell}" dT="2026-11-20T10:00:00.00" personId="{{P1}}" id="{{T1}}">'
        "<text>PRIV-threaded</text></threadedComment>"
        '<threadedComment ref="A2" dT="2026-11-20T10:00:00.00" personId="{P1}" id="{T2}">'
        f"<text>{KEPT[1]}</text></threadedComment></ThreadedComments>"))
    package.declare("xl/threadedComments/threadedComment1.xml", THREADED)
    package.add_relationship(interviews, "http://schemas.microsoft.com/office/2017/10/relationships/threadedComment",
                             "xl/threadedComments/threadedComment1.xml")
    package.put("xl/pivotCache/pivotCacheDefinition1.xml", (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<pivotCacheDefinition xmlns="{MAIN}" '
        f'xmlns:r="{REL[:-1]}" r:id="rId1" recordCount="2"><cacheSource type="worksheet">'
        '<worksheetSource ref="A3:P5" sheet="Contacts"/></cacheSource><cacheFields count="2">'
        '<cacheField name="Name" numFmtId="0"><sharedItems><s v="Ann Lee"/><s v="José Núñez"/></sharedItems></cacheField>'
        f'<cacheField name="Private Notes" numFmtId="0"><sharedItems><s v="{ANN_NOTE}"/><s v="PRIV-inline"/></sharedItems>'
        "</cacheField></cacheFields></pivotCacheDefinition>"))
    package.put("xl/pivotCache/pivotCacheRecords1.xml", (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<pivotCacheRecords xmlns="{MAIN}" count="2">'
        f'<r><x v="0"/><s v="{ANN_NOTE}"/></r><r><x v="1"/><x v="1"/></r></pivotCacheRecords>'))
    package.declare("xl/pivotCache/pivotCacheDefinition1.xml", PIVOT_DEFINITION)
    package.declare("xl/pivotCache/pivotCacheRecords1.xml", PIVOT_RECORDS)
    package.add_relationship(book.part, REL + "pivotCacheDefinition", "xl/pivotCache/pivotCacheDefinition1.xml")
    package.add_relationship("xl/pivotCache/pivotCacheDefinition1.xml", REL + "pivotCacheRecords", "xl/pivotCache/pivotCacheRecords1.xml")
    package.put("xl/externalLinks/externalLink1.xml", (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<externalLink xmlns="{MAIN}">'
        '<externalBook><sheetNames><sheetName val="Contacts"/></sheetNames><sheetDataSet><sheetData sheetId="0">'
        f'<row r="4"><cell r="P4" t="str"><v>{ANN_NOTE}</v></cell><cell r="A4" t="str"><v>Ann Lee</v></cell></row>'
        "</sheetData></sheetDataSet></externalBook></externalLink>"))
    package.declare("xl/externalLinks/externalLink1.xml", EXTERNAL_LINK)
    package.add_relationship(book.part, REL + "externalLink", "xl/externalLinks/externalLink1.xml")
    package.save()
