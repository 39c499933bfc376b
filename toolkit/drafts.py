"""Thank-you drafts: an unsent email (.eml) per thank-you that is owed, or a card text.

The interviews come from the same schedule the thank-you rules use
(`Tracker.pending_thank_yous`). A note is composed only from what the
seeker wrote in the workbook; anything missing becomes a marked
placeholder such as `[one thing you learned from Ann]` and a warning, never
an invented sentence.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from email import charset as mime_charset
from email.header import Header
from email.mime.text import MIMEText
from email.utils import formataddr
from pathlib import Path

from toolkit.errors import ContactUnknown, OutputNotWritable
from toolkit.xlsx.userfile import write_file_atomically
from toolkit.model import Tracker, named, records
from toolkit.schema import closest, normalize_name

UNSAFE_IN_FILE_NAMES = re.compile(r'[\x00-\x1f<>:"/\\|?*]+')
LIST_MARKER = re.compile(r"^\s*(?:[-*\u2022\u2013]|\d+[.)])\s*")
# Headers and body in quoted-printable UTF-8. The email package's newer policies can fold a
# non-ASCII Subject into an empty encoded word (CPython issue 136052), so Header does it.
UTF8_QP = mime_charset.Charset("utf-8")
UTF8_QP.header_encoding = mime_charset.QP
UTF8_QP.body_encoding = mime_charset.QP
EMAIL_ADDRESS = re.compile(r"^[^@\s<>(),;:\"]+@[^@\s<>(),;:\"]+\.[^@\s<>(),;:\"]+$")
FORMAT_PHRASES = {"In person": "meet with me", "Video": "speak with me by video", "Phone": "speak with me on the phone"}


@dataclass
class Draft:
    """One note to write: who it is for, where it goes, and what was left for the seeker to fill in."""

    contact: str
    interview_date: dt.date
    kind: str  # "email" or "card"
    file_name: str
    content: bytes
    warnings: list[str] = field(default_factory=list)
    path: Path | None = None
    status: str = ""  # "written", "unchanged" or "kept" (an edited file of the same name is never overwritten)


@dataclass
class DraftPlan:
    drafts: list[Draft]
    unreachable: list[str]  # one line per contact with neither Email nor Mailing Address


def plan_drafts(ctx: Tracker, contact: str | None = None) -> DraftPlan:
    """A draft for every thank-you due or overdue, or for the named contact's latest held interview."""
    if contact is None:
        interviews = [row for row, _due in ctx.pending_thank_yous]
    else:
        interviews = [_latest_held_interview(ctx, contact)]
    drafts, unreachable = [], []
    for interview in sorted(interviews, key=lambda r: (r["Date"], r["_row"])):
        key = interview["key"]
        if key is None or key not in ctx.contacts.index:
            unreachable.append(f"No draft for {named(interview['Contact'])} (Interviews row {interview['_row']}): "
                               "they are not in Contacts; add them there")
            continue
        person = ctx.contacts.loc[key].to_dict()
        note = Note(ctx, person, interview)
        if person["Email"]:
            drafts.append(note.email())
        elif person["Mailing Address"]:
            drafts.append(note.card())
        else:
            sheet = ctx.sheet("Contacts")
            unreachable.append(f"No draft for {person['Name']}: Contacts!{sheet.cell('Email', int(person['_row']))} "
                               "has no Email and there is no Mailing Address; add one and run again")
    return DraftPlan(drafts, unreachable)


