"""Property: a tracker holding any values of any type never crashes check, draft or remind, and loses nothing.

Hypothesis fills every column of every sheet, and Settings, with values a
person could type or a program could write: text with control characters
and huge strings, whole and huge numbers, floats, 'nan' and 'inf' as text,
dates at the calendar's ends, booleans, error values such as #N/A, and
formulas. Each tracker goes through the library (check, draft, remind, the
Status sheet) and one CLI command (check with and without --no-write,
draft, remind or summary, drawn per example). The only failure allowed is the
project's own TrackerError (exit 2, one line); a written Status sheet
changes nothing but the parts the writer owns.
"""

from __future__ import annotations

import datetime as dt
import re
import tempfile
import zipfile
from pathlib import Path

import openpyxl
from builders import TEMPLATE, TODAY
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from toolkit.cli import cli
from toolkit.errors import TrackerError
from toolkit.notes.draft_files import write_drafts
from toolkit.notes.planner import plan_nudges
from toolkit.notes.reminders import calendar_bytes, plan_reminders, write_calendar
from toolkit.review.checker import review
from toolkit.review.render import render_json, render_text
from toolkit.review.status_sheet import write_status
from toolkit.workbook.schema import SETTINGS

# The parts a Status write may change; every other part must come back byte for byte.
BOOKKEEPING = {"xl/workbook.xml", "xl/_rels/workbook.xml.rels", "[Content_Types].xml", "xl/styles.xml", "docProps/app.xml"}
NAMES = ("Ann Lee", "  ann   LEE ", "Bo Li", "Dr. Maya Chen", "")
# openpyxl refuses these characters in a cell; Excel stores them as _xHHHH_ escapes, which readers decode.
NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
WORK = Path(tempfile.mkdtemp(prefix="tracker-any-values-"))  # one folder for every example: tmp_path is per test


def excel_text(text: str) -> str:
    return NOT_IN_XML.sub(lambda m: f"_x{ord(m.group()):04X}_", text)


def near_today(offset: int) -> dt.date:
    return TODAY + dt.timedelta(days=offset)


ODD_TEXT = st.sampled_from([
    "#N/A", "#DIV/0!", "#REF!", "#VALUE!", "#NAME?", "=1/0", "=NOW()", "=A1+", "=HYPERLINK(\"http://x\",\"y\")",
    "nan", "NaN", "inf", "-inf", "Infinity", "1e999", "-0", "0x10", "1,000", "1_000", "٣", "²",
    "0001-01-01", "9999-12-31", "2026-02-30", "2026-11-22T25:00", "99999999999999999999", "9" * 5000,
    "TRUE", "Yes ", " yes", "\u00a0", "\u2028", "\u202e evil", "_x001B_[2J_x001B_]0;owned_x0007_", "\x1b[31m",
])
ANY_VALUE = st.one_of(
    st.none(),
    st.text(max_size=24).map(excel_text),
    ODD_TEXT.map(excel_text),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.integers(min_value=-3, max_value=5000),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.dates(),  # 0001-01-01 .. 9999-12-31
    st.dates(min_value=dt.date(1899, 12, 31)).map(lambda d: dt.datetime.combine(d, dt.time(23, 59))),
    st.times(),
    st.integers(min_value=2000, max_value=40000).map(lambda n: "é" * n),  # past Excel's 32,767 characters too
)


def plausible(column) -> st.SearchStrategy:
    """Values that fit the column, so the rules have something to work on beside the garbage."""
    if column.header in ("Name", "Contact", "Suggested By") or column.type == "contact":
        return st.sampled_from(NAMES)
    if column.type == "date":
        return st.one_of(st.integers(-500, 500).map(near_today), st.integers(-500, 500).map(lambda n: near_today(n).isoformat()))
    if column.type in ("choice", "yesno"):
        values = TEMPLATE.choice_values(column)
        return st.sampled_from(values) | st.sampled_from(values).map(lambda v: f" {v.upper()} ")
    if column.type == "whole":
        low, high = column.min or 0, column.max or 1000
        return st.integers(low - 1, high + 1)
    if column.type == "email":
        return st.sampled_from(["ann@example.com", "not an email", "a@b", "x@y.org\nBcc: z@evil.test"])
    return st.text(max_size=30).map(excel_text)


