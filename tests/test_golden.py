"""What users see, pinned: the sample's reports, its Status sheet XML, one draft and one calendar."""

import re
import shutil
import zipfile

from builders import TODAY
from click.testing import CliRunner
from golden_files import assert_golden, one_row_a_line

from toolkit.cli import cli

SAMPLE_DAY = TODAY.isoformat()


def run(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code in (0, 1), result.output
    return result.output


def status_parts(path) -> tuple[str, str]:
    """The Status worksheet and its table part, found through the workbook's relationships."""
    with zipfile.ZipFile(path) as archive:
        workbook = archive.read("xl/workbook.xml").decode()
        rels = archive.read("xl/_rels/workbook.xml.rels").decode()
        rel_id = re.search(r'<sheet [^>]*name="Status"[^>]*r:id="(\w+)"', workbook).group(1)
        target = re.search(rf'Id="{rel_id}"[^>]*Target="([^"]+)"|Target="([^"]+)"[^>]*Id="{rel_id}"', rels)
        sheet_part = "xl/" + (target.group(1) or target.group(2)).lstrip("/").removeprefix("xl/")
        sheet_rels = archive.read(sheet_part.replace("worksheets/", "worksheets/_rels/") + ".rels").decode()
        table = re.search(r'Target="\.\./tables/([^"]+)"', sheet_rels).group(1)
        return archive.read(sheet_part).decode(), archive.read(f"xl/tables/{table}").decode()


def test_sample_check_text(sample_tracker):
    """The text report of the sample, word for word."""
    assert_golden("check.txt", run("check", str(sample_tracker), "--today", SAMPLE_DAY, "--no-write"))


def test_sample_check_json(sample_tracker):
    """The JSON report of the sample, field for field."""
    assert_golden("check.json", run("check", str(sample_tracker), "--today", SAMPLE_DAY, "--no-write", "--format", "json"))


def test_sample_status_sheet_xml(sample_tracker, tmp_path):
    """The Status worksheet and its findings Table, as written into the sample."""
    path = shutil.copy(sample_tracker, tmp_path / "sample.xlsx")
    run("check", str(path), "--today", SAMPLE_DAY)
    sheet, table = status_parts(path)
    assert_golden("status-sheet.xml", one_row_a_line(sheet))
    assert_golden("status-table.xml", table)


def test_sample_thank_you_draft(sample_tracker, tmp_path):
    """The thank-you draft to Ann Lee, byte for byte."""
    run("draft", str(sample_tracker), "--today", SAMPLE_DAY, "--contact", "Ann Lee", "--out", str(tmp_path))
    draft, = tmp_path.glob("*Ann Lee thank-you.eml")
    assert_golden("ann-lee-thank-you.eml", draft.read_bytes().decode("ascii"))


def test_sample_update_news_and_report_back_drafts(sample_tracker, tmp_path):
    """One draft of each other kind, byte for byte: Samuel Okafor's update and news, Grace O'Connor's report-back."""
    for kind in ("update", "news", "report-back"):
        run("draft", str(sample_tracker), "--today", SAMPLE_DAY, "--kind", kind, "--out", str(tmp_path))
    for pattern, name in (("*Samuel Okafor update.eml", "samuel-okafor-update.eml"), ("*Samuel Okafor news.eml", "samuel-okafor-news.eml"),
                          ("*Grace O'Connor report-back on Ravi Kapoor.eml", "grace-oconnor-report-back.eml")):
        draft, = tmp_path.glob(pattern)
        assert_golden(name, draft.read_bytes().decode("ascii"))


def test_sample_calendar(sample_tracker, tmp_path):
    """The sample's reminders calendar, entry for entry."""
    output = tmp_path / "reminders.ics"
    run("remind", str(sample_tracker), "--today", SAMPLE_DAY, "-o", str(output))
    assert_golden("reminders.ics", output.read_bytes().decode("utf-8"))
