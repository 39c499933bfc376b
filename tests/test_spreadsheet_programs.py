"""What we generate opens in spreadsheet programs nobody here wrote.

LibreOffice recalculates the live formulas; the results must equal the
spec's definitions computed here in Python on the same data.
"""

import datetime as dt
import re

import openpyxl
import pytest
from office import gnumeric_convert, libreoffice_convert

from toolkit.review.new_tracker import create_tracker
from toolkit.workbook.sample import sample_rows
from toolkit.workbook.schema import load_template

TEMPLATE = load_template()


@pytest.fixture(scope="module")
def today():
    # LibreOffice evaluates TODAY() with the real clock, so this test's sample does too.
    return dt.date.today()


@pytest.fixture(scope="module")
def converted(tmp_path_factory, today):
    """The blank tracker and today's sample, each opened, recalculated and saved by LibreOffice."""
    folder = tmp_path_factory.mktemp("lo")
    rows, settings = sample_rows(today)
    sample = create_tracker(folder / "sample.xlsx", rows, settings)
    blank = create_tracker(folder / "blank.xlsx")
    # Out of range: every whole-number setting one past its maximum, and a contact's interval far past its own.
    huge = {s.setting: s.max + 1 for s in TEMPLATE.settings if s.type == "whole"}
    contacts = [dict(rows["Contacts"][0], **{"Follow Up Every (days)": 5000000}), *rows["Contacts"][1:]]
    bounds = create_tracker(folder / "bounds.xlsx", dict(rows, Contacts=contacts), dict(settings, **huge))
    outputs = libreoffice_convert([sample, blank, bounds], folder / "out", folder / "profile")
    return {"sample": outputs[0], "blank": outputs[1], "bounds": outputs[2], "rows": rows, "settings": settings}


def _as_date(value):
    if isinstance(value, dt.datetime):
        return value.date() if value.date() > dt.date(1900, 1, 1) else None
    return None


def expected_touches(rows, today):
    """Last Touch and Next Follow-Up per contact, straight from the spec's wording."""

    def held(iv):
        outcome = iv.get("Outcome")
        return outcome == "Held" or (outcome is None and iv["Date"] <= today)

    expected = {}
    for contact in rows["Contacts"]:
        name = contact["Name"]
        interviews = [iv for iv in rows["Interviews"] if iv["Contact"] == name]
        touches = [iv["Date"] for iv in interviews if held(iv) and iv["Date"] <= today]
        touches += [iv["Thank-You Sent"] for iv in interviews if iv.get("Thank-You Sent") and iv["Thank-You Sent"] <= today]
        touches += [fu["Date"] for fu in rows["Follow-Ups"] if fu["Contact"] == name and fu["Date"] <= today]
        last = max(touches, default=None)
        interval = contact.get("Follow Up Every (days)") or 120
        reminders = any(held(iv) for iv in interviews) and contact.get("Relationship") not in ("Dormant", "Do not contact")
        nxt = last + dt.timedelta(days=interval) if (last and reminders) else None
        expected[name] = (last, nxt)
    return expected


def test_libreoffice_recalculates_last_touch_and_next_follow_up(converted, today):
    """LibreOffice's values for the Contacts formula columns equal the spec's definitions."""
    book = openpyxl.load_workbook(converted["sample"], data_only=True)
    ws = book["Contacts"]
    headers = [c.value for c in ws[1]]
    name_col, last_col, next_col = (headers.index(h) for h in ("Name", "Last Touch", "Next Follow-Up"))
    got = {}
    for row in ws.iter_rows(min_row=2, values_only=True):
        if row[name_col]:
            got[row[name_col]] = (_as_date(row[last_col]), _as_date(row[next_col]))
    assert got == expected_touches(converted["rows"], today)


def test_libreoffice_computes_the_settings_in_use(converted, today):
    """The In Use column shows each setting's value, which the formulas rely on."""
    ws = openpyxl.load_workbook(converted["sample"], data_only=True)["Settings"]
    in_use = {r[0]: r[2] for r in ws.iter_rows(min_row=2, values_only=True) if r[0]}
    assert in_use["Thank-You Window (hours)"] == 24
    assert in_use["Follow Up Every (days)"] == 120
    assert _as_date(in_use["Landed Job On"]) == converted["settings"]["Landed Job On"]


def test_libreoffice_uses_the_default_for_out_of_range_values(converted):
    """A setting past its range shows its default under In Use, and a contact's huge interval gives way to the setting's."""
    book = openpyxl.load_workbook(converted["bounds"], data_only=True)
    in_use = {r[0]: r[2] for r in book["Settings"].iter_rows(min_row=2, values_only=True) if r[0]}
    whole = [s for s in TEMPLATE.settings if s.type == "whole"]
    assert {s.setting: in_use[s.setting] for s in whole} == {s.setting: s.default for s in whole}
    ws = book["Contacts"]
    headers = [c.value for c in ws[1]]
    first = next(ws.iter_rows(min_row=2, max_row=2, values_only=True))
    last, upcoming = (_as_date(first[headers.index(h)]) for h in ("Last Touch", "Next Follow-Up"))
    assert first[headers.index("Follow Up Every (days)")] == 5000000
    assert last and (upcoming - last).days == TEMPLATE.setting("Follow Up Every (days)").default


