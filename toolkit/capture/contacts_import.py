"""`tracker import`: add people from address-book exports to Contacts, never twice.

A person is already there when a Contacts row (or someone earlier in the
same import) has the same LinkedIn profile (compared without scheme, `www.`,
query, trailing slash or case), the same email (any case), or the same name
as names are matched everywhere. Such a row only has its blank cells filled;
nothing non-blank is overwritten, so importing the same file twice adds and
fills nothing. The one exception: anyone in a LinkedIn Connections export
gets Connected on LinkedIn Yes, since the export is the fact.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from toolkit.capture.address_book import TRACKER_FIRST, Person, read_address_book
from toolkit.capture.tracker_edit import TrackerEdit
from toolkit.errors import NotAWorkbook
from toolkit.review.model import records, with_bad
from toolkit.review.reader import read_tracker
from toolkit.workbook.schema import normalize_name
from toolkit.xlsx import file_state

CONTACTS = "Contacts"
SCHEME = re.compile(r"[a-z][a-z0-9+.-]*")
NEW_RELATIONSHIP = "Prospect"
EXPORT_SUFFIXES = (".csv", ".vcf")  # what an export is called; a tracker given there is a swap of the arguments
# What an import may write, in the order a fill is reported.
CONNECTED = "Connected on LinkedIn"  # the one cell an import may change: a LinkedIn export says they are connected
IMPORTED = ("Name", "Title", "Organization", "Email", "Phone", "LinkedIn", "Mailing Address", "Connected on LinkedIn")


def normalized_url(url: str) -> str:
    """A profile address as compared: no scheme, `www.`, query, fragment or trailing slash; any case."""
    text = url.strip().lower()
    scheme, separator, rest = text.partition("://")
    if separator and SCHEME.fullmatch(scheme):
        text = rest
    return text.partition("?")[0].partition("#")[0].removeprefix("www.").rstrip("/")


@dataclass
class Entry:
    """A Contacts row, existing (`row`) or about to be added (`row` None), with its values by header."""

    values: dict[str, object]
    row: int | None = None
    source: str = ""  # where a new row came from
    blocked: set[str] = field(default_factory=set)  # headers whose cell holds something unreadable: not blank

    def blank(self, header: str) -> bool:
        return self.values.get(header) is None and header not in self.blocked


@dataclass(frozen=True)
class Outcome:
    """What the import does with one person: add, fill (which headers) or skip (why)."""

    person: Person
    action: str  # "add", "fill" or "skip"
    entry: Entry | None
    filled: tuple[str, ...] = ()
    why: str = ""

    def line(self) -> str:
        name = self.person.name or "(no name)"
        if self.action == "add":
            return f"  add   {name}  ({self.person.where})"
        if self.action == "fill":
            return f"  fill  {name}: {', '.join(self.filled)}  ({_place(self.entry)}; {self.person.where})"
        return f"  skip  {name}: {self.why}  ({self.person.where})"


def _place(entry: Entry) -> str:
    return f"Contacts row {entry.row}" if entry.row else f"added from {entry.source}"


@dataclass
class ImportResult:
    """Every person's outcome, the rows written, and columns the sheet lacked."""

    path: Path
    outcomes: list[Outcome]
    dry_run: bool
    added_rows: list[int] = field(default_factory=list)
    left_out: set[str] = field(default_factory=set)
    notes: list[str] = field(default_factory=list)  # what the exports held that was left out, one line each

    def count(self, action: str) -> int:
        return sum(1 for o in self.outcomes if o.action == action)

    def lines(self, verbose: bool = False) -> list[str]:
        """What `tracker import` prints: the list (with --dry-run, and always for people it could not add), then counts."""
        shown = [o.line() for o in self.outcomes if verbose or (o.action == "skip" and o.entry is None)]
        shown += [f"  note  {note}" for note in self.notes]
        counts = f"added {self.count('add')}, filled {self.count('fill')}, skipped {self.count('skip')}"
        if self.dry_run:
            return [*shown, f"Dry run, nothing written to {self.path.name}: would have {counts}."]
        summary = f"Imported into {self.path.name}: {counts}."
        if self.added_rows:
            first, last = min(self.added_rows), max(self.added_rows)
            where = f"row {first}" if first == last else f"rows {first}-{last}"
            summary += f" New people are in Contacts {where} with Relationship {NEW_RELATIONSHIP}."
        notes = [f"Contacts has no '{h}' column, so imported {h} values were left out." for h in sorted(self.left_out)]
        return [*shown, summary, *notes]


