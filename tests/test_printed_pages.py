"""The Status sheet and the generated sheets are legible on screen and on paper, in Excel and LibreOffice."""

import shutil
import subprocess

import openpyxl
import pytest
from builders import TODAY
from office import libreoffice_convert, require
from openpyxl.utils import get_column_letter

from toolkit.review.checker import check
from toolkit.review.status_sheet import days_overdue_shown, write_status
from toolkit.workbook.page_layout import (
    LINE_HEIGHT,
    SMALLEST_SCALE,
    column_pixels,
    pages_across,
    print_fit,
    printable_pixels,
    wrapped_lines,
)
from toolkit.workbook.schema import load_template


@pytest.fixture
def status(tmp_path, sample_tracker):
    """The sample checked on its day, its Status sheet as openpyxl reads it."""
    path = shutil.copy(sample_tracker, tmp_path / "sample.xlsx")
    write_status(path, check(path, TODAY))
    return path, openpyxl.load_workbook(path)["Status"]


def spans(ws) -> dict[str, int]:
    """Each merged range's first cell and how many columns it covers."""
    return {r.start_cell.coordinate: r.max_col - r.min_col + 1 for r in ws.merged_cells.ranges}


def test_every_header_and_value_is_shown_in_full(status):
    """Every text fits its column (or merged columns) in the lines its row is tall; headers and numbers on one line."""
    _path, ws = status
    merged = spans(ws)
    width = {i: ws.column_dimensions[get_column_letter(i)].width for i in range(1, ws.max_column + 1)}
    for row in ws.iter_rows():
        for cell in row:
            if cell.value is None or cell.row == 1:  # the title, in 16 points, has a row of its own height
                continue
            room = sum(width[c] for c in range(cell.column, cell.column + merged.get(cell.coordinate, 1)))
            text = str(cell.value)
            if isinstance(cell.value, int) or cell.fill.fgColor.rgb == "FF1F4E78":  # numbers and headers never wrap
                assert len(text) + 1 <= room, (cell.coordinate, text, room)
            else:
                assert cell.alignment.wrap_text, cell.coordinate
                height = ws.row_dimensions[cell.row].height or LINE_HEIGHT
                assert wrapped_lines(text, room) * LINE_HEIGHT <= height, (cell.coordinate, text, room, height)


def test_numbers_sit_at_the_left_under_their_headers(status):
    """Counts, days overdue and the industry tallies are left-aligned like their headers: no '17Info' or '0on time'."""
    _path, ws = status
    numbers = [cell for row in ws.iter_rows() for cell in row if isinstance(cell.value, int)]
    assert len(numbers) > 40
    assert {cell.alignment.horizontal for cell in numbers} == {"left"}
    counts = [c.value for c in ws[4] if c.value is not None]
    assert counts == ["Errors", 3, "Warnings", 17, "Info", 3]


def test_industry_tallies_sit_under_their_own_headers(status):
    """Each industry row has its numbers in the columns of 'Conversations held', 'Still interested: Yes', ..."""
    _path, ws = status
    rows = [[c.value for c in row] for row in ws.iter_rows(max_col=6)]
    header = rows.index(["Industry", "Conversations held", "Still interested: Yes", "Maybe", "No", "Not noted"])
    health = rows[header + 1]
    assert health[0] == "Health tech" and all(isinstance(v, int) for v in health[1:])
    assert health[1] == sum(health[2:])  # held = Yes + Maybe + No + not noted


@pytest.mark.parametrize(("days", "shown"), [(4, 4), (1, 1), (0, "due today"), (-1, "due in 1 day"), (-3, "due in 3 days"), (None, None)])
def test_days_overdue_is_never_negative_on_the_status_sheet(days, shown):
    """What is overdue shows its days; what is due today or later says when, not a negative number."""
    assert days_overdue_shown(days) == shown


def test_the_info_finding_due_tomorrow_reads_due_in_1_day(status):
    """The sample's interview prep (due 2026-11-23, checked on the 22nd) shows 'due in 1 day', no '-1' anywhere."""
    _path, ws = status
    prep = next(row for row in ws.iter_rows(values_only=True) if row[7] == "interview-prep")
    assert prep[4:6] == ("2026-11-23", "due in 1 day")
    assert not [c.coordinate for row in ws.iter_rows() for c in row if isinstance(c.value, int) and c.value < 0]


