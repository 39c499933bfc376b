"""How a draft is made and written: the plumbing every kind of nudge shares.

A `Letter` is one note to one contact. Each kind (thank-you, update, news,
report-back; `nudges.py`) says what to write; this module turns it into an
unsent email (.eml) when the contact has an Email, or a text for a
handwritten card when there is only a Mailing Address, with the same
greeting, placeholders and sign-off for every kind. A note is composed only
from what the seeker wrote in the workbook: anything missing becomes a
marked placeholder such as `[one thing you learned from Ann]` and a warning
naming the cell, never an invented sentence. `write_drafts` writes them
atomically and never overwrites a draft the seeker has edited.
"""

from __future__ import annotations

import datetime as dt
import re
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from email.utils import formataddr
from pathlib import Path

from toolkit.errors import OutputNotWritable
from toolkit.notes.mime import message_bytes
from toolkit.review.model import Tracker
from toolkit.safe_text import one_line, visible  # also what keeps line breaks and control characters out of headers
from toolkit.xlsx.userfile import write_new_files

UNSAFE_IN_FILE_NAMES = re.compile(r'[\x00-\x1f<>:"/\\|?*]+')
LIST_MARKER = re.compile(r"^\s*(?:[-*\u2022\u2013]|\d+[.)])\s*")
# Headers and body in quoted-printable UTF-8. The email package's newer policies can fold a
# non-ASCII Subject into an empty encoded word (CPython issue 136052), so compat32's Header does it.
EMAIL_ADDRESS = re.compile(r"^[^@\s<>(),;:\"]+@[^@\s<>(),;:\"]+\.[^@\s<>(),;:\"]+$")
FILL_IN = "fill it in before sending"


@dataclass
class Draft:
    """One note to write: who it is for, where it goes, and what was left for the seeker to fill in."""

    contact: str
    nudge: str  # "thank-you", "update", "news" or "report-back"
    date: dt.date  # what the note is about: the interview, the last touch, the new job, the lead contacted
    medium: str  # "email" or "card"
    file_name: str
    content: bytes
    warnings: list[str] = field(default_factory=list)
    path: Path | None = None
    status: str = ""  # "written", "unchanged" or "kept" (an edited file of the same name is never overwritten)


@dataclass
class DraftPlan:
    drafts: list[Draft]
    unreachable: list[str]  # one line per contact with neither Email nor Mailing Address


def write_drafts(plan: DraftPlan, folder: Path) -> None:
    """Write each draft into `folder`; a file the seeker edited since is kept, never overwritten."""
    if folder.exists() and not folder.is_dir():
        raise OutputNotWritable(f"{folder} is a file, not a folder; choose a folder for the drafts with --out")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        new: dict[str, Draft] = {}
        for draft in plan.drafts:
            draft.path = folder / draft.file_name
            earlier = new.get(draft.file_name)  # two notes of one day to one person: the first is written
            if earlier is not None or draft.path.exists():
                content = earlier.content if earlier is not None else draft.path.read_bytes()
                draft.status = "unchanged" if content == draft.content else "kept"
                if draft.status == "kept":
                    draft.warnings.append(f"{draft.file_name} already exists and differs, so it was left as it is; "
                                          "delete it to get a fresh draft")
                continue
            new[draft.file_name] = draft
        write_new_files(folder, [(draft.file_name, draft.content) for draft in new.values()])
        for draft in new.values():
            draft.status = "written"
    except OSError as error:
        raise OutputNotWritable(f"cannot write drafts into {folder} ({error.strerror or error}); choose another folder with --out") from error


# ------------------------------------------------------------------ wording
def split_takeaways(text: str | None) -> list[str]:
    """Key Takeaways as separate points: one per line, else split at semicolons; list markers dropped."""
    if not text:
        return []
    lines = [line for line in text.splitlines() if line.strip()]
    pieces = lines if len(lines) > 1 else re.split(r";\s*", text)
    points = [LIST_MARKER.sub("", piece).strip().rstrip(".").strip() for piece in pieces]
    return [p for p in points if p]


def lower_first(text: str) -> str:
    """'Introduce me to Sam' -> 'introduce me to Sam', leaving 'SQL course' alone."""
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text




def phrase(text) -> str:
    """A cell's text as part of a sentence: one line, no closing full stop, first letter lowered."""
    return lower_first(one_line(text).rstrip("."))


def joined(items: list[str]) -> str:
    """'a', 'a and b', 'a; b; and c' (items may hold commas of their own)."""
    if len(items) <= 2:
        return " and ".join(items)
    return "; ".join(items[:-1]) + "; and " + items[-1]


def long_date(day: dt.date) -> str:
    return f"{day:%A}, {day.day} {day:%B}"


def safe_file_part(text: str) -> str:
    return UNSAFE_IN_FILE_NAMES.sub("-", one_line(text)).strip(" .-") or "contact"


