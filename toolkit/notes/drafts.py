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
from collections.abc import Mapping
from email.utils import formataddr
from functools import cached_property, lru_cache

from toolkit.notes.draft_files import Draft
from toolkit.notes.mime import message_bytes
from toolkit.notes.voice import to_reader
from toolkit.review.model import Tracker
from toolkit.safe_text import one_line, visible  # also what keeps line breaks and control characters out of headers
from toolkit.workbook.schema import normalize_name

UNSAFE_IN_FILE_NAMES = re.compile(r'[\x00-\x1f<>:"/\\|?*]+')
LIST_MARKER = re.compile(r"^\s*(?:[-*\u2022\u2013]|\d+[.)])\s*")
# Headers and body in quoted-printable UTF-8. The email package's newer policies can fold a
# non-ASCII Subject into an empty encoded word (CPython issue 136052), so compat32's Header does it.
EMAIL_ADDRESS = re.compile(r"^[^@\s<>(),;:\"]+@[^@\s<>(),;:\"]+\.[^@\s<>(),;:\"]+$")
FILL_IN = "fill it in before sending"


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
    """'Introduce me to Sam' -> 'introduce me to Sam', 'A habit' -> 'a habit', leaving 'SQL course' and 'I' alone."""
    if len(text) > 1 and text[0].isupper() and (text[1].islower() or (text[0] == "A" and text[1] == " ")):
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


@lru_cache(maxsize=4096)
def long_date(day: dt.date) -> str:
    """'Monday, 7 December': strftime is slow, and thousands of notes name the same few hundred days."""
    return f"{day:%A}, {day.day} {day:%B}"


def safe_file_part(text: str) -> str:
    return UNSAFE_IN_FILE_NAMES.sub("-", one_line(text)).strip(" .-") or "contact"


# ------------------------------------------------------------------- letter
LINKEDIN_MESSAGE_LIMIT = 1900  # the body of an InMail, the shortest of LinkedIn's message limits
LINKEDIN_NOTE_LIMIT = 200  # a connection request's note from a free account (300 with Premium)
RULE = "-" * 40
TAILS = {"email": ".eml", "nowhere": ".eml", "card": " card.txt", "linkedin": " LinkedIn.txt"}  # how each medium's file name ends


class Drafting:
    """The tracker as the drafts read it: the review's `Tracker` and the lookups every letter shares, made once."""

    def __init__(self, ctx: Tracker):
        self.ctx = ctx

    @cached_property
    def offers(self) -> dict[str, list[tuple[dict, dt.date]]]:
        """Open promises the contact made (They offered), by contact key, with their due dates."""
        return self._open("They offered")

    @cached_property
    def my_promises(self) -> dict[str, list[tuple[dict, dt.date]]]:
        """Open promises the seeker made to the contact (I offered), by contact key, with their due dates."""
        return self._open("I offered")

    def _open(self, direction: str) -> dict[str, list[tuple[dict, dt.date]]]:
        found: dict[str, list[tuple[dict, dt.date]]] = {}
        for row, due in self.ctx.open_promises:
            if row["Direction"] == direction and row["Contact"] and row["Promise"]:
                found.setdefault(normalize_name(row["Contact"]), []).append((row, due))
        return found

    @cached_property
    def first_names(self) -> set[str]:
        """The first names of everyone in Contacts and Leads: whom a pronoun in a note might mean."""
        names = [*self.ctx.contacts["Name"].tolist(), *self.ctx.sheet("Leads").frame["Name"].dropna().tolist()]
        return {str(name).split()[0] for name in names if name is not None and str(name).split()}

    @cached_property
    def sender(self) -> str | None:
        """The seeker's From address, made once for every email; None when Your Email is blank or not an address."""
        return valid_address(one_line(self.ctx.setting("Your Name") or ""), self.ctx.setting("Your Email") or "")

    @cached_property
    def landed(self) -> bool:
        landed = self.ctx.setting("Landed Job On")
        return landed is not None and landed <= self.ctx.today


