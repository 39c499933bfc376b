"""Build small tracker workbooks inside tests, as plain ranges with openpyxl."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
from openpyxl.utils.datetime import CALENDAR_MAC_1904

from toolkit.workbook.schema import load_template

TODAY = dt.date(2026, 11, 22)
TEMPLATE = load_template()


def day(offset: int) -> dt.date:
    """TODAY shifted by `offset` days."""
    return TODAY + dt.timedelta(days=offset)


def write_tracker(path: Path, sheets: dict[str, list[dict]] | None = None, settings: dict | None = None,
                  headers: dict[str, list[str]] | None = None, date1904: bool = False) -> Path:
    """Write a workbook with every template sheet; rows are dicts keyed by header (Excel row 2 onward).

    With `date1904`, in the date system of Excel for Mac: every date is stored as days since 1904-01-01.
    """
    sheets = sheets or {}
    headers = headers or {}
    book = openpyxl.Workbook()
    book.remove(book.active)
    if date1904:
        book.epoch = CALENDAR_MAC_1904
    for sheet in TEMPLATE.sheets:
        ws = book.create_sheet(sheet.name)
        names = headers.get(sheet.name, [c.header for c in sheet.read_columns])
        ws.append(names)
        for record in sheets.get(sheet.name, []):
            ws.append([record.get(h) for h in names])
    ws = book.create_sheet("Settings")
    ws.append(["Setting", "Value"])
    for name, value in (settings or {}).items():
        ws.append([name, value])
    book.save(path)
    return path


def contact(name: str, **values) -> dict:
    """A contact with an email, so missing-contact-details stays quiet unless a test wants it."""
    return {"Name": name, "Email": f"{name.split()[0].lower()}@example.com", "Connected on LinkedIn": "Yes", **values}


def flat(report, *rules: str) -> list[tuple[str, str, int]]:
    """[(rule, sheet, row)] for the findings of the given rules (all when none given)."""
    return [(f.rule, f.sheet, f.row) for f in report.findings if not rules or f.rule in rules]
