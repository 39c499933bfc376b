"""Messages that lead somewhere: the near miss of a missing file, `tracker import` for an address book, the closest
name for an unknown contact (one rule for check, draft and log), quoted names and right plurals."""

import json
import shutil
from pathlib import Path

import openpyxl
import pytest
from builders import TODAY, contact, day, write_tracker
from click.testing import CliRunner

from toolkit.cli import cli
from toolkit.errors import ContactUnknown
from toolkit.review.checker import check
from toolkit.review.names import contact_meant, match_name
from toolkit.safe_text import counted, shown

NAMES = ["Dana Whitfield", "Ann Lee", "Annabel Ruiz", "Bo Chen", "Bo Diaz"]


def run(*args):
    return CliRunner().invoke(cli, [*map(str, args), "--today", TODAY.isoformat()])


@pytest.mark.parametrize(("typed", "found"), [
    ("Dana Whitfield", "Dana Whitfield"), ("  dana   WHITFIELD ", "Dana Whitfield"),  # as names are matched everywhere
    ("Dana", "Dana Whitfield"), ("dana", "Dana Whitfield"),  # the only Dana
    ("Dan", "Dana Whitfield"), ("Annab", "Annabel Ruiz"),  # the only name that starts so
    ("Ann", "Ann Lee"),  # a first name wins over the start of a longer one (Annabel)
])
def test_a_name_a_unique_first_name_or_start_finds_the_contact(typed, found):
    """The same name, else the only contact with that first name, else the only one whose name starts with it."""
    assert match_name(typed, NAMES).found == found


@pytest.mark.parametrize(("typed", "hint"), [
    ("Bo", '; it could be "Bo Chen" or "Bo Diaz": give the whole name'),
    ("Da", ""),  # two letters pick nobody, and are like no name
    ("Dana Whitfeld", '; did you mean "Dana Whitfield"?'),
    ("Zed Quill", ""),
])
def test_a_name_that_means_nobody_or_several_says_whom_it_may_mean(typed, hint):
    """Several Bos are listed, never guessed between; a typo gets the closest name, quoted; a stranger gets nothing."""
    match = match_name(typed, NAMES)
    assert match.found is None and match.hint == hint


def test_many_people_sharing_a_first_name_are_listed_four_and_counted():
    """Seven Dans: four named, the rest counted, so the line stays short."""
    dans = [f"Dan {letter}" for letter in "ABCDEFG"]
    assert match_name("Dan", dans).hint == '; it could be "Dan A", "Dan B", "Dan C", "Dan D" or 3 others: give the whole name'


def test_the_first_of_two_rows_with_one_name_counts():
    """A name repeated in Contacts means its first row, as data-duplicate-contact says."""
    assert match_name("ann lee", ["Ann Lee", "ANN LEE"]).found == "Ann Lee"
    with pytest.raises(ContactUnknown, match='^"Zed Quill" is not in Contacts; add them$'):
        contact_meant("Zed Quill", NAMES, "; add them")


def dana_tracker(path):
    """Dana Whitfield thanked nobody yet after an interview two days ago; a promise names her 'Dana'."""
    return write_tracker(path, {
        "Contacts": [contact("Dana Whitfield"), contact("Ann Lee")],
        "Interviews": [{"Contact": "Dana Whitfield", "Date": day(-2)}],
        "Promises": [{"Contact": "Dana", "Made On": day(-1), "Direction": "I offered", "Promise": "Send my notes"},
                     {"Contact": "Anne Le", "Made On": day(-1), "Direction": "I offered", "Promise": "Call back"}],
    }, {"Your Name": "Sam Seeker"})


def test_log_finds_the_only_dana(tmp_path):
    """`log t.xlsx Dana` records a touch with Dana Whitfield, named in full in the row and the message."""
    path = dana_tracker(tmp_path / "t.xlsx")
    result = run("log", path, "Dana", "--type", "Catch-up")
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"Logged Catch-up with Dana Whitfield on {TODAY}")
    rows = list(openpyxl.load_workbook(path)["Follow-Ups"].iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in rows if r[0]] == ["Dana Whitfield"]


def test_log_an_unknown_name_suggests_the_closest_quoted(tmp_path):
    """A misspelt name with a space is quoted, and so is the suggestion; nothing is written."""
    path = dana_tracker(tmp_path / "t.xlsx")
    before = path.read_bytes()
    result = run("log", path, "Dana Whitfeld")
    assert (result.exit_code, result.output) == (2, 'Error: "Dana Whitfeld" is not in Contacts; did you mean "Dana Whitfield"?\n')
    assert path.read_bytes() == before


def test_check_finding_for_an_unknown_contact_suggests_the_closest(tmp_path):
    """check's data-unknown-contact finding names whom 'Dana' and 'Anne Le' most likely mean."""
    report = check(dana_tracker(tmp_path / "t.xlsx"), TODAY)
    messages = [f.message for f in report.findings if f.rule == "data-unknown-contact"]
    assert messages == ['''Contact 'Dana' is not in Contacts; did you mean "Dana Whitfield"?''',
                        '''Contact 'Anne Le' is not in Contacts; did you mean "Ann Lee"?''']


