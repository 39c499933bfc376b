"""A worksheet written cell by cell, laid out to be read: the Status sheet's grid.

Cells are kept until every column's width is known; then each row is
written as tall as its wrapped text needs (neither Excel nor LibreOffice
grows a row on opening), a sentence may span several columns (merged,
wrapping across them), and links jump to cells. All text goes in as inline
strings, so nothing from a user's workbook is ever run as a formula.
"""

from __future__ import annotations

from operator import itemgetter
from typing import NamedTuple
from xml.sax.saxutils import escape, quoteattr

from toolkit.workbook.page_layout import LINE_HEIGHT, wrapped_lines
from toolkit.xlsx import column_name, xml_text

NARROWEST = 8  # characters: a column with nothing measured in it
COLUMN = itemgetter(0)  # a GridCell's column


class GridCell(NamedTuple):
    """One cell: its column (from 0), value, style name, an optional link (a location such as 'Contacts'!A2).

    A named tuple, made in a third of a frozen dataclass's time: a Status sheet has a hundred thousand cells.
    """

    column: int
    value: object
    style: str | None
    link: str | None = None
    span: int = 1  # columns it covers: merged, its text wrapping across all of them
    text: str | None = None  # the value as stored text, made once for measuring and writing; None for a number


class Grid:
    """A worksheet's rows, kept as cells until every column's width is known, then written as XML."""

    def __init__(self, style_ids: dict[str, int]):
        self.style_attributes = {name: f' s="{number}"' for name, number in style_ids.items()}
        self.rows: dict[int, list[GridCell]] = {}
        self.heights: dict[int, float] = {}
        self.row = 0

    def add(self, values, style: str | None = None, styles: dict[int, str] | None = None, links: dict[int, str] | None = None,
            spans: dict[int, int] | None = None, first: int = 0) -> int:
        """A new row of `values` from column `first`; numbers get the number style unless `styles` says otherwise."""
        self.row += 1
        self.put(self.row, values, style, styles, links, spans, first)
        return self.row

    def put(self, row: int, values, style: str | None = None, styles: dict[int, str] | None = None,
            links: dict[int, str] | None = None, spans: dict[int, int] | None = None, first: int = 0) -> None:
        """`values` added to row `row` (already written to or not), from column `first`."""
        cells = self.rows.setdefault(row, [])
        styles, links, spans = styles or {}, links or {}, spans or {}
        for index, value in enumerate(values, start=first):
            if value is None or value == "":
                continue
            name = styles.get(index, style)
            if type(value) is str:  # nearly every cell: its text as stored, made without a call when plainly safe
                number, text = False, value if value.isascii() and value.isprintable() else xml_text(value)
            else:
                number = is_number(value)
                text = None if number else xml_text(value)
            if name is None or name == "text":  # text that is a number is shown as one
                name = "number" if number else "text"
            cells.append(GridCell(index, value, name, links.get(index), spans.get(index, 1), text))
        self.row = max(self.row, row)

    def line(self, text: str, style: str = "text", first: int = 0, span: int = 1) -> int:
        """A sentence across `span` columns, wrapping within them."""
        return self.add([text], style, spans={first: span}, first=first)

    def skip(self) -> None:
        self.row += 1

    def natural_widths(self) -> dict[int, int]:
        """Each column's longest text, in characters; merged text wraps to its columns and widens none."""
        widths: dict[int, int] = {}
        for cells in self.rows.values():
            for cell in cells:
                if cell.span == 1:
                    widths[cell.column] = max(widths.get(cell.column, 0), len(cell.text if cell.text is not None else str(cell.value)))
        return widths

    def xml(self, widths: dict[int, float]) -> tuple[list[bytes], str, str]:
        """(the rows of sheetData, mergeCells, hyperlinks) with every row as tall as its wrapped text.

        Rows are bytes, and the cells are let go as they are written: a Status sheet of 70,000 findings is tens of MB.
        """
        rows, merges, links = [], [], []
        letters: dict[int, str] = {}
        single: dict[int, tuple[float, int]] = {}  # column -> (width, characters a line holds) for one-column text
        style_attributes = self.style_attributes
        for number in sorted(self.rows):
            cells = self.rows.pop(number)
            if len(cells) > 1:
                cells.sort(key=COLUMN)  # in column order already, unless a row was added to twice
            lines, parts = 1, []
            for column, value, style, link, span, text in cells:
                letter = letters.get(column) or letters.setdefault(column, column_name(column))
                s = style_attributes.get(style, "")
                if text is None:
                    parts.append(f'<c r="{letter}{number}"{s}><v>{value}</v></c>')
                    needs = 1
                elif type(value) is not str and hasattr(value, "cell"):  # a value that writes its own cell: a link formula
                    parts.append(value.cell(f"{letter}{number}", s))
                    needs, across = 0, 1  # measured in its own column
                else:
                    shown = escape(text) if "&" in text or "<" in text or ">" in text else text
                    parts.append(f'<c r="{letter}{number}" t="inlineStr"{s}><is><t xml:space="preserve">{shown}</t></is></c>')
                    needs, across = 0, span
                if not needs:  # how many lines the text takes: a short line is told without wrapping it
                    if across == 1:
                        if column not in single:
                            width = widths.get(column, NARROWEST)
                            single[column] = (width, max(1, int(width) - 1))
                        width, capacity = single[column]
                        if len(text) > capacity or not text.isprintable():
                            lines = max(lines, wrapped_lines(text, width))
                    else:
                        lines = max(lines, wrapped_lines(text, sum(widths.get(c, NARROWEST) for c in range(column, column + across))))
                if span > 1:
                    merges.append(f'<mergeCell ref="{letter}{number}:{column_name(column + span - 1)}{number}"/>')
                if link:
                    links.append(f'<hyperlink ref="{letter}{number}" location={_attribute(link)} '
                                 f'display={_attribute(text if text is not None else str(value))}/>')
            height = self.heights.get(number) or (LINE_HEIGHT * lines if lines > 1 else None)
            tall = f' ht="{height}" customHeight="1"' if height else ""
            rows.append(f'<row r="{number}"{tall}>{"".join(parts)}</row>'.encode("utf-8"))
        merge_xml = f'<mergeCells count="{len(merges)}">{"".join(merges)}</mergeCells>' if merges else ""
        link_xml = f"<hyperlinks>{''.join(links)}</hyperlinks>" if links else ""
        return rows, merge_xml, link_xml


def _attribute(value: str) -> str:
    """An attribute value in quotes, escaped as `quoteattr` would; most need nothing escaped, which is told first."""
    if value.isprintable() and not ('"' in value or "&" in value or "<" in value or ">" in value):
        return f'"{value}"'
    return quoteattr(value)


def is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)