def test_status_prints_the_findings_then_the_overview_at_8_points_or_more(status):
    """Not shrunk one page wide to 5 points: a readable scale, the findings' columns on a page, then the overview's."""
    _path, ws = status
    assert not ws.sheet_properties.pageSetUpPr or not ws.sheet_properties.pageSetUpPr.fitToPage
    scale = ws.page_setup.scale
    assert SMALLEST_SCALE <= scale <= 100 and 11 * scale / 100 >= 8
    assert [b.id for b in ws.col_breaks.brk] == [9]  # the overview (from column J) starts a page of its own
    findings = sum(column_pixels(ws.column_dimensions[get_column_letter(c)].width) for c in range(1, 10))
    overview = sum(column_pixels(ws.column_dimensions[get_column_letter(c)].width) for c in range(10, 18))
    assert max(findings, overview) <= printable_pixels() * 100 / scale
    assert ws.page_setup.orientation == "landscape"


def test_fit_to_width_only_where_text_stays_at_8_points():
    """A sheet that fits one page wide at 73 % or more is fitted; a wider one gets a scale and pages across."""
    room = printable_pixels() * 100 / SMALLEST_SCALE
    narrow = [20] * int(room // column_pixels(20))
    assert print_fit(narrow).scale is None
    wide = narrow + [20] * len(narrow)
    fit = print_fit(wide, repeated=1)
    assert fit.scale is not None and fit.scale >= SMALLEST_SCALE and fit.printed_points >= 8
    assert fit.pages_across == pages_across(wide, SMALLEST_SCALE, repeated=1) >= 2
    assert pages_across(wide, fit.scale + 1, repeated=1) > fit.pages_across or fit.scale == 100  # the largest such scale


def test_generated_sheets_print_readably_with_their_headers_in_full(tmp_path, sample_tracker):
    """Contacts and Interviews print at a readable scale, the Name column on every page; narrow sheets one page wide."""
    book = openpyxl.load_workbook(sample_tracker)
    template = load_template()
    for sheet in template.sheets:
        ws = book[sheet.name]
        widths = [c.width for c in sheet.columns]
        fits = sum(column_pixels(w) for w in widths) <= printable_pixels() * 100 / SMALLEST_SCALE
        fit_to_page = bool(ws.sheet_properties.pageSetUpPr and ws.sheet_properties.pageSetUpPr.fitToPage)
        assert fit_to_page == fits, sheet.name
        if not fits:
            assert (ws.page_setup.scale or 100) >= SMALLEST_SCALE and ws.print_title_cols == "$A:$A", sheet.name
        for column in sheet.columns:  # each header wraps at spaces only, within the header row's height
            assert max(len(word) for word in column.header.split()) + 1 <= column.width, (sheet.name, column.header)
            assert wrapped_lines(column.header, column.width) * LINE_HEIGHT <= ws.row_dimensions[1].height
            choices = template.choices.get(column.choices or "", [])
            assert max(map(len, choices), default=0) + 2 <= column.width, (sheet.name, column.header)  # plus the dropdown's arrow
    assert book["Contacts"].page_setup.scale is not None


def test_the_printed_status_shows_whole_headers_in_libreoffice(status, tmp_path):
    """LibreOffice's PDF of the sample's Status holds every header whole and no number run into the text beside it."""
    pdftotext = require("pdftotext")
    path, _ws = status
    pdf, = libreoffice_convert([path], tmp_path / "pdf", tmp_path / "profile", target="pdf", recalc=False)
    text = subprocess.run([pdftotext, "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    text = text[text.index("Tracker status"):]  # the Status sheet's pages, the last sheet printed
    for header in ("Question still open", "Still interested: Yes", "Answer that surprised you", "Follow-ups (12 months)",
                   "Their open offers", "Next follow-up due", "Days overdue", "Every contact at a glance"):
        assert header in text, header
    for run_together in ("17Info", "0on time", "0not sent", "Question still oper", "Still interested: Ye\n"):
        assert run_together not in text, run_together