def write_drafts(plan: DraftPlan, folder: Path) -> None:
    """Write each draft into `folder`; a file the seeker edited since is kept, never overwritten."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for draft in plan.drafts:
            draft.path = folder / draft.file_name
            if draft.path.exists():
                draft.status = "unchanged" if draft.path.read_bytes() == draft.content else "kept"
                if draft.status == "kept":
                    draft.warnings.append(f"{draft.file_name} already exists and differs, so it was left as it is; "
                                          "delete it to get a fresh draft")
                continue
            write_file_atomically(draft.path, draft.content, keep_mode=False)
            draft.status = "written"
    except OSError as error:
        raise OutputNotWritable(f"cannot write drafts into {folder} ({error.strerror or error}); choose another folder with --out") from error


def _latest_held_interview(ctx: Tracker, name: str) -> dict:
    key = normalize_name(name)
    if key not in ctx.contacts.index:
        meant = closest(name, ctx.contacts["Name"])
        hint = f"; did you mean {meant!r}?" if meant else ""
        raise ContactUnknown(f"no contact named {name!r} in Contacts{hint}")
    iv = ctx.interviews
    held = records(iv[iv["held"] & (iv["key"] == key)])
    if not held:
        raise ContactUnknown(f"{ctx.contacts.loc[key, 'Name']} has no held interview in Interviews to thank them for")
    return max(held, key=lambda r: (r["Date"], r["_row"]))


def split_takeaways(text: str | None) -> list[str]:
    """Key Takeaways as separate points: one per line, else split at semicolons; list markers dropped."""
    if not text:
        return []
    lines = [line for line in text.splitlines() if line.strip()]
    pieces = lines if len(lines) > 1 else re.split(r";\s*", text)
    points = [LIST_MARKER.sub("", piece).strip().rstrip(".").strip() for piece in pieces]
    return [p for p in points if p]


def _lower_first(text: str) -> str:
    """'Introduce me to Sam' -> 'introduce me to Sam', leaving 'SQL course' alone."""
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def _long_date(day: dt.date) -> str:
    return f"{day:%A}, {day.day} {day:%B}"


def _safe_file_part(text: str) -> str:
    return UNSAFE_IN_FILE_NAMES.sub("-", _one_line(text)).strip(" .-") or "contact"


class Note:
    """The words of one thank-you, from the interview row, the contact and the settings."""

    def __init__(self, ctx: Tracker, person: dict, interview: dict):
        self.ctx, self.person, self.interview = ctx, person, interview
        self.warnings: list[str] = []
        self.name = _one_line(person["Name"])
        words = self.name.split()
        # "Ann Lee" -> "Ann"; "Dr. Maya Chen" -> "Dr. Chen": a title is kept, with the family name.
        self.greeting_name = f"{words[0]} {words[-1]}" if words[0].endswith(".") and len(words) > 1 else words[0]
        self.interviews_sheet = ctx.sheet("Interviews")
        self.row = int(interview["_row"])

    def _placeholder(self, text: str, where: str) -> str:
        self.warnings.append(f"{self.name}: {where} is blank, so the draft says {text}; fill it in before sending")
        return text

    def _interview_cell(self, header: str) -> str:
        return f"Interviews!{self.interviews_sheet.cell(header, self.row)}"

    def _setting(self, name: str, placeholder: str) -> str:
        value = self.ctx.setting(name)
        return _one_line(value) if value else self._placeholder(placeholder, f"Settings: {name}")

    def paragraphs(self) -> list[str]:
        interview = self.interview
        how = FORMAT_PHRASES.get(interview["Format"] or "", "speak with me")
        parts = [f"Dear {self.greeting_name},",
                 f"Thank you for taking the time to {how} on {_long_date(interview['Date'])}. "
                 "I really appreciated your openness and the advice you shared."]
        takeaways = split_takeaways(interview["Key Takeaways"])[:2]
        if not takeaways:
            takeaways = [self._placeholder(f"[one thing you learned from {self.greeting_name}]", self._interview_cell("Key Takeaways"))]
        if len(takeaways) == 1:
            parts.append(f"One thing I am taking away from our conversation: {takeaways[0]}.")
        else:
            parts.append("Two things I am taking away from our conversation:\n" + "\n".join(f"- {t[0].upper()}{t[1:]}" for t in takeaways))
        step = interview["Next Step I'll Take"]
        step = _one_line(step).rstrip(".") if step else self._placeholder("[the next step you will take]", self._interview_cell("Next Step I'll Take"))
        if re.match(r"I\b", step):  # already a sentence of the seeker's own: "I will email Sam"
            parts.append(f"{step}.")
        else:
            parts.append(f"My next step is to {_lower_first(step)}.")
        offers = [row for row, _due in self.ctx.open_promises
                  if row["Direction"] == "They offered" and row["Contact"] and normalize_name(row["Contact"]) == self.person["key"]]
        offers = [_lower_first(_one_line(row["Promise"]).rstrip(".")) for row in offers if row["Promise"]]
        if offers:
            if len(offers) <= 2:
                listed = " and ".join(offers)
            else:  # the offers may hold commas of their own
                listed = "; ".join(offers[:-1]) + "; and " + offers[-1]
            parts.append(f"You kindly offered to {listed}. Whenever it suits you, I would be very grateful.")
        parts.append("If there is anything I can do to help you in return, please let me know. "
                     "I will keep you posted on how my search goes.")
        return parts

    def signature(self) -> str:
        return "\n".join([self._setting("Your Name", "[your name]"), self._setting("Your Email", "[your email]"),
                          self._setting("Your LinkedIn", "[your LinkedIn profile]")])

    def file_name(self, suffix: str) -> str:
        return f"{self.interview['Date'].isoformat()} {_safe_file_part(self.name)} thank-you{suffix}"

    def email(self) -> Draft:
        """An unsent email draft (X-Unsent: 1) that mail clients open ready to edit and send."""
        body = "\n\n".join(self.paragraphs() + ["Best regards,\n" + self.signature()]) + "\n"
        seeker = _one_line(self.ctx.setting("Your Name") or "")
        message = MIMEText(body, "plain", UTF8_QP)
        message["X-Unsent"] = "1"
        contacts = self.ctx.sheet("Contacts")
        recipient = self._address(self.name, self.person["Email"], f"Contacts!{contacts.cell('Email', int(self.person['_row']))}")
        if recipient:
            message["To"] = recipient
        own_email = self.ctx.setting("Your Email")
        sender = self._address(seeker, own_email, "Settings: Your Email") if own_email else None
        if sender:
            message["From"] = sender
        subject = f"Thank you for our conversation on {_long_date(self.interview['Date'])} – {seeker or '[your name]'}"
        message["Subject"] = subject if subject.isascii() else Header(subject, "utf-8")
        content = message.as_bytes(policy=message.policy.clone(linesep="\r\n"))  # RFC 5322 line ends
        return Draft(self.name, self.interview["Date"], "email", self.file_name(".eml"), content, self.warnings)

    def card(self) -> Draft:
        """A text to copy into a handwritten card, headed with the mailing address."""
        address = "\n".join(line.strip() for line in re.split(r"\n|,\s*", str(self.person["Mailing Address"])) if line.strip())
        paragraphs = self.paragraphs()
        text = (f"Handwritten thank-you card for {self.name}\n(no Email in Contacts, so this is a card to post)\n\n"
                f"Address:\n{self.name}\n{address}\n\n" + "-" * 40 + "\n\n"
                + "\n\n".join(paragraphs) + "\n\nWith thanks,\n" + self._setting("Your Name", "[your name]") + "\n")
        return Draft(self.name, self.interview["Date"], "card", self.file_name(" card.txt"), text.encode("utf-8"), self.warnings)

    def _address(self, display: str, email: str, where: str) -> str | None:
        """A header-ready address, or None and a warning when the cell does not hold one."""
        text = _one_line(email)
        if EMAIL_ADDRESS.match(text) and text.isascii():
            return formataddr((display, text), charset="utf-8")
        self.warnings.append(f"{self.name}: {where} holds {text!r}, which is not an email address this draft can use; "
                             "the draft leaves it out, so add it in your mail program")
        return None
