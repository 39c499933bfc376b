"""Drafts as files: their names, and a write that refreshes what the seeker left alone and keeps what they edited.

Names. A draft is named by its date, its contact and its kind
("2026-11-17 Ann Lee thank-you.eml"), in Unicode's composed form (NFC), so
the same name typed on a Mac and on Windows is the same file. Names that a
case-insensitive or normalising file system (NTFS, APFS) would take for one
("José" composed and decomposed; leads "Ravi Kapoor" and "ravi kapoor") each
get a short tag made from the exact name, so they stay two files. A name
that would not fit Windows' 260-character path limit in the drafts folder
(and none is longer than 100 characters) is shortened in its person's part,
with the same kind of tag, so it stays unique and stable.

Refresh. `write_drafts` keeps a record, `.tracker-drafts.json` in the drafts
folder, of the SHA-256 of every file it wrote. A file that still has the
recorded digest is the seeker's untouched draft and is rewritten when the
tracker changes; a file that differs from it (or that the record does not
know) was edited, or made by someone else, and is never overwritten.
When every note owed is planned (no --kind or --contact), a recorded draft
that is no longer owed and still untouched is removed, so a note already
sent is not sent again; an edited one stays. Every file is written as
bytes, the same on every system.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from toolkit.errors import OutputNotWritable
from toolkit.safe_text import shown
from toolkit.xlsx.userfile import write_new_files

RECORD = ".tracker-drafts.json"
WINDOWS_MAX_PATH = 259  # MAX_PATH is 260 characters with the terminating NUL
LONGEST_NAME = 100  # leaves room for the folder on Windows, and stays far below 255 bytes on Linux
SHORTEST_NAME = 48  # even in a deep folder, a name keeps its date, some of its person and its kind
TAG = 6  # hexadecimal digits of the tag that keeps shortened or look-alike names apart


@dataclass
class Draft:
    """One note to write: who it is for, where it goes, and what was left for the seeker to fill in."""

    contact: str
    nudge: str  # its kinds, as a label: "thank-you", "news and report-back"
    date: dt.date  # what the note is about: the interview, the last touch, the new job, the lead contacted
    medium: str  # "email", "card" or "linkedin"
    file_name: str
    content: bytes
    warnings: list[str] = field(default_factory=list)
    path: Path | None = None
    status: str = ""  # "written", "refreshed", "unchanged" or "kept" (edited by the seeker, never overwritten)
    recipient: bool = True  # False: an email with no To, since Contacts has nowhere to send it
    person_part: str = ""  # the part of file_name that may be shortened (the contact's name)


@dataclass
class DraftPlan:
    drafts: list[Draft]
    unreachable: list[str]  # one line per note that cannot be drafted at all (its contact is not in Contacts)
    notices: list[str] = field(default_factory=list)  # data findings that change what the drafts say
    complete: bool = False  # every note owed is in the plan (no --kind, no --contact): an untouched draft not in it is stale
    removed: list[str] = field(default_factory=list)  # stale drafts, never edited, removed by `write_drafts`


MEDIA = {"email": "email draft", "card": "card text", "linkedin": "LinkedIn message"}


def listing(plan: DraftPlan, folder: Path, nothing: str) -> str:
    """What `tracker draft` prints: data findings first, removed and written drafts, what to do before sending."""
    lines = []
    if plan.notices:
        lines += ["check found data problems that change what these drafts say:", *(f"  - {notice}" for notice in plan.notices)]
    if plan.removed:
        lines += [f"No longer owed, and never edited, so removed from {folder}:", *(f"  {name}" for name in plan.removed)]
    if plan.drafts:
        lines.append(f"Drafts in {shown(folder)}:")
        for note in plan.drafts:
            lines.append(f"  {note.file_name}  ({note.nudge} {MEDIA[note.medium]}{'' if note.recipient else ', no recipient'}, {note.status})")
        warnings = [w for note in plan.drafts for w in note.warnings]
        if warnings:
            lines += ["Before sending:", *(f"  - {warning}" for warning in warnings)]
    elif not plan.unreachable:
        lines.append(nothing)
    return "\n".join(lines + plan.unreachable)


def write_drafts(plan: DraftPlan, folder: Path) -> None:
    """Write each draft into `folder`: new and untouched ones are (re)written; one the seeker edited is kept.

    With no draft to write, nothing is written, unless the plan is complete and an earlier record may hold stale drafts.
    """
    if not plan.drafts and not (plan.complete and (folder / RECORD).is_file()):
        return
    if folder.exists() and not folder.is_dir():
        raise OutputNotWritable(f"{folder} is a file, not a folder; choose a folder for the drafts with --out")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for draft, name in zip(plan.drafts, file_names(plan.drafts, folder)):
            draft.file_name, draft.path = name, folder / name
        record = _read_record(folder)
        files: list[tuple[str, bytes]] = []
        for draft in plan.drafts:
            current = draft.path.read_bytes() if draft.path.is_file() else None
            if current == draft.content:
                draft.status = "unchanged"
            elif current is None or record.get(draft.file_name) == _digest(current):
                draft.status = "written" if current is None else "refreshed"
                files.append((draft.file_name, draft.content))
            else:
                draft.status = "kept"
                draft.warnings.append(f"{draft.file_name} was edited since `tracker draft` wrote it, so it was left as it is; "
                                      "delete it to get a fresh draft")
                continue
            record[draft.file_name] = _digest(draft.content)
        if plan.complete:  # a draft written earlier, no longer owed and never edited, goes: it could be sent twice
            planned = {draft.file_name for draft in plan.drafts}
            for name, digest in sorted(record.items()):
                stale = folder / name
                if name not in planned and Path(name).name == name and stale.is_file() and _digest(stale.read_bytes()) == digest:
                    stale.unlink()
                    plan.removed.append(name)
        writing = {name for name, _content in files}
        record = {name: digest for name, digest in record.items() if name in writing or (folder / name).is_file()}
        files.append((RECORD, (json.dumps({"written by tracker draft": record}, indent=1, sort_keys=True, ensure_ascii=False)
                               + "\n").encode("utf-8")))
        write_new_files(folder, files)
    except OSError as error:
        raise OutputNotWritable(f"cannot write drafts into {folder} ({error.strerror or error}); choose another folder with --out") from error


def file_names(drafts: list[Draft], folder: Path) -> list[str]:
    """Each draft's file name: composed (NFC), short enough for Windows in `folder`, and unique on any file system."""
    room = max(SHORTEST_NAME, min(LONGEST_NAME, WINDOWS_MAX_PATH - len(str(folder.absolute())) - 1))
    names = [_fitted(_nfc(d.file_name), _nfc(d.person_part), d.file_name, room, tagged=False) for d in drafts]
    folded: dict[str, set[str]] = {}
    for draft, name in zip(drafts, names):
        folded.setdefault(folded_name(name), set()).add(draft.file_name)
    return [_fitted(_nfc(draft.file_name), _nfc(draft.person_part), draft.file_name, room, tagged=True)
            if len(folded[folded_name(name)]) > 1 else name for draft, name in zip(drafts, names)]