class Letter(ABC):
    """One note to one contact; a kind of nudge fills in `nudge`, `subject()` and `paragraphs()`."""

    nudge = ""
    card_close = "With thanks,"

    def __init__(self, book: Drafting, person: Mapping, date: dt.date):
        self.book, self.ctx, self.person, self.date = book, book.ctx, person, date
        self.warnings: list[str] = []

    # Made when first asked for: most of the letters planned for a person become "also" paragraphs of one note.
    @cached_property
    def name(self) -> str:
        return one_line(self.person["Name"])

    @cached_property
    def email_text(self) -> str:
        """The contact's Email cell on one line: what decides the medium, and the To address."""
        return one_line(self.person["Email"] or "")

    @cached_property
    def greeting_name(self) -> str:
        """"Ann Lee" -> "Ann"; "Dr. Maya Chen" -> "Dr. Chen": a title is kept, with the family name."""
        words = self.name.split()
        return f"{words[0]} {words[-1]}" if words[0].endswith(".") and len(words) > 1 else words[0]

    @abstractmethod
    def subject(self) -> str:
        """The Subject line of this kind of note."""

    @abstractmethod
    def paragraphs(self, also: bool = False) -> list[str]:
        """The body between greeting and close, one string a paragraph; `also`: as a part of a note that says more."""

    def close(self) -> str:
        """A forward-looking close: what happens next between the two of them."""
        if self.book.landed:
            return "I hope we can stay in touch, and if there is ever anything I can do for you, please let me know."
        return "If there is anything I can do to help you in return, please let me know. I will keep you posted on how my search goes."

    def label(self) -> str:
        """What the file name calls this note: its kind."""
        return self.nudge

    @property
    def kinds(self) -> tuple[str, ...]:
        return (self.nudge,)

    # Helpers for the kinds: where a fact lives, and what to say when it is missing.
    def cell(self, sheet: str, header: str, row) -> str:
        return f"{sheet}!{self.ctx.sheet(sheet).cell(header, int(row))}"

    def placeholder(self, text: str, reason: str, todo: str = FILL_IN) -> str:
        """`text` (in [brackets]) stands in the draft; the warning says why and where to fix it."""
        self.warnings.append(f"{self.name}: {reason}, so the draft says {text}; {todo}")
        return text

    def blank(self, text: str, sheet: str, header: str, row) -> str:
        return self.placeholder(text, f"{self.cell(sheet, header, row)} is blank")

    def own(self, text, sheet: str, header: str, row, lines: bool = False) -> str:
        """The seeker's note about this contact spoken to them ("she recommended" -> "you recommended"), in one line unless `lines`."""
        # Everyone's first names as they are: to_reader leaves the reader's own out itself (a set made per note, less
        # one name, cost drafts times contacts).
        reworded = to_reader(str(text) if lines else one_line(text), self.name, self.book.first_names)
        if reworded.unsure:
            self.warnings.append(f"{self.name}: {self.cell(sheet, header, row)} speaks of someone in the third person "
                                 f"({reworded.unsure}), so the draft keeps it as written; reword it as you would say it to "
                                 f"{self.greeting_name}")
        return reworded.text

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

    def body(self) -> list[str]:
        return [f"Dear {self.greeting_name},", *self.paragraphs(), *self.promises_overdue(), self.close()]

    def promises_overdue(self) -> list[str]:
        """What the seeker promised them and is late with: a note to them is the moment to keep it, or to say when."""
        late = [(row, due) for row, due in self.book.my_promises.get(self.person["key"], []) if due < self.ctx.today]
        if not late:
            return []
        what = joined([phrase(self.own(row["Promise"], "Promises", "Promise", row["_row"])) for row, _due in late])
        cells = ", ".join(self.cell("Promises", "Done On", row["_row"]) for row, _due in late)
        promised = "; ".join(one_line(row["Promise"]) for row, _due in late)
        gift = self.placeholder("[add it here, or say when it will come]",
                                f"your promise ({promised}) is overdue, with Done On blank in {cells}",
                                "keep the promise in this note, or say when, and fill in Done On once it is done")
        return [f"I have not forgotten my promise to {what}: {gift}"]

    # The media: an email where there is an address, else a card, else a LinkedIn message, else an email to address.
    def medium(self) -> str:
        """'email', 'card', 'linkedin', or 'nowhere' (an email with no recipient): what the contact's details allow.

        The same cells `check` reads for missing-contact-details: a contact it flags is exactly one with nowhere to send.
        """
        email, address, linkedin = self.email_text, *(one_line(self.person[h] or "") for h in ("Mailing Address", "LinkedIn"))
        if usable_address(email) or (email and not address and not linkedin):
            return "email"
        return "card" if address else "linkedin" if linkedin else "nowhere"

    def draft(self) -> Draft:
        """The note in the medium the contact's details allow."""
        medium, email = self.medium(), self.email_text
        if email and medium in ("card", "linkedin"):
            self.warnings.append(f"{self.name}: {self._email_cell()} holds {email!r}, which is not an email address, so this is a "
                                 f"{'card' if medium == 'card' else 'LinkedIn message'}; correct it for an email")
        if medium == "email":
            return self.email()
        if medium == "card":
            return self.card()
        if medium == "linkedin":
            return self.linkedin(one_line(self.person["LinkedIn"]))
        self.warnings.append(f"{self.name}: Contacts has no Email, Mailing Address or LinkedIn for them ({self._email_cell()}), so the draft "
                             "has no recipient; add their address in your mail program before sending, and in Contacts")
        return self.email(recipient=False)

    def person_part(self) -> str:
        """The contact's name as it stands in the file name (the part a long name is shortened in)."""
        return safe_file_part(self.name)

    def file_name(self, tail: str, person_part: str | None = None) -> str:
        return f"{self.date.isoformat()} {person_part or self.person_part()} {self.label()}{tail}"

    def _draft(self, medium: str, tail: str, content: bytes, recipient: bool = True) -> Draft:
        part = self.person_part()
        return Draft(self.name, " and ".join(self.kinds), self.date, medium, self.file_name(tail, part), content, self.warnings,
                     recipient=recipient, person_part=part)

    def _email_cell(self) -> str:
        return self.cell("Contacts", "Email", self.person["_row"])

    def email(self, recipient: bool = True) -> Draft:
        """An unsent email draft (X-Unsent: 1) that mail clients open ready to edit and send."""
        body = "\n\n".join([*self.body(), "Best regards,\n" + self.signature()]) + "\n"
        headers = [("X-Unsent", "1")]
        to = valid_address(self.name, self.email_text) if recipient else None
        if to:
            headers.append(("To", to))
        elif recipient:
            self._not_an_address(self.email_text, self._email_cell())
        if self.book.sender:
            headers.append(("From", self.book.sender))
        elif self.ctx.setting("Your Email"):
            self._not_an_address(self.ctx.setting("Your Email"), "Settings: Your Email")
        headers.append(("Subject", self.subject()))
        return self._draft("email", TAILS["email"], message_bytes(headers, body), recipient)  # RFC 5322 line ends

    def card(self) -> Draft:
        """A text to copy into a handwritten card, headed with the mailing address."""
        # Any line break starts a line: one pasted from Word is a vertical tab, one typed on an old Mac a CR.
        lines = [part.strip(" \t") for line in str(self.person["Mailing Address"]).splitlines() for part in re.split(r",\s*", line)]
        address = "\n".join(visible(line) for line in lines if line)
        what = " and ".join(self.kinds)
        text = (f"Handwritten {what} card for {self.name}\n(no Email in Contacts, so this is a card to post)\n\n"
                f"Address:\n{self.name}\n{address}\n\n{RULE}\n\n" + "\n\n".join(self.body())
                + f"\n\n{self.card_close}\n" + self.setting("Your Name", "[your name]") + "\n")
        return self._draft("card", TAILS["card"], text.encode("utf-8"))

    def linkedin(self, profile: str) -> Draft:
        """A message to paste into LinkedIn, within its length limits; a connection note first when not yet connected."""
        message = "\n\n".join([*self.body(), "Best regards,\n" + self.setting("Your Name", "[your name]")])
        size = len(message)
        if size > LINKEDIN_MESSAGE_LIMIT:
            self.warnings.append(f"{self.name}: the LinkedIn message is {size:,} characters, more than the "
                                 f"{LINKEDIN_MESSAGE_LIMIT:,} LinkedIn takes; shorten it before sending")
        what = " and ".join(self.kinds)
        head = [f"LinkedIn {what} message for {self.name}",
                "(no Email or Mailing Address in Contacts, so this is a message to paste into LinkedIn)", "",
                f"Send it from their profile: {visible(profile)}"]
        if self.person["Connected on LinkedIn"] != "Yes":
            note = self._connection_note()
            where = self.cell("Contacts", "Connected on LinkedIn", self.person["_row"])
            head += [(f"You are not connected yet ({where} is not Yes). "
                      f"Send a connection request with this note first ({len(note)} of {LINKEDIN_NOTE_LIMIT} characters):"),
                     "", note, "", f"Once they accept, send this message ({size:,} of {LINKEDIN_MESSAGE_LIMIT:,} characters):"]
        else:
            head.append(f"Paste this into a message to them ({size:,} of {LINKEDIN_MESSAGE_LIMIT:,} characters):")
        text = "\n".join([*head, "", RULE, "", message]) + "\n"
        return self._draft("linkedin", TAILS["linkedin"], text.encode("utf-8"))

    def _connection_note(self) -> str:
        name = self.seeker()
        for note in ((f"Hi {self.greeting_name}, thank you again for your time and advice. I would like to stay connected here, "
                      f"and I have a short note for you once we are. – {name}"),
                     f"Hi {self.greeting_name}, thank you again for your time. I would like to stay connected here. – {name}"):
            if len(note) <= LINKEDIN_NOTE_LIMIT:
                return note
        return f"Hi {self.greeting_name}, thank you again for your time. I would like to stay connected here."[:LINKEDIN_NOTE_LIMIT]

    def _not_an_address(self, email, where: str) -> None:
        self.warnings.append(f"{self.name}: {where} holds {one_line(email)!r}, which is not an email address this draft can "
                             "use; the draft leaves it out, so add it in your mail program")


def valid_address(display: str, email: str) -> str | None:
    """`display <email>` ready for a header, or None when `email` (made one line) is not an address a draft can use."""
    text = one_line(email)
    return formataddr((display, text), charset="utf-8") if usable_address(text) else None


def usable_address(text: str) -> bool:
    """Whether one line of text is an email address a draft can be sent to (ASCII: no header encoding of it)."""
    return bool(EMAIL_ADDRESS.match(text)) and text.isascii()
