"""`tracker remind`: the calendar is parsed back and compared with the workbook it came from."""

import datetime as dt
import re

import icalendar
import openpyxl
import pytest
from builders import TODAY, contact, day, write_tracker
from click.testing import CliRunner

from toolkit.cli import cli
from toolkit.review.checker import review

SEEKER = {"Your Name": "Jordan Rivera"}


def remind(path, today=TODAY, output=None):
    """Run the CLI and return {summary: (start day, description, uid)} of the calendar it wrote."""
    output = output or path.with_suffix(".ics")
    result = CliRunner().invoke(cli, ["remind", str(path), "-o", str(output), "--today", today.isoformat()])
    assert result.exit_code == 0, result.output
    calendar = icalendar.Calendar.from_ical(output.read_bytes())
    return {str(e["SUMMARY"]): (e.decoded("DTSTART"), str(e["DESCRIPTION"]), str(e["UID"])) for e in calendar.walk("VEVENT")}


def test_every_kind_of_dated_action_becomes_an_entry(tmp_path):
    """Thank-you, promises both ways, follow-up, prep, lead, outcome and job news, each on the right day."""
    path = write_tracker(tmp_path / "t.xlsx", {
        "Contacts": [contact("Ann Lee"), contact("Ben Ode"), contact("Cy Park", **{"Follow Up Every (days)": 30})],
        "Interviews": [{"Contact": "Ann Lee", "Date": day(-1)},
                       {"Contact": "Ben Ode", "Date": day(5)},
                       {"Contact": "Cy Park", "Date": day(-20), "Thank-You Sent": day(-20)},
                       {"Contact": "Ann Lee", "Date": day(-3), "Outcome": "Scheduled"}],
        "Promises": [{"Contact": "Ann Lee", "Direction": "I offered", "Promise": "Send the article", "Due Date": day(10)},
                     {"Contact": "Cy Park", "Direction": "They offered", "Promise": "Intro to Dee", "Made On": day(-20)}],
        "Leads": [{"Name": "Dee Ray", "Suggested By": "Cy Park", "Suggested On": day(-2)}],
    }, settings={**SEEKER, "Landed Job On": day(-1)})
    entries = remind(path)
    days = {summary: entry[0] for summary, entry in entries.items()}
    assert days == {
        "Send a thank-you to Ann Lee": TODAY,  # due today: not overdue
        "Prepare for your interview with Ben Ode on " + day(5).isoformat(): day(3),  # Prep Reminder 2 days
        "Keep your promise to Ann Lee: Send the article": day(10),
        "Overdue: Gently remind Cy Park of their offer: Intro to Dee": TODAY,  # Made On + 7 days passed
        "Get back in touch with Cy Park": day(10),  # last touch day(-20) + 30
        "Reach out to Dee Ray, suggested by Cy Park": day(12),  # Suggested On + 14
        "Overdue: Update the outcome of your interview with Ann Lee": TODAY,
        "Overdue: Tell Cy Park about your new job": TODAY,
        "Get back in touch with Ann Lee": day(119),  # the held interview is the last touch; + 120 days
    }
    description = entries["Overdue: Gently remind Cy Park of their offer: Intro to Dee"][1]
    assert description.startswith(f"Overdue since {day(-13)}.")
    assert description.endswith('Send the reminder, then record it: `tracker log t.xlsx "Cy Park" --type Catch-up`. '
                                "When they have done it, fill in Done On in Promises!F3.")
    assert entries["Send a thank-you to Ann Lee"][1].endswith(
        'Send it, then record it: `tracker log t.xlsx "Ann Lee" --type "Thank-you note"`, or fill in Thank-You Sent in Interviews!J2.')
    assert entries["Get back in touch with Cy Park"][1].endswith(
        'Send it, then record it on Follow-Ups or with `tracker log t.xlsx "Cy Park" --type "Career update"`.')


def test_every_cell_an_entry_names_is_where_its_step_is_recorded(sample_tracker, tmp_path):
    """No entry points at a cell that is not where the step is recorded (no "update Contacts!A7"); each says how to record it."""
    output = tmp_path / "r.ics"
    assert CliRunner().invoke(cli, ["remind", str(sample_tracker), "-o", str(output), "--today", TODAY.isoformat()]).exit_code == 0
    calendar = icalendar.Calendar.from_ical(output.read_bytes())
    recorded_in = {"Thank-You Sent": "Interviews!J", "Prepared": "Interviews!F", "Done On": "Promises!F",
                   "Status": "Leads!F", "Held, Cancelled or Rescheduled": "Interviews!E"}
    for event in calendar.walk("VEVENT"):
        description = str(event["DESCRIPTION"])
        cells = re.findall(r"\b([A-Z][\w-]+![A-Z]+\d+)", description)
        for cell in cells:
            assert any(header in description and cell.startswith(column) for header, column in recorded_in.items()), description
        assert "tracker log" in description or cells, description
        assert "update Contacts" not in description and "When it is done, update" not in description


