"""A sheet's cells as rows of values, with error values marked rather than lost.

python-calamine reads values fast, but it shows an error cell (#N/A, #NAME?,
#VALUE!) as blank, and refuses a whole sheet holding an error it does not
know, such as the bare '#' or '#"formula"' Gnumeric saves for a formula it
cannot evaluate. So error cells are looked up in the sheet's own XML and
marked as `ErrorValue`, and a sheet calamine refuses is read with openpyxl
instead. Whether an error matters is the reader's business: in a column the
rules read it is a data finding, anywhere else it is never looked at.
"""

from __future__ import annotations

import posixpath
import re
import warnings
import zipfile
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import openpyxl
import python_calamine
from defusedxml import ElementTree

from toolkit.errors import WorkbookUnreadable

NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_PACKAGE_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
CELL_REF = re.compile(r"^([A-Z]{1,3})(\d+)$")
ERROR_TYPE = (b't="e"', b"t='e'")


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

    def rows(self, name: str) -> list[list]:
        try:
            rows = self.workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
        except python_calamine.CalamineError:
            return self._rows_by_openpyxl(name)
        for (row, column), text in self._errors.get(name, {}).items():
            while len(rows) <= row:
                rows.append([])
            cells = rows[row]
            if len(cells) <= column:
                cells.extend([""] * (column + 1 - len(cells)))
            cells[column] = ErrorValue(text)
        return rows

    @cached_property
    def _errors(self) -> dict[str, dict[tuple[int, int], str]]:
        """Sheet name -> {(row, column) zero-based: error text} for every error cell in the package."""
        found = {}
        try:
            with zipfile.ZipFile(self.path) as archive:
                for name, part in _sheet_parts(archive).items():
                    data = archive.read(part) if part in archive.namelist() else b""
                    if any(marker in data for marker in ERROR_TYPE):
                        found[name] = _error_cells(data)
        except (zipfile.BadZipFile, KeyError, OSError, ElementTree.ParseError) as error:
            raise WorkbookUnreadable(f"{self.path} is damaged ({error}); restore a backup, or save it again from "
                                     "your spreadsheet program") from error
        return found

    def _rows_by_openpyxl(self, name: str) -> list[list]:
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


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> worksheet part name, found through the package's relationships."""
    root_rels = ElementTree.fromstring(archive.read("_rels/.rels"))
    workbook = next(r.get("Target") for r in root_rels if r.get("Type", "").endswith("/officeDocument")).lstrip("/")
    folder, base = posixpath.split(workbook)
    rels = ElementTree.fromstring(archive.read(posixpath.join(folder, "_rels", base + ".rels")))
    targets = {r.get("Id"): r.get("Target") for r in rels.iter(f"{{{NS_PACKAGE_REL}}}Relationship")}
    parts = {}
    for sheet in ElementTree.fromstring(archive.read(workbook)).iter(f"{{{NS_MAIN}}}sheet"):
        target = targets.get(sheet.get(f"{{{NS_REL}}}id"))
        if target:
            parts[sheet.get("name")] = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
    return parts


def _error_cells(data: bytes) -> dict[tuple[int, int], str]:
    found = {}
    for cell in ElementTree.fromstring(data).iter(f"{{{NS_MAIN}}}c"):
        match = CELL_REF.match(cell.get("r", ""))
        if cell.get("t") == "e" and match:
            value = cell.find(f"{{{NS_MAIN}}}v")
            found[(int(match.group(2)) - 1, _column_index(match.group(1)))] = (value.text or "#") if value is not None else "#"
    return found


def _column_index(letters: str) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - 64
    return index - 1
