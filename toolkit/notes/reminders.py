"""Calendar reminders (`tracker remind`): an iCalendar entry for every dated action.

The dates come from the schedules the rules use (`Tracker.pending_thank_yous`,
`open_promises`, `follow_up_schedule`, `unprepared_interviews`, `open_leads`,
`reports_owed`)
and, for actions that only exist once they are due (share the news, update
an outcome), from the rules' own findings. An action already overdue is put
on today, saying since when. Each entry's UID is a hash of what it is about
(never of a row number, which moves when the seeker sorts), so importing a
newer file updates entries instead of adding copies.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from toolkit.errors import OutputNotWritable
from toolkit.notes import ics
from toolkit.review.checker import follow_up_day
from toolkit.review.findings import Report
from toolkit.review.model import REPORT_BACK, Tracker, named, shifted
from toolkit.safe_text import one_line, visible
from toolkit.workbook.schema import normalize_name
from toolkit.xlsx.userfile import write_file_atomically

PRODUCT_ID = "-//Informational Interview Tracker//tracker remind//EN"
UID_DOMAIN = "informational-interview-tracker"
SHELL_SPECIAL = re.compile(r"[\s'\"&|<>^;$`()]")  # what makes a shell read an argument otherwise than as typed
MORNING = "PT9H"  # the alarm of an all-day entry rings at 9:00 on its day (an RFC 5545 duration)


class Reminder(NamedTuple):  # a tuple: made for every dated action, at a third of a frozen dataclass's cost
    kind: str
    about: tuple[str, ...]  # what the entry is about, for its UID
    due: dt.date
    summary: str
    details: str
    next_step: str  # what to do, and where the seeker records it once done ("fill in Thank-You Sent in Interviews!J5")
    starts: dt.date | None = None  # when to start acting, if earlier than due (interview prep)


def plan_reminders(ctx: Tracker, report: Report) -> list[Reminder]:
    """Every dated action the seeker owes or is owed, ahead or overdue."""
    found: list[Reminder] = []
    interviews, promises, leads = (ctx.sheet(n) for n in ("Interviews", "Promises", "Leads"))
    log = Logging(ctx.data.path.name)
    thanking = {_key(row["Contact"]) for row, _due in ctx.pending_thank_yous}
    for row, due in ctx.pending_thank_yous:
        name = named(row["Contact"])
        found.append(Reminder(
            "thank-you", (_key(row["Contact"]), row["Date"].isoformat()), due,
            f"Send a thank-you to {name}",
            f"You spoke with {name} on {row['Date']}. `tracker draft` writes the note for you.",
            f"Send it, then record it: {log.command(row['Contact'], 'Thank-you note')}, "
            f"or fill in Thank-You Sent in {_where(interviews, 'Thank-You Sent', row['_row'])}."))
    for row, starts in ctx.unprepared_interviews:
        found.append(Reminder(
            "interview-prep", (_key(row["Contact"]), row["Date"].isoformat()), row["Date"],
            f"Prepare for your interview with {named(row['Contact'])} on {row['Date']}",
            "Research them and their organisation, and write the questions you want to ask.",
            f"When you are ready, set Prepared to Yes in {_where(interviews, 'Prepared', row['_row'])}.", starts))
    for row, due in ctx.open_promises:
        what = " ".join(str(row["Promise"] or "a promise").split())
        done_on = f"fill in Done On in {_where(promises, 'Done On', row['_row'])}"
        if row["Direction"] == "I offered":
            summary, details = f"Keep your promise to {named(row['Contact'])}: {what}", "You offered this; keeping it builds trust."
            step = f"When you have done it, {done_on}."
        else:
            written_by = ("your thank-you, which `tracker draft` writes, mentions it" if _key(row["Contact"]) in thanking
                          else "`tracker draft` writes one")
            summary, details = (f"Gently remind {named(row['Contact'])} of their offer: {what}",
                                f"If it has not happened by now, a short, friendly reminder is fine; {written_by}.")
            step = (f"Send the reminder, then record it: {log.command(row['Contact'], 'Catch-up')}. "
                    f"When they have done it, {done_on}.")
        found.append(Reminder(
            "promise", (row["Direction"], _key(row["Contact"]), normalize_name(what), _iso(row["Made On"])), due,
            summary, details, step))
    for contact, last, due in ctx.follow_up_schedule:
        when = follow_up_day(due, contact["Snooze Until"])
        found.append(Reminder(
            "follow-up", (contact["key"],), when,
            f"Get back in touch with {contact['Name']}",
            f"Last touch {last}. A career update, an article or a short note keeps the connection warm; "
            "about three touches a year is plenty. `tracker draft` writes an update for you.",
            f"Send it, then record it on Follow-Ups or with {log.command(contact['Name'], 'Career update')}."))
    for lead, start, due in ctx.open_leads:
        found.append(Reminder(
            "lead", (_key(lead["Name"]), _key(lead["Suggested By"])), due,
            f"Reach out to {named(lead['Name'])}, suggested by {lead['Suggested By']}",
            f"Suggested on {start}. Mention {lead['Suggested By']} when you write.",
            f"When you have written, set Status to Contacted and fill in Contacted On in {_where(leads, 'Status', lead['_row'])}."))
    for lead, suggester, due in ctx.reports_owed:
        found.append(Reminder(
            "report-back", (suggester["key"], _key(lead["Name"]), lead["Contacted On"].isoformat()), due,
            f"Tell {suggester['Name']} how it went with {named(lead['Name'])}",
            f"You reached out to {named(lead['Name'])}, whom {suggester['Name']} suggested, on {lead['Contacted On']}. "
            "`tracker draft` writes the note for you.",
            f"Send it, then record it on Follow-Ups (Type Report back) or with {log.command(suggester['Name'], REPORT_BACK)}."))
    for finding in report.findings:
        if finding.rule == "share-the-news":
            found.append(Reminder("share-the-news", (_key(finding.contact), finding.due.isoformat()), finding.due,
                                  f"Tell {finding.contact} about your new job",
                                  f"You landed it on {finding.due}: tell them, and thank them for their help. "
                                  "`tracker draft` writes the note for you.",
                                  f"Send it, then record it on Follow-Ups or with {log.command(finding.contact, 'Job news')}."))
        elif finding.rule == "outcome-not-updated":
            found.append(Reminder("outcome", (_key(finding.contact), finding.due.isoformat()), finding.due,
                                  f"Update the outcome of your interview with {finding.contact}", finding.message,
                                  f"Mark it Held, Cancelled or Rescheduled in {finding.location}."))
    return sorted(found, key=lambda r: (r.starts or r.due, r.kind, r.summary))


@dataclass(frozen=True)
class Logging:
    """The `tracker log` command that records a touch in this workbook, as the seeker would type it."""

    workbook: str

    def command(self, contact, touch_type: str) -> str:
        return f"`tracker log {quoted(self.workbook)} {quoted(named(contact))} --type {quoted(touch_type)}`"


@lru_cache(maxsize=1 << 12)  # the workbook, each touch type and each contact, asked of again and again
def quoted(text: str) -> str:
    """A command-line argument as typed in any shell: in double quotes when it holds a space or a quote mark."""
    text = one_line(text)
    return f'"{text}"' if SHELL_SPECIAL.search(text) or not text else text


def calendar_bytes(reminders: list[Reminder], today: dt.date, seeker: str | None) -> bytes:
    """An RFC 5545 calendar with an all-day entry per reminder, placed on today when already overdue."""
    # Text from the workbook may hold line breaks and control characters: a summary or a name is
    # one line (iCalendar refuses raw line breaks there), and no control character reaches the calendar.
    name = one_line(f"Informational interviews ({seeker})" if seeker else "Informational interviews")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{ics.text(PRODUCT_ID)}", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
             f"X-WR-CALNAME:{ics.text(name)}"]
    stamp = ics.utc_time(dt.datetime.combine(today, dt.time(), tzinfo=dt.timezone.utc))  # the same data gives the same file
    # Each entry as folded text: the lines every entry shares are made once, not folded again for thousands.
    events, fold, categories = [], ics.folded, {}
    stamped = f"\r\nDTSTAMP:{stamp}\r\n"
    alarm = "\r\nTRANSP:TRANSPARENT\r\nBEGIN:VALARM\r\nACTION:DISPLAY\r\n"
    for reminder, uid in zip(reminders, uids(reminders)):
        day = max(reminder.starts or reminder.due, today)
        overdue = reminder.due < today
        said = ics.text(one_line(reminder.summary))  # the alarm's text, and the summary unless overdue
        # one_line and text change nothing across the space, so the summary is not made one line again
        summary = (f"Overdue: {said}" if said else "Overdue:") if overdue else said
        status = f"Overdue since {reminder.due}." if overdue else f"Due {reminder.due}."
        description = f"{status} {visible(reminder.details)}\n{visible(reminder.next_step)}"  # each part most often printable
        if reminder.kind not in categories:
            categories[reminder.kind] = fold(f"CATEGORIES:{ics.text('Informational interviews')},{ics.text(reminder.kind)}")
        events.append(f"BEGIN:VEVENT\r\n{fold(f'SUMMARY:{summary}')}\r\n{_dated(day)}"
                      f"{stamped}{fold(f'UID:{ics.text(uid)}')}\r\n{categories[reminder.kind]}\r\n"
                      f"{fold(f'DESCRIPTION:{ics.text(description)}')}{alarm}"
                      f"{fold(f'DESCRIPTION:{said}')}\r\n"
                      f"TRIGGER:{MORNING}\r\nEND:VALARM\r\nEND:VEVENT\r\n".encode("utf-8"))
    # Joined once, as bytes: a str of every entry, then its bytes, then the file's were three copies (145 MB each on
    # findings at 100,000 interviews).
    return b"".join([ics.content(lines), *events, b"END:VCALENDAR\r\n"])


@lru_cache(maxsize=4096)  # thousands of entries fall on a few hundred days
def _dated(day: dt.date) -> str:
    """An all-day entry's DTSTART, and its DTEND the day after (without one it lasts its one day, RFC 5545 3.6.1)."""
    ends = f"\r\nDTEND;VALUE=DATE:{ics.date(shifted(day, 1))}" if day < dt.date.max else ""
    return f"DTSTART;VALUE=DATE:{ics.date(day)}{ends}"


