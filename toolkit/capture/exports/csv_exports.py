"""CSV exports read as people: LinkedIn, Google Contacts, Outlook (English and localised) and Thunderbird.

The header row is found by what it names, not by the file's name or its
columns' order: the first of the file's first lines that names an email
column, or a name column and something to reach or know a person by. A
preamble above it (LinkedIn's "Notes:") is passed over. The separator is the
one of comma, semicolon (a European Excel) and tab that the header row uses
most. A file is a LinkedIn Connections export when its header has LinkedIn's
"Connected On" and "URL" columns.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

from toolkit.capture.exports.csv_layouts import ADDRESS_PARTS, best_layout

HEADER_SEARCH_LINES = 20  # LinkedIn's "Notes:" paragraph comes before the header; it is a few lines long
SEPARATORS = (",", ";", "\t")
GOOGLE_SEPARATOR = " ::: "  # Google puts several values of one field in one cell, separated so
NAME_FIELDS = ("full", "first", "last")
REACH_FIELDS = ("email", "phone", "organization", "title", "linkedin", "web")
LINE_BREAK = re.compile(r"\r\n|\r|\n")
csv.field_size_limit(10_000_000)  # a Notes cell can be long; the default 128 KB refuses some real exports


class CsvUnreadable(Exception):
    """The CSV cannot be read as contacts; `line` is where, `what` says why."""

    def __init__(self, line: int, what: str):
        super().__init__(what)
        self.line = line
        self.what = what


@dataclass(frozen=True)
class CsvPerson:
    """One row as the fields a tracker keeps; blank fields are None."""

    line: int
    name: str | None
    emails: tuple[str, ...]
    links: tuple[str, ...]
    phone: str | None
    organization: str | None
    title: str | None
    address: str | None
    from_linkedin: bool


def separator_of(line: str) -> str:
    """The separator a header line uses most, outside quotes (comma when none is used)."""
    outside = re.sub(r'"[^"]*"', "", line)
    counts = {sep: outside.count(sep) for sep in SEPARATORS}
    return max(SEPARATORS, key=lambda sep: (counts[sep], sep == ","))


def find_header(lines: list[str]) -> tuple[int, str, list[str], dict[str, list[int]]] | None:
    """(line index, separator, headers, field -> columns) of the header row, or None if none of the first lines is one."""
    for index, line in enumerate(lines[:HEADER_SEARCH_LINES]):
        if not line.strip():
            continue
        separator = separator_of(line)
        headers = [h.strip() for h in next(csv.reader([line], delimiter=separator), [])]
        _, columns = best_layout(headers)
        if "email" in columns or any(f in columns for f in NAME_FIELDS) and any(f in columns for f in REACH_FIELDS):
            return index, separator, headers, columns
    return None


def read_csv(text: str, notes: list[str], label: str) -> tuple[str, list[CsvPerson]]:
    """(which kind, the people) of a CSV export; `notes` gets what was left out; raises CsvUnreadable naming the line."""
    lines = LINE_BREAK.split(text)
    found = find_header(lines)
    if found is None:
        first = next((line.strip() for line in lines if line.strip()), "")
        if not first:
            raise CsvUnreadable(1, "the file is empty")
        raise CsvUnreadable(1, f"no header row naming contacts' columns (it begins '{first[:40]}')")
    index, separator, headers, columns = found
    keys = {h.casefold() for h in headers}
    from_linkedin = "connected on" in keys and "url" in keys
    people = []
    body = "\n".join(lines[index + 1:])
    reader = csv.reader(io.StringIO(body, newline=""), delimiter=separator, strict=True)
    try:
        for cells in reader:
            line = reader.line_num + index + 1
            if not any(c.strip() for c in cells):
                continue
            if len(cells) > len(headers) and any(c.strip() for c in cells[len(headers):]):
                raise CsvUnreadable(line, f"{len(cells)} fields where the header has {len(headers)}; "
                                          f"check for a stray '{separator}' or quote on that line")
            person = _person(line, cells, columns, from_linkedin)
            for email in _values(cells, columns, "email"):
                if "@" not in email:
                    notes.append(f"{label} line {line}: '{email[:40]}' is not an email address, so it was left out")
            people.append(person)
    except csv.Error as error:
        raise CsvUnreadable(reader.line_num + index + 1, f"{error}; check the quotes on that line") from error
    return ("LinkedIn" if from_linkedin else "contacts"), people


def _values(cells: list[str], columns: dict[str, list[int]], field_name: str) -> list[str]:
    found = []
    for position in columns.get(field_name, []):
        cell = cells[position] if position < len(cells) else ""
        found.extend(v.strip() for v in cell.split(GOOGLE_SEPARATOR) if v.strip())
    return found


def _first(cells: list[str], columns: dict[str, list[int]], field_name: str) -> str | None:
    return next(iter(_values(cells, columns, field_name)), None)


def _one_line(value: str | None) -> str | None:
    """A cell's text on one line: line breaks inside it become ', ', runs of spaces one."""
    if not value:
        return None
    text = ", ".join(" ".join(part.split()) for part in LINE_BREAK.split(value) if part.strip())
    return text or None


def _person(line: int, cells: list[str], columns: dict[str, list[int]], from_linkedin: bool) -> CsvPerson:
    name = _first(cells, columns, "full") or " ".join(
        v for v in (_first(cells, columns, "first"), _first(cells, columns, "middle"), _first(cells, columns, "last")) if v)
    emails = [e for e in _values(cells, columns, "email") if "@" in e]
    return CsvPerson(
        line=line,
        name=" ".join(name.split()) or None,
        emails=tuple(dict.fromkeys(emails)),
        links=tuple(_values(cells, columns, "linkedin") + _values(cells, columns, "web")),
        phone=_first(cells, columns, "phone"),
        organization=_one_line(_first(cells, columns, "organization")),
        title=_one_line(_first(cells, columns, "title")),
        address=_one_line(_first(cells, columns, "address")) or _address(cells, columns),
        from_linkedin=from_linkedin,
    )


def _address(cells: list[str], columns: dict[str, list[int]]) -> str | None:
    """The work address from its parts, else the home one: 'street, city, region postcode, country'."""
    for group in ("work", "home"):
        street, city, region, postcode, country = (
            ", ".join(_values(cells, columns, f"{group}:{part}")) for part in ADDRESS_PARTS)
        if street or city:
            town = ", ".join(p for p in (city, " ".join(p for p in (region, postcode) if p)) if p)
            return _one_line(", ".join(p for p in (street, town, country) if p))
    return None
