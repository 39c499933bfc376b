"""`tracker sync`: what the seeker's own mail and calendar say they did becomes rows, once, and nothing else changes."""

from __future__ import annotations

import datetime as dt
import re
import shlex
from pathlib import Path

import openpyxl
import pytest
from builders import TODAY, day, flat, write_tracker
from capture_books import changed_parts, parts, run, sheet_parts
from click.testing import CliRunner
from mail_books import ME, event, message, sync_rows, write_eml_folder, write_ics, write_maildir, write_mbox

from toolkit.capture.sync import sync
from toolkit.cli import cli
from toolkit.review.checker import check
from toolkit.review.new_tracker import create_tracker

ROOT = Path(__file__).resolve().parent.parent
UTC = dt.UTC
ANN, BO, CY = "ann.lee@northwind.example", "bo@tailspin.example", "cy@work.example"


def tracker(tmp_path, kind: str = "tables", landed: dt.date | None = None, name: str = "t.xlsx"):
    rows, settings = sync_rows(landed)
    path = tmp_path / name
    return create_tracker(path, rows, settings) if kind == "tables" else write_tracker(path, rows, settings)


def sheet_rows(path, sheet: str, columns: int) -> list[list]:
    ws = openpyxl.load_workbook(path)[sheet]
    headers = [c.value for c in ws[1]][:columns]
    return [dict(zip(headers, [c.value for c in row[:columns]])) for row in ws.iter_rows(min_row=2) if row[0].value is not None]


def follow_ups(path) -> list[dict]:
    return sheet_rows(path, "Follow-Ups", 6)


def interviews(path) -> list[dict]:
    return sheet_rows(path, "Interviews", 13)


def synced(path, *sources, **options):
    return sync(path, [str(s) for s in sources], TODAY, zone=UTC, **options)


@pytest.mark.parametrize("kind", ["tables", "plain"])
def test_a_thank_you_within_the_window_marks_the_interview(tmp_path, kind):
    """Mail to Ann the day after her interview fills Thank-You Sent, Medium Email and Source; the finding clears."""
    path = tracker(tmp_path, kind)
    assert flat(check(path, TODAY), "thank-you-overdue") == [("thank-you-overdue", "Interviews", 2)]
    mbox = write_mbox(tmp_path / "Sent.mbox", [message(ANN.upper(), day(-2), "Thank you", message_id="<ty@x>")])
    result = synced(path, mbox)
    ann = interviews(path)[0]
    assert (ann["Thank-You Sent"], ann["Thank-You Medium"], ann["Source"]) == (dt.datetime.combine(day(-2), dt.time()), "Email", "<ty@x>")
    assert flat(check(path, TODAY), "thank-you-overdue", "thank-you-due") == []
    assert follow_ups(path)[1:] == []
    assert f"    {day(-2)}  thank-you sent, for the interview on {day(-3)} (Interviews row 2): \"Thank you\"" in result.lines()


@pytest.mark.parametrize("sent_on, thanked, follow_up", [
    (dt.datetime.combine(day(-3), dt.time(13, 59), UTC), False, False),  # before the talk: logistics, on a day with a touch
    (dt.datetime.combine(day(-3), dt.time(14, 0), UTC), True, False),
    (dt.datetime.combine(day(-2), dt.time(23, 59), UTC), True, False),  # the last day of the window
    (dt.datetime.combine(day(-1), dt.time(0, 1), UTC), False, True),  # the day after the window: a follow-up instead
])
def test_the_thank_you_window_boundaries(tmp_path, sent_on, thanked, follow_up):
    """Only mail from the interview's start time to the end of the window's last day is the thank-you."""
    path = tracker(tmp_path)
    synced(path, write_mbox(tmp_path / "Sent.mbox", [message(ANN, sent_on, "Notes")]))
    assert (interviews(path)[0]["Thank-You Sent"] is not None) is thanked
    assert len(follow_ups(path)) == (2 if follow_up else 1)


