"""Events from an .ics calendar export (Google, Outlook, Apple), read with icalendar.

Each event keeps what sync needs to write an Interviews row: its UID, the
local day and start time, its title, the addresses of everyone on it, and
its format as the invitation shows it: Video for a meeting link, Phone for
a phone number, In person for a place.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import icalendar

from toolkit.capture.mail_headers import Tally
from toolkit.errors import SourceUnreadable

CANCELLED, NO_START = "cancelled", "no-start"
BROKEN = (ValueError, KeyError, IndexError, OverflowError, TypeError, AttributeError)  # what icalendar raises on calendars it cannot read
MEETING_HOSTS = ("zoom.us", "meet.google.com", "teams.microsoft.com", "teams.live.com", "webex.com", "whereby.com",
                 "gotomeeting.com", "meet.jit.si", "chime.aws", "bluejeans.com", "join.skype.com", "facetime.apple.com")
LINK_PROPERTIES = ("LOCATION", "DESCRIPTION", "URL", "CONFERENCE", "X-GOOGLE-CONFERENCE", "X-MICROSOFT-SKYPETEAMSMEETINGURL")
PHONE = re.compile(r"^(?:(?:phone|tel|call)[:\s]+)?\+?\(?\d[\d\s().-]{5,}\d$", re.IGNORECASE)
PHONE_IN_TEXT = re.compile(r"(?:tel:|(?:phone|call)\D{0,12})\+?\(?\d[\d\s().-]{5,}\d", re.IGNORECASE)


@dataclass(frozen=True)
class Event:
    """One calendar event as sync reads it."""

    id: str  # the UID, with RECURRENCE-ID for a moved occurrence of a repeating event
    day: dt.date
    time: dt.time | None  # the local start time; None for an all-day event
    title: str
    emails: tuple[str, ...]  # attendees and organizer, in lower case
    format: str | None  # Video, Phone, In person, or None when the event does not say
    where: str


def local(when: dt.datetime, zone: dt.tzinfo | None) -> dt.datetime:
    """An aware date-time in `zone` (None: this computer's zone); a floating one is already local."""
    if when.tzinfo is None:
        return when
    return when.astimezone(zone) if zone is not None else when.astimezone()


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return " ".join(_text(v) for v in value)
    return str(value)


def _address(value) -> str | None:
    text = str(value).strip()
    if text.lower().startswith("mailto:"):
        text = text[7:]
    text = text.strip().lower()
    return text if "@" in text else None


def event_format(event) -> str | None:
    """Video for a meeting link, Phone for a phone number, In person for a place; None when nothing says."""
    texts = " ".join(_text(event.get(name)) for name in LINK_PROPERTIES).lower()
    if any(host in texts for host in MEETING_HOSTS):
        return "Video"
    place = " ".join(_text(event.get("LOCATION")).split())
    if PHONE.match(place) or PHONE_IN_TEXT.search(_text(event.get("DESCRIPTION"))) or "tel:" in texts:
        return "Phone"
    return "In person" if place else None


def read_events(path: Path, zone: dt.tzinfo | None, tally: Tally) -> Iterator[Event]:
    """Every event in the calendar file at `path`; cancelled ones and ones without a start are counted, not returned."""
    try:
        with warnings.catch_warnings():  # icalendar's guesses (a vendor's time zone name) are not the seeker's to act on
            warnings.simplefilter("ignore")
            calendars = icalendar.Calendar.from_ical(path.read_bytes(), multiple=True)
    except OSError as error:
        raise SourceUnreadable(f"{path} cannot be read ({error.strerror or error}); check that it is there and yours to read") from None
    except BROKEN as error:
        raise SourceUnreadable(f"{path} is not an iCalendar file icalendar can read ({error}); export the calendar again as .ics") from None
    number = 0
    for calendar in calendars:
        for event in calendar.walk("VEVENT"):
            number += 1
            where = f"{path.name} event {number}"
            tally.read += 1
            if str(event.get("STATUS", "")).upper() == "CANCELLED":
                tally.skip(CANCELLED, where)
                continue
            try:
                value = getattr(event.get("DTSTART"), "dt", None)
            except BROKEN:  # icalendar's BrokenCalendarProperty, or worse: a start it could not read
                value = None
            if not isinstance(value, dt.date):
                tally.skip(NO_START, where)
                continue
            if isinstance(value, dt.datetime):
                value = local(value, zone)
                day, time = value.date(), value.time().replace(second=0, microsecond=0, tzinfo=None)
            else:
                day, time = value, None
            uid = str(event.get("UID", "")).strip() or f"no-uid:{path.name}:{number}"
            with contextlib.suppress(ValueError, AttributeError):  # a moved occurrence of a repeating event
                uid = f"{uid} {event['RECURRENCE-ID'].dt.isoformat()}" if "RECURRENCE-ID" in event else uid
            people = [event.get("ORGANIZER")]
            attendees = event.get("ATTENDEE")
            people += attendees if isinstance(attendees, list) else [attendees]
            emails = tuple(dict.fromkeys(a for a in (_address(p) for p in people if p is not None) if a))
            title = " ".join(_text(event.get("SUMMARY")).split())
            yield Event(uid, day, time, title, emails, event_format(event), where)
