"""`tracker log`: a touch becomes a Follow-Ups row, a thank-you note also lands on its interview."""

import datetime as dt

import openpyxl
import pytest
from builders import TODAY, day, flat
from capture_books import KINDS, changed_parts, make_tracker, parts, people_rows, run, sheet_parts

from toolkit.review.checker import check
from toolkit.review.new_tracker import create_tracker


def follow_ups(path):
    ws = openpyxl.load_workbook(path)["Follow-Ups"]
    return ws, [[c.value for c in row[:5]] for row in ws.iter_rows(min_row=2) if row[0].value is not None]


@pytest.mark.parametrize("kind", KINDS)
def test_log_appends_a_dated_row_and_clears_the_follow_up(tmp_path, kind):
    """Bo's overdue follow-up clears once a catch-up is logged; the row holds a real, date-formatted Excel date."""
    path = make_tracker(kind, tmp_path / "t.xlsx")
    assert ("follow-up-due", "Contacts", 3) in flat(check(path, TODAY), "follow-up-due")
    result = run("log", str(path), "  bo   CHEN ", "--type", "catch-up", "--channel", "email", "--summary", "Coffee")
    assert result.exit_code == 0, result.output
    assert result.output == (f"Logged Catch-up by Email with Bo Chen on {TODAY} (Follow-Ups row 3). "
                             f"Next follow-up with Bo Chen: {TODAY + dt.timedelta(days=120)}.\n")
    ws, rows = follow_ups(path)
    assert rows[-1] == ["Bo Chen", dt.datetime(2026, 11, 22), "Catch-up", "Email", "Coffee"]
    assert "yy" in ws["B3"].number_format and ws["B3"].number_format == ws["B2"].number_format
    assert flat(check(path, TODAY), "follow-up-due") == []
    if kind == "tables":
        assert ws.tables["FollowUps"].ref == "A1:F3"


@pytest.mark.parametrize("kind", KINDS)
def test_thank_you_note_fills_the_interview_and_clears_the_finding(tmp_path, kind):
    """A thank-you note by Letter marks Ann's latest held interview sent, as a Handwritten card, and nothing else."""
    path = make_tracker(kind, tmp_path / "t.xlsx")
    assert flat(check(path, TODAY), "thank-you-overdue") == [("thank-you-overdue", "Interviews", 3)]
    result = run("log", str(path), "Ann Lee", "--type", "Thank-you note", "--channel", "Letter", "--date", day(-1).isoformat())
    assert result.exit_code == 0, result.output
    assert f"thank-you marked sent for the interview on {day(-3)} (Interviews row 3)" in result.output
    ws = openpyxl.load_workbook(path)["Interviews"]
    assert [ws["J3"].value, ws["K3"].value] == [dt.datetime.combine(day(-1), dt.time()), "Handwritten card"]
    assert "yy" in ws["J3"].number_format
    assert ws["K2"].value == "Email" and ws["J2"].value == dt.datetime.combine(day(-300), dt.time())
    assert flat(check(path, TODAY), "thank-you-overdue", "thank-you-due") == []


@pytest.mark.parametrize("channel, medium", [("Email", "Email"), ("LinkedIn", "LinkedIn message"), ("Phone", "Other")])
def test_thank_you_medium_follows_the_channel(tmp_path, channel, medium):
    """Email stays Email, LinkedIn becomes LinkedIn message, any other channel Other."""
    path = make_tracker("plain", tmp_path / "t.xlsx")
    assert run("log", str(path), "Ann Lee", "--type", "Thank-you note", "--channel", channel).exit_code == 0
    assert openpyxl.load_workbook(path)["Interviews"]["K3"].value == medium


def test_thank_you_note_with_nothing_waiting_only_logs(tmp_path):
    """Bo's interview already has its thank-you: the note is logged and no interview changes."""
    path = make_tracker("plain", tmp_path / "t.xlsx")
    before = openpyxl.load_workbook(path)["Interviews"]["J4"].value
    result = run("log", str(path), "Bo Chen", "--type", "Thank-you note")
    assert result.exit_code == 0 and "no held interview was waiting for a thank-you" in result.output
    assert openpyxl.load_workbook(path)["Interviews"]["J4"].value == before


