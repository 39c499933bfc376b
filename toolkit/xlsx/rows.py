"""Records added under a header row: where they go, and the styles their cells take.

A Table often ends with blank rows someone left (or a generator made) for
typing into; new records fill those first, in order, and only then go below
the Table, which grows. A row counts as blank when none of its cells holds a
value or a formula, except the formulas of computed columns: a Table's
calculated columns, the columns the caller names, and a column whose formula
fills every data row of the Table (LibreOffice keeps such formulas, and their
cached results, but drops the Table's note that the column is calculated).

Each new cell's style comes from the cell above when that is a record (not
the header), else from the column's default style; a date gets a style with
a date number format, cloned from that style when it has none.
"""

from __future__ import annotations

import copy
import datetime as dt
from typing import Callable

from toolkit.xlsx import trees
from toolkit.xlsx.cells import Area
from toolkit.xlsx.sheet import Worksheet
from toolkit.xlsx.styles import STYLESHEET_ORDER

DATE_CODE = "yyyy-mm-dd"
# Built-in number formats that show dates (ECMA-376 18.8.30), and the letters of a custom date format.
BUILTIN_DATE_FORMATS = set(range(14, 18)) | {22} | set(range(27, 37)) | set(range(50, 59))
FIRST_CUSTOM_FORMAT = 164


def literal_rows(sheet: Worksheet, formula_columns: set[int] = frozenset()) -> set[int]:
    """Numbers of the rows holding a value or formula, except formulas in `formula_columns` (computed ones)."""
    return {number for number, row in sheet._rows().items() if _typed_into(sheet, row, formula_columns)}


def last_literal_row(sheet: Worksheet, header_row: int, formula_columns: set[int] = frozenset()) -> int:
    """The last row at or below `header_row` that `literal_rows` would name (`header_row` if none), found from the end."""
    for number, row in reversed(sheet._rows().items()):
        if number <= header_row:
            break
        if _typed_into(sheet, row, formula_columns):
            return number
    return header_row


def _typed_into(sheet: Worksheet, row, formula_columns: set[int]) -> bool:
    """Whether a <row> holds a value, or a formula outside `formula_columns`."""
    for column, cell in sheet._cells(row).items():
        parts = {trees.local(n): n for n in cell if trees.is_element(n)}
        if "f" in parts:
            if column not in formula_columns:
                return True
        elif "v" in parts and (parts["v"].text or "") != "" or "is" in parts and _inline_text(parts["is"]):
            return True
    return False


def _inline_text(element) -> str:
    return "".join(t.text or "" for t in element.iter() if trees.is_element(t) and trees.local(t) == "t")


def computed_columns(sheet: Worksheet, header_row: int, named: set[int] = frozenset()) -> set[int]:
    """Columns (0-based) whose formulas are computed, not typed: `named`, the Table's calculated ones, filled-down ones.

    A Table that declares calculated columns was not saved by LibreOffice, so its other formulas are someone's own.
    """
    calculated = calculated_columns(sheet, header_row)
    found = set(named) | calculated
    table = table_under(sheet, header_row)
    if table is None or table.last_row <= header_row or calculated:
        return found
    rows = sheet._rows()
    data_rows = range(header_row + 1, table.last_row + 1)
    formulas: dict[int, int] = {}
    for number in data_rows:
        row = rows.get(number)
        for column, cell in (sheet._cells(row).items() if row is not None else ()):
            if any(trees.is_element(n) and trees.local(n) == "f" for n in cell):
                formulas[column] = formulas.get(column, 0) + 1
    return found | {column for column, count in formulas.items() if count == len(data_rows) and count > 1}


def table_under(sheet: Worksheet, header_row: int) -> Area | None:
    """The area of the sheet's Table whose header is `header_row`, if it has one."""
    found = _table_part_under(sheet, header_row)
    return Area.parse(sheet.package.xml(found).get("ref", "A1")) if found else None


def calculated_columns(sheet: Worksheet, header_row: int) -> set[int]:
    """Columns (0-based) where the Table under `header_row` fills in a calculated formula by itself."""
    found = _table_part_under(sheet, header_row)
    if found is None:
        return set()
    table = sheet.package.xml(found)
    first = Area.parse(table.get("ref", "A1")).first_column
    columns = trees.kid(table, "tableColumns")
    return {first + offset for offset, column in enumerate(trees.kids(columns, "tableColumn") if columns is not None else [])
            if trees.kid(column, "calculatedColumnFormula") is not None}


