"""Writing the Status sheet loses nothing and refuses what it must."""

import shutil
import zipfile

import openpyxl
import pytest
from click.testing import CliRunner

from builders import TODAY, contact, day, write_tracker
from toolkit.checker import check
from toolkit.cli import cli
from toolkit.errors import ForeignStatusSheet, WorkbookLocked
from toolkit.status_sheet import write_status

BOOKKEEPING = {"xl/workbook.xml", "xl/_rels/workbook.xml.rels", "[Content_Types].xml", "xl/styles.xml"}


def parts(path):
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


@pytest.fixture
def copy(tmp_path, sample_tracker):
    path = tmp_path / "tracker.xlsx"
    shutil.copy(sample_tracker, path)
    return path


def test_status_sheet_is_added_and_every_other_part_is_unchanged(copy):
    """Only the bookkeeping parts change and one worksheet is added; the rest is byte-for-byte the same."""
    before = parts(copy)
    write_status(copy, check(copy, TODAY))
    after = parts(copy)
    added = set(after) - set(before)
    assert len(added) == 1 and added.pop().startswith("xl/worksheets/")
    changed = {name for name in before if before[name] != after[name]}
    assert changed <= BOOKKEEPING
    book = openpyxl.load_workbook(copy)
    assert book.sheetnames[-1] == "Status" and book.sheetnames[:-1] == openpyxl.load_workbook(copy).sheetnames[:-1]
    assert "ContactNames" in book.defined_names and "ThankYouWindowHours" in book.defined_names


def test_existing_styles_keep_their_positions(copy):
    """Styles are only appended: the original cellXfs list is a prefix of the new one."""
    before = parts(copy)["xl/styles.xml"].decode()
    write_status(copy, check(copy, TODAY))
    after = parts(copy)["xl/styles.xml"].decode()
    for element in ("fonts", "fills", "cellXfs"):
        old = before.split(f"<{element}")[1].split(f"</{element}>")[0].split(">", 1)[1]
        new = after.split(f"<{element}")[1].split(f"</{element}>")[0].split(">", 1)[1]
        assert new.startswith(old)


def test_status_shows_findings_with_links_and_every_contact(copy):
    """Each finding is a row with a link to its cell; the overview lists every contact."""
    report = check(copy, TODAY)
    write_status(copy, report)
    ws = openpyxl.load_workbook(copy)["Status"]
    rows = list(ws.iter_rows(values_only=True))
    header = rows.index(("Severity", "What to do", "Contact", "Message", "Due", "Days overdue", "Where", "Rule"))
    first = rows[header + 1]
    assert first[0] == report.findings[0].severity and first[6] == report.findings[0].location
    assert ws.cell(header + 2, 7).hyperlink.location == f"'{report.findings[0].sheet}'!{report.findings[0].cell}"
    names = [r[0] for r in rows[rows.index(("Contact", "Relationship", "Last touch", "Next follow-up due", "Follow-ups (12 months)",
                                            "My open promises", "Their open offers", "Thank-you")) + 1:]]
    assert names == [c.name for c in report.contacts]
    assert any(r[:2] == ("Errors", 3) for r in rows)


def test_same_day_twice_gives_the_same_file(copy):
    """Running check twice on the same day changes nothing the second time."""
    write_status(copy, check(copy, TODAY))
    first = copy.read_bytes()
    write_status(copy, check(copy, TODAY))
    assert copy.read_bytes() == first


def test_foreign_status_sheet_is_refused(tmp_path):
    """A Status sheet the user made is never replaced."""
    path = write_tracker(tmp_path / "t.xlsx", {"Contacts": [contact("Ann Lee")]})
    book = openpyxl.load_workbook(path)
    book.create_sheet("Status")["A1"] = "my own notes"
    book.save(path)
    before = path.read_bytes()
    with pytest.raises(ForeignStatusSheet, match="rename"):
        write_status(path, check(path, TODAY))
    assert path.read_bytes() == before


@pytest.mark.parametrize("lock", ["~$t.xlsx", ".~lock.t.xlsx#"])
def test_open_workbook_is_refused(tmp_path, lock):
    """Excel's and LibreOffice's lock files stop the write with a hint about stale locks."""
    path = write_tracker(tmp_path / "t.xlsx", {"Contacts": [contact("Ann Lee")]})
    (tmp_path / lock).write_text("x")
    before = path.read_bytes()
    result = CliRunner().invoke(cli, ["check", str(path), "--today", "2026-11-22"])
    assert result.exit_code == 2 and "close it" in result.output and "stale" in result.output
    assert path.read_bytes() == before


def test_failure_mid_write_leaves_the_original(copy, monkeypatch):
    """If writing the new package fails halfway, the original file is byte-identical and no temp file remains."""
    before = copy.read_bytes()
    calls = {"n": 0}
    real = zipfile.ZipFile.writestr

    def failing(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 5:
            raise OSError("disk full")
        return real(self, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "writestr", failing)
    with pytest.raises(OSError):
        write_status(copy, check(copy, TODAY))
    assert copy.read_bytes() == before
    assert [p.name for p in copy.parent.iterdir()] == [copy.name]


def test_user_text_that_looks_like_a_formula_stays_text(tmp_path):
    """A contact named =HYPERLINK(...) appears in Status as text, never as a formula."""
    name = '=HYPERLINK("http://x","y")'
    path = write_tracker(tmp_path / "t.xlsx", {"Contacts": [{"Name": "x"}], "Interviews": [{"Contact": "x", "Date": day(-3)}]})
    book = openpyxl.load_workbook(path)
    for cell in (book["Contacts"]["A2"], book["Interviews"]["A2"]):
        cell.value = name
        cell.data_type = "s"  # text typed with a leading apostrophe, or pasted
    book.save(path)
    before = set(parts(path))
    write_status(path, check(path, TODAY))
    status, = set(parts(path)) - before
    xml = parts(path)[status].decode()
    assert "<f>" not in xml and "HYPERLINK" in xml
    ws = openpyxl.load_workbook(path)["Status"]
    values = [c.value for row in ws.iter_rows() for c in row if c.value]
    assert name in values and all(c.data_type != "f" for row in ws.iter_rows() for c in row)


def test_permissions_are_kept(copy):
    """The replaced file keeps the original's permissions."""
    copy.chmod(0o640)
    write_status(copy, check(copy, TODAY))
    assert copy.stat().st_mode & 0o777 == 0o640
