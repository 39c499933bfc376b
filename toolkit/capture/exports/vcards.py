"""vCard files (2.1, 3.0 and 4.0) read as people, the way phones and mail programs write them.

vobject parses each content line whose parameters are quoted (a line
without quotes, nearly every line a phone writes, is split the same way here,
in a third of the time): its group (Apple's `item1.`), name, parameters
(2.1's bare `TEL;CELL` too) and value. The rest is done here, because vobject's card reader is strict where phones are not: it
stops at a PROFILE line, a lowercase `END:vCard`, a photo whose base64 is
malformed, or text that is not UTF-8, and it cuts a TITLE or ORG at its first
comma, which vCard 2.1 does not escape. So this module:

- works on bytes, decoding each value in its declared CHARSET (Shift_JIS,
  ISO-8859-1, ...), else as UTF-8, else in the legacy code page the file
  reads best in;
- joins quoted-printable soft line breaks and folded lines, keywords in any
  case;
- reads only what a tracker keeps (names, emails, phones, organization,
  title, address, a LinkedIn profile) and never decodes photos, keys, sounds
  or unknown properties;
- keeps a 2.1 value's commas, and unescapes 3.0 and 4.0 values;
- skips a line that is no content line (a comment a phone wrote, say) with a
  note naming it, rather than refusing the whole file.
"""

from __future__ import annotations

import codecs
import quopri
import re
from dataclasses import dataclass, field
from email.utils import parseaddr

from vobject.base import ParseError, parseLine

from toolkit.capture.exports.export_text import legacy_encoding

PLAIN_LINE = re.compile(r"(?:([A-Za-z0-9-]+)\.)?([A-Za-z0-9-]+)((?:;[^;:\"]+)*):(.*)", re.S)
# A property vobject's grammar refuses (a '/' in its name, an empty parameter) but shaped like one: unknown, skipped.
UNKNOWN_PROPERTY = re.compile(r"^[A-Za-z0-9][\w.\-/]*[;:]")
FOLD = (" ", "\t")
KEPT = {"FN", "N", "ORG", "TITLE", "EMAIL", "TEL", "URL", "X-SOCIALPROFILE", "ADR", "VERSION", "IMPP"}
EDGES = {"BEGIN", "END"}
# One part of a compound value and the semicolon after it, if any: 3.0 and 4.0 escape any character with a
# backslash; 2.1 only the semicolon, and a backslash before anything else is itself.
ESCAPED = re.compile(r"\\(.)")
COMPONENT = re.compile(r"((?:[^\\;]|\\.|\\\Z)*)(;?)", re.S)
COMPONENT_21 = re.compile(r"((?:[^\\;]|\\;|\\)*)(;?)", re.S)
READ = KEPT | EDGES  # the lines parsed; the rest are only looked at enough to skip them


class VCardUnreadable(Exception):
    """The file is no vCard file at all, or ends inside a card; `line` is where."""

    def __init__(self, line: int, what: str):
        super().__init__(what)
        self.line = line
        self.what = what


@dataclass(slots=True)
class ContentLine:
    number: int
    group: str | None
    name: str
    params: dict[str, list[str]]
    value: str  # the value's bytes, one character per byte (latin-1), not yet decoded


@dataclass
class Card:
    """One card's content lines, and where it begins."""

    line: int
    lines: list[ContentLine] = field(default_factory=list)

    def version(self) -> str:
        return next((c.value.strip() for c in self.lines if c.name == "VERSION"), "3.0")


@dataclass
class CardFields:
    """What a tracker keeps from one card, decoded; blank fields are None."""

    line: int
    name: str | None
    emails: tuple[str, ...]
    linkedin: str | None
    phone: str | None
    organization: str | None
    title: str | None
    address: str | None


def read_cards(raw: bytes, notes: list[str], label: str) -> list[CardFields]:
    """Every card in `raw` (bytes of an ASCII-compatible encoding), in file order; `notes` gets what was skipped."""
    text = raw.decode("latin-1")  # one character per byte: values are decoded later, each in its own charset
    cards = _cards(_logical_lines(text), notes, label)
    fallback = _fallback_encoding(cards)
    return [_fields(card, fallback, notes, label) for card in cards]


def _fallback_encoding(cards: list[Card]) -> str:
    """The code page for values that declare no CHARSET and are not UTF-8, judged from all of them together."""
    undeclared = []
    for card in cards:
        for line in card.lines:
            if "CHARSET" in line.params or line.value.isascii() and "ENCODING" not in line.params:
                continue
            raw = _payload(line)
            if not raw.isascii():
                try:
                    raw.decode("utf-8")
                except UnicodeDecodeError:
                    undeclared.append(raw)
    return (legacy_encoding(b"\n".join(undeclared)) or "cp1252") if undeclared else "utf-8"


