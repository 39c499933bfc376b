"""Read people from address-book exports: LinkedIn's Connections.csv, vCard files, Google Contacts CSV.

Each file becomes a list of `Person` values that know the file and line they
came from. The kind of file is told from its content, not its name. vCards
(3.0 and 4.0, and the 2.1 quoted-printable some phones still write) are read
with vobject. A file that cannot be read raises ImportFileUnreadable naming
the file and line.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

import vobject

from toolkit.errors import ImportFileUnreadable
from toolkit.review.reader import WORKBOOK_SUFFIXES

LINKEDIN_HEADER = ("First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On")
PREAMBLE_LINES = 20  # LinkedIn's "Notes:" paragraph comes before the header; it is a few lines long
GOOGLE_MARKERS = ("E-mail 1 - Value", "Phone 1 - Value", "Given Name", "Organization 1 - Name", "Organization Name")
GOOGLE_SEPARATOR = " ::: "  # Google puts several values of one field in one cell, separated so
ZIP_SIGNATURE = b"PK\x03\x04"
TRACKER_FIRST = "the tracker comes first: `tracker import TRACKER FILES...`"


@dataclass(frozen=True)
class Person:
    """One person as an export describes them; blank fields are None."""

    name: str | None
    emails: tuple[str, ...] = ()
    linkedin: str | None = None
    phone: str | None = None
    organization: str | None = None
    title: str | None = None
    address: str | None = None
    from_linkedin: bool = False
    where: str = ""  # "Connections.csv line 5"


def read_people(path: Path) -> list[Person]:
    """Everyone in one export file, in file order."""
    path = Path(path)
    text = _text(path)
    start = text.lstrip()[:40].upper()
    if start.startswith("BEGIN:VCARD") or (path.suffix.lower() == ".vcf" and text.strip()):
        return _vcards(path, text)
    lines = text.splitlines()
    for index, line in enumerate(lines[:PREAMBLE_LINES]):
        if _row(line)[:len(LINKEDIN_HEADER)] == list(LINKEDIN_HEADER):
            return _linkedin(path, text, index)
    header = _row(lines[0]) if lines else []
    if any(marker in header for marker in GOOGLE_MARKERS):
        return _google(path, text)
    first = lines[0][:60] if lines else "(the file is empty)"
    raise ImportFileUnreadable(f"{path.name} line 1: not a LinkedIn Connections.csv, vCard (.vcf) or Google Contacts "
                               f"CSV (it begins '{first}'); export it again from LinkedIn, your phone or Google Contacts")


def _text(path: Path) -> str:
    if path.is_dir():
        raise ImportFileUnreadable(f"{path} is a folder; give the export file inside it")
    try:
        raw = path.read_bytes()
    except FileNotFoundError as error:
        raise ImportFileUnreadable(f"{path}: no such file; check the name and folder") from error
    except OSError as error:
        raise ImportFileUnreadable(f"{path}: cannot read it ({error.strerror})") from error
    if path.suffix.lower() in WORKBOOK_SUFFIXES or _is_workbook_package(raw):
        # Most likely the arguments were swapped: the tracker was given where an export belongs.
        raise ImportFileUnreadable(f"{path} is a workbook, not an address-book export; {TRACKER_FIRST}")
    if raw.startswith(ZIP_SIGNATURE):
        raise ImportFileUnreadable(f"{path} is a zip archive, not an address-book export; "
                                   "unzip it and give the export inside (LinkedIn's holds Connections.csv)")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[:error.start].count(b"\n") + 1
        raise ImportFileUnreadable(f"{path.name} line {line}: not UTF-8 text; export it again as UTF-8 "
                                   f"(Google: 'Google CSV'; Outlook: 'UTF-8')") from error


def _is_workbook_package(raw: bytes) -> bool:
    """An Excel workbook whatever its name: a zip holding xl/workbook.xml."""
    if not raw.startswith(ZIP_SIGNATURE):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            return "xl/workbook.xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False


def _row(line: str) -> list[str]:
    return [cell.strip() for cell in next(csv.reader([line]), [])]


def _records(path: Path, text: str, skip_lines: int) -> list[tuple[int, dict[str, str]]]:
    """(line number, header -> value) for each non-blank row of a CSV whose header is at line skip_lines + 1."""
    body = "\n".join(text.splitlines()[skip_lines:])
    reader = csv.reader(io.StringIO(body), strict=True)
    found = []
    try:
        header = [h.strip() for h in next(reader, [])]
        line = reader.line_num + skip_lines
        for cells in reader:
            line = reader.line_num + skip_lines
            if not any(c.strip() for c in cells):
                continue
            if len(cells) > len(header):
                raise ImportFileUnreadable(f"{path.name} line {line}: {len(cells)} fields where the header has "
                                           f"{len(header)}; check for a stray comma or quote on that line")
            found.append((line, {h: c.strip() for h, c in zip(header, cells)}))
    except csv.Error as error:
        raise ImportFileUnreadable(f"{path.name} line {reader.line_num + skip_lines}: {error}; "
                                   f"check the quotes on that line") from error
    return found


def _blank(value: str | None) -> str | None:
    return value.strip() if value and value.strip() else None


def _linkedin(path: Path, text: str, header_index: int) -> list[Person]:
    people = []
    for line, row in _records(path, text, header_index):
        name = " ".join(p for p in (row.get("First Name", "").strip(), row.get("Last Name", "").strip()) if p)
        email = _blank(row.get("Email Address"))
        people.append(Person(_blank(name), (email,) if email else (), _blank(row.get("URL")), None,
                             _blank(row.get("Company")), _blank(row.get("Position")), None, True,
                             f"{path.name} line {line}"))
    return people


def _first(row: dict[str, str], *headers: str) -> str | None:
    """The first value found under any of the headers (Google's old and new exports name columns differently)."""
    for header in headers:
        value = _blank(row.get(header, ""))
        if value:
            return _blank(value.split(GOOGLE_SEPARATOR)[0])
    return None


def _google(path: Path, text: str) -> list[Person]:
    people = []
    for line, row in _records(path, text, 0):
        name = _first(row, "Name") or _blank(" ".join(
            p for p in (_first(row, "First Name", "Given Name"), _first(row, "Middle Name", "Additional Name"),
                        _first(row, "Last Name", "Family Name")) if p))
        emails = tuple(e for n in range(1, 10) for e in (row.get(f"E-mail {n} - Value") or "").split(GOOGLE_SEPARATOR)
                       if e.strip())
        websites = [w.strip() for n in range(1, 10) for w in (row.get(f"Website {n} - Value") or "").split(GOOGLE_SEPARATOR)]
        people.append(Person(name, tuple(e.strip() for e in emails), next((w for w in websites if is_linkedin(w)), None),
                             _first(row, "Phone 1 - Value"), _first(row, "Organization 1 - Name", "Organization Name"),
                             _first(row, "Organization 1 - Title", "Organization Title"),
                             _first(row, "Address 1 - Formatted"), False, f"{path.name} line {line}"))
    return people


def is_linkedin(url: str | None) -> bool:
    """Whether a web address is a LinkedIn profile."""
    return bool(url) and "linkedin.com/" in url.lower()


def _vcards(path: Path, text: str) -> list[Person]:
    people = []
    lines = text.splitlines()
    try:
        for card in vobject.readComponents(text, allowQP=True):
            if card.name.upper() != "VCARD":
                raise ImportFileUnreadable(f"{path.name}: holds a {card.name}, not contact cards; export the contacts as vCard")
            people.append(_person_from_card(card, f"{path.name} card {len(people) + 1}"))
    except vobject.base.ParseError as error:
        line = max(int(getattr(error, "lineNumber", 1) or 1), 1)
        shown = lines[line - 1][:60] if line <= len(lines) else ""
        raise ImportFileUnreadable(f"{path.name} line {line}: not a vCard line ('{shown}'); "
                                   f"export the contacts again as vCard") from error
    return people


def _values(card, name: str) -> list:
    return [line.value for line in card.contents.get(name, [])]


def _person_from_card(card, where: str) -> Person:
    name = next((str(v).strip() for v in _values(card, "fn") if str(v).strip()), None)
    if name is None:
        structured = next(iter(_values(card, "n")), None)
        if structured is not None:
            name = _blank(" ".join(p for p in (structured.prefix, structured.given, structured.additional,
                                               structured.family, structured.suffix) if isinstance(p, str) and p))
    urls = [str(v) for key in ("url", "x-socialprofile") for v in _values(card, key)]
    organization = next(iter(_values(card, "org")), None)
    if isinstance(organization, list):
        organization = organization[0] if organization else None
    address = next(iter(_values(card, "adr")), None)
    address_text = _blank(", ".join(part.strip() for part in str(address).splitlines() if part.strip())) if address is not None else None
    return Person(
        name=name,
        emails=tuple(str(v).strip() for v in _values(card, "email") if str(v).strip()),
        linkedin=next((u for u in urls if is_linkedin(u)), None),
        phone=next((str(v).strip().removeprefix("tel:") for v in _values(card, "tel") if str(v).strip()), None),
        organization=_blank(organization) if isinstance(organization, str) else None,
        title=next((str(v).strip() for v in _values(card, "title") if str(v).strip()), None),
        address=address_text,
        where=where,
    )
