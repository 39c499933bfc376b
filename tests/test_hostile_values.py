"""Values nobody meant to type: huge numbers, dates at the calendar's ends, control characters, odd paths."""

import datetime as dt
import email
import email.header
import json
import os

import icalendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from builders import TEMPLATE, TODAY, contact, day, write_tracker
from click.testing import CliRunner

from toolkit.cli import cli
from toolkit.review.checker import review
from toolkit.review.model import shifted
from toolkit.review.reader import read_tracker
from toolkit.safe_text import json_text, one_line, visible

WHOLE_SETTINGS = [s for s in TEMPLATE.settings if s.type == "whole"]
ESC = "\x1b"


def invoke(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def met(name="Ann Lee", **values):
    """A contact met 300 days ago and thanked that day, so follow-ups, drafts and reminders all have work."""
    return {"Contacts": [contact(name, **values)],
            "Interviews": [{"Contact": name, "Date": day(-300), "Thank-You Sent": day(-300)},
                           {"Contact": name, "Date": day(-1)}],
            "Promises": [{"Contact": name, "Direction": "I offered", "Promise": "Send the article", "Made On": day(-30)}],
            "Leads": [{"Name": "Dee Ray", "Suggested By": name, "Suggested On": day(-30)}]}


def run_all(path, today=TODAY):
    """check (with and without writing), draft and remind on one tracker; every exit code must be 0 or 1."""
    results = [invoke("check", path, "--today", today, "--no-write"), invoke("check", path, "--today", today, "--format", "json"),
               invoke("draft", path, "--today", today, "--out", path.parent / "drafts"),
               invoke("remind", path, "--today", today, "-o", path.parent / "r.ics")]
    for result in results:
        assert result.exit_code in (0, 1), result.output
        assert "unexpected problem" not in result.output
    return results


# ----------------------------------------------------------------- date sums
def test_shifted_moves_dates_and_saturates_at_the_calendar_ends():
    """A date sum past 9999-12-31 or before 0001-01-01 stops there instead of raising OverflowError."""
    assert shifted(TODAY, 7) == day(7) and shifted(TODAY, -364) == day(-364)
    assert shifted(dt.date(9999, 12, 30), 1) == dt.date.max and shifted(dt.date(9999, 12, 30), 2) == dt.date.max
    assert shifted(dt.date(1, 1, 2), -1) == dt.date.min and shifted(dt.date(1, 1, 2), -2) == dt.date.min
    assert shifted(TODAY, 10**30) == dt.date.max and shifted(TODAY, -(10**30)) == dt.date.min


@pytest.mark.parametrize("today", [dt.date(1, 1, 1), dt.date(1, 1, 2), dt.date(9999, 12, 30), dt.date(9999, 12, 31)])
def test_commands_run_on_any_today(tmp_path, today):
    """--today 0001-01-02 or 9999-12-31 gives a report, drafts and a calendar, never an overflow."""
    path = write_tracker(tmp_path / "t.xlsx", met(), settings={"Your Name": "Sam Poe"})
    run_all(path, today)
    assert invoke("check", path, "--today", today).exit_code in (0, 1)  # and the Status sheet is written


def test_dates_at_the_calendar_ends_in_every_date_column(tmp_path):
    """Dates typed as 0001-01-01 or 9999-12-31 are read and scheduled without overflowing."""
    last, first = "9999-12-31", "0001-01-01"
    path = write_tracker(tmp_path / "t.xlsx", {
        "Contacts": [contact("Ann Lee", **{"Snooze Until": first}), contact("Bo Li", **{"Snooze Until": last})],
        "Interviews": [{"Contact": "Ann Lee", "Date": last}, {"Contact": "Bo Li", "Date": first, "Thank-You Sent": last},
                       {"Contact": "Bo Li", "Date": last, "Outcome": "Scheduled"}],
        "Promises": [{"Contact": "Ann Lee", "Direction": "I offered", "Promise": "x", "Made On": last},
                     {"Contact": "Bo Li", "Direction": "They offered", "Promise": "y", "Made On": first, "Due Date": last}],
        "Follow-Ups": [{"Contact": "Bo Li", "Date": first}, {"Contact": "Ann Lee", "Date": last}],
        "Leads": [{"Name": "Cy", "Suggested By": "Ann Lee", "Suggested On": last}, {"Name": "Di", "Suggested By": "Bo Li"}],
    }, settings={"Landed Job On": last})
    for today in (dt.date.min, TODAY, dt.date.max):
        run_all(path, today)
    tracker, _report = review(path, dt.date.max)
    assert [due for _row, due in tracker.open_promises] == [dt.date.max, dt.date.max]  # 9999-12-31 + 7 days holds


def test_snooze_forever_puts_the_follow_up_on_the_last_day(tmp_path):
    """Snooze Until 9999-12-31 (a common 'forever'): the calendar entry sits on that day, with no DTEND past it."""
    path = write_tracker(tmp_path / "t.xlsx", met(**{"Snooze Until": "9999-12-31"}))
    result = invoke("remind", path, "--today", TODAY, "-o", tmp_path / "r.ics")
    assert result.exit_code == 0, result.output
    events = {str(e["SUMMARY"]): e for e in icalendar.Calendar.from_ical((tmp_path / "r.ics").read_bytes()).walk("VEVENT")}
    follow_up = events["Get back in touch with Ann Lee"]
    assert follow_up.decoded("DTSTART") == dt.date.max and "DTEND" not in follow_up
    assert events["Send a thank-you to Ann Lee"].decoded("DTEND") == TODAY + dt.timedelta(days=1)


# ----------------------------------------------------------- number ranges
@pytest.mark.parametrize("setting", WHOLE_SETTINGS, ids=lambda s: s.setting)
def test_every_whole_setting_has_a_range(setting):
    """The template bounds every whole-number setting, with its default inside the range."""
    assert setting.min is not None and setting.max is not None
    assert setting.min <= setting.default <= setting.max


@pytest.mark.parametrize("setting", WHOLE_SETTINGS, ids=lambda s: s.setting)
def test_a_setting_past_its_range_is_a_finding_and_the_default_is_used(tmp_path, setting):
    """One past the maximum (and one below the minimum) names the Value cell; the default is used; the maximum is fine."""
    for value, bad in ((setting.max + 1, True), (setting.min - 1, True), (setting.max, False), (str(setting.max), False)):
        path = write_tracker(tmp_path / "t.xlsx", settings={"Your Name": "Sam", setting.setting: value})
        data = read_tracker(path)
        found = [(f.rule, f.sheet, f.cell) for f in data.findings]
        if bad:
            assert found == [("data-bad-number", "Settings", "B3")]
            assert f"from {setting.min} to {setting.max}" in data.findings[0].message
            assert data.settings[setting.setting] == setting.default
        else:
            assert found == [] and data.settings[setting.setting] == setting.max


@pytest.mark.parametrize("setting, value", [
    ("Promise Window (days)", 99999999), ("Thank-You Window (hours)", 10**12), ("Follow Up Every (days)", 5000000),
    ("Prep Reminder (days)", 10**9), ("Lead Window (days)", 10**9), ("Max Follow-Ups per Year", 10**15),
    ("Promise Window (days)", "9" * 5000), ("Thank-You Window (hours)", 1e300),
])
def test_huge_settings_are_findings_not_crashes(tmp_path, setting, value):
    """The values from issue 13 give a data-bad-number on the cell and every command still runs."""
    path = write_tracker(tmp_path / "t.xlsx", met(), settings={setting: value})
    check, as_json = run_all(path)[:2]
    assert "data-bad-number" in as_json.output and "Settings!B2" in check.output


def test_a_contacts_huge_interval_is_a_finding_and_the_setting_is_used(tmp_path):
    """Follow Up Every (days) 5000000 on a contact names its cell; the Settings interval (120) schedules them."""
    path = write_tracker(tmp_path / "t.xlsx", met(**{"Follow Up Every (days)": 5000000}))
    tracker, report = review(path, TODAY)
    cell = tracker.sheet("Contacts").cell("Follow Up Every (days)", 2)
    assert [(f.rule, f.cell) for f in report.findings if f.rule.startswith("data-")] == [("data-bad-number", cell)]
    assert [due for _contact, _last, due in tracker.follow_up_schedule] == [day(-1 + 120)]
    run_all(path)


def test_interval_at_the_range_limit_is_used(tmp_path):
    """Follow Up Every (days) at the column's maximum is accepted as the contact's interval."""
    highest = TEMPLATE.sheet("Contacts").column("Follow Up Every (days)").max
    path = write_tracker(tmp_path / "t.xlsx", met(**{"Follow Up Every (days)": highest}))
    tracker, report = review(path, TODAY)
    assert not [f for f in report.findings if f.rule.startswith("data-")]
    assert [due for _contact, _last, due in tracker.follow_up_schedule] == [day(-1 + highest)]


# -------------------------------------------------------- control characters
def test_visible_replaces_every_control_character_but_tab_and_line_feed():
    """ESC, BEL, CR, DEL and the C1 CSI become pictures; tab, line feed and ordinary text stay."""
    assert visible("a\x1b[2Jb\x07\r\x7f\x9b\tc\nd") == "a\u241b[2Jb\u2407\u240d\u2421\ufffd\tc\nd"
    assert one_line("Sam\nEvil\r\n\x1b]0;x\x07") == "Sam Evil \u241b]0;x\u2407"
    assert all(visible(chr(c)) != chr(c) for c in [*range(0x20), *range(0x7F, 0xA0)] if chr(c) not in "\t\n")


def test_json_escapes_what_json_dumps_leaves_raw():
    """json.dumps(ensure_ascii=False) passes DEL and C1 controls through raw; json_text escapes them and round-trips."""
    raw = json.dumps({"m": "a\x1b\x9b\x7fb"}, ensure_ascii=False)
    assert "\x9b" in raw and "\x7f" in raw  # why json_text exists
    safe = json_text({"m": "a\x1b\x9b\x7fb é"})
    assert not any(0x7F <= ord(c) <= 0x9F or ord(c) < 0x20 for c in safe)
    assert json.loads(safe) == {"m": "a\x1b\x9b\x7fb é"}


HOSTILE = f"Ann{ESC}[2J{ESC}]0;owned\x07 Lee\x9b31m"  # clear screen, retitle the terminal, an 8-bit CSI


def hostile_tracker(tmp_path):
    """Control characters in a name, a promise, a takeaway and Your Name, stored as Excel's _xHHHH_ escapes."""
    escaped = "Ann_x001B_[2J_x001B_]0;owned_x0007_ Lee\x9b31m"
    data = met(escaped)
    data["Promises"][0]["Promise"] = "Send_x001B_[31m the\r\narticle"
    data["Interviews"][1]["Key Takeaways"] = "Line one_x0007_\nLine two"
    return write_tracker(tmp_path / "t.xlsx", data, settings={"Your Name": "Sam\nPoe_x001B_[5m", "Your Email": "sam@example.com"})


def assert_no_controls(text: str) -> None:
    assert not [c for c in text if (ord(c) < 0x20 and c not in "\t\n") or 0x7F <= ord(c) <= 0x9F], repr(text)


def test_the_hostile_name_reaches_the_reader_unchanged(tmp_path):
    """The reader keeps the cell as typed (the escapes decoded): only the outputs make it safe."""
    tracker, _report = review(hostile_tracker(tmp_path), TODAY)
    assert tracker.contacts["Name"].tolist() == [HOSTILE]


def test_no_command_prints_a_control_character(tmp_path):
    """check (text and JSON), draft and remind print the cell's text with its controls made visible."""
    path = hostile_tracker(tmp_path)
    check, as_json, drafted, reminded = run_all(path)
    for result in (check, as_json, drafted, reminded):
        assert_no_controls(result.output)
    assert "Ann\u241b[2J\u241b]0;owned\u2407 Lee\ufffd31m" in check.output
    finding = json.loads(as_json.output)["findings"]
    assert HOSTILE in {f["contact"] for f in finding}  # JSON keeps the value itself, escaped


def test_a_message_about_a_hostile_file_name_is_made_safe(tmp_path):
    """An error naming a file whose name holds ESC prints it visibly, on one line."""
    result = invoke("check", tmp_path / f"x{ESC}]0;owned\x07\n.xlsx")
    assert result.exit_code == 2
    assert_no_controls(result.output)
    assert result.output.count("\n") == 1 and "\u241b]0;owned\u2407" in result.output


def test_calendar_text_is_escaped(tmp_path):
    """A line break in Your Name and control characters in names and promises give a valid calendar without them."""
    path = hostile_tracker(tmp_path)
    result = invoke("remind", path, "--today", TODAY, "-o", tmp_path / "r.ics")
    assert result.exit_code == 0, result.output
    data = (tmp_path / "r.ics").read_bytes().decode("utf-8")
    assert_no_controls(data.replace("\r\n", "\n"))
    calendar = icalendar.Calendar.from_ical(data)
    assert str(calendar["X-WR-CALNAME"]) == "Informational interviews (Sam Poe\u241b[5m)"
    summaries = {str(e["SUMMARY"]) for e in calendar.walk("VEVENT")}
    assert "Overdue: Keep your promise to Ann\u241b[2J\u241b]0;owned\u2407 Lee\ufffd31m: Send\u241b[31m the article" in summaries


def test_draft_headers_hold_no_line_break_or_control(tmp_path):
    """Your Name with a line break cannot add a header to the draft; control characters become pictures."""
    path = hostile_tracker(tmp_path)
    result = invoke("draft", path, "--today", TODAY, "--out", tmp_path / "drafts")
    assert result.exit_code == 0, result.output
    [eml] = (tmp_path / "drafts").glob("*.eml")
    message = email.message_from_bytes(eml.read_bytes())
    assert sorted(message.keys()) == sorted(["Content-Type", "MIME-Version", "Content-Transfer-Encoding", "X-Unsent", "From", "Subject"])
    subject = str(email.header.make_header(email.header.decode_header(message["Subject"])))
    sender = str(email.header.make_header(email.header.decode_header(message["From"])))
    assert subject.endswith("– Sam Poe\u241b[5m") and sender == "Sam Poe\u241b[5m <sam@example.com>"
    assert message.get_payload(decode=True).decode("utf-8").startswith("Dear Ann\u241b[2J\u241b]0;owned\u2407,")


# -------------------------------------------------------------------- paths
@pytest.mark.parametrize("command", [["check"], ["check", "--no-write"], ["draft"], ["remind", "-o", "r.ics"]])
def test_a_folder_named_like_a_workbook_gets_one_line(tmp_path, command):
    """A folder named x.xlsx (with or without a trailing slash) is the library's one-line message, not a usage error."""
    (tmp_path / "x.xlsx").mkdir()
    for given in (str(tmp_path / "x.xlsx"), str(tmp_path / "x.xlsx") + "/"):
        result = invoke(command[0], given, *command[1:])
        assert result.exit_code == 2
        assert result.output.startswith("Error: ") and result.output.count("\n") == 1, result.output
        assert "is a folder" in result.output and "Usage:" not in result.output


def test_new_onto_a_folder_and_outputs_onto_the_wrong_kind_get_one_line(tmp_path):
    """new onto a folder, remind -o or summary -o a folder, draft --out a file: one line each, exit 2."""
    (tmp_path / "x.xlsx").mkdir()
    (tmp_path / "cal.ics").mkdir()
    tracker = write_tracker(tmp_path / "t.xlsx", met())
    for args, says in ((["new", tmp_path / "x.xlsx", "--force"], "is a folder"),
                       (["remind", tracker, "--today", TODAY, "-o", tmp_path / "cal.ics"], "is a folder"),
                       (["draft", tracker, "--today", TODAY, "--out", tracker], "is a file, not a folder"),
                       (["summary", tracker, "--today", TODAY, "-o", tmp_path / "x.xlsx"], "is a folder")):
        result = invoke(*args)
        assert result.exit_code == 2 and result.output.count("\n") == 1 and says in result.output, result.output


def test_an_unreadable_workbook_gets_one_line(tmp_path, monkeypatch):
    """A file the user may not read (chmod 000; as root, a refused open) is a one-line message naming it."""
    path = write_tracker(tmp_path / "t.xlsx", met())
    path.chmod(0)
    if os.geteuid() == 0:  # root reads anything: make the library's open refuse as the kernel would

        def refuse(name, *args, **kwargs):
            raise PermissionError(13, "Permission denied", str(name))

        monkeypatch.setattr("toolkit.xlsx.userfile.open", refuse, raising=False)
    try:
        result = invoke("check", path, "--no-write")
    finally:
        path.chmod(0o644)
    assert result.exit_code == 2 and result.output.count("\n") == 1, result.output
    assert "cannot read it (Permission denied); check its permissions" in result.output


def test_summary_shows_hostile_seekers_safely_on_any_today(tmp_path):
    """A counselor's summary prints a seeker's ESC-laden name visibly, escapes it in JSON, and runs on any --today."""
    folder = tmp_path / "seekers"
    folder.mkdir()
    hostile_tracker(folder)
    write_tracker(folder / "plain.xlsx", met("Bo Li"), settings={"Your Name": "Bo"})
    for today in (dt.date.min, dt.date(1, 1, 2), TODAY, dt.date.max):
        for output in ("text", "json"):
            result = invoke("summary", folder, "-o", tmp_path / "caseload.xlsx", "--today", today, "--format", output, "--force")
            assert result.exit_code == 0, result.output
            assert_no_controls(result.output)
    assert {t["seeker"] for t in json.loads(result.output)["trackers"]} == {"Sam\nPoe\x1b[5m", "Bo"}
    text = invoke("summary", folder, "-o", tmp_path / "caseload.xlsx", "--today", TODAY, "--force").output
    assert "Sam Poe\u241b[5m (t.xlsx)" in text


@settings(max_examples=3000, deadline=None)
@given(st.one_of(st.text(), st.text(alphabet=" ab\t\n\x7f\x1b\u2028é", max_size=12), st.integers()))
def test_one_line_answers_as_its_slow_path_does(text):
    """Plain printable ASCII is returned as it is; anything else is joined and made visible as before."""
    from toolkit.safe_text import one_line, visible

    assert one_line(text) == visible(" ".join(str(text).split()))
