"""The package layer's edits: rows, cells, shared strings, styles, defined names."""

import re
import zipfile

import openpyxl
import pytest
import xlsxwriter

from toolkit.errors import CellsOccupied
from toolkit.xlsx import CellStyle, Package, Styles, Workbook, Worksheet, drop_unused_shared_strings

X14_CF = "x14:conditionalFormatting"


def parts(path):
    with zipfile.ZipFile(path) as archive:
        return {info.filename: (archive.read(info), info.compress_type) for info in archive.infolist()}


@pytest.fixture
def people(tmp_path):
    """A sheet with a two-row Table, a dropdown, a conditional format and an x14 data bar over its rows."""
    path = tmp_path / "people.xlsx"
    book = xlsxwriter.Workbook(str(path))
    ws = book.add_worksheet("People")
    bold = book.add_format({"bold": True, "num_format": "0.00"})
    ws.add_table(0, 0, 2, 2, {"name": "People", "columns": [
        {"header": "Name"}, {"header": "Score"}, {"header": "Double", "formula": "=[@Score]*2"}]})
    ws.write_row(1, 0, ["Ann Lee", 3], None)
    ws.write_row(2, 0, ["Bo Chen"])
    ws.write_number(2, 1, 4, bold)
    ws.data_validation(1, 1, 2, 1, {"validate": "integer", "criteria": ">", "value": 0})
    ws.conditional_format(1, 1, 2, 1, {"type": "cell", "criteria": ">", "value": 3, "format": bold})
    ws.conditional_format(1, 1, 2, 1, {"type": "data_bar", "data_bar_2010": True})
    notes = book.add_worksheet("Notes")
    notes.write_column(0, 0, ["private one", "shared text", "private two", "shared text"])
    book.get_worksheet_by_name("People").write(5, 5, "shared text")
    book.close()
    return path


def test_append_rows_grows_table_validation_and_formats(people):
    """Two appended rows land below the Table, which grows with its filter, dropdown and both conditional formats."""
    package = Package(people)
    book = Workbook(package)
    sheet = Worksheet(package, book.sheet("people").part, "People")
    area = sheet.append_rows([["Cy Diaz", 5], ["Di Ng", 6]], after_row=3)
    package.save()
    assert str(area) == "A4:B5"
    xml = parts(people)[book.sheet("People").part][0].decode()
    assert 'sqref="B2:B5"' in xml and "<xm:sqref>B2:B5</xm:sqref>" in xml and xml.count('sqref="B2:B5"') == 2
    wb = openpyxl.load_workbook(people)
    ws = wb["People"]
    table = ws.tables["People"]
    assert table.ref == "A1:C5" and table.autoFilter.ref == "A1:C5"
    assert [ws.cell(r, 1).value for r in (4, 5)] == ["Cy Diaz", "Di Ng"] and ws["B5"].value == 6
    assert ws["B4"].number_format == "0.00" and ws["B4"].font.b
    assert ws["C5"].value == ws["C4"].value == ws["C3"].value  # the calculated column reaches the new rows


def test_append_refuses_to_write_over_a_value(people):
    """A row below the Table that holds a value is never overwritten."""
    package = Package(people)
    sheet = Worksheet(package, Workbook(package).sheet("People").part, "People")
    with pytest.raises(CellsOccupied, match=r"People!F6 already holds a value"):
        sheet.append_rows([["x"]] * 3, first_column=5, after_row=3)


def test_emptied_text_leaves_the_shared_strings(people):
    """Emptying cells and dropping unused shared strings removes the text from the file; other cells keep theirs."""
    before = parts(people)
    package = Package(people)
    book = Workbook(package)
    notes = book.worksheet("notes")
    notes.empty_cells(["A1", "A3"])
    assert drop_unused_shared_strings(book) == 2
    package.save()
    after = parts(people)
    assert not any(b"private" in data for data, _ in after.values())
    wb = openpyxl.load_workbook(people)
    assert [c.value for c in wb["Notes"]["A"]] == [None, "shared text", None, "shared text"]
    assert wb["People"]["A2"].value == "Ann Lee" and wb["People"]["F6"].value == "shared text"
    assert list(after) == list(before) and all(after[n][1] == before[n][1] for n in before)


def test_drop_unused_strings_changes_nothing_when_all_are_used(people):
    """With every string in use, no part is rewritten."""
    before = parts(people)
    package = Package(people)
    assert drop_unused_shared_strings(Workbook(package)) == 0
    package.save()
    assert parts(people) == before