@pytest.mark.parametrize("subject, body, landed, expected", [
    ("Catching up", "How are things at Tailspin?", None, "Catch-up"),
    ("Saw this", "Thought of you: https://example.org/research-ops\n", None, "Article or link"),
    ("Dee Fox", "We spoke on Monday.", None, "Report back"),
    ("News", "I talked to dee  FOX last week, thank you!", None, "Report back"),
    ("Hello", "> quoted from you: https://example.org/old\nThanks!", None, "Catch-up"),
    ("Hello", "My profile: https://www.linkedin.com/in/jordan-example/", None, "Catch-up"),
    ("Big news", "https://example.org", day(-1), "Job news"),  # the day after landing
    ("Big news", "plain", day(0), "Job news"),  # on the day itself
    ("Big news", "plain", day(1), "Catch-up"),  # landing is tomorrow: not yet
])
def test_other_mail_becomes_a_follow_up_typed_as_it_reads(tmp_path, subject, body, landed, expected):
    """Job news on or after Landed Job On, Report back naming Bo's lead, a link (not quoted, not your own), else Catch-up."""
    rows, settings = sync_rows(landed)
    settings["Your LinkedIn"] = "linkedin.com/in/jordan-example"
    path = create_tracker(tmp_path / "t.xlsx", rows, settings)
    synced(path, write_mbox(tmp_path / "Sent.mbox", [message(BO, day(0), subject, body, message_id="<m@x>")]))
    assert follow_ups(path)[-1] == {"Contact": "Bo Chen", "Date": dt.datetime.combine(day(0), dt.time()), "Type": expected,
                                    "Channel": "Email", "Summary": subject, "Source": "<m@x>"}


def test_mail_from_contacts_and_to_strangers_changes_nothing(tmp_path):
    """Bo writing to you, or you writing to someone not in Contacts, leaves the workbook byte for byte as it was."""
    path = tracker(tmp_path)
    before = path.read_bytes()
    mbox = write_mbox(tmp_path / "Inbox.mbox", [message(ME, day(-1), sender=BO), message("stranger@else.example", day(-1))])
    result = synced(path, mbox)
    assert path.read_bytes() == before
    assert "Left alone: 1 message not sent by you, 1 message to no one in Contacts." in result.lines()


def test_cc_several_addresses_and_any_case_match(tmp_path):
    """Cy's second address in Cc, in capitals, is Cy; one message to two contacts is a touch with each."""
    path = tracker(tmp_path)
    synced(path, write_mbox(tmp_path / "Sent.mbox", [message(BO, day(-1), "Both of you", cc="CY.DIAZ@HOME.EXAMPLE")]))
    assert sorted(r["Contact"] for r in follow_ups(path)[1:]) == ["Bo Chen", "Cy Diaz"]


@pytest.mark.parametrize("folder, labels, counted", [("Sent", None, True), ("Archive", None, False), ("All mail", "Sent,Important", True)])
def test_with_your_email_blank_a_sent_folder_or_gmail_label_says_whose_mail_it_is(tmp_path, folder, labels, counted):
    """From another address of yours: a Sent folder or Takeout's Sent label makes it yours; an archive does not, and says why."""
    rows, _settings = sync_rows()
    path = create_tracker(tmp_path / "t.xlsx", rows, {})
    mbox = write_mbox(tmp_path / f"{folder}.mbox", [message(BO, day(-1), sender="me@elsewhere.example", labels=labels)])
    result = synced(path, mbox)
    assert (len(follow_ups(path)) == 2) is counted
    assert any(line.startswith("Your Email is blank in Settings") for line in result.lines()) is (folder != "Sent")


def test_a_second_sync_and_the_same_message_in_two_sources_add_nothing(tmp_path):
    """The message in an mbox and a Maildir is recorded once; syncing both again records nothing and changes no byte."""
    path = tracker(tmp_path)
    mails = [message(BO, day(-5), "Catching up", message_id="<same@x>"), message(ANN, day(-2), "Thanks", message_id="<ty@x>")]
    mbox, maildir = write_mbox(tmp_path / "Sent.mbox", mails), write_maildir(tmp_path / "Sent", mails)
    first = synced(path, mbox, maildir)
    assert len(first.recorded) == 2 and len(follow_ups(path)) == 2
    before = path.read_bytes()
    again = synced(path, maildir, mbox)
    assert again.recorded == [] and path.read_bytes() == before
    assert "Nothing new to record in t.xlsx." in again.lines()