def test_libreoffice_round_trip_keeps_sheets_tables_and_dropdowns(converted):
    """After LibreOffice saves the blank tracker, its sheets, tables and list dropdowns are still there."""
    book = openpyxl.load_workbook(converted["blank"])
    for sheet in TEMPLATE.sheets:
        assert sheet.name in book.sheetnames
        ws = book[sheet.name]
        assert [c.value for c in ws[1]][: len(sheet.columns)] == [c.header for c in sheet.columns]
        lists = [dv for dv in ws.data_validations.dataValidation if dv.type == "list"]
        expected = [c for c in sheet.columns if c.type in ("choice", "yesno", "contact")]
        assert len(lists) >= len(expected), sheet.name
        assert ws.tables, sheet.name
    assert "Settings" in book.sheetnames and "Start Here" in book.sheetnames


def test_libreoffice_keeps_every_sample_value(converted):
    """Round-tripped sample data is unchanged: same contacts, same interview dates."""
    book = openpyxl.load_workbook(converted["sample"], data_only=True)
    names = [r[0] for r in book["Contacts"].iter_rows(min_row=2, values_only=True) if r[0]]
    assert names == [c["Name"] for c in converted["rows"]["Contacts"]]
    dates = [_as_date(r[1]) for r in book["Interviews"].iter_rows(min_row=2, values_only=True) if r[0]]
    assert dates == [iv["Date"] for iv in converted["rows"]["Interviews"]]


# Gnumeric models neither Excel Tables (tableParts) nor their structured
# references (Table[[#This Row],[Col]]), which Excel needs for a Table's
# calculated columns; it reports each one. GLib and GTK also write warnings
# of their own (no display, no D-Bus session, deprecated settings) as
# "(ssconvert:PID): Domain-WARNING **: ..." lines. Anything else is a problem.
GNUMERIC_TABLE_LIMITS = re.compile(r"\[\[#This Row\]|Contacts\[Name\]|Unexpected element 'tableParts'|^\s*worksheet\s*$|^\s*$")
# Gnumeric cannot read print titles of both a column and a row (the Name column and the header row repeated on
# every printed page of a wide sheet); it opens the sheet without them (docs/limits.md).
GNUMERIC_PRINT_TITLES = re.compile(r"^At A1: '(Contacts|Interviews)!\$A:\$A,\1!\$1:\$1' Multiple expressions are not supported")
GLIB_MESSAGE = re.compile(r"^\(ssconvert:\d+\): [\w.-]+-(WARNING|CRITICAL|Message|DEBUG|INFO) \*\*")


def test_gnumeric_opens_the_sample_without_other_errors(tmp_path, sample_tracker):
    """Gnumeric reads the sample and writes every sheet back; its only complaints are about Tables and print titles."""
    result = gnumeric_convert(sample_tracker, tmp_path / "g.xlsx")
    complaints = [line for line in result.stderr.splitlines()
                  if not GNUMERIC_TABLE_LIMITS.search(line) and not GLIB_MESSAGE.search(line) and not GNUMERIC_PRINT_TITLES.search(line)]
    assert complaints == []
    book = openpyxl.load_workbook(tmp_path / "g.xlsx")
    for sheet in TEMPLATE.sheets:
        assert sheet.name in book.sheetnames
    names = [r[0] for r in book["Contacts"].iter_rows(min_row=2, values_only=True) if r[0]]
    assert len(names) >= 12


# ------------------------------------------------- check and Status round trips
import zipfile  # noqa: E402

from conftest import FIXED_TODAY  # noqa: E402
from python_calamine import CalamineWorkbook  # noqa: E402
from rich_workbooks import rich_tracker  # noqa: E402

from toolkit.review.checker import check  # noqa: E402
from toolkit.review.status_sheet import write_status  # noqa: E402


def _found(path):
    return sorted((f.rule, f.sheet, f.row, f.contact, f.due) for f in check(path, FIXED_TODAY).findings)