def test_snooze_sets_the_next_follow_up(tmp_path):
    """Cy is snoozed past the day the follow-up would fall due: the next one is the day after the snooze."""
    path = make_tracker("plain", tmp_path / "t.xlsx")
    result = run("log", str(path), "Cy Diaz", "--type", "Article or link")
    assert result.output.rstrip().endswith(f"Next follow-up with Cy Diaz: {day(201)} (snoozed until {day(200)}).")


def test_unreadable_snooze_is_named_instead_of_a_wrong_reason(tmp_path):
    """When Snooze Until cannot be read, the line names that cell rather than claiming no interview was held."""
    path = make_tracker("plain", tmp_path / "t.xlsx")
    book = openpyxl.load_workbook(path)
    sheet = book["Contacts"]
    column = next(c.column_letter for c in sheet[1] if c.value == "Snooze Until")
    row = next(c.row for c in sheet["A"] if c.value == "Cy Diaz")
    sheet[f"{column}{row}"] = "next spring"
    book.save(path)
    result = run("log", str(path), "Cy Diaz", "--type", "Article or link")
    assert result.exit_code == 0
    assert result.output.rstrip().endswith(f"No follow-up date for Cy Diaz until Contacts!{column}{row} holds a value "
                                           "tracker can read; `tracker check` says what is wrong.")


def test_unknown_contact_exits_2_naming_the_closest(tmp_path):
    """A misspelt name changes nothing and suggests the contact meant."""
    path = make_tracker("plain", tmp_path / "t.xlsx")
    before = path.read_bytes()
    result = run("log", str(path), "Anne Lee")
    assert result.exit_code == 2 and '"Anne Lee" is not in Contacts; did you mean "Ann Lee"?' in result.output
    assert path.read_bytes() == before


@pytest.mark.parametrize("offset, accepted", [(0, True), (-400, True), (1, False), (365 * 4, False)])
def test_a_touch_dated_after_today_is_refused(tmp_path, offset, accepted):
    """--date today or earlier is logged; the day after today or later changes nothing and says why."""
    path = make_tracker("plain", tmp_path / "t.xlsx")
    before = path.read_bytes()
    result = run("log", str(path), "Ann Lee", "--type", "Catch-up", "--date", day(offset).isoformat())
    if accepted:
        assert result.exit_code == 0 and f"on {day(offset)}" in result.output, result.output
    else:
        assert result.exit_code == 2 and path.read_bytes() == before
        assert result.output == f"Error: --date {day(offset)} is after today ({TODAY}); log a touch once it has happened\n"


@pytest.mark.parametrize("option, list_start", [("--type", "Career update, Article or link"), ("--channel", "Email, Letter")])
def test_invalid_choice_exits_2_listing_the_choices(tmp_path, option, list_start):
    """A Type or Channel not in the template's list is refused with the list."""
    path = make_tracker("plain", tmp_path / "t.xlsx")
    result = run("log", str(path), "Ann Lee", option, "Carrier pigeon")
    assert result.exit_code == 2 and f"{option} 'Carrier pigeon' is not one of: {list_start}" in result.output


def test_open_workbook_is_left_alone(tmp_path):
    """Excel's lock file beside the workbook stops the log before anything is written."""
    path = make_tracker("tables", tmp_path / "t.xlsx")
    (tmp_path / "~$t.xlsx").write_bytes(b"lock")
    before = path.read_bytes()
    result = run("log", str(path), "Ann Lee")
    assert result.exit_code == 2 and "is open in Excel or LibreOffice" in result.output
    assert path.read_bytes() == before


def test_only_the_follow_ups_sheet_and_its_table_change(tmp_path):
    """Every part but the Follow-Ups worksheet and its Table is byte-identical after a log."""
    path = make_tracker("tables", tmp_path / "t.xlsx")
    before = parts(path)
    assert run("log", str(path), "Bo Chen", "--summary", "Hello").exit_code == 0
    assert changed_parts(before, path) == sheet_parts(path, "Follow-Ups")


def test_thank_you_changes_only_the_two_sheets(tmp_path):
    """A thank-you note changes the Follow-Ups and Interviews worksheets and the Follow-Ups Table only."""
    path = make_tracker("tables", tmp_path / "t.xlsx")
    before = parts(path)
    assert run("log", str(path), "Ann Lee", "--type", "Thank-you note", "--channel", "Email").exit_code == 0
    interviews = {p for p in sheet_parts(path, "Interviews") if "worksheets" in p}
    assert changed_parts(before, path) == sheet_parts(path, "Follow-Ups") | interviews


