"""Cells of one worksheet part: set, empty, and append rows that Tables and rules grow into.

Values go in as numbers, booleans or inline strings (never shared strings,
never formulas: text such as "=HYPERLINK(...)" stays text). A cell keeps its
style when its value changes; a new cell takes the style of the cell above.
"""

from __future__ import annotations

import math
import re
from xml.sax.saxutils import escape

from lxml import etree

from toolkit.errors import CellsOccupied, WorkbookUnreadable
from toolkit.xlsx import trees
from toolkit.xlsx.cells import CELL_RANGE, Area, cell_name, cell_position, column_name, grow_list

ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
VALUE_PARTS = ("v", "f", "is")
RANGE_HOLDERS = ("dataValidation", "conditionalFormatting")  # main and x14 elements whose ranges grow


def xml_text(value) -> str:
    """Text safe to store in XML: characters XML 1.0 forbids are dropped."""
    text = "" if value is None else str(value)
    if text.isascii() and text.isprintable():  # nearly every cell, and both are checked in C without a scan when ASCII
        return text
    return ILLEGAL_XML.sub("", text)


def _value_xml(value, formula: str | None) -> str:
    """The rest of a new <c> element, as `_write` would make it: the value, else the formula, else nothing."""
    if value is None:
        return f"><f>{escape(formula)}</f></c>" if formula is not None else "/>"
    if isinstance(value, bool):
        return f' t="b"><v>{int(value)}</v></c>'
    if isinstance(value, (int, float)) and math.isfinite(value):
        return f"><v>{repr(value) if isinstance(value, float) else value}</v></c>"
    text = xml_text(value)
    space = ' xml:space="preserve"' if text != text.strip() else ""
    return f' t="inlineStr"><is><t{space}>{escape(text)}</t></is></c>'