def _table_part_under(sheet: Worksheet, header_row: int) -> str | None:
    for rel in sheet.package.related(sheet.part, "table"):
        name = sheet.package.name_of(rel.target)
        if name is not None and Area.parse(sheet.package.xml(name).get("ref", "A1")).first_row == header_row:
            return name
    return None


def rows_for_records(sheet: Worksheet, header_row: int, count: int, computed: set[int] = frozenset()) -> list[int]:
    """Where `count` new records go: the Table's blank rows below its last record, then the rows after.

    `computed` names columns whose formulas the workbook fills in by itself (such a formula does not take a row).
    """
    return _rows_after(literal_rows(sheet, computed_columns(sheet, header_row, computed)), header_row,
                       table_under(sheet, header_row), count)


def _rows_after(taken: set[int], header_row: int, table: Area | None, count: int) -> list[int]:
    last = max((n for n in taken if n >= header_row), default=header_row)
    free = list(range(last + 1, table.last_row + 1)) if table and table.last_row > last else []
    chosen = free[:count]
    after = max(last, table.last_row if table else last)
    return chosen + list(range(after + 1, after + 1 + count - len(chosen)))


class RecordWriter:
    """Writes records (column -> value) into new rows of one sheet below `header_row`.

    Work per record is proportional to its cells, not to the sheet, so a thousand records take a moment.
    """

    def __init__(self, sheet: Worksheet, header_row: int, styles_part: str | None, date_serial: Callable[[dt.date], float | int],
                 computed: set[int] = frozenset()):
        """`date_serial` is the workbook's own (`Workbook.date_serial`): a Mac workbook counts days from 1904.

        `computed` names columns whose formulas the workbook fills in by itself: they do not make a row taken.
        """
        self.sheet = sheet
        self.date_serial = date_serial
        self.header_row = header_row
        self.computed = set(computed)
        self.styles_part = styles_part
        self.defaults = sheet.column_styles()
        self._date_styles: dict[str | None, str] = {}
        self._row_elements: dict[int, object] | None = None  # row number -> <row>, kept up to date as rows are made

    def add(self, records: list[dict[int, object]]) -> list[int]:
        """Write each record in its own new row; return the row numbers used."""
        if not records:
            return []
        table = table_under(self.sheet, self.header_row)
        last = last_literal_row(self.sheet, self.header_row, computed_columns(self.sheet, self.header_row, self.computed))
        numbers = _rows_after({last}, self.header_row, table, len(records))
        end = table.last_row if table else self.header_row
        # Rows past the Table that hold only computed formulas (filled down in a plain range) are written in place.
        existing = self._rows()
        end = max([end, *(n for n in numbers if n > end and n in existing and self._holds_formula(n))])
        below = [n for n in numbers if n > end]
        appended = set(below)  # asked of every record: a list here made a thousand-row import quadratic
        above = self._styles_of(last if last > self.header_row else None)
        by_number = dict(zip(numbers, records))
        if below:
            width = max(max(r, default=0) for r in records) + 1
            width = max(width, table.last_column + 1) if table else width
            # Rows below are written as they are appended (the look of the row above comes with them); only their
            # dates are left for `fill`, which gives them a date format.
            self._grow(below[0], [[_undated(by_number[n].get(c)) for c in range(width)] for n in below])
        for number, record in by_number.items():
            if number in appended:
                record = {column: value for column, value in record.items() if isinstance(value, dt.date)}
            if record:
                self.fill(number, record, above)
        return numbers

    def _holds_formula(self, number: int) -> bool:
        row = self._rows().get(number)
        return row is not None and any(trees.is_element(n) and trees.local(n) == "f"
                                       for cell in self.sheet._cells(row).values() for n in cell)

    def _rows(self) -> dict[int, object]:
        if self._row_elements is None:
            self._row_elements = self.sheet._rows()
        return self._row_elements

    def _styles_of(self, number: int | None) -> dict[int, str]:
        row = self._rows().get(number) if number is not None else None
        return {c: cell.get("s") for c, cell in self.sheet._cells(row).items() if cell.get("s") is not None} if row is not None else {}

    def _grow(self, first: int, rows: list[list]) -> None:
        """Add `rows` from row `first` on, below the rows above them, so Tables, dropdowns and formats reach them."""
        count = len(rows)
        self.sheet.append_rows(rows, after_row=first - 1)
        self._row_elements = None
        if first - 1 != self.header_row:
            return
        # Appending copies the look of the row above, which here is the header: data cells look like data.
        for number in range(first, first + count):
            for column, cell in self.sheet._cells(self._rows()[number]).items():
                if self.defaults.get(column) is not None:
                    cell.set("s", self.defaults[column])
                else:
                    cell.attrib.pop("s", None)

    def fill(self, number: int, values: dict[int, object], above: dict[int, str] | None = None) -> None:
        """Set cells of row `number` (column -> value): dates become Excel dates; styles as the module says.

        `above` is the look to copy (column -> style); by default the row above's, unless that is the header.
        """
        rows = self._rows()
        if above is None:
            above = self._styles_of(number - 1) if number - 1 > self.header_row else {}
        if any(value is not None and value != "" for value in values.values()):
            self.sheet._editing()  # the part is written back only when marked as changed
        row = self.sheet._row(number, rows)
        cells = self.sheet._cells(row)
        for column, value in values.items():
            if value is None or value == "":
                continue
            cell = cells.get(column)
            if cell is None:
                cell = cells[column] = self.sheet._cell(row, number, column)
            style = cell.get("s") or above.get(column) or self.defaults.get(column)
            if isinstance(value, dt.date):
                style = self.date_style(style)
                value = self.date_serial(value)
            self.sheet._write(cell, value)
            if style is not None:
                cell.set("s", style)

    def date_style(self, style: str | None) -> str:
        """`style` when it already shows dates, else a copy of it that does (yyyy-mm-dd)."""
        if style not in self._date_styles:
            found = style or "0"
            if self.styles_part is not None and not shows_date(self.sheet.package.xml(self.styles_part), style):
                found = str(_clone_with_date_format(self.sheet.package, self.styles_part, int(style or 0)))
            self._date_styles[style] = found
        return self._date_styles[style]


