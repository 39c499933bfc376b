"""Turn the cells a person typed into the values the template says a column holds.

A column is converted in one pass: the values nearly every cell holds (a
date cell, a plain word from the dropdown, blank) go through a quick path
built for the column once; anything else goes through `Coercer.convert`,
which knows every form a value may take and records a finding for a cell
that is none of them. Both paths give the same value for the same cell.
"""

from __future__ import annotations

import datetime as dt
import re
from itertools import repeat
from typing import Callable

from toolkit.review.findings import Finding
from toolkit.review.sheet_rows import ErrorValue
from toolkit.workbook.schema import Column, Template, load_template, whole_range
from toolkit.xlsx.workbook import EPOCH_1900

# The template's date range as Excel serial numbers (1900 system): a number outside it is not a date someone meant.
FIRST_SERIAL = (load_template().earliest_date - EPOCH_1900).days
LAST_SERIAL = (load_template().latest_date - EPOCH_1900).days
ISO_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
WHOLE_NUMBER = re.compile(r"^[+]?\d{1,30}(?:\.0*)?$")  # longer is out of any range, and int() refuses 4300+ digits
SLOW = object()  # a quick path's answer for "ask Coercer.convert"
# Kinds of column whose values repeat from row to row: a contact's name on each of their rows, a few hundred days
# among thousands of rows. Each cell comes from calamine as an object of its own; equal values are made to share one
# (a dictionary lookup, in C): 40 MiB less at 100,000 interviews on the promises benchmark. Free text is left alone:
# in a real tracker it seldom repeats, and hashing long notes would cost more than it saves.
SHARED = {"contact", "date"}
BLANK = {"": None}  # .get(cell, cell): an empty cell becomes None, any other stays as it is


class Coercer:
    """Turns raw cell values into canonical ones; records a finding for each bad cell."""

    def __init__(self, template: Template, sheet: str, findings: list[Finding], epoch: dt.date = EPOCH_1900):
        self.template = template
        self.sheet = sheet
        self.findings = findings
        self.epoch = epoch  # a plain number in a date column counts days from the workbook's own epoch

    def bad(self, rule: str, row: int, cell: str, contact: str | None, message: str) -> None:
        self.findings.append(Finding(rule, "error", contact, self.sheet, row, cell, message))

    def convert(self, column: Column, raw, row: int, cell: str, contact: str | None):
        """Return (value, is_bad)."""
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            return None, False
        if isinstance(raw, ErrorValue):
            self.bad("data-error-value", row, cell, contact,
                     f"{column.header} holds the error value {_show(raw)}; fix the formula that gives it, or type the value")
            return None, True
        kind = column.type
        if kind == "date":
            value = to_date(raw, self.epoch)
            if value is None:
                self.bad("data-bad-date", row, cell, contact,
                         f"{column.header} '{_show(raw)}' is not a date; type it as YYYY-MM-DD, for example 2026-11-22")
                return None, True
            return value, False
        if kind == "whole":
            value = to_whole(raw)
            if value is None or not (column.min or 0) <= value <= (column.max if column.max is not None else value):
                self.bad("data-bad-number", row, cell, contact,
                         f"{column.header} '{_show(raw)}' is not a whole number {whole_range(column.min, column.max)}; "
                         "fix it or leave it blank")
                return None, True
            return value, False
        if kind in ("choice", "yesno"):
            allowed = self.template.choice_values(column)
            value = to_choice(raw, allowed)
            if value is None:
                self.bad("data-bad-choice", row, cell, contact,
                         f"{column.header} '{_show(raw)}' is not one of: {', '.join(allowed)}; pick one from the dropdown")
                return None, True
            return value, False
        if kind == "time":
            return raw, False
        return to_text(raw), False


