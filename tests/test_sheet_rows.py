"""A sheet read a few thousand rows at a time gives the same cells, in the same places, as read all at once."""

from __future__ import annotations

import openpyxl
import pytest
import python_calamine
from builders import TODAY, contact, day, write_tracker

from toolkit.review import sheet_rows
from toolkit.review.checker import check
from toolkit.review.sheet_rows import ErrorValue, SheetRows, columns

LAYOUTS = {
    "from A1": {"A1": "h", "B2": 2},
    "from C3": {"C3": "h", "D4": 1, "C6": "x"},
    "one cell at E10": {"E10": "x"},
    "a column A that starts lower": {"B1": "h", "A5": "y"},
    "no cell": {},
}


def _book(path, cells: dict[str, object]):
    book = openpyxl.Workbook()
    book.active.title = "S"
    for ref, value in cells.items():
        book.active[ref] = value
    book.save(path)
    return path


def _rows(path) -> list[list]:
    workbook = python_calamine.CalamineWorkbook.from_path(str(path))
    try:
        return SheetRows(path, workbook).rows("S")
    finally:
        workbook.close()


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("chunk", [1, 2, 4096])
def test_rows_start_at_row_1_and_column_a_wherever_the_cells_start(tmp_path, monkeypatch, layout, chunk):
    """Whatever python-calamine's iter_rows starts from, each cell comes where to_python(skip_empty_area=False) has it.

    iter_rows starts each row at the first column used and counts rows from row 1 (python-calamine 0.5.4 to 0.9):
    this holds the reader to the places the whole sheet gives, at the lowest version allowed and the newest.
    """
    monkeypatch.setattr(sheet_rows, "CHUNK_ROWS", chunk)
    path = _book(tmp_path / "b.xlsx", LAYOUTS[layout])
    workbook = python_calamine.CalamineWorkbook.from_path(str(path))
    expected = workbook.get_sheet_by_name("S").to_python(skip_empty_area=False)
    workbook.close()
    assert _rows(path) == expected
    if LAYOUTS[layout]:
        assert any(cell != "" for row in expected for cell in row)  # the comparison is of cells, not of nothing


@pytest.mark.parametrize("chunk", [1, 3, 4096])
def test_error_cells_are_marked_in_every_chunk_and_below_the_last_row(tmp_path, monkeypatch, chunk):
    """An error cell is marked wherever it falls: in the first rows, in a later chunk, in the last row."""
    monkeypatch.setattr(sheet_rows, "CHUNK_ROWS", chunk)
    cells = {"A1": "h", "B2": "#N/A", "A5": "x", "C7": "#DIV/0!", "A8": "y", "B9": "#NAME?"}
    rows = _rows(_book(tmp_path / "e.xlsx", cells))
    marked = {(r, c): v.text for r, row in enumerate(rows) for c, v in enumerate(row) if isinstance(v, ErrorValue)}
    assert marked == {(1, 1): "#N/A", (6, 2): "#DIV/0!", (8, 1): "#NAME?"}
    assert rows[4][0] == "x" and rows[7][0] == "y"


def test_columns_take_each_place_from_every_chunk():
    """A place beyond a short row is blank, a place of None is blank throughout, and no row is lost between chunks."""
    chunks = iter([[["a", 1], ["b"]], [], [["c", 3, "z"]]])
    assert columns(chunks, {"name": 0, "number": 1, "missing": None}) == {
        "name": ["a", "b", "c"], "number": [1, "", 3], "missing": ["", "", ""]}


@pytest.mark.parametrize("chunk", [1, 2, 3])
def test_a_tracker_read_a_few_rows_at_a_time_gives_the_same_report(tmp_path, monkeypatch, chunk):
    """Every finding, with its row and cell, is the same whether the sheets come in chunks of a row or of thousands,
    even where a sheet's headers are below a title, past the first chunk."""
    contacts = [contact(f"Person {n:02d}", Email="not an address" if n == 7 else f"p{n}@example.com") for n in range(12)]
    interviews = [{"Contact": f"Person {n:02d}", "Date": "next Tuesday" if n == 9 else day(-3 - n)} for n in range(12)]
    path = write_tracker(tmp_path / "t.xlsx", {"Contacts": contacts, "Interviews": interviews})
    book = openpyxl.load_workbook(path)
    book["Interviews"].insert_rows(1, 4)  # the headers in row 5, below a title and blank rows
    book["Interviews"]["A1"] = "My interviews"
    book.save(path)
    whole = [(f.rule, f.sheet, f.row, f.cell, f.message) for f in check(path, TODAY).findings]
    monkeypatch.setattr(sheet_rows, "CHUNK_ROWS", chunk)
    assert [(f.rule, f.sheet, f.row, f.cell, f.message) for f in check(path, TODAY).findings] == whole
    assert {("data-bad-date", "Interviews", 15)} <= {(rule, sheet, row) for rule, sheet, row, _cell, _message in whole}


def test_an_error_cell_below_the_rows_calamine_gives_is_still_marked(tmp_path, monkeypatch):
    """calamine counts an error cell in its range today; one it left out would still come, in rows of its own."""
    monkeypatch.setattr(SheetRows, "_errors", lambda self, name: {(1, 0): "#N/A", (4, 2): "#REF!"})
    rows = _rows(_book(tmp_path / "b.xlsx", {"A1": "h", "B2": "x"}))
    assert rows == [["h", ""], [ErrorValue("#N/A"), "x"], [], [], ["", "", ErrorValue("#REF!")]]