def _payload(line: ContentLine) -> bytes:
    raw = line.value.encode("latin-1")
    if "QUOTED-PRINTABLE" in (e.upper() for e in line.params.get("ENCODING", [])):
        raw = quopri.decodestring(raw)
    return raw


def _physical_lines(text: str) -> list[str]:
    """The file's lines: a break is LF, CR LF or a lone CR, and "\r\r\n" (as one iPhone export has) is one break.

    Done with replace and split, not a regular expression, which took a fifth of reading a 10,000-card file.
    (`str.splitlines` would also break at NEL and other characters a UTF-8 byte can be, read as Latin-1.)
    """
    if "\r" in text:
        while "\r\r\n" in text:
            text = text.replace("\r\r\n", "\r\n")
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.split("\n")


def _logical_lines(text: str):
    """(first line number, logical line): folded lines and quoted-printable soft breaks joined, blank lines left out."""
    current, start, soft_break, binary, quoted_printable = None, 0, False, False, False
    for number, line in enumerate(_physical_lines(text), start=1):
        if current is not None and (soft_break or line[:1] in FOLD):
            current = current[:-1] + line if soft_break else current + line[1:]
        elif binary and ":" not in line and line.strip():
            current += line.strip()  # 2.1 base64 (a photo) runs on, unindented, until a blank line
        else:
            if current is not None and current.strip():
                yield start, current
            current, start = line, number
            head = line.split(":", 1)[0]  # name and parameters (parameter values rarely hold a colon)
            if ";" in head:  # an encoding is a parameter: a line without any (most of them) has none
                head = head.upper()
                binary = "BASE64" in head or "ENCODING=B" in head.replace(" ", "")
                quoted_printable = "QUOTED-PRINTABLE" in head
            else:
                binary = quoted_printable = False
        soft_break = quoted_printable and current.endswith("=")
    if current is not None and current.strip():
        yield start, current


def _cards(lines, notes: list[str], label: str) -> list[Card]:
    cards: list[Card] = []
    card, nested, last = None, 0, 0
    for number, line in lines:
        last = number
        plain = PLAIN_LINE.fullmatch(line)
        name = plain[2].upper() if plain else line.split(":", 1)[0].split(";", 1)[0].rpartition(".")[2].strip().upper()
        if name not in READ and card is not None and UNKNOWN_PROPERTY.match(line):
            continue  # a photo, a note, an X- property: never parsed, never decoded
        parsed = _parse(number, line, plain)
        keyword = parsed.name if parsed else ""
        if keyword in KEPT and card is not None and not nested:  # nearly every line read: a name, an email
            card.lines.append(parsed)
            continue
        value = parsed.value.strip().upper() if keyword in EDGES else ""
        if keyword == "BEGIN" and value == "VCARD":
            if card is None:
                card = Card(number)
                continue
            nested += 1  # a card inside a card (2.1's AGENT): someone else, left out
            notes.append(f"{label} line {number}: a card inside the card of line {card.line} (an AGENT) was left out")
        elif keyword == "END" and value == "VCARD" and card is not None:
            if nested:
                nested -= 1
            else:
                cards.append(card)
                card = None
        elif card is None and not cards and parsed is None:
            raise VCardUnreadable(number, f"not a vCard file: it begins '{line.strip()[:40]}', not BEGIN:VCARD")
        elif parsed is None and not UNKNOWN_PROPERTY.match(line):
            notes.append(f"{label} line {number}: not a vCard line, skipped ('{line.strip()[:40]}')")
    if card is not None:
        raise VCardUnreadable(last, f"the file ends inside the card that begins at line {card.line} (no END:VCARD); "
                                    f"it may have been cut short")
    if not cards:
        raise VCardUnreadable(1, "no BEGIN:VCARD in it, so no contact card")
    return cards


def _parse(number: int, line: str, plain: re.Match | None) -> ContentLine | None:
    """The content line `line`, or None when it is none; `plain` is PLAIN_LINE's match of it, if it matched.

    A line whose parameters hold no quotes (nearly every line a phone writes) is split here as vobject would split
    it, in a third of the time; lines with quoted parameters go to vobject.
    """
    if plain is not None:
        group, name, params, value = plain.groups()
        if not params:
            return ContentLine(number, group, name.upper(), {}, value)
        pieces = [param.split("=", 1) for param in params.split(";")[1:]]
        params = [[p[0], *p[1].split(",")] if len(p) == 2 else p for p in pieces]
    else:
        try:
            name, params, value, group = parseLine(line, number)
        except ParseError:
            return None
    found: dict[str, list[str]] = {}
    for param in params:
        if len(param) == 1:  # 2.1's bare parameter: TEL;CELL;QUOTED-PRINTABLE
            bare = param[0].upper()
            key = "ENCODING" if bare in ("QUOTED-PRINTABLE", "BASE64", "8BIT", "7BIT", "B") else "TYPE"
            found.setdefault(key, []).append(bare)
        else:
            found.setdefault(param[0].upper(), []).extend(param[1:])
    return ContentLine(number, group, name.upper(), found, value)