def cell(column) -> st.SearchStrategy:
    return st.one_of(plausible(column), ANY_VALUE)


def sheet_rows(sheet) -> st.SearchStrategy:
    """Up to three rows; any cell may be blank, as in a real tracker (and fewer cells to draw keeps it fast)."""
    row = st.fixed_dictionaries({}, optional={c.header: cell(c) for c in sheet.read_columns})
    return st.lists(row, max_size=3)


def setting_value(setting) -> st.SearchStrategy:
    if setting.type == "whole":
        fits = st.integers((setting.min or 0) - 1, (setting.max or 1000) + 1)
    elif setting.type == "date":
        fits = st.integers(-500, 500).map(near_today)
    else:
        fits = st.text(max_size=30).map(excel_text)
    return st.one_of(fits, ANY_VALUE)


CLI_RUNS = {  # the command line's arguments before PATH and --today
    "check": ["check"],  # writes the Status sheet a second time: it replaces its own
    "check-json": ["check", "--no-write", "--format", "json"],
    "check-text": ["check", "--no-write"],
    "draft": ["draft", "--out", WORK / "drafts"],
    "remind": ["remind", "-o", WORK / "reminders.ics"],
    "summary": ["summary", "-o", WORK / "caseload.xlsx", "--force"],
}
TRACKERS = st.fixed_dictionaries({
    "sheets": st.fixed_dictionaries({s.name: sheet_rows(s) for s in TEMPLATE.sheets}),
    "settings": st.fixed_dictionaries({}, optional={s.setting: setting_value(s) for s in TEMPLATE.settings}),
    # The library runs check, draft and remind and writes the Status sheet on every example; the CLI runs
    # one of its commands per example, because each costs a full read and the test must stay fast.
    "command": st.sampled_from(sorted(CLI_RUNS)),
    "today": st.one_of(st.just(TODAY), st.integers(-400, 400).map(near_today), st.dates(),
                       st.sampled_from([dt.date.min, dt.date(1, 1, 2), dt.date(9999, 12, 30), dt.date.max])),
})


def save(tracker: dict, path: Path) -> Path:
    book = openpyxl.Workbook(write_only=True)
    for sheet in TEMPLATE.sheets:
        ws = book.create_sheet(sheet.name)
        headers = [c.header for c in sheet.read_columns]
        ws.append(headers)
        for row in tracker["sheets"][sheet.name]:
            ws.append([row.get(h) for h in headers])
    ws = book.create_sheet(SETTINGS)
    ws.append(["Setting", "Value"])
    for name, value in tracker["settings"].items():
        ws.append([name, value])
    book.save(path)
    return path


def parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def no_controls(text: str) -> bool:
    return not CONTROL.search(text)


def run(*args) -> str:
    """One CLI run: exit 0 or 1, or 2 with the one line of a TrackerError; never a crash or a control character."""
    result = CliRunner().invoke(cli, [str(a) for a in args])
    assert result.exit_code in (0, 1, 2), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    if result.exit_code == 2:
        assert "unexpected problem" not in result.output and result.output.count("\n") == 1, result.output
    assert no_controls(result.output), repr(result.output)
    return result.output


@given(TRACKERS)
def test_any_values_never_crash_and_lose_nothing(tracker):
    """check, draft and remind raise nothing but TrackerError; a Status write keeps every other part byte-identical."""
    path = save(tracker, WORK / "tracker.xlsx")
    today = tracker["today"]
    before = parts(path)
    try:
        context, report = review(path, today)
        assert no_controls(render_text(report)) and no_controls(render_json(report))
        write_drafts(plan_nudges(context, report), WORK / "drafts")
        write_calendar(WORK / "reminders.ics", calendar_bytes(plan_reminders(context, report), today, context.setting("Your Name")))
        write_status(path, report)
    except TrackerError:
        pass
    run(*CLI_RUNS[tracker["command"]], path, "--today", today)
    after = parts(path)
    changed = {name for name in before if before[name] != after.get(name)}
    assert changed <= BOOKKEEPING, changed
