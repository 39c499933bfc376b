"""A LibreOffice user with default settings sees what `tracker check` says.

LibreOffice's default is not to recalculate an .xlsx on opening: it shows
each formula's stored result (it does re-evaluate volatile formulas, those
using TODAY(), and every conditional format). These tests open today's
sample with a fresh, untouched profile and read back what it shows.
"""

import datetime as dt
import io

import openpyxl
import pytest
import xlsxwriter
from office import libreoffice_convert

from toolkit.review.checker import review
from toolkit.review.new_tracker import create_tracker
from toolkit.workbook.generator import _Builder
from toolkit.workbook.sample import sample_rows
from toolkit.workbook.schema import load_template

TEMPLATE = load_template()
# Which colour each finding paints its row, as Start Here explains the colours.
COLOURS = {
    ("thank-you-overdue", "error"): "red", ("thank-you-due", "warning"): "amber",
    ("outcome-not-updated", "warning"): "amber", ("interview-prep", "info"): "blue",
    ("my-promise-overdue", "error"): "red", ("their-offer-pending", "warning"): "amber",
    ("follow-up-due", "error"): "red", ("follow-up-due", "warning"): "amber",
    ("lead-not-contacted", "warning"): "amber",
}
RANK = ("red", "amber", "blue")
FLAGGED_SHEETS = ("Interviews", "Promises", "Contacts", "Leads")


class _ColourProbe(_Builder):
    """The generator, plus a column right of each table that evaluates the row's flag formulas in order."""

    def _conditional_formats(self, ws, sheet):
        super()._conditional_formats(ws, sheet)
        flags = self.flags(sheet)
        if not flags:
            return
        probe = len(sheet.columns) + 1
        ws.write_string(0, probe, "Colour")
        for index in range(len(self.rows.get(sheet.name, []))):
            row_flags = self.flags(sheet, row=index + 2)
            # A conditional format whose formula gives an error does not apply: IFERROR says the same.
            formula = "".join(f'IF(IFERROR({f},FALSE),"{colour}",' for colour, f in row_flags) + '"none"' + ")" * len(row_flags)
            # Stored as "unset": the test fails unless LibreOffice evaluates it itself.
            ws.write_formula(index + 1, probe, "=" + formula, None, "unset")


def _probe_workbook(path, rows, settings, today):
    from toolkit.review.new_tracker import cached_values
    from toolkit.workbook.generator import build_workbook

    stored = cached_values(build_workbook(rows, settings), today)
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"use_future_functions": True, "in_memory": True})
    _ColourProbe(workbook, TEMPLATE, rows, settings, stored).build()
    workbook.close()
    path.write_bytes(buffer.getvalue())
    return path


@pytest.fixture(scope="module")
def opened(tmp_path_factory, default_libreoffice_profile):
    """Today's sample and its colour probe, opened and saved by LibreOffice with its default settings."""
    today = dt.date.today()  # LibreOffice evaluates TODAY() with the real clock
    folder = tmp_path_factory.mktemp("lo-default")
    rows, settings = sample_rows(today)
    sample = create_tracker(folder / "sample.xlsx", rows, settings, today=today)
    probe = _probe_workbook(folder / "probe.xlsx", rows, settings, today)
    saved = libreoffice_convert([sample, probe], folder / "out", default_libreoffice_profile, recalc=False)
    context, report = review(sample, today)
    return {"sample": saved[0], "probe": saved[1], "context": context, "report": report}


def _day(value):
    """A date cell as LibreOffice saved it; 0 (no date, shown blank) and "" are None."""
    if isinstance(value, dt.datetime):
        return value.date() if value.year > 1900 else None
    if isinstance(value, dt.time) or value in (None, "", 0):
        return None
    raise AssertionError(f"not a date: {value!r}")


def test_settings_in_use_show_the_values_check_uses(opened):
    """Each Settings In Use cell shows the value the checker uses, not a stale 0."""
    ws = openpyxl.load_workbook(opened["sample"], data_only=True)["Settings"]
    shown = {row[0]: row[2] for row in ws.iter_rows(min_row=2, values_only=True) if row[0]}
    used = opened["context"].data.settings
    assert set(shown) == set(used)
    for name, value in used.items():
        if isinstance(value, dt.date):
            assert _day(shown[name]) == value, name
        else:
            assert (shown[name] or None) == value, name


