"""A worksheet written cell by cell, laid out to be read: the Status sheet's grid.

Cells are kept until every column's width is known; then each row is
written as tall as its wrapped text needs (neither Excel nor LibreOffice
grows a row on opening), a sentence may span several columns (merged,
wrapping across them), and links jump to cells. All text goes in as inline
strings, so nothing from a user's workbook is ever run as a formula.

Most of a Status sheet is one list of findings beside one list of contacts,
tens of thousands of rows: those are given a column at a time (`columns`),
kept as the column lists they are, and written a chunk of rows at a time,
with no object per cell.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import repeat
from operator import itemgetter
from typing import NamedTuple
from xml.sax.saxutils import escape, quoteattr

from toolkit.workbook.page_layout import LINE_HEIGHT, wrapped_lines
from toolkit.xlsx import column_name, xml_text

NARROWEST = 8  # characters: a column with nothing measured in it
COLUMN = itemgetter(0)  # a GridCell's column
CHUNK = 4096  # rows of a block written at a time: their cells' text is made, joined, and let go


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
        self.blocks: list[Block] = []
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

    def columns(self, count: int, values: dict[int, list], styles: dict[int, str | list | None] | None = None,
                links: dict[int, list] | None = None, spans: dict[int, int] | None = None) -> int:
        """`count` new rows given a column at a time, each cell as `put` takes it; returns the first row's number.

        `values[c]` holds column c's values, one per row (None or "" for an empty cell); `styles[c]` a style name for the
        whole column or one per row; `links[c]` a location per row (or None); `spans[c]` the columns each of its cells
        covers. Rows `put` to later are merged in.
        """
        first = self.row + 1
        styles, links, spans = styles or {}, links or {}, spans or {}

        def filled(column: list | None) -> list | None:  # a column shorter than the block is empty below its end
            return column + [None] * (count - len(column)) if column is not None and len(column) < count else column

        block = Block(first, count, [_column(c, filled(values[c]), style if not isinstance(style := styles.get(c), list) else
                                             filled(style), filled(links.get(c)), spans.get(c, 1)) for c in sorted(values)])
        if count:
            self.blocks.append(block)
        self.row += count
        return first

    def line(self, text: str, style: str = "text", first: int = 0, span: int = 1) -> int:
        """A sentence across `span` columns, wrapping within them."""
        return self.add([text], style, spans={first: span}, first=first)

    def skip(self) -> None:
        self.row += 1

    def natural_widths(self) -> dict[int, int]:
        """Each column's longest text, in characters; merged text wraps to its columns and widens none."""
        widths: dict[int, int] = {}
        for block in self.blocks:
            for column in (c for c in block.columns if c.span == 1):
                longest = max(map(len, column.measured()), default=None)
                if longest is not None:  # a column with no filled cell is not measured
                    widths[column.column] = max(widths.get(column.column, 0), longest)
        for cells in self.rows.values():
            for cell in cells:
                if cell.span == 1:
                    widths[cell.column] = max(widths.get(cell.column, 0), len(cell.text if cell.text is not None else str(cell.value)))
        return widths

    def xml(self, widths: dict[int, float]) -> tuple[list[bytes], str, str]:
        """(the rows of sheetData, mergeCells, hyperlinks) with every row as tall as its wrapped text."""
        merges, links = [], []
        rows = list(self.row_pieces(widths, merges, links))
        return rows, merge_cells(merges), hyperlinks(links)

    def row_pieces(self, widths: dict[int, float], merges: list[str], links: list[str]) -> Iterator[bytes]:
        """The rows of sheetData as bytes, a block's rows a chunk at a time, made only as they are asked for;
        `merges` and `links` get each row's merged ranges and hyperlinks as it is made. Nothing is used up:
        the rows can be made again."""
        writer = _RowWriter(self, widths, merges, links)
        spans = {block.first: block for block in self.blocks}
        inside = {n for block in self.blocks for n in self.rows if block.first <= n < block.first + block.count}
        for number in sorted(set(self.rows).difference(inside) | spans.keys()):
            if number in spans:
                yield from writer.block(spans[number])
            else:
                yield writer.row(number, self.rows[number])


def merge_cells(merges: list[str]) -> str:
    return f'<mergeCells count="{len(merges)}">{"".join(merges)}</mergeCells>' if merges else ""


def hyperlinks(links: list[str]) -> str:
    return f"<hyperlinks>{''.join(links)}</hyperlinks>" if links else ""


TEXT_OR_NONE = {str, type(None)}


