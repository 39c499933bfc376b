"""How the generated sheets look on screen and on paper: row heights for wrapped text, page setup.

Neither Excel nor LibreOffice grows a row to fit its wrapped text when it
opens a file, so rows are written as tall as their text needs; and every
sheet prints landscape, one page wide, with its header row on each page.
"""

from __future__ import annotations

LINE_HEIGHT = 15  # points per line of 11-point text
# Page margins in inches: narrow, so a sheet fits one page wide at a readable size.
MARGINS = {"left": 0.4, "right": 0.4, "top": 0.6, "bottom": 0.6}


def wrapped_lines(text: str, width: float) -> int:
    """Lines `text` takes when wrapped at word boundaries in a column `width` characters wide.

    A column's width counts the digit 0, wider than most letters, so this errs
    towards a line too many: a little space below is better than overprinting.
    """
    capacity = max(1, int(width) - 1)
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


def print_setup(ws, repeat_header: bool = True) -> None:
    """Landscape, one page wide (as many pages tall as it takes), the header row on every page."""
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    ws.set_margins(**MARGINS)
    ws.center_horizontally()
    if repeat_header:
        ws.repeat_rows(0)