def test_a_touch_already_typed_that_day_is_not_added(tmp_path):
    """Bo's typed Follow-Ups row on day -150 keeps that day's mail out; the next day's goes in."""
    path = tracker(tmp_path)
    synced(path, write_mbox(tmp_path / "Sent.mbox", [message(BO, day(-150)), message(BO, day(-149))]))
    assert [r["Date"].date() for r in follow_ups(path)] == [day(-150), day(-149)]


def test_dry_run_prints_per_contact_and_writes_nothing(tmp_path):
    """--dry-run lists what it would record under each contact and leaves every byte as it was."""
    path = tracker(tmp_path)
    before = path.read_bytes()
    mbox = write_mbox(tmp_path / "Sent.mbox", [message(BO, day(-1), "Catching up"), message(ANN, day(-2), "Thank you")])
    result = run("sync", str(path), str(mbox), "--dry-run")
    assert result.exit_code == 0, result.output
    assert path.read_bytes() == before
    assert result.output.splitlines()[:6] == [
        "Dry run, nothing written to t.xlsx. Sync would record:",
        "  Ann Lee",
        f"    {day(-2)}  thank-you sent, for the interview on {day(-3)} (Interviews row 2): \"Thank you\"",
        "  Bo Chen",
        f"    {day(-1)}  Catch-up by email (a new Follow-Ups row): \"Catching up\"",
        "Would record 2 touches with 2 contacts.",
    ]


@pytest.mark.parametrize("since, recorded", [(day(-10), 2), (day(-9), 1), (day(-8), 0)])
def test_since_limits_by_date(tmp_path, since, recorded):
    """--since keeps mail and events from that day on, the day itself included."""
    path = tracker(tmp_path)
    mbox = write_mbox(tmp_path / "Sent.mbox", [message(BO, day(-10))])
    ics = write_ics(tmp_path / "cal.ics", [event("e1", day(-9), "Lunch with Cy Diaz")])
    result = run("sync", str(path), str(mbox), str(ics), "--since", since.isoformat())
    assert result.exit_code == 0, result.output
    assert len(follow_ups(path)) - 1 + len(interviews(path)) - 3 == recorded


def test_damaged_lines_and_unreadable_messages_are_skipped_and_counted(tmp_path):
    """A stray line, a message without a Date, one with undecodable headers: each counted with its place; the good one goes in."""
    path = tracker(tmp_path)
    good = message(BO, day(-1), "Catching up").as_bytes()
    no_date = b"From: " + ME.encode() + b"\nTo: " + BO.encode() + b"\nSubject: no date\n\nhi\n"
    undecodable = (b"From: " + ME.encode() + b"\nTo: " + BO.encode() + b"\nDate: Sat, 21 Nov 2026 12:00:00 +0000\n"
                   b"Subject: =?x-unknown-charset?q?abc?=\n\nhi\n")
    raw_bad = (b"From: " + ME.encode() + b"\nTo: " + BO.encode() + b"\nDate: Sat, 21 Nov 2026 12:00:00 +0000\n"
               b"Subject: caf\xe9 latin-1 raw\n\nhi\n")
    mbox = tmp_path / "Sent.mbox"
    mbox.write_bytes(b"garbage before any message\n" + b"".join(b"From x@y Sat Nov 21 12:00:00 2026\n" + m + b"\n" for m in
                     (no_date, undecodable, good.replace(b"\nSubject:", b"\nthis line is no header\nSubject:"), raw_bad)))
    result = run("sync", str(path), str(mbox))
    assert result.exit_code == 0, result.output
    assert [r["Summary"] for r in follow_ups(path)[1:]] == ["Catching up"]
    assert "Skipped 1 message with no readable Date (Sent.mbox line 2)." in result.output
    assert "Skipped 2 messages with a header that cannot be decoded (Sent.mbox line 9, Sent.mbox line 30)." in result.output
    assert "Skipped 2 damaged lines (Sent.mbox line 1, Sent.mbox line 20)." in result.output


def test_a_folder_of_eml_files_is_read(tmp_path):
    """Messages saved by drag and drop (.eml files in a folder named Sent) count as sent mail."""
    path = tracker(tmp_path)
    folder = write_eml_folder(tmp_path / "Sent", [message(BO, day(-1), "One", sender="other@me.example")])
    synced(path, folder)
    assert [r["Summary"] for r in follow_ups(path)[1:]] == ["One"]