def uids(reminders: list[Reminder]) -> list[str]:
    """A UID per reminder from what it is about; identical subjects are numbered in order."""
    seen: dict[str, int] = {}
    found = []
    for reminder in reminders:
        identity = "|".join((reminder.kind, *reminder.about))
        seen[identity] = seen.get(identity, 0) + 1
        if seen[identity] > 1:
            identity += f"|{seen[identity]}"
        found.append(f"{hashlib.sha256(identity.encode('utf-8')).hexdigest()[:32]}@{UID_DOMAIN}")
    return found


def write_calendar(path: Path, data: bytes) -> None:
    """Replace `path` with the calendar, atomically."""
    path = Path(path)
    if path.suffix.lower() != ".ics":
        raise OutputNotWritable(f"{path}: a calendar file must end in .ics; choose a name like reminders.ics")
    if path.is_dir():
        raise OutputNotWritable(f"{path} is a folder; give the path of the calendar file to write, such as {path / 'reminders.ics'}")
    write_file_atomically(path, data)


def _key(name) -> str:
    return normalize_name(name) if name is not None else ""


def _iso(day: dt.date | None) -> str:
    return day.isoformat() if day else ""


def _where(sheet, header: str, row) -> str:
    return f"{sheet.name}!{sheet.cell(header, int(row))}"
