"""Who or what a name means: the one rule every command uses to find a contact, and the file beside a missing one.

Names are matched as the contract says (trimmed, inner spaces collapsed, any
case). A name typed on the command line may also be a first name or the
start of a name, when only one contact has it: `tracker log t.xlsx Dana`
finds the only Dana. What matches nobody gets the closest name as a
suggestion, and what matches several people lists them, so every command
(check's unknown-contact finding, `draft --contact`, `log`) says the same.
A tracker that is not there gets the file of the most alike name beside it
(`my-traker.xlsx`: did you mean my-tracker.xlsx?), and an address book given
where the tracker goes gets the `tracker import` command that reads it.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

from toolkit.errors import ContactUnknown
from toolkit.safe_text import counted, shown
from toolkit.workbook.schema import closest, normalize_name

SHORTEST_PREFIX = 3  # "Da" is too little to pick a person by; "Dan" is enough when only one name starts so
LISTED = 4  # people named when a name could mean several
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
ADDRESS_BOOK_SUFFIXES = (".csv", ".vcf", ".vcard")  # what `tracker import` reads, given by mistake as the tracker
NEAR_MISS_CUTOFF = 0.8  # difflib's ratio: my-traker.xlsx ~ my-tracker.xlsx is 0.97, notes.xlsx ~ my-tracker.xlsx 0.64
NEAR_MISS_LOOKS = 5000


@dataclass(frozen=True)
class NameMatch:
    """What a typed name means: one contact (`found`, as written in Contacts), several (`several`), or none."""

    typed: str
    found: str | None = None
    several: tuple[str, ...] = ()
    nearest: str | None = None  # the most similar name, when it means nobody

    @property
    def hint(self) -> str:
        """What to tell the user who typed it: '; did you mean "Dana Whitfield"?', or the people it could be."""
        if self.found and normalize_name(self.found) != normalize_name(self.typed):
            return f"; did you mean {shown(self.found)}?"
        if self.several:
            people = [shown(name) for name in self.several[:LISTED]]
            rest = len(self.several) - len(people)
            listing = f"{', '.join(people)} or {counted(rest, 'other')}" if rest else f"{', '.join(people[:-1])} or {people[-1]}"
            return f"; it could be {listing}: give the whole name"
        return f"; did you mean {shown(self.nearest)}?" if self.nearest else ""


def match_name(typed: str, names: Iterable[str]) -> NameMatch:
    """The contact `typed` means among `names`: the same name, else the only one with that first name or that start."""
    names = [name for name in dict.fromkeys(names) if name]
    key = normalize_name(typed)
    keyed = {}
    for name in names:
        keyed.setdefault(normalize_name(name), name)  # a repeated name: the first row counts, as everywhere
    if key in keyed:
        return NameMatch(typed, found=keyed[key])
    if key:
        for same in (lambda k: k.split(" ")[0] == key, lambda k: len(key) >= SHORTEST_PREFIX and k.startswith(key)):
            meant = [name for k, name in keyed.items() if same(k)]
            if len(meant) == 1:
                return NameMatch(typed, found=meant[0])
            if meant:
                return NameMatch(typed, several=tuple(meant))
    return NameMatch(typed, nearest=closest(typed, names))


def contact_meant(typed: str, names: Iterable[str], unknown_advice: str = "") -> str:
    """The name in Contacts that `typed` means (see match_name), or ContactUnknown saying whom it may mean.

    `unknown_advice` ends the message when no name is near, such as "; add them to Contacts first".
    """
    match = match_name(typed, names)
    if match.found:
        return match.found
    raise ContactUnknown(f"{shown(typed)} is not in Contacts{match.hint or unknown_advice}")


def missing_tracker_message(path: Path) -> str:
    """What to say about a tracker that is not there: the near miss beside it, else `tracker new` where it would work."""
    folder = path.parent
    if not folder.is_dir():
        return f"{path}: no such file, and no folder {folder}; check the path"
    near = near_miss(path)
    if near is not None:
        return f"{path}: no such file; did you mean {shown(near)}?"
    # `tracker new` makes only .xlsx files, in a folder that exists: advise exactly that.
    return f"{path}: no such file; check the path, or create a tracker with `tracker new {shown(path.with_suffix('.xlsx'))}`"


def near_miss(path: Path) -> Path | None:
    """The file or folder beside `path` with the most alike name (my-traker.xlsx -> my-tracker.xlsx), if one is close."""
    try:  # a Downloads folder can hold tens of thousands of names: the first NEAR_MISS_LOOKS are compared
        names = islice((entry.name for entry in os.scandir(path.parent) if not is_lock_name(entry.name)), NEAR_MISS_LOOKS)
        folded = {name.casefold(): name for name in names}
    except OSError:
        return None
    match = difflib.get_close_matches(path.name.casefold(), list(folded), n=1, cutoff=NEAR_MISS_CUTOFF)
    return path.parent / folded[match[0]] if match else None


def is_lock_name(name: str) -> bool:
    """Lock files (~$x.xlsx), hidden and temporary files (.~lock.x#, .~tracker-*, ._x) are never trackers."""
    return name.startswith(("~$", "."))


def address_book_message(path: Path) -> str:
    """A CSV file or vCard given where a tracker goes: point to `tracker import`, with the tracker beside it if there is one."""
    beside = sorted(p.name for p in path.parent.glob("*") if p.suffix.lower() in WORKBOOK_SUFFIXES and not is_lock_name(p.name))
    tracker = shown(path.parent / beside[0]) if len(beside) == 1 else "my-tracker.xlsx"
    what = "an address book (vCard)" if path.suffix.lower() in (".vcf", ".vcard") else "a CSV file"
    return (f"{path} is {what}, not a tracker workbook; to add the people in it to your tracker, run "
            f"`tracker import {tracker} {shown(path)}` (a tracker saved as CSV must be saved again as an Excel workbook, .xlsx)")