def test_an_event_with_a_contact_becomes_an_interview(tmp_path):
    """By attendee address, by organizer, or by name in the title: Date, local Time, Format and Source are filled."""
    path = tracker(tmp_path)
    ics = write_ics(tmp_path / "cal.ics", [
        event("v1", dt.datetime(2026, 11, 25, 15, 30, tzinfo=UTC), "Chat", attendees=(ME, BO), description="https://zoom.us/j/123"),
        event("p1", dt.datetime(2026, 11, 26, 9, 0, tzinfo=UTC), "Call", organizer=CY, location="+1 (555) 010-2000"),
        event("i1", day(10), "Coffee with ann lee", location="Blue Bottle, Main St"),
        event("x1", day(11), "Dentist"),
    ])
    result = synced(path, ics)
    added = [(r["Contact"], r["Date"].date(), r["Time"], r["Format"], r["Source"]) for r in interviews(path)[3:]]
    assert added == [("Bo Chen", day(3), "15:30", "Video", "v1"), ("Cy Diaz", day(4), "09:00", "Phone", "p1"),
                     ("Ann Lee", day(10), None, "In person", "i1")]
    assert "Left alone: 1 event with no one from Contacts." in result.lines()
    assert f"    {day(3)}  interview at 15:30, Video (Interviews row 5): \"Chat\"" in result.lines()


def test_an_event_on_a_day_with_an_interview_cancelled_or_seen_adds_nothing(tmp_path):
    """Ann already has an interview on day -3; a cancelled event is left alone; a second sync adds nothing."""
    path = tracker(tmp_path)
    ics = write_ics(tmp_path / "cal.ics", [event("a1", day(-3), "Ann Lee"), event("c1", day(5), "Bo Chen", status="CANCELLED")])
    result = synced(path, ics)
    assert len(interviews(path)) == 3
    assert "Left alone: 1 event on a day that already has an interview, 1 event marked cancelled." in result.lines()


def test_a_thank_you_after_an_event_the_calendar_adds(tmp_path):
    """The calendar adds Bo's talk two days ago, and the mail next morning marks its thank-you sent in the same run."""
    path = tracker(tmp_path)
    ics = write_ics(tmp_path / "cal.ics", [event("b1", dt.datetime(2026, 11, 20, 10, 0, tzinfo=UTC), attendees=(BO,))])
    mbox = write_mbox(tmp_path / "Sent.mbox", [message(BO, day(-1), "Thank you!", message_id="<t@x>")])
    synced(path, mbox, ics)
    bo = interviews(path)[3]
    assert (bo["Contact"], bo["Thank-You Sent"], bo["Thank-You Medium"], bo["Source"]) == (
        "Bo Chen", dt.datetime.combine(day(-1), dt.time()), "Email", "b1")


def test_only_the_two_sheets_and_their_tables_change(tmp_path):
    """A sync that adds a follow-up and an interview changes only those sheets, their Tables and the bookkeeping parts."""
    path = tracker(tmp_path)
    before = parts(path)
    synced(path, write_mbox(tmp_path / "Sent.mbox", [message(BO, day(-1))]), write_ics(tmp_path / "c.ics", [event("e", day(3), "Cy Diaz")]))
    allowed = sheet_parts(path, "Follow-Ups") | sheet_parts(path, "Interviews") | {"docProps/app.xml", "docProps/core.xml", "xl/styles.xml"}
    assert changed_parts(before, path) <= allowed
    book = openpyxl.load_workbook(path)
    assert (book["Follow-Ups"].tables["FollowUps"].ref, book["Interviews"].tables["Interviews"].ref) == ("A1:F3", "A1:M5")


def test_an_open_workbook_is_left_alone(tmp_path):
    """A lock file beside the tracker: exit 2 in one line, and not a byte changes."""
    path = tracker(tmp_path)
    (tmp_path / ".~lock.t.xlsx#").write_text("someone")
    before = path.read_bytes()
    result = run("sync", str(path), str(write_mbox(tmp_path / "Sent.mbox", [message(BO, day(-1))])))
    assert result.exit_code == 2 and len(result.output.strip().splitlines()) == 1
    assert path.read_bytes() == before