def quick_path(column: Column, template: Template) -> Callable[[object], object]:
    """For one column: raw cell -> its value, or SLOW when only `Coercer.convert` can tell."""
    kind = column.type
    if kind == "date":
        date, datetime = dt.date, dt.datetime

        def quick_date(raw):
            if raw == "":
                return None
            kind_of = type(raw)
            return raw if kind_of is date else raw.date() if kind_of is datetime else SLOW
        return quick_date
    if kind in ("choice", "yesno"):
        # Exactly as the dropdown writes them; "held " or "HELD" take the slow path, which forgives them.
        known = {"": None} | {value: value for value in template.choice_values(column)}
        return lambda raw: known.get(raw, SLOW) if type(raw) is str else SLOW
    if kind in ("whole", "time"):
        return lambda raw: None if raw == "" else SLOW
    return lambda raw: (raw.strip() or None) if type(raw) is str else SLOW  # text, contact, email, url: as to_text


def quick_column(column: Column, template: Template) -> Callable[[list], list]:
    """For one column: its raw cells -> the values `quick_path` gives each, a whole column at once.

    A column whose cells are all of the kind it nearly always holds is mapped by
    built-in functions (a dictionary lookup, str.strip), with no Python code per
    cell; that is a third of what reading a sheet costs. Any other column goes
    cell by cell through `quick_path`.
    """
    per_cell = quick_path(column, template)
    kind = column.type
    kept = (lambda: dict(BLANK).setdefault) if kind in SHARED else (lambda: BLANK.get)  # a new dictionary per column read
    if kind in ("choice", "yesno"):
        known = BLANK | {value: value for value in template.choice_values(column)}
        return lambda cells: list(map(known.get, cells, repeat(SLOW)))  # cells are hashable: a value never equals a word
    if kind in ("whole", "time"):
        return lambda cells: list(map(BLANK.get, cells, repeat(SLOW)))
    if kind == "date":
        def dates(cells: list) -> list:
            kinds = set(map(type, cells))
            if kinds <= {dt.date, str} and (str not in kinds or cells.count("") == sum(type(c) is str for c in cells)):
                return list(map(kept(), cells, cells))
            return list(map(per_cell, cells))
        return dates

    def texts(cells: list) -> list:
        if set(map(type, cells)) <= {str}:
            stripped = list(map(str.strip, cells))
            return list(map(kept(), stripped, stripped))
        return list(map(per_cell, cells))
    return texts


def _show(raw) -> str:
    text = raw.isoformat() if isinstance(raw, (dt.date, dt.time)) else str(raw)
    return text if len(text) <= 40 else text[:37] + "..."


def to_date(raw, epoch: dt.date = EPOCH_1900) -> dt.date | None:
    """A date from an Excel date, a date-time, a serial number (counted from `epoch`) or ISO text; None if none of those."""
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    if isinstance(raw, bool):
        return None
    if isinstance(raw, (int, float)):
        serial = raw + (epoch - EPOCH_1900).days  # as the 1900 system counts it
        if FIRST_SERIAL <= serial <= LAST_SERIAL:
            return EPOCH_1900 + dt.timedelta(days=int(serial))
        return None
    if isinstance(raw, str):
        match = ISO_DATE.match(raw.strip())
        if match:
            try:
                return dt.date.fromisoformat(match.group(1))
            except ValueError:
                return None
    return None


def to_whole(raw) -> int | None:
    if isinstance(raw, bool):
        return None
    if isinstance(raw, (int, float)):
        return int(raw) if float(raw).is_integer() else None
    if isinstance(raw, str) and WHOLE_NUMBER.match(raw.strip()):
        return int(raw.strip().split(".")[0])  # not via float: 400 nines would become inf
    return None


def to_choice(raw, allowed: tuple[str, ...]) -> str | None:
    if not isinstance(raw, str):
        return None
    key = raw.strip().casefold()
    for value in allowed:
        if value.casefold() == key:
            return value
    return None


def to_text(raw) -> str:
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    if isinstance(raw, (dt.datetime, dt.date, dt.time)):
        return raw.isoformat()
    return str(raw).strip()