class Worksheet:
    """One worksheet part, edited in place; `name` is only used in messages."""

    def __init__(self, package, part: str, name: str):
        self.package = package
        self.part = part
        self.name = name
        self.root = package.xml(part)
        self.data = trees.kid(self.root, "sheetData")
        if self.data is None:
            raise WorkbookUnreadable(f"the sheet {name} has no cell data; open the workbook in your spreadsheet program and save it again")

    def _editing(self) -> None:
        """Mark the part as changed, so it is written back (an untouched sheet keeps its bytes)."""
        self.package.edit(self.part)

    # -- finding rows and cells ----------------------------------------------------------------------

    def _rows(self) -> dict[int, object]:
        """Row number -> <row>, in document order (which Excel keeps ascending)."""
        rows, previous = {}, 0
        for row in trees.kids(self.data, "row"):
            number = int(row.get("r") or previous + 1)
            rows[number] = row
            previous = number
        return rows

    def _row(self, number: int, rows: dict):
        """The <row> element for a row number, created in order when missing."""
        if number in rows:
            return rows[number]
        if number > next(reversed(rows), 0):  # the usual case, appending: no search (rows is in document order)
            row = trees.make(self.data, "row", {"r": number})
            rows[number] = row
            return row
        following = rows[min(r for r in rows if r > number)]
        row = trees.make(self.data, "row", {"r": number}, index=self.data.index(following))
        rows[number] = row
        ordered = sorted(rows.items())
        rows.clear()
        rows.update(ordered)
        return row

    @staticmethod
    def _cells(row) -> dict[int, object]:
        cells, previous = {}, -1
        for cell in trees.kids(row, "c"):
            column = cell_position(cell.get("r"))[1] if cell.get("r") else previous + 1
            cells[column] = cell
            previous = column
        return cells

    def _cell(self, row, number: int, column: int):
        """The <c> element at a column of a row, created in order when missing."""
        last = row[-1] if len(row) else None
        if last is None or (trees.is_element(last) and trees.local(last) == "c" and last.get("r")
                            and cell_position(last.get("r"))[1] < column):
            return trees.make(row, "c", {"r": cell_name(number, column)})  # appending, the usual case: no search
        cells = self._cells(row)
        if column in cells:
            return cells[column]
        later = [c for c in cells if c > column]
        index = row.index(cells[min(later)]) if later else len(row)
        return trees.make(row, "c", {"r": cell_name(number, column)}, index=index)

    def column_styles(self) -> dict[int, str]:
        """Column (0-based) -> the style index its <col> entry gives cells typed into it."""
        found = {}
        cols = trees.kid(self.root, "cols")
        for col in trees.kids(cols, "col") if cols is not None else []:
            if col.get("style") is None:
                continue
            for column in range(int(col.get("min", "1")) - 1, min(int(col.get("max", "1")), 16384)):
                found[column] = col.get("style")
        return found

    def last_row(self) -> int:
        """The number of the last row holding any cell (0 for an empty sheet)."""
        return self._last_row(self._rows())

    @staticmethod
    def _last_row(rows: dict) -> int:
        return next((n for n in sorted(rows, reverse=True) if trees.kid(rows[n], "c") is not None), 0)

    def tables(self) -> dict[str, Area]:
        """Each Table on this sheet: its display name -> the range it covers (header row included)."""
        found = {}
        for rel in self.package.related(self.part, "table"):
            table = self.package.xml(self.package.name_of(rel.target) or rel.target)
            found[table.get("displayName") or table.get("name", "")] = Area.parse(table.get("ref"))
        return found

    # -- setting and emptying -------------------------------------------------------------------------

    def set_cells(self, values: dict[str, object]) -> None:
        """Give each cell ("B7" -> value) its value; None empties it. Styles stay."""
        rows = self._rows()
        for ref, value in values.items():
            number, column = cell_position(ref)
            if value is None:
                cell = self._cells(rows[number]).get(column) if number in rows else None
                if cell is None or not any(trees.local(n) in VALUE_PARTS for n in cell if trees.is_element(n)):
                    continue  # already empty
            else:
                cell = self._cell(self._row(number, rows), number, column)
            self._editing()
            self._write(cell, value)

    def empty_cells(self, refs) -> None:
        """Remove the value or formula of each cell, keeping its style."""
        self.set_cells({ref: None for ref in refs})

    def _write(self, cell, value, fresh: bool = False) -> None:
        """Give `cell` the value (None empties it); `fresh` says it was just made, with nothing to remove."""
        if not fresh:
            if value is None:
                self._keep_shared_formula(cell)
            for child in [n for n in cell if trees.is_element(n) and trees.local(n) in VALUE_PARTS]:
                cell.remove(child)
            for attribute in ("t", "cm", "vm"):
                cell.attrib.pop(attribute, None)
        if value is None:
            return
        if isinstance(value, bool):
            cell.set("t", "b")
            trees.make(cell, "v").text = "1" if value else "0"
        elif isinstance(value, (int, float)) and math.isfinite(value):
            trees.make(cell, "v").text = repr(value) if isinstance(value, float) else str(value)
        else:
            text = xml_text(value)
            cell.set("t", "inlineStr")
            t = trees.make(trees.make(cell, "is"), "t")
            t.text = text
            if text != text.strip():
                t.set(f"{{{trees.NS_XML}}}space", "preserve")

    def _keep_shared_formula(self, cell) -> None:
        """Emptying the cell that holds a shared formula's text hands the text to the next cell sharing it."""
        formula = trees.kid(cell, "f")
        if formula is None or formula.get("t") != "shared" or not (formula.text or "").strip():
            return
        from openpyxl.formula.translate import Translator  # imports all of openpyxl: only when a shared formula moves

        group, origin = formula.get("si"), cell.get("r")
        for row in trees.kids(self.data, "row"):
            for other in trees.kids(row, "c"):
                inner = trees.kid(other, "f")
                if other is not cell and inner is not None and inner.get("t") == "shared" and inner.get("si") == group:
                    inner.text = Translator("=" + formula.text, origin=origin).translate_formula(other.get("r"))[1:]
                    if formula.get("ref"):
                        inner.set("ref", formula.get("ref"))
                    return

    # -- appending rows --------------------------------------------------------------------------------

    def append_rows(self, rows: list[list], first_column: int = 0, after_row: int | None = None) -> Area:
        """Write `rows` below row `after_row` (default: the last row with cells); return the area written.

        Tables, filters, data validations and conditional formats (x14 ones too) that reach row `after_row`
        grow to cover the new rows; a Table's calculated columns get their formula where a value is None.
        Refuses (CellsOccupied) to write over a cell that holds a value.
        """
        existing = self._rows()
        above = self._last_row(existing) if after_row is None else after_row
        width = max((len(r) for r in rows), default=0)
        if not rows or not width:
            return Area(above + 1, first_column, above, first_column)
        area = Area(above + 1, first_column, above + len(rows), first_column + width - 1)
        self._refuse_occupied(existing, area)
        self._editing()
        formulas = self._grow_tables(above, area)
        styles = {c: cell.get("s") for c, cell in self._cells(existing[above]).items()} if above in existing else {}
        columns = sorted(set(range(first_column, first_column + width)) | set(formulas))
        typed_look = self.column_styles()
        keep = {c: styles[c] for c in columns if styles.get(c) is not None and styles[c] != typed_look.get(c)}
        if area.first_row > next(reversed(existing), 0):  # the usual case: every new row comes after the last one
            self._append_as_text(rows, area.first_row, first_column, columns, formulas, styles, keep)
            self._grow_ranges(above, area.last_row)
            return area
        for offset, values in enumerate(rows):
            number = area.first_row + offset
            fresh = number not in existing  # a new row: its cells are made in column order, no search
            row = self._row(number, existing)
            for column in columns:
                index = column - first_column
                value = values[index] if 0 <= index < len(values) else None
                if value is None and column not in formulas and styles.get(column) in (None, typed_look.get(column)):
                    continue  # an empty cell with its column's own look shows the same without being written
                cell = trees.make(row, "c", {"r": column_name(column) + str(number)}) if fresh else self._cell(row, number, column)
                if styles.get(column) is not None and cell.get("s") is None:
                    cell.set("s", styles[column])
                if value is None and column in formulas:
                    self._write(cell, None)
                    trees.make(cell, "f").text = formulas[column]
                elif value is not None:  # the area holds no values (refused above): an empty cell needs no write
                    self._write(cell, value, fresh)
        self._grow_ranges(above, area.last_row)
        return area

    def _append_as_text(self, rows: list[list], first_row: int, first_column: int, columns: list[int],
                        formulas: dict[int, str], styles: dict[int, str], keep: dict[int, str]) -> None:
        """The rows as XML text, parsed in one go: thousands of rows cost a fraction of making each element."""
        # What every row's cell in a column begins with: its letters and look, made once, not once per cell.
        openings = {column: f'<c r="{column_name(column)}' for column in columns}
        looks = {column: f'" s="{styles[column]}"' if styles.get(column) is not None else '"' for column in columns}
        filled_down = {column: _value_xml(None, formula) for column, formula in formulas.items()}  # escaped once
        text = []
        for offset, values in enumerate(rows):
            number = first_row + offset
            cells = []
            for column in columns:
                index = column - first_column
                value = values[index] if 0 <= index < len(values) else None
                if value is None:
                    if column in filled_down:
                        cells.append(f'{openings[column]}{number}{looks[column]}{filled_down[column]}')
                    elif column in keep:
                        cells.append(f'{openings[column]}{number}{looks[column]}/>')
                    continue
                cells.append(f'{openings[column]}{number}{looks[column]}{_value_xml(value, None)}')
            text.append(f'<row r="{number}">{"".join(cells)}</row>')
        namespace = etree.QName(self.data).namespace
        declared = f' xmlns="{namespace}"' if namespace else ""
        self.data.extend(list(trees.parse(f'<x{declared}>{"".join(text)}</x>'.encode("utf-8"), "new rows")))

    def _refuse_occupied(self, rows: dict, area: Area) -> None:
        for number in range(area.first_row, area.last_row + 1):
            if number not in rows:
                continue
            for column, cell in self._cells(rows[number]).items():
                has_value = any(trees.local(n) in VALUE_PARTS for n in cell if trees.is_element(n))
                if has_value and area.first_column <= column <= area.last_column:
                    raise CellsOccupied(f"{self.name}!{cell_name(number, column)} already holds a value where a new row "
                                        f"would go; move or clear it and run again")

    def _grow_tables(self, above: int, area: Area) -> dict[int, str]:
        """Grow the Tables ending at row `above`; return their calculated column formulas by column."""
        formulas = {}
        for rel in self.package.related(self.part, "table"):
            table_part = self.package.name_of(rel.target)
            table = self.package.xml(table_part)
            ref = Area.parse(table.get("ref"))
            if ref.last_row != above or ref.last_column < area.first_column or ref.first_column > area.last_column:
                continue
            if int(table.get("totalsRowCount", "0") or 0):
                raise CellsOccupied(f"the table {table.get('displayName')} on {self.name} has a totals row, so rows "
                                    f"cannot be added below it; remove the totals row and run again")
            table = self.package.edit(table_part)
            table.set("ref", str(ref.grown_to(area.last_row)))
            for element in trees.kids(table, "autoFilter"):
                element.set("ref", grow_list(element.get("ref", ""), above, area.last_row))
            columns = trees.kid(table, "tableColumns")
            for offset, column in enumerate(trees.kids(columns, "tableColumn") if columns is not None else []):
                calculated = trees.kid(column, "calculatedColumnFormula")
                if calculated is not None and (calculated.text or "").strip():
                    formulas[ref.first_column + offset] = calculated.text
        return formulas

    def _grow_ranges(self, above: int, last: int) -> None:
        """Filters, validations and conditional formats reaching row `above` reach row `last`."""
        others = [node for node in self.root if trees.is_element(node) and node is not self.data]
        for element in (inner for node in others for inner in node.iter() if trees.is_element(inner)):
            name = trees.local(element)
            if name in RANGE_HOLDERS and element.get("sqref"):
                element.set("sqref", grow_list(element.get("sqref"), above, last))
            elif name == "sqref" and element.getparent() is not None and trees.local(element.getparent()) in RANGE_HOLDERS:
                element.text = grow_list(element.text or "", above, last)
            elif name == "autoFilter" and element.getparent() is self.root and element.get("ref"):
                element.set("ref", grow_list(element.get("ref"), above, last))
            elif name == "dimension" and element.getparent() is self.root and CELL_RANGE.match(element.get("ref", "")):
                element.set("ref", str(Area.parse(element.get("ref")).grown_to(last)))


def positioned_cells(root):
    """(row number, column, <c>) for every cell of a worksheet tree, read only; positions left out are implied.

    Fast enough for a sheet of a million cells: lxml finds the elements by tag, and column letters are
    converted once each.
    """
    namespace = etree.QName(root).namespace
    data = root.find(f"{{{namespace}}}sheetData")
    if data is None:
        return
    columns: dict[str, int] = {}
    previous_row = 0
    for row in data.iterchildren(f"{{{namespace}}}row"):
        number = int(row.get("r") or previous_row + 1)
        previous_row = number
        previous_column = -1
        for cell in row.iterchildren(f"{{{namespace}}}c"):
            ref = cell.get("r")
            if ref:
                letters = ref.rstrip("0123456789").lstrip("$").replace("$", "")
                if letters not in columns:
                    columns[letters] = cell_position(letters + "1")[1]
                previous_column = columns[letters]
            else:
                previous_column += 1
            yield number, previous_column, cell