@pytest.mark.parametrize("source, says", [
    ("missing.mbox", "missing.mbox does not exist"),
    ("notes.txt", "is not a mail or calendar export tracker sync reads"),
    ("imaps://mail.example.com/Sent", "name the user and the server"),
    ("imaps://me:secret@mail.example.com/Sent", "holds a password; remove it"),
    ("imaps://me@mail.example.com", "name the folder to read"),
])
def test_a_source_it_cannot_read_exits_2_in_one_line(tmp_path, source, says):
    """A missing file, a file of another kind, an IMAP address without user, with a password or without folder: one line."""
    path = tracker(tmp_path)
    (tmp_path / "notes.txt").write_text("just some notes\n")
    result = run("sync", str(path), source if "://" in source else str(tmp_path / source))
    assert result.exit_code == 2, result.output
    assert says in result.output and len(result.output.strip().splitlines()) == 1 and "secret" not in result.output


def test_a_tracker_without_source_columns_still_syncs_and_says_so(tmp_path):
    """A tracker made before Source existed gets its rows, and a line saying what the missing column costs."""
    rows, settings = sync_rows()
    from builders import TEMPLATE

    headers = {s.name: [c.header for c in s.read_columns if c.header != "Source"] for s in TEMPLATE.sheets}
    path = write_tracker(tmp_path / "old.xlsx", rows, settings, headers=headers)
    mbox = str(write_mbox(tmp_path / "Sent.mbox", [message(BO, day(-1), "Hi")]))
    assert "Follow-Ups has no 'Source' column" in run("sync", str(path), mbox, "--dry-run").output
    result = run("sync", str(path), mbox)
    assert result.exit_code == 0, result.output
    assert [r["Summary"] for r in sheet_rows(path, "Follow-Ups", 5)[1:]] == ["Hi"]
    assert "Follow-Ups has no 'Source' column, so its values were left out" in result.output


def _shown_steps(text: str) -> list[tuple[str, str]]:
    return re.findall(r"^    \$ (tracker .+)\n((?:    (?!\$ ).*\n)*)", text, re.MULTILINE)


def test_the_guide_sync_example_is_what_the_commands_print(tmp_path, monkeypatch):
    """Each `$ tracker sync` line of the seeker's guide, run on a copy of the sample with its mail and calendar, prints what follows."""
    text, tracker_name = (ROOT / "docs" / "seeker-guide.md").read_text(encoding="utf-8"), "my-tracker.xlsx"
    start = text.index("## Let your mail and calendar fill it in")
    steps = [(c, p) for c, p in _shown_steps(text[start:text.index("\n#", start + 3)]) if c.split()[1] == "sync"]
    assert steps
    (tmp_path / "samples").mkdir()
    for name in ("Takeout-mail.mbox", "calendar.ics"):
        (tmp_path / "samples" / name).write_bytes((ROOT / "samples" / name).read_bytes())
    (tmp_path / tracker_name).write_bytes((ROOT / "samples" / "sample-tracker.xlsx").read_bytes())
    monkeypatch.chdir(tmp_path)
    for command, printed in steps:
        result = CliRunner().invoke(cli, shlex.split(command)[1:], prog_name="tracker")
        assert result.output == "".join(line[4:] + "\n" for line in printed.splitlines()), command


def test_since_after_today_is_refused(tmp_path):
    """--since tomorrow reads nothing worth reading: exit 2 in one line, nothing read or written."""
    path = tracker(tmp_path)
    result = run("sync", str(path), str(tmp_path / "never-read.mbox"), "--since", day(1).isoformat())
    assert result.exit_code == 2 and "is after today" in result.output and len(result.output.strip().splitlines()) == 1


def test_a_progress_bar_on_a_terminal_only(tmp_path, monkeypatch):
    """On a terminal the mbox's bar is drawn on stderr; on a pipe, and in what is printed, there is none."""
    import io
    import types

    import toolkit.cli_options

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    path = tracker(tmp_path)
    mbox = str(write_mbox(tmp_path / "Sent.mbox", [message(BO, day(-1), body="x" * 2000)] * 3))
    assert "Sent.mbox  [" not in run("sync", str(path), mbox, "--dry-run").output
    terminal = Terminal()
    monkeypatch.setattr(toolkit.cli_options, "sys", types.SimpleNamespace(stderr=terminal, stdin=io.StringIO(), stdout=io.StringIO()))
    result = run("sync", str(path), mbox, "--dry-run")
    assert result.exit_code == 0 and "Sent.mbox" in terminal.getvalue() and "[" not in result.output.splitlines()[0]


