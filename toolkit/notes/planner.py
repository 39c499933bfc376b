"""Whom `tracker draft` writes to, and which notes become one: every note `check` says is owed, drafted.

Whom to write to comes from what `check` flags, so no rule is computed twice:
thank-yous from `Tracker.pending_thank_yous` (every one is due or overdue),
reminders of their offers from their-offer-pending findings (once the
thank-you has gone: until then the thank-you carries the reminder), updates
from follow-up-due findings, news from share-the-news findings, and
report-backs from report-back findings with their lead from
`Tracker.reports_owed`. Everything owed to one person is one note: the news
stands for the update, a thank-you for the reminder, and the rest follow the
first kind as "also" paragraphs. Data findings that change what a note says
are listed first (`notices`).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from toolkit.errors import ContactUnknown
from toolkit.notes.draft_files import DraftPlan
from toolkit.notes.drafts import Drafting, Letter
from toolkit.notes.nudges import KINDS, News, Reminder, ReportBack, ThankYou, Together, Update
from toolkit.review.findings import Report
from toolkit.review.model import Tracker, named, records
from toolkit.review.names import contact_meant
from toolkit.workbook.schema import normalize_name

FLAGGED_BY = {"update": "follow-up-due", "news": "share-the-news", "report-back": "report-back", "reminder": "their-offer-pending"}
# What a data finding in a column the drafts read does to them.
CONSEQUENCES = {
    "Contacts": ("the drafts use the first row of each name, and leave out a value they cannot read",
                 {"Name", "Email", "Mailing Address", "LinkedIn", "Connected on LinkedIn", "Organization", "Relationship",
                  "Follow Up Every (days)", "Snooze Until"}),
    "Interviews": ("the drafts leave this interview out (no thank-you, and no note recalls it) or use what they could read",
                   {"Contact", "Date", "Format", "Outcome", "Thank-You Sent"}),
    "Promises": ("no draft mentions this promise", {"Contact", "Made On", "Direction", "Promise", "Due Date", "Done On"}),
    "Leads": ("no report-back is drafted for this lead", {"Name", "Suggested By", "Suggested On", "Status", "Contacted On"}),
    "Follow-Ups": ("this touch is not counted, so a note may be drafted that you have already sent",
                   {"Contact", "Date", "Type"}),
    "Settings": ("the drafts use the default instead", None),
}


def plan_nudges(ctx: Tracker, report: Report, kind: str = "all", contact: str | None = None) -> DraftPlan:
    """Drafts for every nudge of `kind` that `check` flags as due, or with `contact` (and a kind) for that contact anyway."""
    book = Drafting(ctx)
    kinds = KINDS if kind == "all" else (kind,)
    key = _known_key(ctx, contact) if contact is not None else None
    letters: list[Letter | str] = []  # a str: why a note that is due cannot be drafted
    if key is None or kind == "all":
        for nudge in kinds:
            letters += [item for item in _due(book, report, nudge) if key is None or _to(item) == key]
    else:
        letters.append(_forced(book, kind, key))
    unreachable = [item for item in letters if isinstance(item, str)]
    drafts = [note.draft() for note in _one_note_each(item for item in letters if not isinstance(item, str))]
    return DraftPlan(drafts, unreachable, notices(ctx, report), complete=kind == "all" and contact is None)


def owed_notes(ctx: Tracker, report: Report) -> list[Letter]:
    """Every note `tracker draft` would write, one per person, not yet composed (for the Status sheet's links)."""
    book = Drafting(ctx)
    return _one_note_each(item for nudge in KINDS for item in _due(book, report, nudge) if not isinstance(item, str))


def _one_note_each(letters) -> list[Letter]:
    """Everything owed to one person as one note, in the order of its leading kind."""
    by_person: dict[str, list[Letter]] = {}
    for letter in letters:
        by_person.setdefault(letter.person["key"], []).append(letter)
    notes = []
    for group in by_person.values():
        kinds = {letter.nudge for letter in group}
        if "news" in kinds:  # the news is the update: one note, not two
            group = [letter for letter in group if letter.nudge != "update"]
        if "thank-you" in kinds:  # the thank-you reminds them of their offers
            group = [letter for letter in group if letter.nudge != "reminder"]
        group.sort(key=lambda letter: (KINDS.index(letter.nudge), letter.date))
        notes.append(group[0] if len(group) == 1 else Together(group))
    return sorted(notes, key=lambda note: KINDS.index(note.nudge))  # stable: oldest first within a kind


def notices(ctx: Tracker, report: Report) -> list[str]:
    """One line per data finding in a cell the drafts read, saying what it changes in them."""
    found = []
    for finding in report.findings:
        if not finding.rule.startswith("data-") or finding.sheet not in CONSEQUENCES:
            continue
        consequence, headers = CONSEQUENCES[finding.sheet]
        if headers is not None and _header_at(ctx, finding) not in headers:
            continue
        found.append(f"{finding.location}: {finding.message.rstrip('.')}; until then, {consequence}")
    return found


def _header_at(ctx: Tracker, finding) -> str | None:
    letters = "".join(ch for ch in finding.cell or "" if ch.isalpha())
    sheet = ctx.data.sheets.get(finding.sheet)
    return next((header for header, letter in sheet.letters.items() if letter == letters), None) if sheet else None


def _due(book: Drafting, report: Report, nudge: str) -> list[Letter | str]:
    """Each note of this kind that check flags, oldest first (a str for one that cannot be drafted)."""
    ctx = book.ctx
    found: list[Letter | str] = []
    if nudge == "thank-you":
        for interview, due in sorted(ctx.pending_thank_yous, key=lambda item: (item[0]["Date"], item[0]["_row"])):
            if interview["key"] in ctx.contacts_by_key:
                found.append(ThankYou(book, _person(ctx, interview["key"]), interview, due))
            else:
                found.append(f"No draft for {named(interview['Contact'])} (Interviews row {interview['_row']}): "
                             "they are not in Contacts; add them there")
        return found
    flagged = sorted((f for f in report.findings if f.rule == FLAGGED_BY[nudge]), key=lambda f: (f.due, f.row))
    leads = {lead["_row"]: lead for lead, _suggester, _due in ctx.reports_owed} if nudge == "report-back" else {}
    reminded = set()  # who needs no reminder: their thank-you reminds them, or they have one already
    if nudge == "reminder":
        reminded = {interview["key"] for interview, _due in ctx.pending_thank_yous}
    for finding in flagged:
        key = normalize_name(finding.contact)
        if nudge == "report-back":
            found.append(ReportBack(book, _person(ctx, key), leads[finding.row]))
        elif nudge == "reminder":
            if key in ctx.contacts_by_key and key not in reminded:  # one reminder names all their offers that are due
                reminded.add(key)
                found.append(Reminder(book, _person(ctx, key), ctx.latest_held(key), finding.due))
        else:
            landed = ctx.setting("Landed Job On") if nudge == "news" else None
            found.append(_letter(book, nudge, _person(ctx, key), ctx.latest_held(key, before=landed)))
    return found


def _to(item: Letter | str) -> str | None:
    """The contact key a note goes to (None for a note that cannot be drafted)."""
    return None if isinstance(item, str) else item.person["key"]


def _letter(book: Drafting, nudge: str, person: Mapping, interview: dict) -> Letter:
    """A thank-you for the interview; an update dated by the last touch; the news dated by Landed Job On."""
    ctx = book.ctx
    if nudge == "update":
        return Update(book, person, interview, ctx.last_touch.get(person["key"]))
    if nudge == "news":
        return News(book, person, interview, ctx.setting("Landed Job On"))
    return ThankYou(book, person, interview)


def _forced(book: Drafting, nudge: str, key: str) -> Letter:
    """The note of this kind for one contact, whether or not it is due."""
    ctx = book.ctx
    person = _person(ctx, key)
    if nudge == "report-back":
        leads = [lead for lead in records(ctx.sheet("Leads").frame) if lead["Contacted On"] is not None
                 and lead["Contacted On"] <= ctx.today and lead["Suggested By"] and normalize_name(lead["Suggested By"]) == key]
        if not leads:
            raise ContactUnknown(f"no lead suggested by {person['Name']} has a Contacted On date in Leads, so there is nothing to report back")
        return ReportBack(book, person, max(leads, key=lambda lead: (lead["Contacted On"], lead["_row"])))
    if nudge == "reminder":
        offers = book.offers.get(key, [])
        if not offers:
            raise ContactUnknown(f"{person['Name']} has no open offer (They offered, Done On blank) in Promises to remind them of")
        return Reminder(book, person, ctx.latest_held(key), min(due for _row, due in offers))
    interview = ctx.latest_held(key)
    if interview is None:
        why = "to thank them for" if nudge == "thank-you" else f"for a {nudge} draft to recall"
        raise ContactUnknown(f"{person['Name']} has no held interview in Interviews {why}")
    return _letter(book, nudge, person, interview)


def _known_key(ctx: Tracker, name: str) -> str:
    return normalize_name(contact_meant(name, ctx.contacts["Name"]))  # as `log` and check's finding find a name


def _person(ctx: Tracker, key: str) -> Mapping:
    # Read-only: a letter may not change what other letters read. A view, not a copy per letter (a person's
    # row for each of 95,000 letters planned on findings at 100,000 interviews).
    return MappingProxyType(ctx.contacts_by_key[key])

