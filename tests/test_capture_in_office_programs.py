"""`tracker log` and `tracker import` on all three kinds of tracker, and the results opened by LibreOffice and Gnumeric."""

import datetime as dt

import openpyxl
import pytest
from builders import TODAY, flat
from capture_books import copy_to, make_tracker, resaved_by_libreoffice, run
from office import gnumeric_convert, libreoffice_convert
from test_address_book import GOOGLE_OLD, LINKEDIN, VCARDS, write
from test_spreadsheet_programs import GNUMERIC_TABLE_LIMITS

from toolkit.review.checker import check

KINDS = ("tables", "plain", "libreoffice")
NEW_PEOPLE = ["Zoë Quinn", "José Müller", "Ayşe Öztürk", "Max Roy"]


@pytest.fixture(scope="module")
def captured(tmp_path_factory):
    """Each kind of tracker after a catch-up, a thank-you note and an import: {kind: (path, outputs, untouched copy)}."""
    folder = tmp_path_factory.mktemp("capture")
    tables = make_tracker("tables", folder / "tables.xlsx")
    (resaved,) = resaved_by_libreoffice(folder / "lo", [copy_to(tables, folder / "libreoffice.xlsx")])
    trackers = {"tables": tables, "plain": make_tracker("plain", folder / "plain.xlsx"),
                "libreoffice": copy_to(resaved, folder / "libreoffice-saved.xlsx")}
    files = [str(write(folder, "Connections.csv", LINKEDIN)), str(write(folder, "contacts.vcf", VCARDS)),
             str(write(folder, "google.csv", GOOGLE_OLD))]
    done = {}
    for kind, path in trackers.items():
        untouched = copy_to(path, folder / f"untouched-{kind}.xlsx")
        outputs = [run("log", str(path), "Bo Chen", "--type", "Catch-up", "--channel", "Phone", "--summary", "Called"),
                   run("log", str(path), "Ann Lee", "--type", "Thank-you note", "--channel", "Email"),
                   run("import", str(path), *files)]
        done[kind] = (path, outputs, untouched)
    return done


def values(path, sheet):
    ws = openpyxl.load_workbook(path, data_only=True)[sheet]
    return [[c.value for c in row] for row in ws.iter_rows(min_row=2) if row[0].value]


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_takes_a_log_and_an_import(captured, kind):
    """On every kind the commands succeed, and check then finds no due follow-up, no owed thank-you, no duplicate."""
    path, outputs, _ = captured[kind]
    assert [o.exit_code for o in outputs] == [0, 0, 0], [o.output for o in outputs]
    assert outputs[2].output.startswith("Imported into") and "added 4, filled 2, skipped 0" in outputs[2].output
    report = check(path, TODAY)
    assert flat(report, "follow-up-due", "thank-you-overdue", "thank-you-due", "data-duplicate-contact") == []
    assert [r[0] for r in values(path, "Contacts")][-4:] == NEW_PEOPLE
    assert values(path, "Follow-Ups")[-2][:5] == ["Bo Chen", dt.datetime.combine(TODAY, dt.time()), "Catch-up", "Phone", "Called"]


def test_libreoffice_opens_every_result(captured, tmp_path):
    """LibreOffice opens all three results (one batch) and keeps the new rows and the thank-you date."""
    paths = [captured[kind][0] for kind in KINDS]
    for converted in libreoffice_convert(paths, tmp_path / "out", tmp_path / "profile", recalc=False):
        assert [r[0] for r in values(converted, "Contacts")][-4:] == NEW_PEOPLE
        assert values(converted, "Follow-Ups")[-1][:4] == ["Ann Lee", dt.datetime.combine(TODAY, dt.time()), "Thank-you note", "Email"]
        assert values(converted, "Interviews")[1][9:11] == [dt.datetime.combine(TODAY, dt.time()), "Email"]


@pytest.mark.parametrize("kind", KINDS)
def test_gnumeric_opens_every_result(captured, tmp_path, kind):
    """Gnumeric reads each result with no complaint the untouched tracker did not already cause, and sees the new contacts."""
    path, _, untouched = captured[kind]
    converted = tmp_path / f"{kind}.xlsx"
    before = set(gnumeric_convert(untouched, tmp_path / "untouched.xlsx").stderr.splitlines())
    after = gnumeric_convert(path, converted).stderr.splitlines()
    assert [line for line in after if line not in before and not GNUMERIC_TABLE_LIMITS.search(line)] == []
    assert [r[0] for r in values(converted, "Contacts")][-4:] == NEW_PEOPLE


def test_on_a_blank_tracker_saved_by_libreoffice_rows_come_right_after_the_header(tmp_path):
    """LibreOffice keeps the empty Table rows' formulas and cached values; import and log still start at row 2, no gap."""
    from toolkit.review.new_tracker import create_tracker

    blank = create_tracker(tmp_path / "blank.xlsx", today=TODAY)
    (saved,) = resaved_by_libreoffice(tmp_path / "lo", [blank])
    path = copy_to(saved, tmp_path / "saved.xlsx")
    imported = run("import", str(path), str(write(tmp_path, "Connections.csv", LINKEDIN)))
    assert imported.exit_code == 0 and "New people are in Contacts rows 2-3" in imported.output, imported.output
    logged = run("log", str(path), "Ann Lee", "--type", "Catch-up", "--channel", "Phone")
    assert logged.exit_code == 0 and "(Follow-Ups row 2)" in logged.output, logged.output
    ws = openpyxl.load_workbook(path)["Contacts"]
    assert [ws.cell(r, 1).value for r in range(2, 5)] == ["Ann Lee", "Zoë Quinn", None]
