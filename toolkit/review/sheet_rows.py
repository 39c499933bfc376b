"""A sheet's cells as rows of values, with error values marked rather than lost.

python-calamine reads values fast, but it shows an error cell (#N/A, #NAME?,
#VALUE!) as blank, and refuses a whole sheet holding an error it does not
know, such as the bare '#' or '#"formula"' Gnumeric saves for a formula it
cannot evaluate. So error cells are looked up in the sheet's own XML and
marked as `ErrorValue`, and a sheet calamine refuses is read with openpyxl
instead. Whether an error matters is the reader's business: in a column the
rules read it is a data finding, anywhere else it is never looked at.

A sheet comes as rows a few thousand at a time (`chunks`), and the reader
keeps only the columns it reads (`columns`): below the first chunk, the
rows and the cells of the columns nobody reads are let go as the reading
goes, where made all at once they were all held beside the columns taken
from them.
"""

from __future__ import annotations

import datetime as dt
import re
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from itertools import islice
from pathlib import Path

import python_calamine

from toolkit.errors import WorkbookUnreadable
from toolkit.xlsx import Package, cell_position
from toolkit.xlsx.trees import descendants, kid, parse
from toolkit.xlsx.workbook import Workbook

CELL_REF = re.compile(r"^([A-Z]{1,3})(\d+)$")
ERROR_TYPE = (b't="e"', b"t='e'")
CHUNK_ROWS = 4096  # rows made into Python lists at a time


@dataclass(frozen=True)
class ErrorValue:
    """A cell holding an error value instead of data, e.g. #N/A."""

    text: str

    def __str__(self) -> str:
        return self.text


class SheetRows:
    """Rows of cell values per sheet of one workbook: "" for an empty cell, ErrorValue for an error."""

    def __init__(self, path: Path, workbook: python_calamine.CalamineWorkbook):
        self.path = Path(path)
        self.workbook = workbook

    @cached_property
    def epoch(self) -> dt.date:
        """The workbook's date system (1904 in many made by Excel for Mac), for numbers typed into date columns.

        Read from the package the error cells are looked up in, so the file's zip directory is read once for both.
        """
        return self._package[2]

    def rows(self, name: str) -> list[list]:
        """Every row of a small sheet (Settings)."""
        return [row for chunk in self.chunks(name) for row in chunk]

    def chunks(self, name: str) -> Iterator[list[list]]:
        """The sheet's rows from row 1, CHUNK_ROWS at a time, each cell at its column from A."""
        try:
            sheet = self.workbook.get_sheet_by_name(name)
        except python_calamine.CalamineError:
            yield self._rows_by_openpyxl(name)
            return
        errors = sorted(self._errors(name).items())
        start, marked = 0, 0
        for rows in _calamine_chunks(sheet):
            while marked < len(errors) and errors[marked][0][0] < start + len(rows):
                (row, column), text = errors[marked]
                _mark(rows[row - start], column, text)
                marked += 1
            start += len(rows)
            yield rows
        if marked < len(errors):  # an error cell below the last row calamine gives
            rows = [[] for _row in range(errors[-1][0][0] + 1 - start)]
            for (row, column), text in errors[marked:]:
                _mark(rows[row - start], column, text)
            yield rows

    @cached_property
    def _package(self) -> tuple[Package, dict[str, str | None], dt.date]:
        """The package, each sheet's part by its name folded to one case (found once, not per sheet), and the epoch."""
        package = Package(self.path)
        workbook = Workbook(package)
        parts: dict[str, str | None] = {}
        for entry in workbook.sheets():
            parts.setdefault(entry.name.casefold(), entry.part)  # the first of two names alike, as Workbook.sheet finds
        return package, parts, workbook.epoch

    def _errors(self, name: str) -> dict[tuple[int, int], str]:
        """{(row, column) zero-based: error text} for every error cell of the sheet called `name`."""
        package, parts, _epoch = self._package
        part = parts.get(name.casefold())
        if not part or not _holds_errors(package.chunks(part)):
            return {}
        return _error_cells(package.read(part), part)

    def _rows_by_openpyxl(self, name: str) -> list[list]:
        import openpyxl  # only for the rare sheet calamine refuses: importing it costs a tenth of a second

        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # openpyxl warns about styles it does not need here
                book = openpyxl.load_workbook(self.path, read_only=True, data_only=True)
            try:
                return [[ErrorValue(str(cell.value)) if cell.data_type == "e" else ("" if cell.value is None else cell.value)
                         for cell in cells] for cells in book[name].iter_rows(min_row=1, min_col=1)]
            finally:
                book.close()
        except Exception as error:  # openpyxl reports damage with many exception types
            raise WorkbookUnreadable(f"{self.path}: the sheet '{name}' could not be read ({error}); restore a backup, "
                                     "or save it again from your spreadsheet program") from error


def _calamine_chunks(sheet: python_calamine.CalamineSheet) -> Iterator[list[list]]:
    """calamine's rows, CHUNK_ROWS at a time: rows from row 1, as to_python(skip_empty_area=False) gives them."""
    if sheet.start is None:  # no cell at all (python-calamine 0.5 fails iterating such a sheet)
        return
    width, rows = sheet.end[1] + 1, sheet.iter_rows()
    while chunk := list(islice(rows, CHUNK_ROWS)):
        left = width - len(chunk[0])  # iter_rows starts each row at the first column used, not at A
        yield [[""] * left + row for row in chunk] if left else chunk


def _mark(cells: list, column: int, text: str) -> None:
    if len(cells) <= column:
        cells.extend([""] * (column + 1 - len(cells)))
    cells[column] = ErrorValue(text)


def columns(chunks: Iterator[list[list]], places: dict[str, int | None]) -> dict[str, list]:
    """Per header, the cells at its place in every row of these chunks ("" where a row is too short, or in every
    row for a place of None); each chunk can be let go as soon as its cells are taken."""
    found: dict[str, list] = {header: [] for header in places}
    for rows in chunks:
        shortest = min(map(len, rows), default=0)
        for header, at in places.items():
            if at is None:
                found[header] += [""] * len(rows)
            elif at < shortest:
                found[header] += [row[at] for row in rows]
            else:
                found[header] += [row[at] if len(row) > at else "" for row in rows]
    return found


def _holds_errors(chunks) -> bool:
    """Whether a part's bytes, read a piece at a time, mark any cell as an error (most sheets hold none)."""
    tail = b""
    for chunk in chunks:
        joined = tail + chunk
        if any(marker in joined for marker in ERROR_TYPE):
            return True
        tail = joined[-(len(ERROR_TYPE[0]) - 1):]
    return False


def _error_cells(data: bytes, part: str) -> dict[tuple[int, int], str]:
    """Parsed by the package layer's hardened parser, in either OOXML dialect; a damaged part is a one-line error."""
    found = {}
    for cell in descendants(parse(data, part), "c"):
        if cell.get("t") == "e" and CELL_REF.match(cell.get("r", "")):
            row, column = cell_position(cell.get("r"))
            value = kid(cell, "v")
            found[(row - 1, column)] = (value.text or "#") if value is not None else "#"
    return found
