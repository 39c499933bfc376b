"""Read people from address-book exports: vCard files and CSV exports (LinkedIn, Google, Outlook, Thunderbird).

Each file becomes an `AddressBook`: `Person` values that know the file and
line they came from, and notes on what was left out and why. The kind of
file is told from its content, not its name: vCards by their BEGIN:VCARD
(read by `vcards`), anything else as a CSV export (`csv_exports`), its
character set by `export_text`. A file that cannot be read raises
ImportFileUnreadable: one line naming the file, the line, what was wrong and
the formats `tracker import` takes.
"""

from __future__ import annotations

import gc
import io
import zipfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from toolkit.capture.exports.csv_exports import CsvUnreadable, read_csv
from toolkit.capture.exports.export_text import bom_encoding, decode_text
from toolkit.capture.exports.vcards import VCardUnreadable, read_cards
from toolkit.errors import ImportFileUnreadable
from toolkit.review.reader import WORKBOOK_SUFFIXES

ZIP_SIGNATURE = b"PK\x03\x04"
TRACKER_FIRST = "the tracker comes first: `tracker import TRACKER FILES...`"
FORMATS = ("tracker import takes vCard files (.vcf) and CSV exports from LinkedIn (Connections.csv), "
           "Google Contacts, Outlook and Thunderbird")


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


@dataclass
class AddressBook:
    """The people one export holds, in file order, and what was left out of it (one line each)."""

    kind: str  # "vCard", "LinkedIn" or "contacts" (another CSV export)
    people: list[Person]
    notes: list[str] = field(default_factory=list)


def read_people(path: Path) -> list[Person]:
    """Everyone in one export file, in file order."""
    return read_address_book(path).people


def read_address_book(path: Path) -> AddressBook:
    """The people in one export file and the notes on what it left out; refuses a file it cannot read."""
    with _collector_paused():
        return _read(Path(path))


@contextmanager
def _collector_paused():
    """Python's cyclic garbage collector stopped while an export is read, and started again however it ends.

    Reading makes a few objects for every line (a hundred thousand lines in 10,000 cards) and none of them
    refers back to another, so there is nothing for the collector to find; its passes over them took a
    tenth of reading such a file. Whatever else is garbage is collected when the collector starts again.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _read(path: Path) -> AddressBook:
    raw = _bytes(path)
    label = path.name
    notes: list[str] = []
    if path.suffix.lower() == ".vcf" and not _is_vcard(raw):
        first = next((line.strip() for line in raw[:400].decode("latin-1").splitlines() if line.strip()), "")
        raise _refusal(label, 1, f"not a vCard file: it begins '{first[:40]}', not BEGIN:VCARD" if first else "the file is empty")
    if _is_vcard(raw):
        try:
            cards = read_cards(_ascii_compatible(raw, label), notes, label)
        except VCardUnreadable as error:
            raise _refusal(label, error.line, error.what) from error
        people = [Person(c.name, c.emails, c.linkedin, c.phone, c.organization, c.title, c.address, False,
                         f"{label} line {c.line}") for c in cards]
        return AddressBook("vCard", people, notes)
    decoded = decode_text(raw)
    if decoded is None:
        raise _refusal(label, 1, "not text in any character set import knows (UTF-8, UTF-16 or a Windows code page)")
    try:
        kind, rows = read_csv(decoded[0], notes, label)
    except CsvUnreadable as error:
        raise _refusal(label, error.line, error.what) from error
    people = [Person(r.name, r.emails, next((link for link in r.links if is_linkedin(link)), None), r.phone,
                     r.organization, r.title, r.address, r.from_linkedin, f"{label} line {r.line}") for r in rows]
    return AddressBook(kind, people, notes)


def _refusal(label: str, line: int, what: str) -> ImportFileUnreadable:
    return ImportFileUnreadable(f"{label} line {line}: {what}. {FORMATS}")


def is_linkedin(url: str | None) -> bool:
    """Whether a web address is a LinkedIn profile."""
    return bool(url) and "linkedin.com/" in url.lower()


def _bytes(path: Path) -> bytes:
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
    return raw


def _is_workbook_package(raw: bytes) -> bool:
    """An Excel workbook whatever its name: a zip holding xl/workbook.xml."""
    if not raw.startswith(ZIP_SIGNATURE):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            return "xl/workbook.xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False


def _ascii_compatible(raw: bytes, label: str) -> bytes:
    """The bytes of a vCard in an encoding where ASCII is ASCII: UTF-16 and UTF-32 files become UTF-8."""
    declared = bom_encoding(raw)
    if declared is None or declared == "utf-8-sig":
        return raw.removeprefix(b"\xef\xbb\xbf")
    try:
        return raw.decode(declared).encode("utf-8")
    except UnicodeDecodeError as error:
        raise _refusal(label, raw[:error.start].count(b"\n") + 1, f"not {declared.upper()} text, though it begins as such") from error


def _is_vcard(raw: bytes) -> bool:
    """Whether the file begins (after a byte-order mark and blank lines) with BEGIN:VCARD, in any case and encoding."""
    declared = bom_encoding(raw)
    head = raw[:400]
    if declared and declared != "utf-8-sig":
        head = head.decode(declared, errors="ignore").encode("ascii", errors="ignore")
    return head.removeprefix(b"\xef\xbb\xbf").lstrip().upper().startswith(b"BEGIN:VCARD")
