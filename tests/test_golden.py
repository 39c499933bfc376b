"""What users see, pinned: the sample's reports, its Status sheet XML, a draft of every kind and medium, and one calendar."""

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


def drafted(sample_tracker, folder, *options: str) -> dict[str, str]:
    """`tracker draft` on the sample with these options: {file name: text}."""
    run("draft", str(sample_tracker), "--today", SAMPLE_DAY, "--out", str(folder), *options)
    return {p.name: p.read_bytes().decode("ascii" if p.suffix == ".eml" else "utf-8") for p in folder.iterdir() if p.suffix != ".json"}


def test_sample_drafts(sample_tracker, tmp_path):
    """Every draft `tracker draft` writes for the sample, byte for byte: late thank-you with news, news with report-back, no recipient."""
    drafts = drafted(sample_tracker, tmp_path)
    assert_golden("drafts-listing.txt", "\n".join(sorted(drafts)) + "\n")
    for name, golden in (("2026-11-17 Ann Lee thank-you and news.eml", "ann-lee-thank-you-and-news.eml"),
                         ("2026-11-21 Priya Natarajan thank-you.eml", "priya-natarajan-thank-you.eml"),
                         ("2026-11-20 Grace O'Connor news and report-back.eml", "grace-oconnor-news-and-report-back.eml"),
                         ("2026-11-20 Samuel Okafor news.eml", "samuel-okafor-news.eml"),
                         ("2026-11-20 Mei Chen news.eml", "mei-chen-news-no-recipient.eml")):
        assert_golden(golden, drafts[name])


def test_sample_drafts_of_each_kind_alone(sample_tracker, tmp_path):
    """Each kind on its own, byte for byte: Samuel Okafor's update, Grace O'Connor's report-back, Priya Natarajan's reminder."""
    for options, name, golden in (
            (("--kind", "update"), "2026-06-16 Samuel Okafor update.eml", "samuel-okafor-update.eml"),
            (("--kind", "report-back"), "2026-10-23 Grace O'Connor report-back on Ravi Kapoor.eml", "grace-oconnor-report-back.eml"),
            (("--kind", "reminder", "--contact", "Priya Natarajan"), "2026-11-28 Priya Natarajan reminder.eml",
             "priya-natarajan-reminder.eml")):
        assert_golden(golden, drafted(sample_tracker, tmp_path / golden, *options)[name])


def test_card_and_linkedin_drafts(tmp_path):
    """A card to post and a LinkedIn message (not yet connected: a connection note first), byte for byte."""
    from builders import write_tracker

    settings = {"Your Name": "Jordan Rivera", "Your Email": "jordan.rivera@example.com"}
    path = write_tracker(tmp_path / "t.xlsx", {
        "Contacts": [{"Name": "Grace O'Connor", "Mailing Address": "12 Harbour Road, Galway\nIreland"},
                     {"Name": "Kwame Mensah", "LinkedIn": "https://www.linkedin.com/in/kwame-mensah-example", "Organization": "Lucerne"}],
        "Interviews": [{"Contact": "Grace O'Connor", "Date": TODAY, "Format": "In person",
                        "Key Takeaways": "Clinicians adopt tools that save them clicks; start with a shadowing day",
                        "Next Step I'll Take": "Ask her team about a shadowing day"},
                       {"Contact": "Kwame Mensah", "Date": TODAY, "Format": "Phone",
                        "Key Takeaways": "He says council projects move slowly but last", "Next Step I'll Take": "Read the report he mentioned"}],
        "Promises": [{"Contact": "Kwame Mensah", "Made On": TODAY, "Direction": "They offered", "Promise": "Send me the 2025 council report"}],
    }, settings=settings)
    run("draft", str(path), "--today", SAMPLE_DAY, "--out", str(tmp_path / "d"))
    assert_golden("grace-oconnor-thank-you-card.txt", (tmp_path / "d" / f"{SAMPLE_DAY} Grace O'Connor thank-you card.txt").read_text("utf-8"))
    assert_golden("kwame-mensah-thank-you-linkedin.txt",
                  (tmp_path / "d" / f"{SAMPLE_DAY} Kwame Mensah thank-you LinkedIn.txt").read_text("utf-8"))


def test_sample_calendar(sample_tracker, tmp_path):
    """The sample's reminders calendar, entry for entry."""
    output = tmp_path / "reminders.ics"
    run("remind", str(sample_tracker), "--today", SAMPLE_DAY, "-o", str(output))
    assert_golden("reminders.ics", output.read_bytes().decode("utf-8"))