def test_blank_table_rows_are_filled_before_the_table_grows(tmp_path):
    """A fresh tracker's Follow-Ups Table has five blank rows: logs fill them in order and the Table keeps its size."""
    path = create_tracker(tmp_path / "t.xlsx", {"Contacts": [{"Name": "Ann Lee"}]})
    assert openpyxl.load_workbook(path)["Follow-Ups"].tables["FollowUps"].ref == "A1:F6"
    for summary in ("first", "second"):
        assert run("log", str(path), "Ann Lee", "--summary", summary).exit_code == 0
    ws, rows = follow_ups(path)
    assert [r[4] for r in rows] == ["first", "second"] and ws["E2"].value == "first"
    assert ws.tables["FollowUps"].ref == "A1:F6" and "yy" in ws["B3"].number_format


@pytest.mark.parametrize("snooze, expected", [
    (119, f"Next follow-up with Cy Diaz: {day(120)}."),
    (120, f"Next follow-up with Cy Diaz: {day(121)} (snoozed until {day(120)})."),
    (121, f"Next follow-up with Cy Diaz: {day(122)} (snoozed until {day(121)})."),
])
def test_next_follow_up_around_the_snooze_boundary(tmp_path, snooze, expected):
    """Due 120 days after today's touch: a snooze ending the day before changes nothing, from the due day on it moves it."""
    rows = people_rows()
    rows["Contacts"][2]["Snooze Until"] = day(snooze)
    path = make_tracker("plain", tmp_path / "t.xlsx", rows)
    assert run("log", str(path), "Cy Diaz").output.rstrip().endswith(expected)


@pytest.mark.parametrize("sent_on, marked", [(-3, True), (-4, False)])
def test_a_thank_you_only_counts_for_interviews_held_by_then(tmp_path, sent_on, marked):
    """A note dated the interview's day thanks for it; one dated the day before cannot."""
    path = make_tracker("plain", tmp_path / "t.xlsx")
    result = run("log", str(path), "Ann Lee", "--type", "Thank-you note", "--date", day(sent_on).isoformat())
    assert ("thank-you marked sent" in result.output) is marked
    assert (openpyxl.load_workbook(path)["Interviews"]["J3"].value is not None) is marked


def test_a_chosen_medium_is_kept(tmp_path):
    """A Thank-You Medium already filled in stays as it was; only the blank Thank-You Sent is set."""
    rows = people_rows()
    rows["Interviews"][1]["Thank-You Medium"] = "Handwritten card"
    path = make_tracker("tables", tmp_path / "t.xlsx", rows)
    assert run("log", str(path), "Ann Lee", "--type", "Thank-you note", "--channel", "Email").exit_code == 0
    ws = openpyxl.load_workbook(path)["Interviews"]
    assert ws["K3"].value == "Handwritten card" and ws["J3"].value == dt.datetime.combine(TODAY, dt.time())


def test_a_symlinked_tracker_stays_a_link(tmp_path):
    """Logging through a symlink updates the file it points at and leaves the link a link."""
    target = make_tracker("plain", tmp_path / "real.xlsx")
    link = tmp_path / "link.xlsx"
    link.symlink_to(target)
    assert run("log", str(link), "Bo Chen").exit_code == 0
    assert link.is_symlink() and follow_ups(target)[1][-1][0] == "Bo Chen"


def test_a_tracker_without_follow_ups_sheet_says_what_to_add(tmp_path):
    """With no Follow-Ups sheet the log exits 2 and names the headers the sheet needs."""
    path = make_tracker("plain", tmp_path / "t.xlsx")
    book = openpyxl.load_workbook(path)
    del book["Follow-Ups"]
    book.save(path)
    result = run("log", str(path), "Bo Chen")
    assert result.exit_code == 2
    assert "t.xlsx has no 'Follow-Ups' sheet to write to; add one with the headers Contact, Date" in result.output


def test_a_touch_without_type_says_so(tmp_path):
    """With no --type the line speaks of a touch, and the row's Type stays blank."""
    path = make_tracker("plain", tmp_path / "t.xlsx")
    result = run("log", str(path), "Bo Chen", "--channel", "Phone")
    assert result.output.startswith(f"Logged a touch by Phone with Bo Chen on {TODAY} (Follow-Ups row 3).")
    assert follow_ups(path)[1][-1][2:4] == [None, "Phone"]