def _text(line: ContentLine, fallback: str) -> str:
    """The value's characters: quoted-printable undone, bytes read in the declared CHARSET, else UTF-8, else `fallback`."""
    if "ENCODING" not in line.params and "CHARSET" not in line.params and line.value.isascii():
        return line.value  # plain ASCII, in no declared charset (ISO-2022-JP is ASCII bytes too): as it is
    raw = _payload(line)
    declared = next(iter(line.params.get("CHARSET", [])), None)
    for name in (declared, "utf-8", fallback):
        if not name:
            continue
        try:
            return raw.decode(codecs.lookup(name).name)
        except (LookupError, UnicodeDecodeError):
            continue
    return raw.decode("latin-1")


def _components(value: str, v21: bool) -> list[str]:
    """A compound value (N, ADR, ORG) split at its unescaped semicolons, each part unescaped."""
    if "\\" not in value:
        return value.split(";")
    parts = []
    for match in (COMPONENT_21 if v21 else COMPONENT).finditer(value):
        parts.append(_unescaped(match[1], v21))
        if not match[2]:
            return parts
    return parts


def _unescaped(value: str, v21: bool) -> str:
    """3.0 and 4.0 escape backslash, comma, semicolon and newline; 2.1 escapes only the semicolon, and keeps commas."""
    if "\\" not in value:
        return value
    if v21:
        return value.replace("\\;", ";")
    return ESCAPED.sub(_escaped, value)


def _escaped(match: re.Match) -> str:
    return " " if match[1] in "nN" else match[1]  # an escaped newline joins as a space: a cell holds one line


def _blank(value: str | None) -> str | None:
    value = " ".join(value.split()) if value else ""
    return value or None


def _preferred_first(lines: list[ContentLine]) -> list[ContentLine]:
    """PREF-marked lines first (TYPE=PREF in 2.1 and 3.0, PREF=1 in 4.0), otherwise in file order."""
    if len(lines) < 2:
        return lines

    def preferred(line: ContentLine) -> bool:
        return "PREF" in (t.upper() for t in line.params.get("TYPE", [])) or line.params.get("PREF", ["9"])[0] == "1"
    return sorted(lines, key=lambda line: not preferred(line))


def _fields(card: Card, fallback: str, notes: list[str], label: str) -> CardFields:
    v21 = card.version().startswith("2")
    by_name: dict[str, list[ContentLine]] = {}
    for line in card.lines:
        by_name.setdefault(line.name, []).append(line)

    def texts(name: str):
        """The decoded values of every `name` line, preferred first, made as they are asked for."""
        return (_unescaped(_text(line, fallback), v21) for line in _preferred_first(by_name.get(name, [])))

    def compound(name: str) -> list[str] | None:
        first = next(iter(by_name.get(name, [])), None)
        return _components(_text(first, fallback), v21) if first is not None else None

    name = next(filter(None, map(_blank, texts("FN"))), None)
    structured = compound("N")
    if name is None and structured:
        family, given, additional, prefix, suffix = (structured + [""] * 5)[:5]
        name = _blank(" ".join(p.replace(",", " ") for p in (prefix, given, additional, family, suffix)))
    emails = []
    for line in _preferred_first(by_name.get("EMAIL", [])):
        text = _unescaped(_text(line, fallback), v21).strip().removeprefix("mailto:")
        address = (parseaddr(text)[1] or text) if "<" in text or '"' in text else text
        if "@" in address:
            emails.append(address)
        elif address:
            notes.append(f"{label} line {line.number}: '{address[:40]}' is not an email address, so it was left out")
    links = [t.strip() for key in ("URL", "X-SOCIALPROFILE", "IMPP") for t in texts(key)]
    organization = compound("ORG")
    return CardFields(
        line=card.line,
        name=name,
        emails=tuple(dict.fromkeys(emails)),
        linkedin=next((link for link in links if "linkedin.com/" in link.lower()), None),
        phone=next((_blank(t.strip().removeprefix("tel:")) for t in texts("TEL") if _blank(t)), None),
        organization=_blank(organization[0]) if organization else None,
        title=next(filter(None, map(_blank, texts("TITLE"))), None),
        address=_address(compound("ADR")),
    )


def _address(parts: list[str] | None) -> str | None:
    """ADR's post box, extended, street, city, region, code and country as one line: '1 Main St, Springfield, IL 62701, USA'."""
    if not parts:
        return None
    box, extended, street, city, region, code, country = ([(_blank(p) or "").strip(" ,") for p in parts] + [""] * 7)[:7]
    region_code = " ".join(p for p in (region, code) if p)
    town = ", ".join(p for p in (city, region_code) if p)
    return _blank(", ".join(p for p in (box, extended, street, town, country) if p))
