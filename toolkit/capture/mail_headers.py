"""One message as `tracker sync` sees it: a few headers and the start of its text, nothing more.

Every source (mbox, Maildir, .eml files, IMAP) hands over the raw header
block and at most BODY_START bytes of what follows; `read_mail` turns them
into a `Mail`, or says why the message cannot be used (no Date, a header
that cannot be decoded). The text is kept only to tell whether the message
carries a link or names someone; none of it is ever written anywhere.
"""

from __future__ import annotations

import datetime as dt
import email
import email.errors
import email.header
import email.message
import email.policy
import email.utils
import hashlib
import re
from dataclasses import dataclass, field

BODY_START = 4096  # bytes of the text read after the headers: enough for a short note and its links
HEADERS = ("From", "To", "Cc", "Date", "Subject", "Message-ID", "X-Gmail-Labels")
LINK = re.compile(r"(?:https?://|www\.)[^\s<>\"')\]]+", re.IGNORECASE)
MESSAGE_ID = re.compile(r"<[^<>\s]+>")
NO_DATE, UNDECODABLE = "no-date", "undecodable"
SKIP_REASONS = {NO_DATE: "with no readable Date", UNDECODABLE: "with a header that cannot be decoded"}


@dataclass(frozen=True)
class Mail:
    """The parts of one message that sync reads."""

    id: str  # the Message-ID, or a stand-in made from the headers when it has none
    sent_at: dt.datetime  # aware; a Date without a zone is taken as UTC
    sender: str  # the From address in lower case ("" when there is none)
    recipients: tuple[str, ...]  # To and Cc addresses in lower case
    subject: str
    text_start: str  # the start of the text, quoted lines left out
    labels: tuple[str, ...]  # Gmail's X-Gmail-Labels, as Takeout writes them
    where: str  # the source and the place in it, for messages to the seeker

    @property
    def links(self) -> list[str]:
        return LINK.findall(self.text_start)


@dataclass
class Tally:
    """What a read came across besides usable messages: counts, and the first few places of each."""

    read: int = 0
    skipped: dict[str, list[str]] = field(default_factory=dict)  # reason -> where
    damaged_lines: list[str] = field(default_factory=list)  # where, for lines that are not part of any message

    def skip(self, reason: str, where: str) -> None:
        self.skipped.setdefault(reason, []).append(where)

    def damaged(self, where: str) -> None:
        self.damaged_lines.append(where)


class Undecodable(ValueError):
    pass


def header_text(raw: str | None) -> str:
    """A header value as text: encoded words decoded, raw UTF-8 accepted; Undecodable otherwise."""
    if raw is None:
        return ""
    raw = str(raw)
    if any("\udc80" <= char <= "\udcff" for char in raw):  # 8-bit bytes the parser kept as surrogates
        try:
            raw = raw.encode("ascii", "surrogateescape").decode("utf-8")
        except UnicodeError:
            raise Undecodable(raw) from None
    try:
        pieces = email.header.decode_header(raw)
        text = "".join(part.decode(charset or "ascii") if isinstance(part, bytes) else part for part, charset in pieces)
    except (LookupError, UnicodeError, email.errors.HeaderParseError):
        raise Undecodable(raw) from None
    return " ".join(text.split())


def addresses(*values: str) -> tuple[str, ...]:
    """The addresses in address headers, in lower case, each once, in order."""
    found = []
    for _name, address in email.utils.getaddresses([v for v in values if v]):
        address = address.strip().lower()
        if "@" in address and address not in found:
            found.append(address)
    return tuple(found)


def sent_at(raw: str | None) -> dt.datetime | None:
    """The Date header as an aware date-time, or None when it is missing or unreadable."""
    if not raw:
        return None
    try:
        when = email.utils.parsedate_to_datetime(str(raw))
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when is None:
        return None
    return when if when.tzinfo is not None else when.replace(tzinfo=dt.UTC)


def stand_in_id(*parts: str) -> str:
    """An id for a message without a Message-ID, the same wherever the message is found."""
    digest = hashlib.sha256("\n".join(parts).encode("utf-8", "surrogatepass")).hexdigest()[:24]
    return f"no-message-id:{digest}"


def read_mail(header_block: bytes, body_start: bytes, where: str) -> Mail | str:
    """The message from its raw header block and the start of its body, or the reason it is skipped."""
    message = email.message_from_bytes(header_block + b"\n" + body_start[:BODY_START], policy=email.policy.compat32)
    raw: dict[str, str | None] = dict.fromkeys(HEADERS)
    wanted = {name.lower(): name for name in HEADERS}
    for name, value in message.raw_items():  # raw: 8-bit bytes stay visible as surrogates, not hidden in a Header
        key = wanted.get(name.lower())
        if key is not None and raw[key] is None:
            raw[key] = value
    when = sent_at(raw["Date"])
    if when is None:
        return NO_DATE
    try:
        subject = header_text(raw["Subject"])
        sender_text, to_text, cc_text = (header_text(raw[h]) for h in ("From", "To", "Cc"))
        labels = header_text(raw["X-Gmail-Labels"])
    except Undecodable:
        return UNDECODABLE
    # Addresses from the raw values: a decoded display name may hold a comma ("Lee, Ann") that would split it.
    sender = addresses(str(raw["From"] or ""))
    recipients = addresses(str(raw["To"] or ""), str(raw["Cc"] or ""))
    found_id = MESSAGE_ID.search(str(raw["Message-ID"] or ""))
    mail_id = found_id.group() if found_id else stand_in_id(str(raw["Date"]), sender_text, to_text, cc_text, subject)
    return Mail(mail_id, when, sender[0] if sender else "", recipients, subject, text_start(message),
                tuple(label.strip() for label in labels.split(",") if label.strip()), where)


def text_start(message: email.message.Message) -> str:
    """The start of the message's first text part, decoded as far as it goes, without quoted lines."""
    part = next((p for p in message.walk() if p.get_content_maintype() == "text"), None)
    if part is None:
        return ""
    try:
        payload = part.get_payload(decode=True) or b""
    except (ValueError, TypeError, LookupError):  # a broken part: its raw text still shows a plain link
        payload = str(part.get_payload()).encode("ascii", "replace")
    charset = part.get_content_charset() or "utf-8"
    try:
        text = payload.decode(charset, "replace")
    except LookupError:
        text = payload.decode("utf-8", "replace")
    if part.get_content_subtype() == "html":
        text = re.sub(r"<blockquote.*?(</blockquote>|$)", " ", text, flags=re.IGNORECASE | re.DOTALL)
        text = re.sub(r"""href\s*=\s*["']?([^"'\s>]+)""", r" \1 ", text, flags=re.IGNORECASE)
        text = re.sub(r"<[^>]*>", " ", text)
    lines = [line for line in text.splitlines() if not line.lstrip().startswith(">")]
    return "\n".join(lines)[:BODY_START]
