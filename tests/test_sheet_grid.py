"""A block of rows given a column at a time writes exactly what the same cells written row by row would."""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit.workbook import sheet_grid
from toolkit.workbook.sheet_grid import Grid

STYLES = {"text": 1, "number": 2, "link": 3, "error": 4, "bold": 5}


@dataclass(frozen=True)
class FormulaCell:
    """A value that writes its own cell, as the Status sheet's link to a note does."""

    text: str

    def __str__(self) -> str:
        return self.text

    def cell(self, ref: str, style: str) -> str:
        return f'<c r="{ref}" t="str"{style}><f>F()</f><v>{self.text}</v></c>'


values = st.one_of(st.none(), st.just(""), st.integers(-5, 10**6), st.text(max_size=60),
                   st.text(alphabet="ab &<>\n\t\x01é", max_size=90), st.builds(FormulaCell, st.text("xyz", min_size=1, max_size=5)))
styles = st.one_of(st.none(), st.sampled_from(sorted(STYLES)))
links = st.one_of(st.none(), st.text("'!AZ19", min_size=1, max_size=8))


@st.composite
def blocks(draw):
    count = draw(st.integers(0, 12))
    columns = draw(st.lists(st.integers(0, 9), unique=True, max_size=5))
    spans = {c: draw(st.integers(1, 3)) for c in columns if draw(st.booleans())}
    data = {c: draw(st.lists(values, min_size=0, max_size=count)) for c in columns}
    style_of = {c: draw(st.one_of(styles, st.lists(styles, min_size=count, max_size=count))) for c in columns}
    link_of = {c: draw(st.lists(links, min_size=count, max_size=count)) for c in columns if draw(st.booleans())}
    before = draw(st.lists(st.lists(values, max_size=4), max_size=3))
    # cells put later into rows the block covers (as the overview's notes are), at columns past the block's
    later = draw(st.lists(st.tuples(st.integers(0, 14), st.lists(values, min_size=1, max_size=2)), max_size=3))
    return count, data, style_of, link_of, spans, before, later


def _by_rows(count, data, style_of, link_of, spans, before, later) -> Grid:
    grid = Grid(STYLES)
    for row in before:
        grid.add(row, spans={1: 2})
    first = grid.row + 1
    for index in range(count):
        row = {c: column[index] for c, column in data.items() if index < len(column)}
        row_styles = {c: s[index] if isinstance(s, list) else s for c, s in style_of.items() if c in row}
        row_links = {c: link_of[c][index] for c in row if c in link_of and link_of[c][index]}
        grid.row = first + index - 1
        for column in sorted(row):  # one cell at a time: the row's cells in column order, each with its own style
            grid.put(first + index, [row[column]], row_styles[column], links={column: row_links.get(column)},
                     spans={column: spans.get(column, 1)}, first=column)
    grid.row = first + count - 1
    _put_later(grid, first, count, later)
    return grid


def _by_columns(count, data, style_of, link_of, spans, before, later) -> Grid:
    grid = Grid(STYLES)
    for row in before:
        grid.add(row, spans={1: 2})
    first = grid.columns(count, {c: list(v) for c, v in data.items()}, dict(style_of), {c: list(v) for c, v in link_of.items()}, spans)
    _put_later(grid, first, count, later)
    return grid


def _put_later(grid: Grid, first: int, count: int, later) -> None:
    for offset, row_values in later:
        grid.put(first + offset, row_values, "text", spans={20: 2}, first=20)
    grid.add(["after", 7])


@settings(max_examples=400, deadline=None)
@given(blocks(), st.integers(1, 5))
def test_a_block_writes_what_rows_would(block, chunk):
    sheet_grid.CHUNK, old = chunk, sheet_grid.CHUNK  # small chunks, so a block spans several
    try:
        by_rows, by_columns = _by_rows(*block), _by_columns(*block)
        widths = by_rows.natural_widths()
        assert by_columns.natural_widths() == widths
        widths = {c: w + 1.5 for c, w in widths.items()}
        assert _joined(by_columns.xml(widths)) == _joined(by_rows.xml(widths))
    finally:
        sheet_grid.CHUNK = old


def _joined(xml):
    rows, merges, links = xml  # a block's rows come a chunk to a bytes
    return b"".join(rows), merges, links


def test_a_row_put_into_a_block_keeps_its_cells_and_links_in_order():
    grid = Grid(STYLES)
    first = grid.columns(3, {0: ["a", "b", "c"], 2: [1, 2]}, {0: "link"}, {0: ["S!A1", None, "S!A3"]})
    grid.put(first + 1, ["note that is long enough to wrap twice over here"], "text", spans={5: 2}, first=5)
    rows, merges, links = grid.xml({0: 5, 5: 10, 6: 10})
    assert b"".join(rows) == (
        b'<row r="1"><c r="A1" t="inlineStr" s="3"><is><t xml:space="preserve">a</t></is></c><c r="C1" s="2"><v>1</v></c></row>'
        b'<row r="2" ht="45" customHeight="1"><c r="A2" t="inlineStr" s="3"><is><t xml:space="preserve">b</t></is></c>'
        b'<c r="C2" s="2"><v>2</v></c><c r="F2" t="inlineStr" s="1"><is><t xml:space="preserve">note that is long enough to '
        b'wrap twice over here</t></is></c></row>'
        b'<row r="3"><c r="A3" t="inlineStr" s="3"><is><t xml:space="preserve">c</t></is></c></row>')
    assert merges == '<mergeCells count="1"><mergeCell ref="F2:G2"/></mergeCells>'
    assert links == ('<hyperlinks><hyperlink ref="A1" location="S!A1" display="a"/>'
                     '<hyperlink ref="A3" location="S!A3" display="c"/></hyperlinks>')
