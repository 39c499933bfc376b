"""Where the Status sheet's links open each note that is owed: its draft, else a mailto: with what fits.

`check` asks this module, through the CLI (review may not import notes), for
a link per finding that owes a note, and hands the mapping to the Status
sheet (`status_sheet.write_status(..., notes=...)`), keyed by the finding's
(rule, sheet, row). A note already drafted into the drafts folder beside the
workbook (where `tracker draft` writes by default) is linked by its path
relative to the workbook; otherwise an email is a mailto: link with the
recipient and the subject (the body never fits in the 255 characters a
spreadsheet's HYPERLINK takes: the draft is the way to the text); a
LinkedIn message links to the profile it is sent from; a card has no link
until it is drafted.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import quote

from toolkit.notes.draft_files import Draft, file_names, folded_name
from toolkit.notes.drafts import TAILS, Letter, usable_address
from toolkit.notes.planner import FLAGGED_BY, owed_notes
from toolkit.review.findings import Report
from toolkit.review.model import Tracker
from toolkit.safe_text import one_line
from toolkit.workbook.schema import normalize_name

HYPERLINK_LIMIT = 255  # the longest text Excel's HYPERLINK takes as its link
NOTE_RULES = {"thank-you-due", "thank-you-overdue", *FLAGGED_BY.values()}


def status_links(ctx: Tracker, report: Report, workbook: Path, drafts: Path) -> dict[tuple[str, str, int], str]:
    """{(rule, sheet, row): link} for every finding that owes a note, as described above."""
    notes = {note.person["key"]: note for note in owed_notes(ctx, report)}
    if not notes:
        return {}
    letters = list(notes.values())
    media = [letter.medium() for letter in letters]
    folder = os.path.relpath(drafts, workbook.parent).replace(os.sep, "/")
    listed = _listed(drafts)
    if listed == set():  # no draft yet (no folder, or an empty one), as before the first `tracker draft`: no names
        names: list[str | None] = [None] * len(letters)
    else:
        names = file_names([Draft(n.name, n.nudge, n.date, medium, n.file_name(TAILS[medium], part), b"", person_part=part)
                            for n, medium in zip(letters, media) for part in [n.person_part()]], drafts)
    links: dict[str, str] = {}
    for letter, medium, name in zip(letters, media, names):
        drafted = name is not None and (listed is None or folded_name(name) in listed) and (drafts / name).is_file()
        link = f"{folder}/{name}" if drafted else _compose(letter, medium)
        if link and len(link) <= HYPERLINK_LIMIT:
            links[letter.person["key"]] = link
    return {(f.rule, f.sheet, f.row): links[key] for f in report.findings
            if f.rule in NOTE_RULES and f.contact and (key := normalize_name(f.contact)) in links}


def _listed(drafts: Path) -> set[str] | None:
    """The names in the drafts folder, folded as macOS and Windows match them (any case, any Unicode normal form: HFS+
    lists "ë" decomposed); None if it cannot be listed.

    One listing, not a look per note: thousands of notes owed, and usually no draft yet.
    """
    try:
        return {folded_name(name) for name in os.listdir(drafts)}
    except FileNotFoundError:
        return set()
    except OSError:  # not a folder, or not ours to list: each draft is looked for itself
        return None


def _compose(letter: Letter, medium: str) -> str | None:
    """A link that starts the note where nothing is drafted yet: mailto: for an email, the profile for LinkedIn."""
    if medium == "linkedin":
        profile = one_line(letter.person["LinkedIn"])
        if profile.lower().startswith(("https://", "http://")):
            return profile
        return f"https://{profile}" if profile.lower().startswith(("linkedin.com/", "www.linkedin.com/")) else None
    if medium not in ("email", "nowhere"):
        return None
    email = one_line(letter.person["Email"] or "")
    to = quote(email, safe="@") if usable_address(email) else ""
    # The text itself never fits: a greeting, one paragraph and a close are over 255 characters once encoded.
    return f"mailto:{to}?subject={quote(letter.subject(), safe='')}"
