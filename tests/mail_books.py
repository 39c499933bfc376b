"""Mail and calendars for the sync tests, built with the standard library and icalendar.

Messages are dated at midday UTC unless a test says otherwise, so their day
is the same in every time zone from UTC-11 to UTC+11 (the CLI reads them in
the computer's own zone).
"""

from __future__ import annotations

import datetime as dt
import email.utils
import mailbox
from email.message import EmailMessage
from pathlib import Path

import icalendar
from builders import contact, day

ME = "jordan@example.com"


def message(to: str, on: dt.date | dt.datetime, subject: str = "Hello", body: str = "Good to talk.", sender: str = ME,
            cc: str | None = None, message_id: str | None = None, labels: str | None = None) -> EmailMessage:
    """A plain-text message; a date alone means midday UTC that day."""
    when = on if isinstance(on, dt.datetime) else dt.datetime.combine(on, dt.time(12), dt.UTC)
    mail = EmailMessage()
    mail["From"] = sender
    mail["To"] = to
    if cc:
        mail["Cc"] = cc
    mail["Subject"] = subject
    mail["Date"] = email.utils.format_datetime(when)
    mail["Message-ID"] = message_id or email.utils.make_msgid(domain="example.com")
    if labels:
        mail["X-Gmail-Labels"] = labels
    mail.set_content(body)
    return mail


def write_mbox(path: Path, messages: list) -> Path:
    """An mbox file holding `messages` (EmailMessage or raw bytes), as mail programs write it."""
    box = mailbox.mbox(path)
    for item in messages:
        box.add(item if not isinstance(item, bytes) else mailbox.mboxMessage(item))
    box.flush()
    box.close()
    return path


def write_maildir(path: Path, messages: list[EmailMessage]) -> Path:
    box = mailbox.Maildir(path, create=True)
    for item in messages:
        box.add(item)
    box.close()
    return path


def write_eml_folder(path: Path, messages: list[EmailMessage]) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    for number, item in enumerate(messages, 1):
        (path / f"message {number}.eml").write_bytes(item.as_bytes())
    return path


def event(uid: str, start: dt.date | dt.datetime, summary: str = "Coffee chat", attendees: tuple[str, ...] = (),
          organizer: str | None = None, location: str | None = None, description: str | None = None,
          status: str | None = None) -> icalendar.Event:
    found = icalendar.Event()
    found.add("uid", uid)
    found.add("dtstamp", dt.datetime(2026, 11, 1, tzinfo=dt.UTC))
    found.add("dtstart", start)
    found.add("summary", summary)
    if organizer:
        found.add("organizer", f"mailto:{organizer}")
    for attendee in attendees:
        found.add("attendee", f"mailto:{attendee}")
    if location:
        found.add("location", location)
    if description:
        found.add("description", description)
    if status:
        found.add("status", status)
    return found


def write_ics(path: Path, events: list[icalendar.Event]) -> Path:
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//tracker tests//EN")
    calendar.add("version", "2.0")
    for item in events:
        calendar.add_component(item)
    path.write_bytes(calendar.to_ical())
    return path


def sync_rows(landed: dt.date | None = None) -> tuple[dict[str, list[dict]], dict]:
    """Ann: interview 3 days ago, thank-you not sent; Bo: met long ago, suggested the lead Dee Fox; Cy: two addresses."""
    rows = {
        "Contacts": [
            contact("Ann Lee", Relationship="Met", Email="Ann.Lee@Northwind.example"),
            contact("Bo Chen", Relationship="Keeping in touch", Email="bo@tailspin.example"),
            contact("Cy Diaz", Relationship="Met", Email="cy@work.example; cy.diaz@home.example"),
        ],
        "Interviews": [
            {"Contact": "Ann Lee", "Date": day(-3), "Time": "14:00", "Outcome": "Held"},
            {"Contact": "Bo Chen", "Date": day(-200), "Outcome": "Held", "Thank-You Sent": day(-199), "Thank-You Medium": "Email"},
            {"Contact": "Cy Diaz", "Date": day(-100), "Outcome": "Held", "Thank-You Sent": day(-100)},
        ],
        "Follow-Ups": [{"Contact": "Bo Chen", "Date": day(-150), "Type": "Catch-up", "Channel": "Phone"}],
        "Leads": [{"Name": "Dee Fox", "Suggested By": "Bo Chen", "Suggested On": day(-200), "Contacted On": day(-20)}],
    }
    settings = {"Your Email": ME}
    if landed:
        settings["Landed Job On"] = landed
    return rows, settings