def test_set_cells_keeps_style_and_stores_text_as_text(people):
    """Set values keep the cell's style; text that looks like a formula stays text; None empties; NaN is text."""
    package = Package(people)
    sheet = Worksheet(package, Workbook(package).sheet("People").part, "People")
    sheet.set_cells({"B3": 7.5, "A2": '=HYPERLINK("http://x","y")', "H9": True, "A3": None, "A5": float("nan"), "G4": "x"})
    package.save()
    xml = parts(people)["xl/worksheets/sheet1.xml"][0].decode()
    numbers = [int(n) for n in re.findall(r'<row r="(\d+)"', xml)]
    assert numbers == sorted(numbers) == [1, 2, 3, 4, 5, 6, 9]  # new rows 4, 5 and 9 went where they belong
    ws = openpyxl.load_workbook(people)["People"]
    assert ws["A5"].value == "nan" and ws["G4"].value == "x" and ws["F6"].value == "shared text"
    assert ws["B3"].value == 7.5 and ws["B3"].font.b
    assert ws["A2"].value == '=HYPERLINK("http://x","y")' and ws["A2"].data_type == "s"
    assert ws["H9"].value is True and ws["A3"].value is None


def test_styles_are_appended_once_and_reused(people):
    """Adding the same style twice gives the same index and leaves styles.xml as the first time wrote it."""
    style = {"red": CellStyle('<font><b/><color rgb="FFFF0000"/></font>', '<fill><patternFill patternType="solid">'
                                                                          '<fgColor rgb="FFFFFF00"/></patternFill></fill>')}
    package = Package(people)
    first = Styles(package, Workbook(package).related_part("styles")).add(style)
    package.save()
    written = people.read_bytes()
    package = Package(people)
    assert Styles(package, Workbook(package).related_part("styles")).add(style) == first
    package.save()
    assert people.read_bytes() == written


def test_defined_names_are_found_in_any_case(people):
    """A defined name added once is found whatever its case, and setting it again repoints it."""
    package = Package(people)
    book = Workbook(package)
    book.set_defined_name("Marker", "People!$A$1", hidden=True)
    book.set_defined_name("MARKER", "Notes!$A$1")
    package.save()
    book = Workbook(Package(people))
    assert book.defined_name("marker") == "Notes!$A$1"
    assert openpyxl.load_workbook(people).defined_names["Marker"].hidden


def raw_entries(path):
    """Entry name -> (local header + compressed bytes) exactly as stored in the zip."""
    data = path.read_bytes()
    with zipfile.ZipFile(path) as archive:
        assert archive.testzip() is None
        found = {}
        for info in archive.infolist():
            start = info.header_offset
            name_length, extra_length = int.from_bytes(data[start + 26:start + 28], "little"), int.from_bytes(data[start + 28:start + 30], "little")
            found[info.filename] = data[start:start + 30 + name_length + extra_length + info.compress_size]
        return found


def test_untouched_entries_are_copied_still_compressed(people):
    """Parts the edit did not touch keep their stored bytes, header and compression included; the zip tests clean."""
    before = raw_entries(people)
    package = Package(people)
    Worksheet(package, Workbook(package).sheet("Notes").part, "Notes").set_cells({"B1": "new"})
    package.save()
    after = raw_entries(people)
    changed = {name for name in before if before[name] != after[name]}
    assert changed == {"xl/worksheets/sheet2.xml"}


def test_sheets_are_found_in_any_case_and_a_missing_one_is_named(people):
    """Sheet lookup ignores case, as Excel does; asking for a missing sheet says which."""
    from toolkit.errors import SheetMissing

    book = Workbook(Package(people))
    assert book.sheet("PEOPLE").name == "People" and book.worksheet("notes").name == "Notes"
    with pytest.raises(SheetMissing, match="no worksheet named Leads"):
        book.worksheet("Leads")