class BlockColumn(NamedTuple):
    """One column of a block: per row its value, its stored text (None for a number or an empty cell), style and link."""

    column: int
    values: list
    texts: list
    styles: list | None  # one style name per row, or None when `style` serves them all
    style: str | None
    links: list | None
    span: int = 1
    textual: bool = False  # every value text or None: written by the shorter path
    plain: bool = False  # textual, and all printable ASCII: each text is its value

    def measured(self):
        """The text of each filled cell, as its width is measured."""
        if self.plain:
            return filter(None, self.texts)
        return (t if t is not None else str(v) for v, t in zip(self.values, self.texts) if v is not None and v != "")

    def style_of(self, index: int) -> str:
        name = self.styles[index] if self.styles is not None else self.style
        if name is None or name == "text":
            return "number" if self.texts[index] is None else "text"
        return name

    def cell(self, index: int) -> GridCell | None:
        value = self.values[index]
        if value is None or value == "":
            return None
        link = self.links[index] if self.links else None
        return GridCell(self.column, value, self.style_of(index), link, self.span, self.texts[index])


class Block(NamedTuple):
    """Rows `first` to `first + count - 1`, kept as columns (see `Grid.columns`)."""

    first: int
    count: int
    columns: list[BlockColumn]


def _column(column: int, values: list, style, links: list | None, span: int) -> BlockColumn:
    """A block's column: each value's text made as `Grid.put` makes it."""
    textual = set(map(type, values)) <= TEXT_OR_NONE
    plain = textual and (joined := "".join(filter(None, values))).isascii() and joined.isprintable()  # told once, in C
    texts = list(values) if plain else [(v if v.isascii() and v.isprintable() else xml_text(v)) if type(v) is str
                                        else (None if v is None or is_number(v) else xml_text(v)) for v in values]
    styles, style = (style, None) if isinstance(style, list) else (None, style)
    return BlockColumn(column, values, texts, styles, style, links, span, textual, plain)