# ------------------------------------------------------------------- letter
class Letter(ABC):
    """One note to one contact; a kind of nudge fills in `nudge`, `date`, `subject()` and `paragraphs()`."""

    nudge = ""
    card_close = "With thanks,"

    def __init__(self, ctx: Tracker, person: dict, date: dt.date):
        self.ctx, self.person, self.date = ctx, person, date
        self.warnings: list[str] = []
        self.name = one_line(person["Name"])
        words = self.name.split()
        # "Ann Lee" -> "Ann"; "Dr. Maya Chen" -> "Dr. Chen": a title is kept, with the family name.
        self.greeting_name = f"{words[0]} {words[-1]}" if words[0].endswith(".") and len(words) > 1 else words[0]

    @abstractmethod
    def subject(self) -> str:
        """The Subject line of this kind of note."""

    @abstractmethod
    def paragraphs(self) -> list[str]:
        """The body between greeting and sign-off, one string a paragraph."""

    # Helpers for the kinds: where a fact lives, and what to say when it is missing.
    def cell(self, sheet: str, header: str, row) -> str:
        return f"{sheet}!{self.ctx.sheet(sheet).cell(header, int(row))}"

    def placeholder(self, text: str, reason: str, todo: str = FILL_IN) -> str:
        """`text` (in [brackets]) stands in the draft; the warning says why and where to fix it."""
        self.warnings.append(f"{self.name}: {reason}, so the draft says {text}; {todo}")
        return text

    def blank(self, text: str, sheet: str, header: str, row) -> str:
        return self.placeholder(text, f"{self.cell(sheet, header, row)} is blank")

    def setting(self, name: str, placeholder: str) -> str:
        value = self.ctx.setting(name)
        if value:
            return one_line(value)
        if not self.ctx.data.settings_sheet:
            return self.placeholder(placeholder, "the workbook has no Settings sheet",
                                    f"add a Settings sheet with {name} (`tracker new` makes one), or fill it in before sending")
        return self.placeholder(placeholder, f"Settings: {name} is blank")

    def seeker(self) -> str:
        """Your Name for a subject line; its placeholder's warning comes from the signature."""
        return one_line(self.ctx.setting("Your Name") or "") or "[your name]"

    def signature(self) -> str:
        return "\n".join([self.setting("Your Name", "[your name]"), self.setting("Your Email", "[your email]"),
                          self.setting("Your LinkedIn", "[your LinkedIn profile]")])

    # The two media.
    def draft(self) -> Draft:
        """An email when the contact has an Email, else a card text (the planner checks there is an address)."""
        return self.email() if self.person["Email"] else self.card()

    def file_name(self, suffix: str) -> str:
        return f"{self.date.isoformat()} {safe_file_part(self.name)} {self.nudge}{suffix}"

    def email(self) -> Draft:
        """An unsent email draft (X-Unsent: 1) that mail clients open ready to edit and send."""
        body = "\n\n".join([f"Dear {self.greeting_name},", *self.paragraphs(), "Best regards,\n" + self.signature()]) + "\n"
        headers = [("X-Unsent", "1")]
        recipient = self._address(self.name, self.person["Email"], self.cell("Contacts", "Email", self.person["_row"]))
        if recipient:
            headers.append(("To", recipient))
        own_email = self.ctx.setting("Your Email")
        sender = self._address(one_line(self.ctx.setting("Your Name") or ""), own_email, "Settings: Your Email") if own_email else None
        if sender:
            headers.append(("From", sender))
        subject = self.subject()
        headers.append(("Subject", subject))
        content = message_bytes(headers, body)  # RFC 5322 line ends
        return Draft(self.name, self.nudge, self.date, "email", self.file_name(".eml"), content, self.warnings)

    def card(self) -> Draft:
        """A text to copy into a handwritten card, headed with the mailing address."""
        # Any line break starts a line: one pasted from Word is a vertical tab, one typed on an old Mac a CR.
        lines = [part.strip(" \t") for line in str(self.person["Mailing Address"]).splitlines() for part in re.split(r",\s*", line)]
        address = "\n".join(visible(line) for line in lines if line)
        body = "\n\n".join([f"Dear {self.greeting_name},", *self.paragraphs()])
        text = (f"Handwritten {self.nudge} card for {self.name}\n(no Email in Contacts, so this is a card to post)\n\n"
                f"Address:\n{self.name}\n{address}\n\n" + "-" * 40 + "\n\n"
                + body + f"\n\n{self.card_close}\n" + self.setting("Your Name", "[your name]") + "\n")
        return Draft(self.name, self.nudge, self.date, "card", self.file_name(" card.txt"), text.encode("utf-8"), self.warnings)

    def _address(self, display: str, email: str, where: str) -> str | None:
        """A header-ready address, or None and a warning when the cell does not hold one."""
        text = one_line(email)
        if EMAIL_ADDRESS.match(text) and text.isascii():
            return formataddr((display, text), charset="utf-8")
        self.warnings.append(f"{self.name}: {where} holds {text!r}, which is not an email address this draft can use; "
                             "the draft leaves it out, so add it in your mail program")
        return None
