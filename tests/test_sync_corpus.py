"""`tracker sync` over real mail and calendars from other projects' test suites (see tests/corpus-requirements.txt).

mail-parser's messages (spam, Outlook, malformed, encoded headers) and every
.ics of icalendar's tests: none may end in a traceback, each message is read
or skipped with a reason. `make corpus` downloads them; without them these
tests skip locally and fail in CI.
"""

from __future__ import annotations

import datetime as dt
import mailbox
import os
import tarfile
from pathlib import Path

import openpyxl
import pytest
from builders import contact

from toolkit.capture.calendar_source import read_events
from toolkit.capture.mail_headers import Mail, Tally
from toolkit.capture.mail_sources import mail_source
from toolkit.capture.sync import sync
from toolkit.errors import SourceUnreadable
from toolkit.review.new_tracker import create_tracker

CORPUS = Path(__file__).resolve().parent.parent / "build" / "corpus"
MAIL_SDIST, CALENDAR_SDIST = "mail_parser-4.8.0.tar.gz", "icalendar-7.3.2.tar.gz"


def unpacked(tmp_path_factory, sdist: str, inside: str) -> list[Path]:
    """The files under `inside` of a downloaded source distribution, unpacked into a temporary folder."""
    archive = CORPUS / sdist
    if not archive.exists():
        message = f"{archive} is missing; run `make corpus`"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    folder = tmp_path_factory.mktemp(sdist.split("-")[0])
    with tarfile.open(archive) as tar:
        members = [m for m in tar.getmembers() if m.isfile() and f"/{inside}/" in m.name]
        tar.extractall(folder, members=members, filter="data")
    return sorted(folder / m.name for m in members)


@pytest.fixture(scope="module")
def real_mail(tmp_path_factory) -> list[Path]:
    return unpacked(tmp_path_factory, MAIL_SDIST, "tests/mails")


@pytest.fixture(scope="module")
def real_calendars(tmp_path_factory) -> list[Path]:
    return [p for p in unpacked(tmp_path_factory, CALENDAR_SDIST, "tests") if p.suffix == ".ics"]


def test_every_real_message_is_read_or_skipped_with_a_reason(real_mail, tmp_path):
    """Each of mail-parser's 23 messages, alone, in one mbox and in a Maildir, gives a Mail or a counted skip, alike in all three.

    Alone, its Outlook .msg file is refused in one line that says how to save it as .eml instead.
    """
    assert len(real_mail) == 23
    alone = {}
    for file in real_mail:
        (tmp_path / "one").mkdir(exist_ok=True)
        copy = tmp_path / "one" / f"{file.name}.eml"
        copy.write_bytes(file.read_bytes())
        if file.name == "mail_outlook_1":
            with pytest.raises(SourceUnreadable, match=r"is an Outlook message \(\.msg\).*save it from Outlook as \.eml"):
                mail_source(copy)
            continue
        tally = Tally()
        found = list(mail_source(copy).messages(tally))
        assert tally.read == 1 and len(found) + sum(map(len, tally.skipped.values())) == 1, file.name
        alone[file.name] = found[0].id if found else None
    box, maildir = mailbox.mbox(tmp_path / "all.mbox"), mailbox.Maildir(tmp_path / "all", create=True)
    for file in real_mail:
        box.add(file.read_bytes())
        maildir.add(file.read_bytes())
    box.flush()
    for source in (tmp_path / "all.mbox", tmp_path / "all"):
        tally = Tally()
        ids = sorted(mail.id for mail in mail_source(source).messages(tally))
        assert tally.read == 23, source
        assert ids == sorted(i for i in alone.values() if i), source


def test_encoded_names_with_commas_keep_their_addresses(real_mail, tmp_path):
    """mail_test_18: an encoded From with a comma in the name, encoded To and a mixed Cc give the right addresses."""
    (file,) = [f for f in real_mail if f.name == "mail_test_18"]
    (tmp_path / "m.eml").write_bytes(file.read_bytes())
    (mail,) = list(mail_source(tmp_path / "m.eml").messages(Tally()))
    assert isinstance(mail, Mail)
    assert mail.sender == "comma.name@example.com"
    assert mail.recipients == ("tony.stark@example.com", "simple@example.net", "john.doe@example.com")
    assert mail.subject == "Test for Comma and Name Bugs"


def test_a_real_folder_of_mail_syncs_the_messages_to_contacts(real_mail, tmp_path):
    """With the sender of mail_test_18 as Your Email, its To and Cc contacts get a Follow-Ups row each, once."""
    folder = tmp_path / "Saved"
    folder.mkdir()
    for file in real_mail:
        (folder / f"{file.name}.eml").write_bytes(file.read_bytes())
    rows = {"Contacts": [contact("Tony Stark", Email="Tony.Stark@example.com"), contact("John Doe", Email="john.doe@example.com")]}
    path = create_tracker(tmp_path / "t.xlsx", rows, {"Your Email": "comma.name@example.com"})
    result = sync(path, [str(folder)], dt.date(2026, 11, 22), zone=dt.UTC)
    ws = openpyxl.load_workbook(path)["Follow-Ups"]
    added = [[c.value for c in row[:6]] for row in ws.iter_rows(min_row=2) if row[0].value]
    assert sorted(r[0] for r in added) == ["John Doe", "Tony Stark"]
    assert {(r[1], r[2], r[4]) for r in added} == {(dt.datetime(2025, 11, 3), "Catch-up", "Test for Comma and Name Bugs")}
    assert sync(path, [str(folder)], dt.date(2026, 11, 22), zone=dt.UTC).recorded == []
    assert result.tally.read == 23


def test_every_real_calendar_reads_or_is_refused_in_one_line(real_calendars):
    """Each .ics of icalendar's tests gives events or a one-line refusal naming the file, never a traceback."""
    assert len(real_calendars) > 100
    events = refused = 0
    for calendar in real_calendars:
        try:
            events += len(list(read_events(calendar, dt.UTC, Tally())))
        except SourceUnreadable as error:
            refused += 1
            assert calendar.name in str(error) and "\n" not in str(error)
    assert events > 100 and refused < len(real_calendars) // 4


def test_a_real_invitation_with_an_attendee_becomes_an_interview(real_calendars, tmp_path):
    """icalendar's event with an RSVP attendee, wrapped as a calendar with a start, is an interview with that contact."""
    (source,) = [c for c in real_calendars if c.name == "event_with_rsvp.ics"]
    text = source.read_text().replace("BEGIN:VEVENT", "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:test\nBEGIN:VEVENT\nUID:rsvp-1\n"
                                                       "DTSTART:20261125T150000Z\nSUMMARY:Coffee")
    calendar = tmp_path / "invite.ics"
    calendar.write_text(text.replace("END:VEVENT", "END:VEVENT\nEND:VCALENDAR"))
    path = create_tracker(tmp_path / "t.xlsx", {"Contacts": [contact("Some One", Email="someone@example.com")]})
    sync(path, [str(calendar)], dt.date(2026, 11, 22), zone=dt.UTC)
    ws = openpyxl.load_workbook(path)["Interviews"]
    assert [c.value for c in ws[2]][:3] == ["Some One", dt.datetime(2026, 11, 25), "15:00"]