class _RowWriter:
    """Writes a grid's rows: each cell's XML, each row as tall as its wrapped text, its merges and links noted."""

    def __init__(self, grid: Grid, widths: dict[int, float], merges: list[str], links: list[str]):
        self.grid, self.widths, self.merges, self.links = grid, widths, merges, links
        self.attributes = grid.style_attributes
        self.letters: dict[int, str] = {}
        self.single: dict[int, tuple[float, int]] = {}  # column -> (width, characters a line holds) for one-column text

    def letter(self, column: int) -> str:
        return self.letters.get(column) or self.letters.setdefault(column, column_name(column))

    def width(self, column: int) -> tuple[float, int]:
        if column not in self.single:
            width = self.widths.get(column, NARROWEST)
            self.single[column] = (width, max(1, int(width) - 1))
        return self.single[column]

    def row(self, number: int, cells: list[GridCell]) -> bytes:
        if len(cells) > 1:
            cells.sort(key=COLUMN)  # in column order already, unless a row was added to twice
        lines, parts = 1, []
        widths, attributes = self.widths, self.attributes
        for column, value, style, link, span, text in cells:
            letter = self.letter(column)
            s = attributes.get(style, "")
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
                    width, capacity = self.width(column)
                    if len(text) > capacity or not text.isprintable():
                        lines = max(lines, wrapped_lines(text, width))
                else:
                    lines = max(lines, wrapped_lines(text, sum(widths.get(c, NARROWEST) for c in range(column, column + across))))
            if span > 1:
                self.merges.append(f'<mergeCell ref="{letter}{number}:{column_name(column + span - 1)}{number}"/>')
            if link:
                self.links.append(f'<hyperlink ref="{letter}{number}" location={_attribute(link)} '
                                  f'display={_attribute(text if text is not None else str(value))}/>')
        return self._framed(number, lines, "".join(parts))

    def _framed(self, number: int, lines: int, cells: str) -> bytes:
        height = self.grid.heights.get(number) or (LINE_HEIGHT * lines if lines > 1 else None)
        if not cells and not height:  # a row with nothing in it is not written
            return b""
        tall = f' ht="{height}" customHeight="1"' if height else ""
        return f'<row r="{number}"{tall}>{cells}</row>'.encode("utf-8")

    def block(self, block: Block):
        """The block's rows, CHUNK rows to a bytes; a row also `put` to is written cell by cell with its other cells."""
        extra = self.grid.rows
        for start in range(0, block.count, CHUNK):
            indices = range(start, min(start + CHUNK, block.count))
            numbers = range(block.first + indices.start, block.first + indices.stop)
            lines = [1] * len(indices)
            cells, links, merges = [], [], []
            for column in block.columns:
                cells.append(self._cells(column, indices, numbers, lines))
                if column.links:
                    links.append(self._links(column, indices, numbers))
                if column.span > 1:
                    merges.append(self._merges(column, indices, numbers))
            rows = [self._framed(number, height, "".join(row)) for number, height, *row in zip(numbers, lines, *cells)]
            row_links = ["".join(row) for row in zip(*links)] if links else [""] * len(rows)
            row_merges = list(zip(*merges)) if merges else [()] * len(rows)  # each merge counted, so kept apart
            for offset, number in enumerate(numbers):
                if number in extra:  # rare: the whole row again, cell by cell, its links in their place
                    own = [c for c in (column.cell(indices[offset]) for column in block.columns) if c is not None]
                    told, merged = len(self.links), len(self.merges)
                    rows[offset] = self.row(number, own + extra[number])
                    row_links[offset], row_merges[offset] = "".join(self.links[told:]), tuple(self.merges[merged:])
                    del self.links[told:], self.merges[merged:]
            self.links.extend(link for link in row_links if link)
            self.merges.extend(merge for row in row_merges for merge in row if merge)
            yield b"".join(rows)

    def _cells(self, column: BlockColumn, indices: range, numbers: range, lines: list[int]) -> list[str]:
        """One column's cells for these rows, as `row` writes them; `lines` grows to what their text needs."""
        values, texts = column.values[indices.start:indices.stop], column.texts[indices.start:indices.stop]
        own, own_capacity = self.width(column.column)
        width, capacity = own, own_capacity
        if column.span > 1:  # text across several columns wraps within all of them; a link formula within its own
            width = sum(self.widths.get(c, NARROWEST) for c in range(column.column, column.column + column.span))
            capacity = max(1, int(width) - 1)
        if column.span == 1 or column.textual:  # which cells wrap, found by a comprehension: most are one short line
            for offset in [i for i, t in enumerate(texts) if t is not None and (len(t) > capacity or not t.isprintable())]:
                lines[offset] = max(lines[offset], wrapped_lines(texts[offset], width))
        else:  # across columns, with a link formula among them, which wraps within its own column
            for offset, (value, text) in enumerate(zip(values, texts)):
                if text is None:
                    continue
                if type(value) is not str:
                    if len(text) > own_capacity or not text.isprintable():
                        lines[offset] = max(lines[offset], wrapped_lines(text, own))
                elif len(text) > capacity or not text.isprintable():
                    lines[offset] = max(lines[offset], wrapped_lines(text, width))
        letter, attributes = self.letter(column.column), self.attributes
        number, text = attributes.get("number", ""), attributes.get("text", "")
        if column.styles is None:
            as_given = column.style is not None and column.style != "text"
            styles = repeat(attributes.get(column.style, "")) if as_given else [number if t is None else text for t in texts]
        else:
            styles = [(number if t is None else text) if name is None or name == "text" else attributes.get(name, "")
                      for name, t in zip(column.styles[indices.start:indices.stop], texts)]
        head = f'<c r="{letter}'
        if column.textual:  # text only: escaped all at once (no stored text holds a NUL), each cell one format
            shown = escape("\0".join([t or "" for t in texts])).split("\0")
            return [f'{head}{n}" t="inlineStr"{s}><is><t xml:space="preserve">{h}</t></is></c>' if v else ""
                    for n, v, h, s in zip(numbers, values, shown, styles)]
        return ["" if v is None or v == "" else
                f'{head}{n}"{s}><v>{v}</v></c>' if t is None else
                f'{head}{n}" t="inlineStr"{s}><is><t xml:space="preserve">{escape(t) if "&" in t or "<" in t or ">" in t else t}'
                '</t></is></c>' if type(v) is str else v.cell(f"{letter}{n}", s)
                for n, v, t, s in zip(numbers, values, texts, styles)]

    def _merges(self, column: BlockColumn, indices: range, numbers: range) -> list[str]:
        start, end = self.letter(column.column), column_name(column.column + column.span - 1)
        return ["" if v is None or v == "" else f'<mergeCell ref="{start}{n}:{end}{n}"/>'
                for n, v in zip(numbers, column.values[indices.start:indices.stop])]

    def _links(self, column: BlockColumn, indices: range, numbers: range) -> list[str]:
        letter = self.letter(column.column)
        return [f'<hyperlink ref="{letter}{n}" location={_attribute(link)} display={_attribute(t if t is not None else str(v))}/>'
                if link and not (v is None or v == "") else ""
                for n, v, t, link in zip(numbers, column.values[indices.start:indices.stop],
                                         column.texts[indices.start:indices.stop], column.links[indices.start:indices.stop])]


def _attribute(value: str) -> str:
    """An attribute value in quotes, escaped as `quoteattr` would; most need nothing escaped, which is told first."""
    if value.isprintable() and not ('"' in value or "&" in value or "<" in value or ">" in value):
        return f'"{value}"'
    return quoteattr(value)


def is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)