class ContactIndex:
    """Contacts found by LinkedIn profile, email and name, as the import goes."""

    def __init__(self):
        self.by_url: dict[str, Entry] = {}
        self.by_email: dict[str, Entry] = {}
        self.by_name: dict[str, Entry] = {}

    def remember(self, entry: Entry) -> None:
        values = entry.values
        if values.get("LinkedIn"):
            self.by_url.setdefault(normalized_url(str(values["LinkedIn"])), entry)
        if values.get("Email"):
            self.by_email.setdefault(str(values["Email"]).strip().casefold(), entry)
        if values.get("Name"):
            self.by_name.setdefault(normalize_name(values["Name"]), entry)

    def find(self, person: Person) -> Entry | None:
        if person.linkedin and normalized_url(person.linkedin) in self.by_url:
            return self.by_url[normalized_url(person.linkedin)]
        for email in person.emails:
            if email.casefold() in self.by_email:
                return self.by_email[email.casefold()]
        return self.by_name.get(normalize_name(person.name)) if person.name else None


def person_values(person: Person) -> dict[str, object]:
    """The Contacts cells a person fills, by header."""
    return {"Name": person.name, "Title": person.title, "Organization": person.organization,
            "Email": person.emails[0] if person.emails else None, "Phone": person.phone, "LinkedIn": person.linkedin,
            "Mailing Address": person.address, "Connected on LinkedIn": "Yes" if person.from_linkedin else None}


def _connection_is_news(entry: Entry) -> bool:
    """Whether a LinkedIn export changes this row's Connected on LinkedIn: the export is the fact, so "No" becomes Yes.

    A cell the reader could not read is still left alone: it may hold something the seeker meant.
    """
    return CONNECTED not in entry.blocked and entry.values.get(CONNECTED) != "Yes"


def plan_import(existing: list[Entry], people: list[Person], present: set[str]) -> tuple[list[Outcome], list[Entry]]:
    """Each person's outcome against `existing` rows and the people before them; and the new rows.

    `present` holds the headers the sheet has: a fill of a column it lacks is not a fill.
    """
    index = ContactIndex()
    for entry in existing:
        index.remember(entry)
    outcomes, added = [], []
    for person in people:
        values = person_values(person)
        entry = index.find(person)
        if entry is None and not person.name:
            outcomes.append(Outcome(person, "skip", None, why="no name, so not added; add them by hand if you want them"))
            continue
        if entry is None:
            values |= {"Relationship": NEW_RELATIONSHIP, "How We Met": "LinkedIn" if person.from_linkedin else None}
            entry = Entry({h: v for h, v in values.items() if v is not None}, source=person.where)
            added.append(entry)
            index.remember(entry)
            outcomes.append(Outcome(person, "add", entry))
            continue
        filled = tuple(h for h in IMPORTED if values.get(h) is not None and h in present
                       and (entry.blank(h) or h == CONNECTED and _connection_is_news(entry)))
        for header in filled:
            entry.values[header] = values[header]
        index.remember(entry)
        if filled:
            outcomes.append(Outcome(person, "fill", entry, filled))
        else:
            already = f"already in Contacts row {entry.row}" if entry.row else f"already added from {entry.source}"
            outcomes.append(Outcome(person, "skip", entry, why=already))
    return outcomes, added


def import_contacts(path: Path, files: list[Path], dry_run: bool = False) -> ImportResult:
    """Add the people in `files` to the Contacts of the tracker at `path` (or, with `dry_run`, only say what would happen).

    Example: import_contacts(Path("tracker.xlsx"), [Path("Connections.csv")])
    """
    path = Path(path)
    if path.suffix.lower() in EXPORT_SUFFIXES:
        raise NotAWorkbook(f"{path} is an address-book export, not a tracker; {TRACKER_FIRST}")
    books = [read_address_book(file) for file in files]  # every file is read before anything is written
    people = [person for book in books for person in book.people]
    read_as = file_state(path)
    data = read_tracker(path, only=(CONTACTS,))
    sheet = data.sheets[CONTACTS]
    present = {header for header, letter in sheet.letters.items() if letter}
    existing = []
    for row in records(with_bad(sheet)):
        blocked = {h for h in IMPORTED if row.get(f"bad:{h}")}
        existing.append(Entry({h: row.get(h) for h in IMPORTED}, row=int(row["_row"]), blocked=blocked))
    outcomes, added = plan_import(existing, people, present)
    result = ImportResult(path, outcomes, dry_run, notes=[note for book in books for note in book.notes])
    fills = {o.entry.row: o.entry for o in outcomes if o.action == "fill" and o.entry.row}
    if dry_run or not (added or fills):
        return result
    edit = TrackerEdit(data, read_as)
    filled: dict[int, set[str]] = {}
    for outcome in outcomes:
        if outcome.action == "fill" and outcome.entry.row:
            filled.setdefault(outcome.entry.row, set()).update(outcome.filled)
    for row, entry in fills.items():
        edit.fill_cells(CONTACTS, row, {h: entry.values[h] for h in filled[row]})
    result.added_rows = edit.add_rows(CONTACTS, [entry.values for entry in added], strict=False)
    result.left_out = edit.left_out.get(CONTACTS, set())
    edit.save()
    return result
