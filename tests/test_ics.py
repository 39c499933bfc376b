"""`tracker remind` writes, byte for byte, the calendar icalendar would write for the same reminders."""

from __future__ import annotations

import datetime as dt

import icalendar
from hypothesis import given
from hypothesis import strategies as st

from toolkit.notes.reminders import PRODUCT_ID, Reminder, calendar_bytes, uids
from toolkit.review.model import shifted
from toolkit.safe_text import one_line, visible

TODAY = dt.date(2026, 11, 22)


def icalendar_bytes(reminders: list[Reminder], today: dt.date, seeker: str | None) -> bytes:
    """The same calendar built with icalendar's objects: the reference calendar_bytes must match."""
    calendar = icalendar.Calendar()
    for name, value in (("prodid", PRODUCT_ID), ("version", "2.0"), ("calscale", "GREGORIAN"), ("method", "PUBLISH"),
                        # icalendar 7 writes an X- property raw; RFC 5545 makes X-WR-CALNAME's value TEXT, escaped
                        ("x-wr-calname", icalendar.vText(one_line(f"Informational interviews ({seeker})" if seeker else "Informational interviews")))):
        calendar.add(name, value)
    stamp = dt.datetime.combine(today, dt.time(), tzinfo=dt.timezone.utc)
    for reminder, uid in zip(reminders, uids(reminders)):
        day = max(reminder.starts or reminder.due, today)
        overdue = reminder.due < today
        event = icalendar.Event()
        event.add("uid", uid)
        event.add("dtstamp", stamp)
        event.add("dtstart", day)
        if day < dt.date.max:
            event.add("dtend", shifted(day, 1))
        event.add("summary", one_line(f"Overdue: {reminder.summary}" if overdue else reminder.summary))
        status = f"Overdue since {reminder.due}." if overdue else f"Due {reminder.due}."
        event.add("description", visible(f"{status} {reminder.details}\n{reminder.next_step}"))
        event.add("categories", ["Informational interviews", reminder.kind])
        event.add("transp", "TRANSPARENT")
        alarm = icalendar.Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", one_line(reminder.summary))
        alarm.add("trigger", dt.timedelta(hours=9))
        event.add_component(alarm)
        calendar.add_component(event)
    return calendar.to_ical()


WORDS = st.text(st.characters(exclude_categories=("Cs",)), max_size=120) | st.sampled_from([
    "Ann Lee", "Zoë Ångström, PhD; Berlin", "a\\b\\N", "^caret^" * 20, "\\" * 150, "x" * 74, "x" * 75, "é" * 80,
    "日本語" * 30, "line one\r\nline two\rthree\nfour", "tab\there", "\x1b[31mred",
])
DAYS = st.dates(min_value=dt.date(1, 1, 1)) | st.integers(-400, 400).map(lambda n: shifted(TODAY, n)) | st.just(dt.date.max)
REMINDER = st.builds(Reminder, kind=st.sampled_from(["thank-you", "follow-up", "lead", "promise"]),
                     about=st.tuples(WORDS), due=DAYS, summary=WORDS, details=WORDS, next_step=WORDS,
                     starts=st.none() | DAYS)


@given(reminders=st.lists(REMINDER, max_size=3), seeker=st.none() | WORDS)
def test_calendar_matches_icalendar(reminders, seeker):
    """Escaping, folding (never inside an escape), dates at the calendar's ends: the same bytes as icalendar."""
    assert calendar_bytes(reminders, TODAY, seeker) == icalendar_bytes(reminders, TODAY, seeker)


def test_long_lines_are_folded_and_read_back_whole():
    """A long description is folded below 75 octets and icalendar reads it back as written."""
    details = "Mention Zoë, who suggested them; " * 10
    data = calendar_bytes([Reminder("lead", ("zoë",), TODAY, "Reach out", details, "Leads!F3")], TODAY, "Jordan")
    assert max(len(line) for line in data.split(b"\r\n")) <= 75
    event = icalendar.Calendar.from_ical(data).walk("VEVENT")[0]
    assert details.strip() in str(event["DESCRIPTION"])


def test_folding_at_its_boundaries_matches_icalendar():
    """Lines of 74, 75 and 76 octets, an escape or a wide character across the fold: as icalendar folds them."""
    summaries = [filler * (length - len("SUMMARY:")) for length in range(72, 78) for filler in ("x", "é")]
    summaries += ["x" * 65 + "\\" + "y" * 20, "x" * 66 + "," + "y" * 20, "x" * 65 + "^" + "y" * 20, "é" * 33 + "€" + "x" * 9]
    reminders = [Reminder("lead", (str(n),), shifted(TODAY, 3), summary, "d", "Leads!F3") for n, summary in enumerate(summaries)]
    assert calendar_bytes(reminders, TODAY, None) == icalendar_bytes(reminders, TODAY, None)
