"""Workbooks in the 1904 date system (many made by Excel for Mac): every date read and written is the day it means."""

import datetime as dt
import re
import zipfile

import openpyxl
import pytest
from builders import TODAY, contact, day, flat, write_tracker
from click.testing import CliRunner
from office import libreoffice_convert

from toolkit.cli import cli
from toolkit.review.checker import check
from toolkit.xlsx import Package, Workbook

DAYS_1900_TO_1904 = 1462  # what a 1900-system reader adds by mistake: four years and a day


def sheets(serial_date):
    """A small search whose dates hit several rules; one interview Date typed as a plain number."""
    return {
        "Contacts": [contact("Ann Lee"), contact("Bo Chen"), contact("Cy Diaz")],
        "Interviews": [{"Contact": "Ann Lee", "Date": day(-3)},
                       {"Contact": "Bo Chen", "Date": serial_date},
                       {"Contact": "Cy Diaz", "Date": day(1)}],
        "Promises": [{"Contact": "Ann Lee", "Direction": "I offered", "Promise": "Send the deck", "Made On": day(-10)}],
    }


def trackers(tmp_path):
    """The same tracker twice: in the 1900 date system and in the 1904 one (the plain number counted in each)."""
    usual = write_tracker(tmp_path / "usual.xlsx", sheets((day(-200) - dt.date(1899, 12, 30)).days),
                          settings={"Landed Job On": day(-1)})
    mac = write_tracker(tmp_path / "mac.xlsx", sheets((day(-200) - dt.date(1904, 1, 1)).days),
                        settings={"Landed Job On": day(-1)}, date1904=True)
    return usual, mac


def workbook_xml(path) -> bytes:
    with zipfile.ZipFile(path) as archive:
        return archive.read("xl/workbook.xml")


def stored_number(path, sheet: str, cell: str) -> float:
    """The number a cell holds in the file, as Excel stores it (not converted to a date by any reader)."""
    book = Workbook(Package(path))
    with zipfile.ZipFile(path) as archive:
        xml = archive.read(book.sheet(sheet).part).decode()
    return float(re.search(rf'<c r="{cell}"[^>]*>(?:<f>[^<]*</f>)?<v>([^<]+)</v>', xml).group(1))


def test_the_fixture_really_is_in_the_1904_system(tmp_path):
    """The Mac tracker declares date1904 and stores its dates 1462 days smaller than the usual one."""
    usual, mac = trackers(tmp_path)
    assert b'date1904="1"' in workbook_xml(mac) and b"date1904" not in workbook_xml(usual)
    serial = {path: stored_number(path, "Interviews", "B2") for path in (usual, mac)}
    assert serial[usual] - serial[mac] == DAYS_1900_TO_1904


def test_check_finds_the_same_on_either_date_system(tmp_path):
    """Every rule sees the same dates: findings, their due dates and days overdue agree."""
    usual, mac = trackers(tmp_path)
    found = [[(f.rule, f.sheet, f.row, f.due, f.days_overdue) for f in check(path, TODAY).findings] for path in (usual, mac)]
    assert found[0] == found[1]
    bo_chen = next(f for f in check(mac, TODAY).findings if f.contact == "Bo Chen" and f.rule == "thank-you-overdue")
    assert bo_chen.due == day(-199)


def test_log_writes_the_day_it_means_and_keeps_the_date_system(tmp_path):
    """`log` on a Mac workbook: the Follow-Ups Date and Thank-You Sent read back as the day given; 1904 stays."""
    _usual, mac = trackers(tmp_path)
    result = CliRunner().invoke(cli, ["log", str(mac), "Ann Lee", "--type", "Thank-you note", "--date", day(-2).isoformat(),
                                      "--today", TODAY.isoformat()])
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(mac)  # openpyxl counts from the workbook's own epoch
    assert book.epoch.year == 1904
    assert book["Follow-Ups"]["B2"].value.date() == day(-2)
    assert book["Interviews"]["J2"].value.date() == day(-2)
    assert stored_number(mac, "Follow-Ups", "B2") == (day(-2) - dt.date(1904, 1, 1)).days
    assert ("thank-you-overdue", "Interviews", 2) not in flat(check(mac, TODAY), "thank-you-overdue")


def test_libreoffice_reads_the_logged_day_in_a_1904_workbook(tmp_path):
    """A second reader agrees: LibreOffice opens the logged Mac workbook and saves the same day back."""
    _usual, mac = trackers(tmp_path)
    CliRunner().invoke(cli, ["log", str(mac), "Bo Chen", "--date", day(-1).isoformat(), "--today", TODAY.isoformat()])
    (resaved,) = libreoffice_convert([mac], tmp_path / "out", tmp_path / "profile", recalc=False)
    assert openpyxl.load_workbook(resaved)["Follow-Ups"]["B2"].value.date() == day(-1)


def test_status_and_share_of_a_1904_workbook_keep_its_dates(tmp_path):
    """check's Status sheet and share's copy: the as-of date is today, the copy keeps 1904 and every date."""
    _usual, mac = trackers(tmp_path)
    assert CliRunner().invoke(cli, ["check", str(mac), "--today", TODAY.isoformat(), "--fail-on", "never"]).exit_code == 0
    status = openpyxl.load_workbook(mac)["Status"]
    assert any(TODAY.isoformat() in str(cell.value) for row in status.iter_rows(max_row=3) for cell in row)
    shared = tmp_path / "shared.xlsx"
    result = CliRunner().invoke(cli, ["share", str(mac), "-o", str(shared), "--today", TODAY.isoformat()])
    assert result.exit_code == 0, result.output
    assert re.search(rb'date1904="(1|true)"', workbook_xml(shared))
    assert openpyxl.load_workbook(shared)["Interviews"]["B2"].value.date() == day(-3)
    assert [f.rule for f in check(shared, TODAY).findings] == [f.rule for f in check(mac, TODAY).findings]


@pytest.mark.parametrize("flag", ["1", "true", "TRUE"])
def test_every_spelling_of_the_flag_is_read(tmp_path, flag):
    """date1904 is a boolean: "1", "true" (and any case a producer writes) all mean the 1904 system."""
    _usual, mac = trackers(tmp_path)
    with zipfile.ZipFile(mac) as archive:
        entries = [(info, archive.read(info)) for info in archive.infolist()]
    with zipfile.ZipFile(mac, "w") as archive:
        for info, data in entries:
            archive.writestr(info, data.replace(b'date1904="1"', f'date1904="{flag}"'.encode()) if info.filename == "xl/workbook.xml" else data)
    assert ("follow-up-due", "Contacts", 3) in flat(check(mac, TODAY))
    assert next(f.due for f in check(mac, TODAY).findings if f.contact == "Bo Chen") == day(-199)
