"""Trackers carrying what people add in Excel: charts, images, comments, x14 extensions, macros.

Built with xlsxwriter (a different writer from our generator), then given the
parts Excel writes that no Python library produces: a cross-sheet dropdown in
the x14 extension list. The macro project is an opaque OLE-headed blob: the
writer must carry it byte for byte; nothing here runs it.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from pathlib import Path

import xlsxwriter
from builders import TEMPLATE, day

X14_DROPDOWN = (
    '<extLst><ext uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}" '
    'xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main">'
    '<x14:dataValidations count="1" xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main">'
    '<x14:dataValidation type="list" allowBlank="1" showInputMessage="1" showErrorMessage="1">'
    "<x14:formula1><xm:f>Lists!$A$2:$A$4</xm:f></x14:formula1><xm:sqref>D2:D50</xm:sqref>"
    "</x14:dataValidation></x14:dataValidations></ext></extLst>"
)
OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")


def tiny_png() -> bytes:
    """A 2x2 red PNG, built by hand so no imaging library is needed."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    pixels = b"".join(b"\x00" + b"\xff\x00\x00" * 2 for _ in range(2))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(pixels)) + chunk(b"IEND", b""))


def rich_tracker(path: Path) -> Path:
    """A tracker with Tables, a chart, an image, a comment, a data bar, a defined name and an x14 dropdown.

    `path` ending in .xlsm also gets a macro project.
    """
    path = Path(path)
    book = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False})
    rows = {
        "Contacts": [{"Name": "Ann Lee", "Email": "ann@example.com", "Follow Up Every (days)": 90},
                     {"Name": "José Núñez", "Mailing Address": "1 Main St", "Follow Up Every (days)": 60}],
        "Interviews": [{"Contact": "Ann Lee", "Date": day(-3)}, {"Contact": "José Núñez", "Date": day(-40), "Thank-You Sent": day(-39)}],
    }
    date_format = book.add_format({"num_format": "yyyy-mm-dd"})
    for sheet in TEMPLATE.sheets:
        ws = book.add_worksheet(sheet.name)
        headers = [c.header for c in sheet.read_columns]
        records = rows.get(sheet.name, [])
        for r, record in enumerate(records, start=1):
            for c, header in enumerate(headers):
                value = record.get(header)
                if value is not None:
                    ws.write(r, c, value, date_format if hasattr(value, "year") else None)
        ws.add_table(0, 0, max(len(records), 1), len(headers) - 1,
                     {"name": sheet.name.replace("-", ""), "columns": [{"header": h} for h in headers]})
    contacts = book.get_worksheet_by_name("Contacts")
    contacts.write_comment("A2", "Met at the alumni mixer; prefers email.")
    contacts.insert_image("Q2", "logo.png", {"image_data": io.BytesIO(tiny_png())})
    follow_every = [c.header for c in TEMPLATE.sheet("Contacts").read_columns].index("Follow Up Every (days)")
    contacts.conditional_format(1, follow_every, 2, follow_every, {"type": "data_bar", "data_bar_2010": True})
    lists = book.add_worksheet("Lists")
    lists.write_column(0, 0, ["Format", "In person", "Video", "Phone"])
    dashboard = book.add_worksheet("Dashboard")
    chart = book.add_chart({"type": "column"})
    chart.add_series({"name": "Follow up every", "categories": "=Contacts!$A$2:$A$3",
                      "values": ["Contacts", 1, follow_every, 2, follow_every]})
    dashboard.insert_chart("B2", chart)
    dashboard.set_landscape()
    book.define_name("MyPeople", "=Contacts!$A$2:$A$3")
    settings = book.add_worksheet("Settings")
    settings.write_row(0, 0, ["Setting", "Value"])
    settings.write_row(1, 0, ["Your Name", "Jordan Rivera"])
    if path.suffix == ".xlsm":
        book.add_vba_project(io.BytesIO(OLE_MAGIC + bytes(range(256)) * 8), is_stream=True)
    book.close()
    _add_x14_dropdown(path, "Interviews")
    return path


def _add_x14_dropdown(path: Path, sheet_name: str) -> None:
    """Put a cross-sheet list dropdown into the sheet's extension list, as Excel 2010+ saves it."""
    with zipfile.ZipFile(path) as archive:
        parts = [(info, archive.read(info)) for info in archive.infolist()]
    index = [s.name for s in TEMPLATE.sheets].index(sheet_name) + 1
    target = f"xl/worksheets/sheet{index}.xml"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in parts:
            if info.filename == target:
                text = data.decode("utf-8")
                assert "<extLst>" not in text
                data = text.replace("</worksheet>", X14_DROPDOWN + "</worksheet>").encode("utf-8")
            archive.writestr(info, data)
