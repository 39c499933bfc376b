"""A Status sheet is replaced only when it is provably the tracker's; otherwise nothing is touched."""

import zipfile

import openpyxl
import pytest
from builders import TODAY
from click.testing import CliRunner

from toolkit.cli import cli
from toolkit.errors import ForeignStatusSheet
from toolkit.review.checker import check
from toolkit.review.status_sheet import MARKER_NAME, write_status


@pytest.fixture
def written(tracker_copy):
    """A tracker that already has the tracker's own Status sheet."""
    write_status(tracker_copy, check(tracker_copy, TODAY))
    return tracker_copy


def edit_in_openpyxl(path, change):
    book = openpyxl.load_workbook(path)
    change(book)
    book.save(path)


def refused(path, match):
    before = path.read_bytes()
    with pytest.raises(ForeignStatusSheet, match=match):
        write_status(path, check(path, TODAY))
    assert path.read_bytes() == before
    result = CliRunner().invoke(cli, ["check", str(path), "--today", TODAY.isoformat()])
    assert result.exit_code == 2 and len(result.output.strip().splitlines()) == 1
    assert path.read_bytes() == before


def test_renamed_status_and_a_new_user_sheet_called_status_is_refused(written):
    """The tracker's Status renamed to 'Old status' and a user sheet named Status: refused, file untouched."""
    def change(book):
        book["Status"].title = "Old status"
        book.defined_names[MARKER_NAME].attr_text = "'Old status'!$A$1"
        book.create_sheet("Status")["A1"] = "my plan"
    edit_in_openpyxl(written, change)
    refused(written, "now called 'Old status'")


def test_deleted_status_then_a_user_sheet_called_status_is_refused(written):
    """The tracker's Status deleted (marker #REF!) and a user's Status sheet made: refused, file untouched."""
    def change(book):
        del book["Status"]
        book.defined_names[MARKER_NAME].attr_text = "#REF!$A$1"
        book.create_sheet("Status")["A1"] = "my plan"
    edit_in_openpyxl(written, change)
    refused(written, "was deleted")


@pytest.mark.parametrize("name", ["status", "STATUS"])
def test_user_sheet_named_status_in_another_case_is_refused(tracker_copy, name):
    """Sheet names are case-insensitive: a user's 'status' sheet is never joined by a second 'Status'."""
    edit_in_openpyxl(tracker_copy, lambda book: book.create_sheet(name))
    refused(tracker_copy, f"sheet named {name} that tracker did not write")


def test_renamed_status_without_a_new_one_gets_a_fresh_status(written):
    """With the old Status renamed and no sheet called Status, a new Status is added and the marker moves to it."""
    def change(book):
        book["Status"].title = "Old status"
        book.defined_names[MARKER_NAME].attr_text = "'Old status'!$A$1"
    edit_in_openpyxl(written, change)
    write_status(written, check(written, TODAY))
    book = openpyxl.load_workbook(written)
    assert book.sheetnames[-2:] == ["Old status", "Status"]
    assert book.defined_names[MARKER_NAME].attr_text == "Status!$A$1"
    write_status(written, check(written, TODAY))
    assert openpyxl.load_workbook(written).sheetnames.count("Status") == 1


def test_own_status_renamed_in_case_only_is_still_ours(written):
    """The tracker's Status renamed to STATUS (marker follows, as in Excel) is replaced in place, not duplicated."""
    with zipfile.ZipFile(written) as archive:
        entries = [(info, archive.read(info)) for info in archive.infolist()]
    with zipfile.ZipFile(written, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in entries:
            if info.filename == "xl/workbook.xml":
                data = data.replace(b'name="Status"', b'name="STATUS"').replace(b">Status!$A$1<", b">STATUS!$A$1<")
            archive.writestr(info, data)
    write_status(written, check(written, TODAY))
    with zipfile.ZipFile(written) as archive:
        workbook = archive.read("xl/workbook.xml")
    assert workbook.count(b'name="STATUS"') == 1 and b'name="Status"' not in workbook
    assert openpyxl.load_workbook(written)["STATUS"]["A1"].value == "Tracker status"