@pytest.fixture(scope="module")
def saved_by_libreoffice(tmp_path_factory, sample_tracker, default_libreoffice_profile):
    """The sample, and trackers we wrote a Status sheet into, each saved by LibreOffice as a person would."""
    folder = tmp_path_factory.mktemp("lo-check")
    with_status = folder / "with-status.xlsx"
    with_status.write_bytes(sample_tracker.read_bytes())
    rich = rich_tracker(folder / "rich.xlsx")
    macro = rich_tracker(folder / "rich-macro.xlsm")
    for path in (with_status, rich, macro):
        write_status(path, check(path, FIXED_TODAY))
    outputs = libreoffice_convert([sample_tracker, with_status, rich, macro], folder / "out", default_libreoffice_profile, recalc=False)
    return {"sample": outputs[0], "with_status": outputs[1], "written": with_status,
            "rich": (rich, outputs[2]), "macro": (macro, outputs[3])}


def _status_rows(path):
    """The Status sheet's values as calamine reads them (dates and numbers as the cells hold them)."""
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Status").to_python(skip_empty_area=False)
    return [tuple(v for v in row if v != "") for row in rows if any(v != "" for v in row)]


@pytest.mark.parametrize("kind", ["rich", "macro"])
def test_what_people_add_survives_our_write_and_libreoffice(saved_by_libreoffice, kind):
    """Our written workbook opens in LibreOffice; its chart, image, comment and both Tables come back with it."""
    written, saved = saved_by_libreoffice[kind]
    assert _status_rows(saved) == _status_rows(written)
    with zipfile.ZipFile(saved) as archive:
        names = archive.namelist()
    assert any("charts/chart" in n for n in names) and any(n.startswith("xl/media/") for n in names)
    book = openpyxl.load_workbook(saved)
    assert book["Contacts"]["A2"].comment.text.startswith("Met at the alumni mixer")
    assert "StatusFindings" in book["Status"].tables and "Contacts" in book["Contacts"].tables
    assert "MyPeople" in book.defined_names


@pytest.mark.parametrize("suffix", [".xlsx", ".xlsm"])
def test_gnumeric_opens_what_we_wrote_into_a_rich_workbook(tmp_path, suffix):
    """Gnumeric reads a rich workbook with our Status sheet; the Status rows come back unchanged."""
    path = rich_tracker(tmp_path / f"rich{suffix}")
    write_status(path, check(path, FIXED_TODAY))
    gnumeric_convert(path, tmp_path / "g.xlsx")
    assert _status_rows(tmp_path / "g.xlsx") == _status_rows(path)


def test_sample_saved_by_libreoffice_gives_the_same_findings(saved_by_libreoffice, sample_tracker):
    """LibreOffice's copy of the sample checks exactly like the original."""
    assert _found(saved_by_libreoffice["sample"]) == _found(sample_tracker)


def test_sample_saved_by_gnumeric_gives_the_same_findings(tmp_path, sample_tracker):
    """Gnumeric's copy of the sample (Tables become plain ranges) checks exactly like the original."""
    gnumeric_convert(sample_tracker, tmp_path / "g.xlsx")
    assert _found(tmp_path / "g.xlsx") == _found(sample_tracker)


def test_sample_recalculated_by_gnumeric_gives_the_same_findings(tmp_path, sample_tracker):
    """After `ssconvert --recalc` the Contacts formula cells hold Gnumeric's error values; check ignores them."""
    gnumeric_convert(sample_tracker, tmp_path / "g.xlsx", recalc=True)
    with zipfile.ZipFile(tmp_path / "g.xlsx") as archive:
        assert any(b't="e"' in archive.read(n) for n in archive.namelist() if n.startswith("xl/worksheets/"))
    assert _found(tmp_path / "g.xlsx") == _found(sample_tracker)


def test_glib_warnings_are_not_gnumeric_complaints():
    """The stderr filter passes GLib's own warnings and still catches anything else."""
    assert GLIB_MESSAGE.search("(ssconvert:4121): GLib-GIO-WARNING **: 22:41:07.512: Unable to create D-Bus proxy")
    assert GLIB_MESSAGE.search("(ssconvert:77): Gtk-WARNING **: cannot open display")
    assert not GLIB_MESSAGE.search("Contacts!Q2 : Improperly formatted error token")


def test_status_sheet_survives_libreoffice_and_gnumeric(saved_by_libreoffice, tmp_path):
    """A workbook with our Status sheet opens in LibreOffice and Gnumeric with the sheet and its rows intact."""
    book = openpyxl.load_workbook(saved_by_libreoffice["with_status"])
    assert book.sheetnames[-1] == "Status"
    assert book["Status"]["A1"].value == "Tracker status"
    gnumeric_convert(saved_by_libreoffice["written"], tmp_path / "g.xlsx")
    book = openpyxl.load_workbook(tmp_path / "g.xlsx")
    assert "Status" in book.sheetnames and book["Status"]["A1"].value == "Tracker status"
    # After LibreOffice re-saves it, tracker still recognises the Status sheet as its own.
    copy = tmp_path / "again.xlsx"
    copy.write_bytes(saved_by_libreoffice["with_status"].read_bytes())
    write_status(copy, check(copy, FIXED_TODAY))