def _fitted(name: str, person: str, exact: str, room: int, tagged: bool) -> str:
    """`name` as it is when it fits in `room` characters and needs no tag; else with a tag from the exact name after
    its person's part, cut short to fit."""
    if len(name) <= room and not tagged:
        return name
    tag = " " + _tag(exact)
    over = max(0, len(name) + len(tag) - room)
    if person and person in name and len(person) - over >= 1:
        return name.replace(person, person[:len(person) - over].rstrip(" .-") + tag, 1)
    stem, dot, suffix = name.rpartition(".")
    return stem[:room - len(tag) - len(dot + suffix)].rstrip(" .-") + tag + dot + suffix


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def folded_name(name: str) -> str:
    """What NTFS and APFS compare: any case, any Unicode normal form."""
    return unicodedata.normalize("NFC", unicodedata.normalize("NFD", name).casefold())


def _tag(exact: str) -> str:
    return hashlib.sha256(exact.encode("utf-8", "surrogatepass")).hexdigest()[:TAG]


def _digest(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def _read_record(folder: Path) -> dict[str, str]:
    """The digests of the drafts this command wrote into `folder`; an unreadable record knows none (so nothing is overwritten)."""
    try:
        data = json.loads((folder / RECORD).read_bytes().decode("utf-8"))
        record = data["written by tracker draft"]
        return {str(name): str(digest) for name, digest in record.items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}