def test_report_back_entry_says_one_thing_to_do(sample_tracker, tmp_path):
    """The report-back entry says to send the note and record it as a Report back, and names no Leads cell to update."""
    output = tmp_path / "r.ics"
    CliRunner().invoke(cli, ["remind", str(sample_tracker), "-o", str(output), "--today", TODAY.isoformat()])
    event, = (e for e in icalendar.Calendar.from_ical(output.read_bytes()).walk("VEVENT") if e["CATEGORIES"].cats[-1] == "report-back")
    assert str(event["DESCRIPTION"]).endswith(
        "Send it, then record it on Follow-Ups (Type Report back) or with "
        """`tracker log sample.xlsx "Grace O'Connor" --type "Report back"`.""")
    assert "Leads!" not in str(event["DESCRIPTION"])


def test_report_back_deadlines_from_the_day_the_lead_was_contacted(tmp_path):
    """A lead contacted 3 days ago: report back by Contacted On + 7; one contacted 8 days ago is overdue; a told suggester gets none."""
    path = write_tracker(tmp_path / "t.xlsx", {
        "Contacts": [contact("Ann Lee"), contact("Bo Diaz"), contact("Cy Ng")],
        "Leads": [{"Name": "Dee Ray", "Suggested By": "Ann Lee", "Status": "Contacted", "Contacted On": day(-3)},
                  {"Name": "Eve Fox", "Suggested By": "Bo Diaz", "Status": "Contacted", "Contacted On": day(-8)},
                  {"Name": "Gus Hall", "Suggested By": "Cy Ng", "Status": "Contacted", "Contacted On": day(-8)}],
        "Follow-Ups": [{"Contact": "Cy Ng", "Date": day(-1), "Type": "Report back"}],
    })
    entries = remind(path)
    assert {summary: entry[0] for summary, entry in entries.items() if "how it went" in summary} == {
        "Tell Ann Lee how it went with Dee Ray": day(4),
        "Overdue: Tell Bo Diaz how it went with Eve Fox": TODAY,
    }
    assert "--type \"Report back\"" in entries["Overdue: Tell Bo Diaz how it went with Eve Fox"][1]


@pytest.mark.parametrize("interview_day, expected", [(-1, TODAY), (-2, TODAY)])
def test_thank_you_deadline_boundary(tmp_path, interview_day, expected):
    """The deadline day itself is 'due'; the day after it the entry says overdue and sits on today."""
    path = write_tracker(tmp_path / "t.xlsx", {"Contacts": [contact("Ann Lee")],
                                               "Interviews": [{"Contact": "Ann Lee", "Date": day(interview_day)}]})
    overdue = interview_day == -2
    (summary, (start, description, _uid)), = [e for e in remind(path).items() if "thank-you" in e[0]]
    assert start == expected
    assert summary == ("Overdue: " if overdue else "") + "Send a thank-you to Ann Lee"
    assert description.startswith(f"Overdue since {day(-1)}." if overdue else f"Due {TODAY}.")


def test_snoozed_follow_up_waits_until_the_snooze_ends(tmp_path):
    """A contact snoozed past the due date is reminded the day after Snooze Until."""
    path = write_tracker(tmp_path / "t.xlsx", {
        "Contacts": [contact("Ann Lee", **{"Snooze Until": day(10)})],
        "Interviews": [{"Contact": "Ann Lee", "Date": day(-200), "Thank-You Sent": day(-200)}]})
    assert remind(path)["Get back in touch with Ann Lee"][0] == day(11)


def test_contacts_without_reminders_get_none(tmp_path):
    """Do not contact, Dormant, and an upcoming interview all mean no follow-up entry."""
    path = write_tracker(tmp_path / "t.xlsx", {
        "Contacts": [contact("Ann Lee", Relationship="Dormant"), contact("Ben Ode", Relationship="Do not contact"), contact("Cy Park")],
        "Interviews": [{"Contact": n, "Date": day(-200), "Thank-You Sent": day(-200)} for n in ("Ann Lee", "Ben Ode", "Cy Park")]
        + [{"Contact": "Cy Park", "Date": day(30), "Prepared": "Yes"}]})
    result = CliRunner().invoke(cli, ["remind", str(path), "-o", str(tmp_path / "r.ics"), "--today", TODAY.isoformat()])
    assert result.exit_code == 0 and "Nothing dated" in result.output and not (tmp_path / "r.ics").exists()


