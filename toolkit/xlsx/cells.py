"""Cell and range references: "B7", "A2:H40", "D2:D9 F2:F9". Rows are 1-based, columns 0-based.

xlsxwriter's utilities do the letter arithmetic (0-based rows and columns);
these wrappers speak in Excel's row numbers because every part does.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from xlsxwriter.utility import xl_cell_to_rowcol, xl_col_to_name, xl_rowcol_to_cell

CELL_RANGE = re.compile(r"^\$?[A-Za-z]{1,3}\$?\d+(?::\$?[A-Za-z]{1,3}\$?\d+)?$")


@functools.lru_cache(maxsize=None)  # at most 16,384 columns; large sheets ask for the same few again and again
def column_name(column: int) -> str:
    """0 -> "A", 26 -> "AA"."""
    return xl_col_to_name(column)


def cell_name(row: int, column: int) -> str:
    """(7, 1) -> "B7" (row 1-based, column 0-based)."""
    return xl_rowcol_to_cell(row - 1, column)


CELL_REF = re.compile(r"\$?([A-Z]{1,3})\$?([0-9]+)")


def cell_position(ref: str) -> tuple[int, int]:
    """"B7" or "$B$7" -> (7, 1)."""
    match = CELL_REF.fullmatch(ref)
    if match is None:  # lower case and the like: xlsxwriter's slower parser decides
        row, column = xl_cell_to_rowcol(ref.replace("$", ""))
        return row + 1, column
    return int(match.group(2)), _column_number(match.group(1))


@functools.lru_cache(maxsize=None)
def _column_number(letters: str) -> int:
    """"A" -> 0, "AA" -> 26."""
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number - 1


@dataclass(frozen=True)
class Area:
    """A rectangle of cells, inclusive on every side."""

    first_row: int
    first_column: int
    last_row: int
    last_column: int

    @classmethod
    def parse(cls, ref: str) -> "Area":
        """"A2:H40" or a single cell "B7"."""
        start, _, end = ref.partition(":")
        first = cell_position(start)
        last = cell_position(end) if end else first
        return cls(first[0], first[1], last[0], last[1])

    def __str__(self) -> str:
        start = cell_name(self.first_row, self.first_column)
        end = cell_name(self.last_row, self.last_column)
        return start if start == end else f"{start}:{end}"

    def holds(self, row: int, column: int) -> bool:
        """Whether the cell at (row, column) lies inside."""
        return self.first_row <= row <= self.last_row and self.first_column <= column <= self.last_column

    def grown_to(self, row: int) -> "Area":
        """The same columns, reaching down to `row`."""
        return Area(self.first_row, self.first_column, max(self.last_row, row), self.last_column)


def grow_list(sqref: str, above: int, last: int) -> str:
    """A space-separated range list where every range that reaches row `above` now reaches row `last`.

    Ranges ending above `above`, or starting below it, are left alone.
    """
    grown = []
    for ref in sqref.split():
        if not CELL_RANGE.match(ref):  # whole columns or rows already reach every row
            grown.append(ref)
            continue
        area = Area.parse(ref)
        grown.append(str(area.grown_to(last)) if area.first_row <= above <= area.last_row else ref)
    return " ".join(grown)


def sheet_of_reference(formula: str) -> str | None:
    """The sheet a reference such as "'My sheet'!$A$1" points at; None for "#REF!" or no sheet."""
    text = formula.strip().lstrip("=")
    if text.startswith("'"):
        end = 1
        while end < len(text):
            if text[end] == "'" and text[end + 1:end + 2] == "'":
                end += 2
            elif text[end] == "'":
                break
            else:
                end += 1
        name, rest = text[1:end].replace("''", "'"), text[end + 1:]
    else:
        name, _, rest = text.partition("!")
        rest = "!" + rest if _ else ""
    if not rest.startswith("!") or not name or name.upper() == "#REF":
        return None
    return name