def test_worksheet_added_then_replaced_and_bad_names_refused(people):
    """A new sheet is registered everywhere (openpyxl sees it, app.xml lists it); replacing it keeps one sheet."""
    sheet = ('<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
             '<row r="1"><c r="A1" t="inlineStr"><is><t>{}</t></is></c></row></sheetData></worksheet>')
    package = Package(people)
    book = Workbook(package)
    book.add_worksheet("Extra", sheet.format("first"))
    for bad in ("a" * 32, "What?", "Q1/Q2", "people"):
        with pytest.raises(ValueError):
            book.add_worksheet(bad, sheet.format("x"))
    package.save()
    package = Package(people)
    Workbook(package).put_worksheet("EXTRA", sheet.format("second"))
    package.save()
    wb = openpyxl.load_workbook(people)
    assert wb.sheetnames == ["People", "Notes", "Extra"] and wb["Extra"]["A1"].value == "second"
    assert b"<vt:lpstr>Notes</vt:lpstr><vt:lpstr>Extra</vt:lpstr>" in parts(people)["docProps/app.xml"][0]


def test_save_as_writes_a_copy_and_leaves_the_original(people, tmp_path):
    """An edited package saved elsewhere (a counselor's copy) leaves the source file byte-identical."""
    before = people.read_bytes()
    package = Package(people)
    Workbook(package).worksheet("Notes").empty_cells(["A1"])
    copy = tmp_path / "copy.xlsx"
    package.save_as(copy)
    assert people.read_bytes() == before
    assert openpyxl.load_workbook(copy)["Notes"]["A1"].value is None


def test_tables_and_dates_for_appending(people):
    """A sheet lists its Tables' ranges; dates become serials in the 1900 system, and the 1904 one when set."""
    import datetime as dt

    package = Package(people)
    book = Workbook(package)
    assert {name: str(area) for name, area in book.worksheet("People").tables().items()} == {"People": "A1:C3"}
    assert book.date_serial(dt.date(2026, 11, 22)) == 46348
    assert book.date_serial(dt.datetime(2026, 11, 22, 18)) == 46348.75
    book.package.edit(book.part)
    settings = [n for n in book.root if n.tag.endswith("}workbookPr")][0]
    settings.set("date1904", "1")
    assert book.date_serial(dt.date(2026, 11, 22)) == 46348 - 1462


@pytest.mark.parametrize("declaration", [
    b'<?xml version="1.0" encoding="UTF-8"?>\r\n',
    b"<?xml version='1.0' standalone='no'?>",
    b'\xef\xbb\xbf<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n',
    b"",
])
def test_an_edited_part_keeps_its_xml_declaration_as_it_was(people, declaration):
    """An edited part is written under the declaration it had, byte for byte (none stays none)."""
    with zipfile.ZipFile(people) as archive:
        entries = [(info, archive.read(info)) for info in archive.infolist()]
    sheet_part = "xl/worksheets/sheet2.xml"
    with zipfile.ZipFile(people, "w") as archive:
        for info, data in entries:
            if info.filename == sheet_part:
                data = declaration + re.sub(rb"^<\?xml[^>]*\?>\s*", b"", data)
            archive.writestr(info, data)
    package = Package(people)
    Worksheet(package, sheet_part, "Notes").set_cells({"B1": "new"})
    package.save()
    written = parts(people)[sheet_part][0]
    assert written.startswith(declaration + b"<worksheet")
    assert b"standalone='no'" not in written or b"standalone='no'" in declaration


def test_a_part_put_in_pieces_is_made_as_it_is_written_and_again_for_each_save(people, tmp_path):
    """A part given as a function of pieces is written whole, every save the same; read first, it is joined once."""
    calls = []

    def pieces():
        calls.append(1)
        return iter([b"<a>", b"x" * 100_000, b"</a>"])

    package = Package(people)
    package.put("xl/big.xml", pieces)
    assert calls == []  # nothing made until written
    package.save_as(tmp_path / "one.xlsx")
    package.save_as(tmp_path / "two.xlsx")
    assert len(calls) == 2
    for copy in ("one.xlsx", "two.xlsx"):
        data, kind = parts(tmp_path / copy)["xl/big.xml"]
        assert (data, kind) == (b"<a>" + b"x" * 100_000 + b"</a>", zipfile.ZIP_DEFLATED)
    assert package.read("xl/big.xml") == b"<a>" + b"x" * 100_000 + b"</a>" and len(calls) == 3
    package.save_as(tmp_path / "three.xlsx")
    assert len(calls) == 3 and parts(tmp_path / "three.xlsx")["xl/big.xml"] == parts(tmp_path / "one.xlsx")["xl/big.xml"]
    with zipfile.ZipFile(tmp_path / "three.xlsx") as archive:
        assert archive.testzip() is None