def _undated(value: object) -> object:
    """A value as appended: dates and blanks are left for later (None)."""
    return None if value is None or value == "" or isinstance(value, dt.date) else value


def shows_date(styles_root, style: str | None) -> bool:
    """Whether the cell format `style` (an index into cellXfs) shows numbers as dates."""
    xfs = trees.kid(styles_root, "cellXfs")
    items = trees.kids(xfs, "xf") if xfs is not None else []
    if style is None or int(style) >= len(items):
        return False
    format_id = int(items[int(style)].get("numFmtId", "0") or 0)
    return format_id in BUILTIN_DATE_FORMATS or is_date_code(_custom_formats(styles_root).get(format_id, ""))


def is_date_code(code: str) -> bool:
    """Whether a custom number format shows a date: it has y or d outside quotes and brackets."""
    plain, inside = [], None
    for char in code:
        if inside:
            inside = None if char == inside else inside
        elif char in '"[':
            inside = '"' if char == '"' else "]"
        else:
            plain.append(char.lower())
    text = "".join(plain)
    return "y" in text or "d" in text


def _custom_formats(root) -> dict[int, str]:
    formats = trees.kid(root, "numFmts")
    return {int(f.get("numFmtId")): f.get("formatCode", "") for f in trees.kids(formats, "numFmt")} if formats is not None else {}


def _clone_with_date_format(package, styles_part: str, xf_index: int) -> int:
    """The index of a cell format like `xf_index` but showing yyyy-mm-dd (added once, reused after)."""
    root = package.edit(styles_part)
    customs = _custom_formats(root)
    format_id = next((i for i, code in customs.items() if code == DATE_CODE), None)
    if format_id is None:
        format_id = max([FIRST_CUSTOM_FORMAT - 1, *customs]) + 1
        container = trees.kid(root, "numFmts")
        if container is None:
            container = trees.insert_in_order(root, "numFmts", STYLESHEET_ORDER, {"count": "0"})
        trees.make(container, "numFmt", {"numFmtId": str(format_id), "formatCode": DATE_CODE})
        trees.set_count(container)
    xfs = trees.kid(root, "cellXfs")
    items = trees.kids(xfs, "xf")
    base = items[xf_index] if xf_index < len(items) else items[0]
    wanted = dict(base.attrib, numFmtId=str(format_id), applyNumberFormat="1")
    for index, item in enumerate(items):
        if dict(item.attrib) == wanted and len(item) == len(base):
            return index
    clone = trees.make(xfs, "xf", wanted)
    for child in base:
        clone.append(copy.deepcopy(child))
    trees.set_count(xfs)
    return len(items)
