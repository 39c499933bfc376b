"""How `tracker import` compares with `check` on the result (issue 24's figure: at most 2x).

    .venv/bin/python benchmarks/import_speed.py [--contacts 5000] [--people 10000] [--rounds 5]

Builds the synthetic tracker of `check_speed.py` with CONTACTS contacts (four
interviews and two follow-ups each), and four exports of PEOPLE people: a
vCard file as an Android phone writes it (2.1, quoted-printable names, a
photo on every tenth card), one as an iPhone writes it (3.0, Apple's item
groups, folded lines, a note, a photo on every tenth card), an Outlook CSV
and a Google Contacts CSV. One person in ten is already in the
tracker, by email, so the import fills as well as adds. Each round imports
each export into a fresh copy of the tracker, then runs `check --no-write`
on that result, every command in a process of its own; the median CPU time
(user + system, from wait4, so a loaded machine's neighbours count less
than in wall time) of each is compared. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import quopri
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

from check_speed import build
from ratios import measure

TODAY = "2026-11-22"
PHOTO = "/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAAYEBQYFBAYGBQYHBwYIChAKCgkJChQODwwQFxQYGBcUFhYaHSUfGhsjHBYWICwgIyYnKSopGR8t"


def person(index: int, contacts: int) -> dict[str, str]:
    """Person `index` of the export: every tenth is tracker contact `index // 10` (same email), the rest are new."""
    known = index % 10 == 0 and index // 10 < contacts
    email = f"c{index // 10}@example.com" if known else f"person{index}@example.org"
    return {"first": f"Zoë{index}", "last": f"Müller-{index:05d}", "email": email, "phone": f"+49 30 {index:07d}",
            "org": f"Acme {index % 97}, Inc.", "title": f"Head of Design, Region {index % 13}",
            "url": f"https://www.linkedin.com/in/person-{index}"}


def vcard_file(path: Path, people: int, contacts: int) -> None:
    cards = []
    for index in range(people):
        p = person(index, contacts)
        name = quopri.encodestring(f"{p['first']} {p['last']}".encode()).decode()
        lines = ["BEGIN:VCARD", "VERSION:2.1", f"N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:{name};;;;",
                 f"FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:{name}", f"TITLE:{p['title']}", f"ORG:{p['org']}",
                 f"TEL;CELL;PREF:{p['phone']}", f"EMAIL;INTERNET;PREF:{p['email']}", f"URL:{p['url']}"]
        if index % 10 == 5:
            lines += [f"PHOTO;ENCODING=BASE64;TYPE=JPEG:{PHOTO}", *[f" {PHOTO}"] * 20, ""]
        cards.append("\r\n".join([*lines, "END:VCARD"]))
    path.write_bytes(("\r\n".join(cards) + "\r\n").encode("utf-8"))


def apple_file(path: Path, people: int, contacts: int) -> None:
    """vCard 3.0 as an iPhone or macOS Contacts writes it: itemN groups with X-ABLabel, escaped commas, an address,
    lines folded at 75 characters, and a folded base64 photo on every tenth card."""
    cards = []
    for index in range(people):
        p = person(index, contacts)
        lines = ["BEGIN:VCARD", "VERSION:3.0", "PRODID:-//Apple Inc.//iPhone OS 17.2//EN", f"N:{p['last']};{p['first']};;;",
                 f"FN:{p['first']} {p['last']}", f"ORG:{p['org'].replace(',', chr(92) + ',')};", f"TITLE:{p['title'].replace(',', chr(92) + ',')}",
                 f"EMAIL;type=INTERNET;type=WORK;type=pref:{p['email']}", f"TEL;type=CELL;type=VOICE;type=pref:{p['phone']}",
                 f"item1.ADR;type=WORK;type=pref:;;{index} Main Street;Berlin;;{10000 + index % 9000};Germany",
                 "item1.X-ABADR:de", f"item2.URL;type=pref:{p['url']}", "item2.X-ABLabel:_$!<HomePage>!$_",
                 f"X-SOCIALPROFILE;type=linkedin:{p['url']}", f"NOTE:Met at the meetup on {index % 28 + 1} May\, "
                 "said to write after the conference; knows the hiring manager in the design team well"]
        if index % 10 == 5:
            lines.append("PHOTO;ENCODING=b;TYPE=JPEG:" + PHOTO * 20)
        cards.append("\r\n".join(fold(line) for line in [*lines, "END:VCARD"]))
    path.write_bytes(("\r\n".join(cards) + "\r\n").encode("utf-8"))


def fold(line: str) -> str:
    """A content line folded as RFC 6350 says: at most 75 octets a line, each continuation begun with a space."""
    data, pieces = line.encode("utf-8"), []
    while len(data) > 75:
        cut = 75 if not pieces else 74
        while cut and (data[cut] & 0xC0) == 0x80:  # never inside a UTF-8 character
            cut -= 1
        pieces.append(data[:cut].decode("utf-8"))
        data = data[cut:]
    pieces.append(data.decode("utf-8"))
    return "\r\n ".join(pieces)


def google_file(path: Path, people: int, contacts: int) -> None:
    """Google Contacts' CSV as it is exported today (UTF-8, numbered value columns)."""
    header = ("First Name,Middle Name,Last Name,Phonetic First Name,Nickname,File As,Labels,E-mail 1 - Label,"
              "E-mail 1 - Value,Phone 1 - Label,Phone 1 - Value,Address 1 - Label,Address 1 - Formatted,"
              "Organization Name,Organization Title,Website 1 - Label,Website 1 - Value,Notes")
    rows = [header]
    for index in range(people):
        p = person(index, contacts)
        rows.append(f'{p["first"]},,{p["last"]},,,,* myContacts,Work,{p["email"]},Mobile,{p["phone"]},Work,'
                    f'"{index} Main St, Berlin {10000 + index % 9000}, Germany","{p["org"]}","{p["title"]}",Profile,'
                    f'{p["url"]},"Met at the meetup, said to write after the conference"')
    path.write_bytes(("\n".join(rows) + "\n").encode("utf-8"))


