"""The results the generator stores with its formulas, as of the day the workbook is built.

A spreadsheet file keeps each formula's last result beside the formula.
Excel recalculates on opening, but LibreOffice with its default settings,
Google Sheets' import and every program that reads saved values show that
stored result. So the generator stores the true one: it builds the workbook
once, reads it back with the checker (`toolkit.review.checker.review`, the same
code `tracker check` runs), and takes Settings' values in use and each
contact's last touch and next follow-up from there. No rule is computed
twice.
"""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from toolkit.review.coerce import EXCEL_EPOCH
from toolkit.workbook.schema import normalize_name

EMPTY = ""  # what a formula that yields "" stores (xlsxwriter writes an empty cached value)


def serial(day: dt.date) -> int:
    """An Excel date serial number (1900 date system)."""
    return (day - EXCEL_EPOCH).days


def excel_trim(text: str) -> str:
    """What Excel's TRIM gives: no leading or trailing spaces, inner runs of spaces made one."""
    return re.sub(" {2,}", " ", text.strip(" "))


@dataclass(frozen=True)
class CachedValues:
    """Stored results for the Settings In Use cells and the Contacts formula columns."""

    settings_in_use: dict[str, object]  # setting name -> number, date serial, text or ""
    last_touch: dict[str, int]  # contact key -> date serial
    next_follow_up: dict[str, int]  # contact key -> date serial; absent: the formula gives ""

    def in_use(self, setting: str):
        return self.settings_in_use.get(setting, EMPTY)

    def contact(self, name) -> tuple[int, object]:
        """(Last Touch, Next Follow-Up) of a Contacts row; a row with no touch stores 0 and ""."""
        if name is None or not str(name).strip():
            return 0, EMPTY
        key = normalize_name(name)
        return self.last_touch.get(key, 0), self.next_follow_up.get(key, EMPTY)


def cached_values(workbook: bytes, today: dt.date) -> CachedValues:
    """What the formulas of `workbook` (built by the generator) give on `today`, as `tracker check` sees it."""
    from toolkit.review.checker import review  # the checker is only needed when a tracker is built

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "tracker.xlsx"
        path.write_bytes(workbook)
        context, _report = review(path, today)
    settings = {name: _in_use(value) for name, value in context.data.settings.items()}
    last_touch = {key: serial(day) for key, day in context.last_touch.items()}
    next_follow_up = {}
    for key, contact in context.contacts.iterrows():
        due = context.next_follow_up(contact)
        if due is not None:
            next_follow_up[key] = serial(due)
    return CachedValues(settings, last_touch, next_follow_up)


def _in_use(value):
    if value is None:
        return EMPTY
    if isinstance(value, dt.date):
        return serial(value)
    if isinstance(value, str):
        return excel_trim(value)
    return value
