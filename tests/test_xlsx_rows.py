"""The package layer's record writer: blank Table rows first, then below; styles from records, columns, dates."""

import datetime as dt

import openpyxl
import pytest
import xlsxwriter

from toolkit.xlsx import Package, Workbook, Worksheet, trees
from toolkit.xlsx.rows import RecordWriter, calculated_columns, computed_columns, is_date_code, literal_rows, rows_for_records


def open_sheet(path, name="Log"):
    package = Package(path)
    book = Workbook(package)
    sheet = Worksheet(package, book.sheet(name).part, name)
    return package, sheet, RecordWriter(sheet, 1, book.related_part("styles"), book.date_serial)


@pytest.fixture
def table_with_blank_rows(tmp_path):
    """A Table A1:C5 with one record, a calculated column in every row, and three blank rows for typing."""
    path = tmp_path / "table.xlsx"
    book = xlsxwriter.Workbook(str(path))
    ws = book.add_worksheet("Log")
    date = book.add_format({"num_format": "dd/mm/yyyy"})
    ws.add_table(0, 0, 4, 2, {"name": "Log", "columns": [
        {"header": "Who"}, {"header": "When", "format": date}, {"header": "Twice", "formula": "=LEN([@Who])*2"}]})
    ws.write_string(1, 0, "Ann")
    ws.write_datetime(1, 1, dt.datetime(2026, 1, 2), date)
    ws.data_validation(1, 0, 4, 0, {"validate": "length", "criteria": ">", "value": 0})
    book.close()
    return path


@pytest.fixture
def header_only(tmp_path):
    """A plain range: a bold header, nothing below, and no date style anywhere."""
    path = tmp_path / "plain.xlsx"
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Log"
    ws.append(["Who", "When"])
    for cell in ws[1]:
        cell.font = openpyxl.styles.Font(bold=True)
    book.save(path)
    return path


def test_blank_table_rows_are_used_before_rows_below(table_with_blank_rows):
    """Rows holding only a calculated formula are blank: three go first, then the rows after the Table."""
    package, sheet, _ = open_sheet(table_with_blank_rows)
    assert calculated_columns(sheet, 1) == {2} and literal_rows(sheet, {2}) == {1, 2}
    assert rows_for_records(sheet, 1, 5) == [3, 4, 5, 6, 7]


def test_records_fill_the_table_then_grow_it(table_with_blank_rows):
    """Five records: three in the blank rows, two below; the Table, its formula and the dropdown reach row 7."""
    package, sheet, writer = open_sheet(table_with_blank_rows)
    rows = writer.add([{0: f"P{n}", 1: dt.date(2026, 2, n)} for n in range(1, 6)])
    package.save()
    assert rows == [3, 4, 5, 6, 7]
    ws = openpyxl.load_workbook(table_with_blank_rows)["Log"]
    assert ws.tables["Log"].ref == "A1:C7" and str(ws.data_validations.dataValidation[0].sqref) == "A2:A7"
    assert [ws.cell(r, 1).value for r in range(2, 8)] == ["Ann", "P1", "P2", "P3", "P4", "P5"]
    assert ws["B7"].value == dt.datetime(2026, 2, 5) and ws["B7"].number_format == "dd/mm/yyyy"
    assert ws["C7"].value == ws["C2"].value


def test_below_a_header_a_record_is_not_styled_as_a_header(header_only):
    """The first record under a bold header is not bold, and its date gets a yyyy-mm-dd format."""
    package, sheet, writer = open_sheet(header_only)
    assert writer.add([{0: "Ann", 1: dt.date(2026, 3, 4)}]) == [2]
    package.save()
    ws = openpyxl.load_workbook(header_only)["Log"]
    assert ws["A2"].value == "Ann" and not ws["A2"].font.b and not ws["B2"].font.b
    assert ws["B2"].value == dt.datetime(2026, 3, 4) and ws["B2"].number_format == "yyyy-mm-dd"


def test_the_date_style_is_added_once(header_only):
    """Two dated records share one added cell format; a second writer reuses it."""
    package, sheet, writer = open_sheet(header_only)
    writer.add([{1: dt.date(2026, 3, 4)}, {1: dt.date(2026, 3, 5)}])
    package.save()
    first = openpyxl.load_workbook(header_only)
    package, sheet, writer = open_sheet(header_only)
    writer.add([{0: "x", 1: dt.date(2026, 3, 6)}])
    package.save()
    second = openpyxl.load_workbook(header_only)
    assert len(second._cell_styles) == len(first._cell_styles)
    assert {second["Log"][f"B{r}"].number_format for r in (2, 3, 4)} == {"yyyy-mm-dd"}


@pytest.mark.parametrize("code, is_date", [("yyyy-mm-dd", True), ("d mmm", True), ("0.00", False),
                                           ('"day" 0', False), ("[Red]0", False), ("General", False)])
def test_custom_number_formats_that_show_dates(code, is_date):
    """y or d outside quotes and brackets makes a date format."""
    assert is_date_code(code) is is_date


def test_a_row_with_someone_elses_formula_is_not_blank(table_with_blank_rows):
    """A formula typed into a blank Table row takes it (new records go after it); calculated formulas do not."""
    package, sheet, writer = open_sheet(table_with_blank_rows)
    cell = sheet._cell(sheet._rows()[4], 4, 1)
    trees.make(cell, "f").text = "TODAY()"
    assert literal_rows(sheet, {2}) == {1, 2, 4} and rows_for_records(sheet, 1, 2) == [5, 6]


def test_a_formula_filled_down_every_table_row_is_computed(table_with_blank_rows):
    """Saved by LibreOffice, a Table loses its calculated-column note but keeps the formulas: they still take no row."""
    package, sheet, writer = open_sheet(table_with_blank_rows)
    table = package.edit(next(package.name_of(r.target) for r in package.related(sheet.part, "table")))
    for formula in table.iter("{*}calculatedColumnFormula"):
        formula.getparent().remove(formula)
    assert calculated_columns(sheet, 1) == set() and computed_columns(sheet, 1) == {2}
    assert rows_for_records(sheet, 1, 2) == [3, 4]


def test_columns_the_caller_names_as_computed_take_no_row(header_only):
    """Below a plain range, a row holding only a formula in a named computed column (or an empty cached value) is free."""
    package, sheet, writer = open_sheet(header_only)
    row = sheet._row(2, sheet._rows())
    trees.make(sheet._cell(row, 2, 1), "f").text = "TODAY()"
    trees.make(sheet._cell(row, 2, 0), "v").text = ""
    assert rows_for_records(sheet, 1, 1) == [3] and rows_for_records(sheet, 1, 1, computed={1}) == [2]
    assert RecordWriter(sheet, 1, None, writer.date_serial, computed={1}).add([{0: "Ann"}]) == [2]