def outlook_file(path: Path, people: int, contacts: int) -> None:
    header = ('"First Name","Middle Name","Last Name","Title","Company","Job Title","Business Street","Business City",'
              '"Business Postal Code","Business Country/Region","Mobile Phone","E-mail Address","Web Page"')
    rows = [header]
    for index in range(people):
        p = person(index, contacts)
        rows.append(f'"{p["first"]}","","{p["last"]}","","{p["org"]}","{p["title"]}","{index} Main St","Berlin",'
                    f'"{10000 + index % 9000}","Germany","{p["phone"]}","{p["email"]}","{p["url"]}"')
    path.write_bytes(("\r\n".join(rows) + "\r\n").encode("cp1252", errors="replace"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=5000)
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=5)
    options = parser.parse_args()
    tracker_cli = str(Path(sys.executable).with_name("tracker"))
    work = Path(tempfile.mkdtemp())
    try:
        tracker = work / "tracker.xlsx"
        build(tracker, options.contacts * 4)
        exports = {"vCard 2.1": work / "phone.vcf", "vCard 3.0": work / "apple.vcf",
                   "Outlook CSV": work / "outlook.csv", "Google CSV": work / "google.csv"}
        vcard_file(exports["vCard 2.1"], options.people, options.contacts)
        apple_file(exports["vCard 3.0"], options.people, options.contacts)
        outlook_file(exports["Outlook CSV"], options.people, options.contacts)
        google_file(exports["Google CSV"], options.people, options.contacts)
        print(f"tracker: {options.contacts} contacts, {tracker.stat().st_size / 1e6:.2f} MB; "
              f"exports of {options.people} people: " + ", ".join(f"{k} {v.stat().st_size / 1e6:.2f} MB" for k, v in exports.items()))
        for label, export in exports.items():
            imports, checks = [], []
            for turn in range(options.rounds):
                copy = shutil.copyfile(tracker, work / f"{turn}-{export.stem}.xlsx")
                imports.append(measure([tracker_cli, "import", str(copy), str(export), "--today", TODAY])[0])
                checks.append(measure([tracker_cli, "check", str(copy), "--no-write", "--today", TODAY])[0])
            imported, checked = statistics.median(imports), statistics.median(checks)
            print(f"{label:12} import {imported:6.2f} s CPU, check on the result {checked:6.2f} s, "
                  f"ratio {imported / checked:4.2f} (goal <= 2.00; medians of {options.rounds})")
    finally:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