def test_draft_for_a_first_name_drafts_for_the_only_one(tmp_path):
    """`draft --contact dana` drafts Dana Whitfield's thank-you; an unknown name exits 2 with the suggestion."""
    path = dana_tracker(tmp_path / "t.xlsx")
    result = run("draft", path, "--contact", "dana", "--out", tmp_path / "d")
    assert result.exit_code == 0, result.output
    assert [p.name for p in (tmp_path / "d").iterdir() if not p.name.startswith(".")] == [f"{day(-2).isoformat()} Dana Whitfield thank-you.eml"]
    result = run("draft", path, "--contact", "Dona Whitfield", "--out", tmp_path / "d")
    assert (result.exit_code, result.output) == (2, 'Error: "Dona Whitfield" is not in Contacts; did you mean "Dana Whitfield"?\n')


@pytest.mark.parametrize("command", [["check"], ["draft"], ["remind", "-o", "r.ics"], ["share", "-o", "s.xlsx"], ["log", "_", "Ann"]])
def test_a_missing_tracker_suggests_the_near_miss_beside_it(tmp_path, monkeypatch, command):
    """`tracker check my-traker.xlsx` beside my-tracker.xlsx suggests it, not `tracker new`; every command says the same."""
    monkeypatch.chdir(tmp_path)
    write_tracker(tmp_path / "my-tracker.xlsx", {"Contacts": [contact("Ann Lee")]})
    args = [command[0], "my-traker.xlsx", *[a for a in command[1:] if a != "_"]]
    result = run(*args)
    assert (result.exit_code, result.output) == (2, "Error: my-traker.xlsx: no such file; did you mean my-tracker.xlsx?\n")


def test_a_missing_tracker_with_nothing_near_still_advises_tracker_new(tmp_path, monkeypatch):
    """With no file of a like name, the advice is the `tracker new` that would make it."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "budget.xlsx").write_bytes(b"")
    result = run("check", "my tracker.xlsx")
    assert result.output == 'Error: my tracker.xlsx: no such file; check the path, or create a tracker with `tracker new "my tracker.xlsx"`\n'


def test_summary_names_the_near_miss_of_a_path_that_is_not_there(tmp_path):
    """A mistyped folder of trackers is answered with the folder beside it."""
    (tmp_path / "seekers").mkdir()
    result = run("summary", tmp_path / "seekrs", "-o", tmp_path / "c.xlsx")
    assert result.output == f"Error: {tmp_path / 'seekrs'}: no such file or folder; did you mean {tmp_path / 'seekers'}?\n"


@pytest.mark.parametrize("name", ["Connections.csv", "contacts.vcf"])
def test_an_address_book_given_as_the_tracker_points_to_tracker_import(tmp_path, name):
    """`tracker check Connections.csv` says to import it into the tracker beside it, in a command that works."""
    book = tmp_path / name
    if name.endswith(".csv"):
        shutil.copy(Path(__file__).parent.parent / "samples" / "Connections.csv", book)
    else:
        book.write_text("BEGIN:VCARD\nVERSION:3.0\nN:Lee;Ann;;;\nFN:Ann Lee\nEMAIL:ann@example.com\nEND:VCARD\n")
    tracker = write_tracker(tmp_path / "my tracker.xlsx", {"Contacts": [contact("Bo Chen")]})
    result = run("check", book)
    assert result.exit_code == 2 and result.output.count("\n") == 1
    advised = f'`tracker import "{tracker}" {book}`'
    assert advised in result.output and "tracker workbook" in result.output
    assert run("import", tracker, book).exit_code == 0  # the advice works as written


def test_counts_are_singular_for_one():
    """'1 finding', '1 reminder', '2 copies'; a name or path with a space is quoted, one without is not."""
    assert (counted(1, "finding"), counted(0, "finding"), counted(2, "copy", "copies")) == ("1 finding", "0 findings", "2 copies")
    assert (shown("for my counselor.xlsx"), shown("caseload.xlsx"), shown("Grace O'Connor")) == (
        '"for my counselor.xlsx"', "caseload.xlsx", '"Grace O\'Connor"')


def test_one_finding_one_reminder_one_private_cell_read_as_one(tmp_path, monkeypatch):
    """check says '1 finding: 1 error', remind '1 reminder', share '1 private cell' and quotes the copy to send."""
    monkeypatch.chdir(tmp_path)
    write_tracker(tmp_path / "t.xlsx", {"Contacts": [contact("Ann Lee", Relationship="Dormant", **{"Private Notes": "met at a party"})],
                                        "Interviews": [{"Contact": "Ann Lee", "Date": day(-5), "Thank-You Sent": day(-5)},
                                                       {"Contact": "Ann Lee", "Date": day(-3)}]})
    result = run("check", "t.xlsx", "--no-write")
    assert result.output.splitlines()[-1] == "1 finding: 1 error, 0 warnings, 0 info."
    assert run("remind", "t.xlsx", "-o", "r.ics").output.startswith("Wrote 1 reminder to r.ics (1 overdue")
    shared = run("share", "t.xlsx", "-o", "for my counselor.xlsx").output
    assert "Emptied 1 private cell;" in shared and shared.endswith('Send "for my counselor.xlsx" to your counselor.\n')
    assert json.loads(run("check", "t.xlsx", "--no-write", "--format", "json").output)["counts"]["error"] == 1
