"""How the sheets we write look on screen and on paper: row heights for wrapped text, page setup.

Neither Excel nor LibreOffice grows a row to fit its wrapped text when it
opens a file, so rows are written as tall as their text needs. On paper a
sheet prints landscape with its header row on each page, one page wide only
where its 11-point text then stays at 8 points or more; a wider sheet is
printed at a readable scale across as few pages as that allows, its first
column (the name) repeated on each.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

LINE_HEIGHT = 15  # points per line of 11-point text
# Page margins in inches: narrow, so a sheet fits one page wide at a readable size.
MARGINS = {"left": 0.4, "right": 0.4, "top": 0.6, "bottom": 0.6}
TEXT_POINTS, SMALLEST_PRINTED_POINTS = 11, 8
SMALLEST_SCALE = math.ceil(100 * SMALLEST_PRINTED_POINTS / TEXT_POINTS)  # 73 %: 11-point text printed at 8 points
# US Letter landscape is 11 inches wide, A4 landscape 11.69: a sheet that fits Letter fits both.
PAGE_WIDTH_INCHES = 11.0
PIXELS_PER_INCH = 96
DIGIT_PIXELS, CELL_PADDING_PIXELS = 7, 5  # how Excel turns a width in characters of Calibri 11 into pixels
# LibreOffice (with Calibri or its twin Carlito) draws the same column about 7.4 pixels a character, padding included:
# measured on its PDFs. A column is budgeted at the wider of the two.
LIBREOFFICE_PIXELS = 7.5


def column_pixels(width: float) -> float:
    """The width of a column `width` characters wide at 100 %, as the wider of Excel and LibreOffice draws it."""
    return max(width * DIGIT_PIXELS + CELL_PADDING_PIXELS, width * LIBREOFFICE_PIXELS)


def printable_pixels(margins: dict[str, float] = MARGINS) -> float:
    """The width of a landscape page inside its margins, in screen pixels at 100 %."""
    return (PAGE_WIDTH_INCHES - margins["left"] - margins["right"]) * PIXELS_PER_INCH


@dataclass(frozen=True)
class PrintFit:
    """How a sheet prints: `scale` None means fit to one page wide; else that scale, `pages_across` pages wide."""

    scale: int | None
    pages_across: int = 1

    @property
    def printed_points(self) -> float:
        """The size 11-point text prints at (for one page wide, at least this)."""
        return TEXT_POINTS * (self.scale or 100) / 100


def pages_across(widths: list[float], scale: int, repeated: int = 0, breaks: tuple[int, ...] = ()) -> int:
    """Pages side by side at `scale` %, each after the first repeating the first `repeated` columns.

    A column wider than a page still takes a page of its own; `breaks` are columns a new page starts at.
    """
    room = printable_pixels() * 100 / scale
    kept = sum(column_pixels(w) for w in widths[:repeated])
    pages, used = 1, 0.0
    for index, width in enumerate(widths):
        pixels = column_pixels(width)
        if used and (used + pixels > room or index in breaks):
            pages, used = pages + 1, kept
        used += pixels
    return pages


def print_fit(widths: list[float], repeated: int = 0, breaks: tuple[int, ...] = ()) -> PrintFit:
    """One page wide when the text stays at 8 points or more; else the fewest pages across at 8 points or more,
    at the largest scale that needs no more of them."""
    if not breaks and sum(column_pixels(w) for w in widths) <= printable_pixels() * 100 / SMALLEST_SCALE:
        return PrintFit(None)
    fewest = pages_across(widths, SMALLEST_SCALE, repeated, breaks)
    scale = next(s for s in range(100, SMALLEST_SCALE - 1, -1) if pages_across(widths, s, repeated, breaks) == fewest)
    return PrintFit(scale, fewest)


def wrapped_lines(text: str, width: float) -> int:
    """Lines `text` takes when wrapped at word boundaries in a column `width` characters wide.

    A column's width counts the digit 0, wider than most letters, so this errs
    towards a line too many: a little space below is better than overprinting.
    """
    capacity = max(1, int(width) - 1)
    printable = text.isprintable()  # one paragraph: a line break is not printable, and no white space but " " is
    if len(text) <= capacity and printable:  # one short line: most cells
        return 1
    if printable and "  " not in text and text[:1] != " " != text[-1:]:  # words one space apart: a line at a time
        lines, start = 1, 0
        while len(text) - start > capacity:
            cut = text.rfind(" ", start, start + capacity + 1)  # the last space the line can end at
            if cut < 0:
                break  # a word longer than the line: counted word by word below
            lines, start = lines + 1, cut + 1
        else:
            return lines
    lines = 0
    for paragraph in text.splitlines() or [""]:
        lines += 1
        used = 0
        for word in paragraph.split():
            if used and used + 1 + len(word) > capacity:
                lines += 1
                used = 0
            used = used + 1 + len(word) if used else len(word)
            while used > capacity:  # a word longer than the column breaks anywhere
                lines += 1
                used -= capacity
    return lines


def print_setup(ws, widths: list[float], repeat_header: bool = True) -> PrintFit:
    """Landscape, the header row on every page, and fitted to the page as `print_fit` says (xlsxwriter sheet)."""
    ws.set_landscape()
    ws.set_margins(**MARGINS)
    fit = print_fit(widths, repeated=1 if repeat_header else 0)
    if fit.scale is None:
        ws.fit_to_pages(1, 0)
        ws.center_horizontally()
    else:
        ws.set_print_scale(fit.scale)
        ws.print_across()  # the pages of one band of rows come out one after another, to lay side by side
        if repeat_header:
            ws.repeat_columns(0)  # every page shows whose row it is
    if repeat_header:
        ws.repeat_rows(0)
    return fit