def test_last_touch_and_next_follow_up_match_check(opened):
    """Contacts' Last Touch and Next Follow-Up equal the Status overview's, contact by contact."""
    ws = openpyxl.load_workbook(opened["sample"], data_only=True)["Contacts"]
    headers = [c.value for c in ws[1]]
    at = {h: headers.index(h) for h in ("Name", "Last Touch", "Next Follow-Up")}
    shown = {row[at["Name"]]: (_day(row[at["Last Touch"]]), _day(row[at["Next Follow-Up"]]))
             for row in ws.iter_rows(min_row=2, values_only=True) if row[at["Name"]]}
    context = opened["context"]
    expected = {c["Name"]: (context.last_touch.get(key), context.next_follow_up(c)) for key, c in context.contacts.iterrows()}
    assert shown == expected


def test_row_colours_match_the_findings_row_by_row(opened):
    """The flag formulas, evaluated by LibreOffice, colour exactly the rows check flags, in the finding's colour."""
    expected: dict[tuple[str, int], str] = {}
    for finding in opened["report"].findings:
        colour = COLOURS.get((finding.rule, finding.severity))
        if colour:
            key = (finding.sheet, finding.row)
            expected[key] = min(colour, expected.get(key, colour), key=RANK.index)
    book = openpyxl.load_workbook(opened["probe"], data_only=True)
    shown = {}
    for sheet in FLAGGED_SHEETS:
        ws = book[sheet]
        probe = len(TEMPLATE.sheet(sheet).columns) + 1
        for number, row in enumerate(ws.iter_rows(min_row=2, values_only=True), start=2):
            if len(row) > probe and row[probe] is not None:
                assert row[probe] != "unset", f"LibreOffice did not evaluate {sheet} row {number}"
                if row[probe] != "none":
                    shown[(sheet, number)] = row[probe]
    assert shown == expected
    assert set(expected.values()) == {"red", "amber", "blue"}  # the sample shows every colour


def test_the_sample_prints_landscape_on_at_most_24_pages(tmp_path, sample_tracker, default_libreoffice_profile):
    """LibreOffice prints the sample, Status included, landscape on 24 pages or fewer (it was 29), none shrunk below 8 points.

    18 pages with Calibri or Carlito; more where LibreOffice has neither and draws every column wider (docs/limits.md).
    """
    import re
    import shutil
    import subprocess

    from office import require

    from toolkit.review.checker import check
    from toolkit.review.status_sheet import write_status

    pdfinfo = require("pdfinfo")
    tracker = tmp_path / "sample.xlsx"
    shutil.copy(sample_tracker, tracker)
    write_status(tracker, check(tracker, dt.date(2026, 11, 22)))
    pdf, = libreoffice_convert([tracker], tmp_path / "pdf", default_libreoffice_profile, target="pdf", recalc=False)
    info = subprocess.run([pdfinfo, str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    width, height = map(float, re.search(r"^Page size:\s+([\d.]+) x ([\d.]+)", info, re.M).groups())
    assert 9 <= pages <= 24  # at least one page per printed sheet
    assert width > height


def test_wrapped_text_rows_keep_their_height_in_libreoffice(opened):
    """Rows whose text is longer than its column are at least two lines tall after LibreOffice saves them."""
    book = openpyxl.load_workbook(opened["sample"])
    checked = 0
    for sheet in TEMPLATE.sheets:
        ws = book[sheet.name]
        for column in sheet.columns:
            if column.type != "text":
                continue
            at = sheet.index(column.header) + 1
            for number in range(2, ws.max_row + 1):
                value = ws.cell(number, at).value
                if isinstance(value, str) and len(value) > column.width * 1.2:  # surely more than one line
                    height = ws.row_dimensions[number].height
                    assert height is not None and height >= 29, (sheet.name, number, column.header, height)
                    checked += 1
    start_here = book["Start Here"]
    for number in range(1, start_here.max_row + 1):
        value = start_here.cell(number, 2).value
        if isinstance(value, str) and len(value) > 130:
            assert start_here.row_dimensions[number].height >= 29, (number, value[:30])
            checked += 1
    assert checked >= 10