def test_uids_are_stable_across_runs_days_and_row_order(tmp_path):
    """Same subjects give the same UIDs: rerun, a later day, and rows sorted differently."""
    rows = {
        "Contacts": [contact("Ann Lee"), contact("Ben Ode")],
        "Interviews": [{"Contact": "Ann Lee", "Date": day(-1)}, {"Contact": "Ben Ode", "Date": day(-1)}],
        "Promises": [{"Contact": "Ann Lee", "Direction": "I offered", "Promise": "Send it", "Due Date": day(9)},
                     {"Contact": "Ann Lee", "Direction": "I offered", "Promise": "Send it", "Due Date": day(9)}],
    }
    first = write_tracker(tmp_path / "a.xlsx", rows)
    reordered = write_tracker(tmp_path / "b.xlsx", {name: list(reversed(r)) for name, r in rows.items()})

    def uids(path, today=TODAY):
        output = path.with_suffix(f".{today}.ics")
        CliRunner().invoke(cli, ["remind", str(path), "-o", str(output), "--today", today.isoformat()])
        return sorted(str(e["UID"]) for e in icalendar.Calendar.from_ical(output.read_bytes()).walk("VEVENT"))

    once = uids(first)
    assert len(once) == len(set(once)) == 6  # two thank-yous, two follow-ups, two identical promises told apart
    assert uids(first) == once
    assert uids(reordered) == once
    later = uids(first, TODAY + dt.timedelta(days=3))  # now overdue: same entries, same UIDs
    assert later == once


def test_uid_follows_the_subject_not_the_date(tmp_path):
    """A follow-up moves when a new touch is logged, keeping its UID so the calendar updates it."""
    path = write_tracker(tmp_path / "t.xlsx", {
        "Contacts": [contact("Ann Lee")],
        "Interviews": [{"Contact": "Ann Lee", "Date": day(-200), "Thank-You Sent": day(-200)}]})
    before = remind(path)["Overdue: Get back in touch with Ann Lee"]
    book = openpyxl.load_workbook(path)
    book["Follow-Ups"].append(["Ann Lee", day(-1), "Catch-up"])
    book.save(path)
    after = remind(path)["Get back in touch with Ann Lee"]
    assert after[0] == day(119) and after[2] == before[2]


def test_calendar_is_valid_icalendar(tmp_path, sample_tracker):
    """VERSION, PRODID, and per entry UID, DTSTAMP, all-day DTSTART/DTEND and an alarm; lines folded at 75 octets."""
    output = tmp_path / "r.ics"
    result = CliRunner().invoke(cli, ["remind", str(sample_tracker), "-o", str(output), "--today", TODAY.isoformat()])
    assert result.exit_code == 0 and f"to {output}" in result.output
    raw = output.read_bytes()
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
    calendar = icalendar.Calendar.from_ical(raw)
    assert str(calendar["VERSION"]) == "2.0" and "tracker remind" in str(calendar["PRODID"])
    events = list(calendar.walk("VEVENT"))
    context, report = review(sample_tracker, TODAY)
    assert len(events) >= len([f for f in report.findings if f.due is not None])
    for event in events:
        start, end = event.decoded("DTSTART"), event.decoded("DTEND")
        assert type(start) is dt.date and end == start + dt.timedelta(days=1) and start >= TODAY
        assert event["UID"] and event["DTSTAMP"] and list(event.walk("VALARM"))
    assert str(calendar["X-WR-CALNAME"]) == "Informational interviews (Jordan Rivera)"


def test_every_finding_with_a_due_date_has_an_entry(sample_tracker, tmp_path):
    """The calendar covers every dated finding of check: no dated action is left out."""
    entries = remind(sample_tracker, output=tmp_path / "r.ics")
    _context, report = review(sample_tracker, TODAY)
    texts = " ".join(entries)
    for finding in report.findings:
        if finding.due is not None:
            assert finding.contact in texts, finding


@pytest.mark.parametrize("args, message", [
    (["-o", "reminders.txt"], "must end in .ics"),
    (["-o", "no-such-folder/r.ics"], "no such folder"),
])
def test_bad_output_is_one_line(tmp_path, sample_tracker, monkeypatch, args, message):
    """A wrong suffix or a missing folder exits 2 with one line."""
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["remind", str(sample_tracker), *args, "--today", TODAY.isoformat()])
    assert result.exit_code == 2 and message in result.output and "Traceback" not in result.output


def test_unreadable_workbook_is_one_line(tmp_path):
    """A missing tracker exits 2 before anything is written."""
    result = CliRunner().invoke(cli, ["remind", str(tmp_path / "none.xlsx"), "-o", str(tmp_path / "r.ics")])
    assert result.exit_code == 2 and not (tmp_path / "r.ics").exists()


def test_entries_for_rows_without_a_name_say_so(tmp_path):
    """A promise or lead whose name is blank still gets an entry, never one that says 'None'."""
    path = write_tracker(tmp_path / "t.xlsx", {
        "Contacts": [contact("Ann Lee")],
        "Promises": [{"Direction": "I offered", "Promise": "Send it", "Made On": day(-30)}],
        "Leads": [{"Suggested By": "Ann Lee", "Suggested On": day(-30)}]})
    assert set(remind(path)) == {"Overdue: Keep your promise to (name missing): Send it",
                                 "Overdue: Reach out to (name missing), suggested by Ann Lee"}
