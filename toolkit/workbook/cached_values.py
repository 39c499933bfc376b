"""The results the generator stores with its formulas, as of the day the workbook is built.

A spreadsheet file keeps each formula's last result beside the formula.
Excel recalculates on opening, but LibreOffice with its default settings,
Google Sheets' import and every program that reads saved values show that
stored result. So the generator stores the true one: it builds the workbook
once, reads it back with the checker (`toolkit.review.checker.review`, the same
code `tracker check` runs), and takes Settings' values in use and each
contact's last touch and next follow-up from there. No rule is computed
twice. This module holds the values; `toolkit.review.new_tracker` computes
them, since only the review layer may run the checker.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from toolkit.workbook.schema import normalize_name
from toolkit.xlsx.workbook import EPOCH_1900

EMPTY = ""  # what a formula that yields "" stores (xlsxwriter writes an empty cached value)


def serial(day: dt.date) -> int:
    """An Excel date serial number (1900 date system)."""
    return (day - EPOCH_1900).days


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


def stored_value(value):
    """A Settings value in use as its formula stores it: a date as its serial, text trimmed as TRIM does."""
    if value is None:
        return EMPTY
    if isinstance(value, dt.date):
        return serial(value)
    if isinstance(value, str):
        return excel_trim(value)
    return value
