"""`tracker log`: record a touch with a contact as a Follow-Ups row, without opening the workbook.

A "Thank-you note" also fills Thank-You Sent (and Thank-You Medium, when
blank) on the contact's latest held interview still missing one, so the
thank-you finding clears. Nothing non-blank is overwritten.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from toolkit.capture.tracker_edit import TrackerEdit
from toolkit.errors import ChoiceInvalid, DateInvalid
from toolkit.review.checker import follow_up_day
from toolkit.review.coerce import to_choice
from toolkit.review.model import Tracker, bad_flags, records
from toolkit.review.names import contact_meant
from toolkit.review.reader import read_tracker
from toolkit.workbook.schema import load_template, normalize_name
from toolkit.xlsx import file_state

FOLLOW_UPS = "Follow-Ups"
INTERVIEWS = "Interviews"
THANK_YOU_TYPE = "Thank-you note"
# How a thank-you sent through a follow-up channel is recorded in Interviews' Thank-You Medium.
MEDIUM_BY_CHANNEL = {"Email": "Email", "LinkedIn": "LinkedIn message", "Letter": "Handwritten card"}
OTHER_MEDIUM = "Other"


@dataclass(frozen=True)
class LoggedTouch:
    """What `log_touch` recorded, and what comes next for the contact."""

    contact: str
    date: dt.date
    type: str | None
    channel: str | None
    row: int  # the Follow-Ups row written
    thanked_interview: tuple[int, dt.date] | None  # (Interviews row, interview date) whose Thank-You Sent was filled
    next_step: str  # what is next for the contact, in words

    def describe(self) -> str:
        """The one line `tracker log` prints."""
        what = " ".join(part for part in (self.type or "a touch", f"by {self.channel}" if self.channel else "") if part)
        line = f"Logged {what} with {self.contact} on {self.date} (Follow-Ups row {self.row})"
        if self.thanked_interview:
            row, held_on = self.thanked_interview
            line += f"; thank-you marked sent for the interview on {held_on} (Interviews row {row})"
        elif self.type == THANK_YOU_TYPE:
            line += "; no held interview was waiting for a thank-you"
        return f"{line}. {self.next_step}"


def checked_choice(value: str | None, list_name: str, option: str) -> str | None:
    """A choice as the template spells it (any case accepted), or ChoiceInvalid listing the choices."""
    if value is None:
        return None
    allowed = load_template().choices[list_name]
    found = to_choice(value, allowed)
    if found is None:
        raise ChoiceInvalid(f"{option} '{value}' is not one of: {', '.join(allowed)}")
    return found


def contact_named(tracker: Tracker, name: str) -> dict:
    """The Contacts row `name` means (the same name, or a unique first name or start), or ContactUnknown naming the closest."""
    meant = contact_meant(name, tracker.contacts["Name"], "; add them to Contacts first (or with `tracker import`)")
    return tracker.contacts.loc[normalize_name(meant)].to_dict()


def interview_awaiting_thanks(tracker: Tracker, key: str, sent_on: dt.date) -> dict | None:
    """The contact's latest held interview, on or before `sent_on`, whose Thank-You Sent is blank."""
    iv = tracker.interviews
    bad_sent = bad_flags(tracker.sheet(INTERVIEWS), "Thank-You Sent")
    waiting = iv[iv["held"] & (iv["key"] == key) & iv["Thank-You Sent"].isna() & ~bad_sent]
    waiting = [row for row in records(waiting) if row["Date"] <= sent_on]
    return max(waiting, key=lambda r: (r["Date"], r["_row"])) if waiting else None


def log_touch(path: Path, contact: str, today: dt.date, date: dt.date | None = None, type: str | None = None,
              channel: str | None = None, summary: str | None = None) -> LoggedTouch:
    """Append a Follow-Ups row for `contact` (Date defaults to `today`) and save the workbook atomically.

    Example: log_touch(Path("tracker.xlsx"), "Ann Lee", today, type="Catch-up", channel="Email")
    """
    path = Path(path)
    read_as = file_state(path)
    type = checked_choice(type, "Follow-Up Type", "--type")
    channel = checked_choice(channel, "Follow-Up Channel", "--channel")
    date = date or today
    if date > today:  # a touch is logged once it has happened; a later date is nearly always a typo
        raise DateInvalid(f"--date {date} is after today ({today}); log a touch once it has happened")
    tracker = Tracker(read_tracker(path), today)
    person = contact_named(tracker, contact)
    edit = TrackerEdit(tracker.data, read_as)
    summary = summary.strip() if summary and summary.strip() else None
    (row,) = edit.add_rows(FOLLOW_UPS, [{"Contact": person["Name"], "Date": date, "Type": type,
                                         "Channel": channel, "Summary": summary}])
    thanked = None
    if type == THANK_YOU_TYPE:
        interview = interview_awaiting_thanks(tracker, person["key"], date)
        if interview is not None:
            values = {"Thank-You Sent": date}
            if interview["Thank-You Medium"] is None and not _medium_unreadable(tracker, interview["_row"]):
                values["Thank-You Medium"] = MEDIUM_BY_CHANNEL.get(channel, OTHER_MEDIUM) if channel else None
            edit.fill_cells(INTERVIEWS, int(interview["_row"]), values)
            thanked = (int(interview["_row"]), interview["Date"])
    edit.save()
    after = Tracker(read_tracker(path), today)
    return LoggedTouch(person["Name"], date, type, channel, row, thanked, next_follow_up(after, person["key"]))


def _medium_unreadable(tracker: Tracker, row: int) -> bool:
    """A Thank-You Medium cell that holds something the reader could not read is not blank."""
    sheet = tracker.sheet(INTERVIEWS)
    flags = bad_flags(sheet, "Thank-You Medium")
    return bool(flags[sheet.frame["_row"] == row].any())


def next_follow_up(tracker: Tracker, key: str) -> str:
    """The contact's next follow-up date in words, honouring Snooze Until, or why there is none."""
    contact = tracker.contacts.loc[key]
    name = contact["Name"]
    for scheduled, _last, due in tracker.follow_up_schedule:
        if scheduled["key"] == key:
            snooze = scheduled["Snooze Until"]
            day = follow_up_day(due, snooze)
            return f"Next follow-up with {name}: {day}" + (f" (snoozed until {snooze})." if day != due else ".")
    unreadable = [header for header in ("Relationship", "Snooze Until") if contact[f"bad:{header}"]]
    if unreadable:
        cells = " and ".join(f"Contacts!{tracker.sheet('Contacts').cell(h, int(contact['_row']))}" for h in unreadable)
        return f"No follow-up date for {name} until {cells} holds a value tracker can read; `tracker check` says what is wrong."
    if contact["Relationship"] in load_template().quiet_relationships:
        return f"No follow-up reminders for {name}: Relationship is {contact['Relationship']}."
    if key in tracker.upcoming_keys:
        return f"No follow-up is due for {name} while an interview is coming up."
    return f"No follow-up is scheduled for {name} until an interview is held."
