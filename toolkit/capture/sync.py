"""`tracker sync`: learn from the seeker's own mail and calendar what they did, and record it.

Mail the seeker sent to a contact's Email (in To or Cc) is a touch: within
the thank-you window after a held interview still waiting for one it marks
the thank-you sent; otherwise it is a Follow-Ups row typed as the message
reads. A calendar event with a contact becomes an Interviews row. Source
holds the message or event id, so nothing is recorded twice; a day that
already has a touch with the contact gets no second one. The workbook is
written as `tracker log` writes it, through `TrackerEdit`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from toolkit.capture.calendar_source import Event, local, read_events
from toolkit.capture.contacts_import import normalized_url
from toolkit.capture.imap_source import ImapAddress, ImapSource, parse_address
from toolkit.capture.mail_headers import Mail, Tally
from toolkit.capture.mail_sources import mail_source
from toolkit.capture.sync_report import Recorded, SyncResult
from toolkit.capture.tracker_edit import TrackerEdit
from toolkit.errors import DateInvalid, MailServerRefused
from toolkit.review.model import Tracker, records, shifted, with_bad
from toolkit.review.reader import read_tracker
from toolkit.safe_text import one_line
from toolkit.workbook.schema import normalize_name
from toolkit.xlsx import file_state

FOLLOW_UPS, INTERVIEWS = "Follow-Ups", "Interviews"
ADDRESS_SPLIT = re.compile(r"[\s,;<>]+")
Progress = Callable[[str, int], contextlib.AbstractContextManager]  # (label, total) -> a context giving update(n)


def no_progress(_label: str, _total: int):
    return contextlib.nullcontext(lambda n: None)


def cell_addresses(value) -> list[str]:
    """The email addresses in an Email cell, which may hold several (comma, semicolon or space between)."""
    if not value:
        return []
    found = (part.strip().lower().removeprefix("mailto:") for part in ADDRESS_SPLIT.split(str(value)))
    return [address for address in found if "@" in address]


def name_pattern(name: str) -> re.Pattern:
    """A name as names are matched (any case, any run of spaces), as whole words in a text."""
    words = [re.escape(word) for word in normalize_name(name).split()]
    return re.compile(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)", re.IGNORECASE)


@dataclass
class Waiting:
    """A held interview with Thank-You Sent blank: a row of the sheet, or one this sync adds."""

    key: str
    day: dt.date
    time: dt.time | None
    row: int | None  # the Interviews row; None for a record this sync adds
    record: dict | None = None  # the record this sync adds
    medium_blank: bool = True
    source_blank: bool = True


def _time_of(value) -> dt.time | None:
    if isinstance(value, dt.datetime):
        return value.time()
    if isinstance(value, dt.time):
        return value
    if isinstance(value, str):
        with contextlib.suppress(ValueError):
            return dt.time.fromisoformat(value.strip())
    return None


@dataclass
class Planner:
    """What the tracker already holds, and what this sync will add to it, decided one touch at a time."""

    tracker: Tracker
    zone: dt.tzinfo | None
    since: dt.date | None
    recorded: list[Recorded] = field(default_factory=list)
    left: Counter = field(default_factory=Counter)
    fills: dict[int, dict] = field(default_factory=dict)
    new_rows: dict[str, list[dict]] = field(default_factory=lambda: {INTERVIEWS: [], FOLLOW_UPS: []})

    def __post_init__(self):
        t = self.tracker
        self.today = t.today
        self.by_email: dict[str, str] = {}
        for contact in t.contact_records:
            for address in cell_addresses(contact["Email"]):
                self.by_email.setdefault(address, contact["key"])
        self.mine = set(cell_addresses(t.setting("Your Email")))
        self.my_linkedin = normalized_url(str(t.setting("Your LinkedIn"))) if t.setting("Your LinkedIn") else None
        self.names = {c["key"]: name_pattern(c["Name"]) for c in t.contact_records}
        self.seen: set[str] = set()
        self.touch_days: set[tuple[str, dt.date]] = set()
        self.interview_days: set[tuple[str, dt.date]] = set()
        self.waiting: dict[str, list[Waiting]] = {}
        for frame in (t.interviews, t.follow_ups):
            for value in frame.get("Source", ()):
                if value:
                    self.seen.update(str(value).split())
        interviews = t.interviews.join(with_bad(t.sheet(INTERVIEWS)).filter(like="bad:"))
        can_thank = bool(t.sheet(INTERVIEWS).letters.get("Thank-You Sent"))
        for row in records(interviews):
            if row["key"] is None or row["Date"] is None:
                continue
            self.interview_days.add((row["key"], row["Date"]))
            if row["held"]:
                self.touch_days.add((row["key"], row["Date"]))
            if row["Thank-You Sent"] is not None:
                self.touch_days.add((row["key"], row["Thank-You Sent"]))
            elif row["held"] and can_thank and not row["bad:Thank-You Sent"]:
                self.waiting.setdefault(row["key"], []).append(Waiting(
                    row["key"], row["Date"], _time_of(row["Time"]), int(row["_row"]),
                    medium_blank=row["Thank-You Medium"] is None and not row["bad:Thank-You Medium"],
                    source_blank=not row.get("Source")))
        for row in records(t.follow_ups):
            if row["key"] is not None and row["Date"] is not None:
                self.touch_days.add((row["key"], row["Date"]))
        self.leads: dict[str, list[tuple[str, re.Pattern]]] = {}
        for lead in records(t.sheet("Leads").frame):
            if lead["Name"] and lead["Suggested By"]:
                self.leads.setdefault(normalize_name(lead["Suggested By"]), []).append((lead["Name"], name_pattern(lead["Name"])))

    def name(self, key: str) -> str:
        return self.tracker.contacts_by_key[key]["Name"]

    def _fresh(self, source_id: str, noun: str) -> bool:
        if source_id in self.seen:
            self.left[noun, "already recorded"] += 1
            return False
        self.seen.add(source_id)
        return True

    def _in_range(self, day: dt.date, noun: str) -> bool:
        if self.since is not None and day < self.since:
            self.left[noun, "before --since"] += 1
            return False
        return True

    def event(self, event: Event) -> None:
        """An event with contacts on it (by address, or by name in its title) becomes an Interviews row for each."""
        if not self._in_range(event.day, "event"):
            return
        keys = [self.by_email[a] for a in event.emails if a in self.by_email and a not in self.mine]
        keys += [key for key, pattern in self.names.items() if pattern.search(event.title)]
        keys = list(dict.fromkeys(keys))
        if not keys:
            self.left["event", "with no one from Contacts"] += 1
            return
        if not self._fresh(event.id, "event"):
            return
        for key in keys:
            if (key, event.day) in self.interview_days:
                self.left["event", "on a day that already has an interview"] += 1
                continue
            record = {"Contact": self.name(key), "Date": event.day, "Time": event.time.strftime("%H:%M") if event.time else None,
                      "Format": event.format, "Source": event.id}
            self.new_rows[INTERVIEWS].append(record)
            self.interview_days.add((key, event.day))
            if event.day <= self.today:
                self.touch_days.add((key, event.day))
                self.waiting.setdefault(key, []).append(Waiting(key, event.day, event.time, None, record, source_blank=False))
            at = f" at {record['Time']}" if record["Time"] else ""
            how = f", {event.format}" if event.format else ""
            self.recorded.append(Recorded(self.name(key), event.day, INTERVIEWS, f"interview{at}{how}", event.title, record))

    def mail(self, mail: Mail, keys: list[str]) -> None:
        """Mail the seeker sent to contacts: a thank-you within the window, else a Follow-Ups row each."""
        when = local(mail.sent_at, self.zone)
        day = when.date()
        if not self._fresh(mail.id, "message"):
            return
        for key in keys:
            thanked = self._awaiting_thanks(key, when)
            if thanked is not None:
                self._mark_thanked(thanked, day, mail)
            elif (key, day) in self.touch_days:
                self.left["message", "on a day that already has a touch"] += 1
            else:
                kind = self.kind_of(key, mail, day)
                subject = one_line(mail.subject)[:250] or None
                record = {"Contact": self.name(key), "Date": day, "Type": kind, "Channel": "Email", "Summary": subject, "Source": mail.id}
                self.new_rows[FOLLOW_UPS].append(record)
                self.touch_days.add((key, day))
                self.recorded.append(Recorded(self.name(key), day, FOLLOW_UPS, kind, mail.subject, record))

    def _awaiting_thanks(self, key: str, when: dt.datetime) -> Waiting | None:
        day, window = when.date(), self.tracker.thank_you_window
        fits = [w for w in self.waiting.get(key, [])
                if w.day <= day <= shifted(w.day, window) and not (w.day == day and w.time and when.time() < w.time)]
        return max(fits, key=lambda w: (w.day, w.row or 0)) if fits else None

    def _mark_thanked(self, waiting: Waiting, day: dt.date, mail: Mail) -> None:
        self.waiting[waiting.key].remove(waiting)
        self.touch_days.add((waiting.key, day))
        values = {"Thank-You Sent": day}
        if waiting.medium_blank:
            values["Thank-You Medium"] = "Email"
        if waiting.source_blank:
            values["Source"] = mail.id
        if waiting.record is not None:
            waiting.record.update(values)
            target = waiting.record
        else:
            target = self.fills.setdefault(waiting.row, {})
            target.update(values)
        what = f"thank-you sent, for the interview on {waiting.day}"
        self.recorded.append(Recorded(self.name(waiting.key), day, "Thank-You Sent", what, mail.subject, target, waiting.row))

    def kind_of(self, key: str, mail: Mail, day: dt.date) -> str:
        """Job news on or after Landed Job On; Report back when it names a lead they suggested; a link; else Catch-up."""
        landed = self.tracker.setting("Landed Job On")
        if landed is not None and day >= landed:
            return "Job news"
        text = f"{mail.subject}\n{mail.text_start}"
        if any(pattern.search(text) for _name, pattern in self.leads.get(key, [])):
            return "Report back"
        links = [link for link in mail.links if normalized_url(link) != self.my_linkedin]
        return "Article or link" if links else "Catch-up"

    def recipients(self, mail: Mail, sent_folder: bool) -> list[str]:
        """The contacts a message the seeker sent went to; [] (and counted) for anything else."""
        if not (sent_folder or mail.sender in self.mine or any(label.casefold() == "sent" for label in mail.labels)):
            self.left["message", "not sent by you"] += 1
            return []
        keys = list(dict.fromkeys(self.by_email[a] for a in mail.recipients if a in self.by_email and a not in self.mine))
        if not keys:
            self.left["message", "to no one in Contacts"] += 1
            return []
        day = local(mail.sent_at, self.zone).date()
        if day > self.today:
            self.left["message", "dated after today"] += 1
            return []
        return keys if self._in_range(day, "message") else []


def open_sources(specs: list[str], password: Callable[[ImapAddress], str], since: dt.date | None) -> list:
    """Each SOURCE recognised (before anything is read): mail sources, and calendar files as Paths."""
    found = []
    for spec in specs:
        if re.match(r"(?i)imaps?://", spec):
            found.append(ImapSource(parse_address(spec), password, since))
            continue
        path = Path(spec).expanduser()
        source = mail_source(path)
        found.append(source if source is not None else path)
    return found


def sync(path: Path, specs: list[str], today: dt.date, since: dt.date | None = None, dry_run: bool = False,
         zone: dt.tzinfo | None = None, password: Callable[[ImapAddress], str] | None = None,
         progress: Progress = no_progress) -> SyncResult:
    """Record in the tracker at `path` what the mail and calendars in `specs` show the seeker did.

    Example: sync(Path("tracker.xlsx"), ["Sent.mbox", "calendar.ics"], today)
    """
    path = Path(path)
    if since is not None and since > today:
        raise DateInvalid(f"--since {since} is after today ({today}); choose an earlier date")
    sources = open_sources(specs, password or _no_password, since)
    read_as = file_state(path)
    tracker = Tracker(read_tracker(path), today)
    planner = Planner(tracker, zone, since)
    tally, counts, sent = Tally(), [], []
    for source in sources:  # calendars first: a thank-you may be for an interview the calendar adds
        if isinstance(source, Path):
            before = tally.read
            for event in read_events(source, zone, tally):
                planner.event(event)
            counts.append((source.name, tally.read - before, "event"))
    for source in sources:
        if not isinstance(source, Path):
            before = tally.read
            for mail, keys in _sent_to_contacts(source, planner, tally, progress):
                sent.append((mail, keys))
            counts.append((source.label, tally.read - before, "message"))
    for mail, keys in sorted(sent, key=lambda pair: (pair[0].sent_at, pair[0].id)):
        planner.mail(mail, keys)
    result = SyncResult(path, dry_run, planner.recorded, planner.left, tally, counts,
                        your_email_blank=not planner.mine and any(not isinstance(s, Path) and not s.sent_folder for s in sources),
                        left_out=_left_out(tracker, planner))
    if not dry_run and planner.recorded:
        _write(tracker, read_as, planner)
    return result


def _present(tracker: Tracker, sheet: str) -> set[str]:
    return {header for header, letter in tracker.sheet(sheet).letters.items() if letter}


def _left_out(tracker: Tracker, planner: Planner) -> dict[str, set[str]]:
    """Per sheet, the headers it lacks whose values sync has for it (they are left out, and the output says so)."""
    wanted = {INTERVIEWS: [*planner.new_rows[INTERVIEWS], *planner.fills.values()], FOLLOW_UPS: planner.new_rows[FOLLOW_UPS]}
    found = {}
    for sheet, values in wanted.items():
        missing = {h for record in values for h, v in record.items() if v is not None} - _present(tracker, sheet)
        if missing:
            found[sheet] = missing
    return found


def _sent_to_contacts(source, planner: Planner, tally: Tally, progress: Progress) -> Iterator[tuple[Mail, list[str]]]:
    with progress(source.label, source.size if not isinstance(source, ImapSource) else 0) as update:
        for mail in source.messages(tally, update):
            keys = planner.recipients(mail, source.sent_folder)
            if keys:
                yield mail, keys


def _write(tracker: Tracker, read_as, planner: Planner) -> None:
    """Fill the thank-yous and add the rows through TrackerEdit (as `tracker log` does), then save once, atomically."""
    edit = TrackerEdit(tracker.data, read_as)
    present = _present(tracker, INTERVIEWS)
    for row, values in sorted(planner.fills.items()):
        edit.fill_cells(INTERVIEWS, row, {h: v for h, v in values.items() if h in present})
    for sheet, rows in planner.new_rows.items():
        if rows:
            written = [{h: v for h, v in record.items() if h != "_row"} for record in rows]
            for record, number in zip(rows, edit.add_rows(sheet, written, strict=False)):
                record["_row"] = number
    edit.save()


def _no_password(address: ImapAddress) -> str:
    raise MailServerRefused(f"no password for {address.user}@{address.host}: set TRACKER_IMAP_PASSWORD, or run sync in a terminal to type it")
