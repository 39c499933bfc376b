"""What `tracker sync` recorded (or, with --dry-run, would record), per contact, in the lines it prints."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from toolkit.capture.mail_headers import Tally

SHOWN_PLACES = 3  # places named per kind of skipped message; the count says how many there were
# The nouns are singular: counted() adds the s. "message with no readable Date" -> "3 messages with ..." needs the noun first.
SKIPPED = {"no-date": ("message", "with no readable Date"), "undecodable": ("message", "with a header that cannot be decoded"),
           "no-start": ("event", "with no start")}
LEFT_ALONE = {"cancelled": ("event", "marked cancelled")}  # counted by the reader, but nothing is wrong with them


@dataclass
class Recorded:
    """One touch sync records: a Follow-Ups row, an Interviews row, or a thank-you marked sent."""

    contact: str
    day: dt.date
    sheet: str  # "Follow-Ups", "Interviews", or "Thank-You Sent" for a thank-you marked on an interview
    what: str  # the Follow-Ups Type, or the words for the interview or thank-you
    subject: str  # the message's subject or the event's title
    record: dict  # the values written (a new row gets its "_row" once written)
    row: int | None = None  # the Interviews row a thank-you is marked on

    def describe(self, dry_run: bool) -> str:
        title = f'"{self.subject}"' if self.subject else "(no subject)"
        row = self.row or self.record.get("_row")
        if self.sheet == "Follow-Ups":
            where = f"Follow-Ups row {row}" if row else "a new Follow-Ups row"
            return f"{self.what or 'a touch'} by email ({where}): {title}"
        where = f"Interviews row {row}" if row else "a new Interviews row"
        return f"{self.what} ({where}): {title}"


def counted(n: int, thing: str) -> str:
    """"1 message", "2,000 messages"."""
    return f"{n:,} {thing}" if n == 1 else f"{n:,} {thing}s"


def _places(wheres: list[str]) -> str:
    shown = ", ".join(wheres[:SHOWN_PLACES])
    return shown + (f" and {len(wheres) - SHOWN_PLACES:,} more" if len(wheres) > SHOWN_PLACES else "")


@dataclass
class SyncResult:
    """Everything sync found, recorded and left alone, and the lines it prints."""

    path: Path
    dry_run: bool
    recorded: list[Recorded]
    left: Counter  # (noun, why) -> how many
    tally: Tally
    read: list[tuple[str, int, str]]  # (source, how many, "message" or "event")
    your_email_blank: bool = False
    left_out: dict[str, set[str]] = field(default_factory=dict)  # sheet -> headers it lacks

    def lines(self) -> list[str]:
        """What `tracker sync` prints: per contact what it recorded, then what it read, left alone and skipped."""
        out = [f"Dry run, nothing written to {self.path.name}. Sync would record:" if self.dry_run else
               f"Recorded in {self.path.name}:"] if self.recorded else []
        by_contact: dict[str, list[Recorded]] = {}
        for item in sorted(self.recorded, key=lambda r: (r.contact.casefold(), r.day)):
            by_contact.setdefault(item.contact, []).append(item)
        for contact, items in by_contact.items():
            out.append(f"  {contact}")
            out += [f"    {item.day}  {item.describe(self.dry_run)}" for item in items]
        count = len(self.recorded)
        touches = f"{count} touch{'es' if count != 1 else ''} with {counted(len(by_contact), 'contact')}"
        if not count:
            out.append(f"Nothing new to record in {self.path.name}.")
        else:
            out.append(f"{'Would record' if self.dry_run else 'Recorded'} {touches}.")
        out.append("Read " + "; ".join(f"{source}: {counted(n, unit)}" for source, n, unit in self.read) + ".")
        left = Counter(self.left)
        for reason, text in LEFT_ALONE.items():
            if self.tally.skipped.get(reason):
                left[text] += len(self.tally.skipped[reason])
        if left:
            out.append("Left alone: " + ", ".join(f"{counted(n, noun)} {why}" for (noun, why), n in left.items()) + ".")
        for reason, (noun, why) in SKIPPED.items():
            wheres = self.tally.skipped.get(reason, [])
            if wheres:
                out.append(f"Skipped {counted(len(wheres), noun)} {why} ({_places(wheres)}).")
        if self.tally.damaged_lines:
            out.append(f"Skipped {counted(len(self.tally.damaged_lines), 'damaged line')} ({_places(self.tally.damaged_lines)}).")
        if self.your_email_blank:
            out.append("Your Email is blank in Settings, so only mail in a Sent folder (or labelled Sent by Gmail) counted as "
                       "yours; fill it in to count the rest.")
        for sheet, headers in sorted(self.left_out.items()):
            for header in sorted(headers):
                why = " (it keeps a second sync from recording the same message again)" if header == "Source" else ""
                out.append(f"{sheet} has no '{header}' column, so its values were left out; add one to keep them{why}.")
        return out