def test_a_huge_header_block_is_cut_not_held(tmp_path):
    """A header block past 256 KB (a broken export) keeps only what fits; the rest counts as damaged and the next message reads."""
    path = tracker(tmp_path)
    huge = b"".join(b"X-Junk-%d: %s\n" % (n, b"j" * 1000) for n in range(300))
    broken = b"From: " + ME.encode() + b"\nTo: " + BO.encode() + b"\nDate: Fri, 20 Nov 2026 12:00:00 +0000\n" + huge + b"Subject: Cut\n\nhi\n"
    mbox = tmp_path / "Sent.mbox"
    mbox.write_bytes(b"From x@y Fri Nov 20 12:00:00 2026\n" + broken + b"\n" + b"From x@y Sat Nov 21 12:00:00 2026\n"
                     + message(BO, day(-1), "Next one").as_bytes() + b"\n")
    result = synced(path, mbox)
    assert [r["Summary"] for r in follow_ups(path)[1:]] == ["Cut", "Next one"]
    # 88 bytes of From, To and Date, then 258 junk lines (10 of 1,011 bytes, 90 of 1,012, 158 of 1,013) fill 261,332 of
    # the 262,144 bytes: the other 42 do not fit and are damaged; the short Subject still fits.
    assert len(result.tally.damaged_lines) == 42


def test_an_outlook_data_file_is_refused_saying_what_to_do(tmp_path):
    """A .pst export (Outlook's only folder export) is named as such, with the way around it, in one line."""
    pst = tmp_path / "Outlook.pst"
    pst.write_bytes(b"!BDN" + bytes(500))
    result = run("sync", str(tracker(tmp_path)), str(pst))
    assert result.exit_code == 2 and "is an Outlook data file (.pst)" in result.output and "Thunderbird" in result.output


@pytest.mark.parametrize("text, expected", [
    ("imaps://me%40example.com@imap.example.com/Sent", (True, "me@example.com", "imap.example.com", 993, "Sent")),
    ("imaps://me@example.com@imap.example.com/[Gmail]/Sent%20Mail", (True, "me@example.com", "imap.example.com", 993, "[Gmail]/Sent Mail")),
    ("IMAP://seeker@localhost:10143/INBOX.Sent", (False, "seeker", "localhost", 10143, "INBOX.Sent")),
])
def test_imap_addresses_are_read_as_mail_programs_write_them(text, expected):
    """An @ in the user name, written as %40 or not; spaces as %20; a folder path; the default ports; any case of scheme."""
    from toolkit.capture.imap_source import parse_address

    a = parse_address(text)
    assert (a.secure, a.user, a.host, a.port, a.folder) == expected


@pytest.mark.parametrize("host, refused", [("mail.example.com", True), ("localhost", False), ("127.0.0.1", False)])
def test_without_starttls_mail_goes_unencrypted_only_to_this_computer(monkeypatch, host, refused):
    """A server that offers no STARTTLS is refused unless it is this computer, and then it is only asked to log in."""
    import imaplib

    from toolkit.capture.imap_source import ImapSource, parse_address
    from toolkit.errors import MailServerRefused

    class NoTls:  # stands in for a server without STARTTLS: the rule is the tracker's, not the server's
        capabilities = ("IMAP4REV1", "AUTH=PLAIN")
        error, abort = imaplib.IMAP4.error, imaplib.IMAP4.abort

        def __init__(self, *args, **kwargs):
            self.logged_in = None

        def login(self, user, password):
            self.logged_in = user

        def logout(self):
            pass

    monkeypatch.setattr(imaplib, "IMAP4", NoTls)
    source = ImapSource(parse_address(f"imap://seeker@{host}/Sent"), lambda address: "pw")
    if refused:
        with pytest.raises(MailServerRefused, match=f"{host} does not offer STARTTLS.*use imaps://seeker@{host}/Sent"):
            source.connect()
    else:
        assert source.connect().logged_in == "seeker"
