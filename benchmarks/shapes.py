"""The shapes of tracker the benchmarks measure, each at any number of interviews.

    .venv/bin/python benchmarks/shapes.py SHAPE INTERVIEWS PATH   # build one

Every shape has one contact per four interviews and the same spread of dates
(interviews over the 400 days up to 2026-11-22, a few still to come), so that
sizes compare; they differ in what else the sheets hold:

- tables: the generator's workbook (Excel Tables, dropdowns, formulas) with
  every column of every sheet filled in;
- plain: plain ranges written by xlsxwriter, no Tables, only the required
  columns plus Email and Thank-You Sent (without an Email no draft could be
  written, without Thank-You Sent every interview would owe a thank-you,
  which is the findings shape), and about one promise per contact;
- promises: the generator's workbook with six promises and six follow-ups per
  contact;
- findings: the generator's workbook where most held interviews still owe a
  thank-you, most promises are overdue and no contact is connected on
  LinkedIn: many findings, and a draft for most interviews;
- long-text: the generator's workbook with every column filled in and a few
  hundred characters of distinct text in every text cell.

Deterministic: the same shape and size give the same rows on every run.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

TODAY = dt.date(2026, 11, 22)
SHAPES = ("tables", "plain", "promises", "findings", "long-text")
LONG = ("We talked about how the research operations team plans its year, which studies get funded first and why, "
        "how a newcomer earns trust by running small studies well, and which of the three open roles suits someone "
        "moving over from clinical work; she suggested reading last year's annual report and the two papers the team "
        "published on patient-portal adoption before applying, and offered to introduce me to the hiring manager.")


def ago(days: int) -> dt.date:
    return TODAY - dt.timedelta(days=days)


def _text(shape: str, index: int, short: str) -> str:
    """A cell's text: short, or for long-text a few hundred distinct characters (so shared strings stay distinct)."""
    return f"{index}: {short}. {LONG}" if shape == "long-text" else short


SYLLABLES = [consonant + vowel for consonant in "bdfgklmnprstvz" for vowel in "aeiou"]


def first_name(index: int) -> str:
    """A first name of its own for every contact ("Bababa", "Bebaba", ...), as a real address book has: with one first
    name shared by all, `draft` hid a cost of drafts times contacts (a set of everyone's first names per note)."""
    count = len(SYLLABLES)
    return (SYLLABLES[index % count] + SYLLABLES[index // count % count] + SYLLABLES[index // count ** 2 % count]).capitalize()


def rows_for(shape: str, interviews: int) -> dict[str, list[dict]]:
    """Every sheet's rows for a shape, as dicts keyed by header."""
    contacts_count = max(interviews // 4, 1)
    names = [f"{first_name(i)} Contact{i:06d}" for i in range(contacts_count)]
    owing = shape == "findings"

    contacts = []
    for i, name in enumerate(names):
        contacts.append({
            "Name": name, "Pronunciation": "KON-takt", "Title": _text(shape, i, "Research analyst"),
            "Organization": _text(shape, i, "Example Health"), "Industry": "Healthcare", "Email": f"c{i}@example.com",
            "Phone": "+1 555 0100", "LinkedIn": f"https://www.linkedin.com/in/contact-{i}",
            "Mailing Address": _text(shape, i, "1 Main Street, Springfield"), "How We Met": "Referral",
            "Referred By": names[(i + 1) % contacts_count], "Relationship": ("Met", "Keeping in touch", "Scheduled")[i % 3],
            "Connected on LinkedIn": "No" if owing or i % 5 == 0 else "Yes", "Follow Up Every (days)": 120,
            "Snooze Until": ago(-30) if i % 11 == 0 else None, "Private Notes": _text(shape, i, "Met at the spring fair"),
        })
    rows = []
    for i in range(interviews):
        date = ago(i % 400 - 7)  # a week of upcoming interviews, then 393 days back
        held = date <= TODAY
        sent = None if not held or (i % 10 if owing else i % 7 == 0) else min(date + dt.timedelta(days=1), TODAY)
        rows.append({
            "Contact": names[i % contacts_count], "Date": date, "Time": dt.time(10, 30), "Format": "Video",
            "Outcome": ("Held" if held else "Scheduled") if i % 3 else None, "Prepared": "Yes" if i % 2 else "No",
            "Key Takeaways": _text(shape, i, "Talk to the research ops team; read the annual report"),
            "Next Step I'll Take": _text(shape, i, "Email Marcus about the analyst role"), "Still Interested": "Yes",
            "Thank-You Sent": sent, "Thank-You Medium": "Email" if sent else None,
            "Private Notes": _text(shape, i, "Seemed rushed"),
        })
    questions = [{"Contact": names[i % contacts_count], "Question": _text(shape, i, "What does a typical week look like?"),
                  "Answer": _text(shape, i, "Mostly study design and stakeholder calls"), "Surprised?": "No"}
                 for i in range(interviews // 2)]
    per_contact = 6 if shape == "promises" else 1
    promises = []
    for i in range(contacts_count * per_contact):
        made = ago(i % 120)
        open_ = owing or i % 3 == 0
        promises.append({"Contact": names[i % contacts_count], "Made On": made,
                         "Direction": ("They offered", "I offered")[i % 2], "Promise": _text(shape, i, "Send the article"),
                         "Due Date": made + dt.timedelta(days=14) if i % 4 == 0 else None,
                         "Done On": None if open_ else made + dt.timedelta(days=3), "Notes": _text(shape, i, "By email")})
    follow_count = contacts_count * 6 if shape == "promises" else interviews // 2
    follow_ups = [{"Contact": names[i % contacts_count], "Date": ago(i % 300), "Type": "Catch-up", "Channel": "Email",
                   "Summary": _text(shape, i, "Shared news of the course")} for i in range(follow_count)]
    leads = [{"Name": f"Lead {i:06d}", "Suggested By": names[i % contacts_count], "Suggested On": ago(i % 90),
              "Organization": _text(shape, i, "Example Clinic"), "Why": _text(shape, i, "Runs the data team"),
              "Status": ("To contact", "Contacted", None)[i % 3], "Contacted On": ago(i % 30) if i % 3 == 1 else None}
             for i in range(contacts_count // 5)]
    return {"Contacts": contacts, "Interviews": rows, "Questions": questions, "Promises": promises,
            "Follow-Ups": follow_ups, "Leads": leads}


SETTINGS = {"Your Name": "Jordan Rivera", "Your Email": "jordan@example.com"}
PLAIN_EXTRA = {"Contacts": ("Email",), "Interviews": ("Thank-You Sent",), "Promises": ("Made On",)}  # see the module docstring


def build(shape: str, interviews: int, path: Path) -> Path:
    """Write the tracker of `shape` with `interviews` interviews at `path`."""
    rows = rows_for(shape, interviews)
    if shape == "plain":
        return _plain(rows, path)
    from toolkit.review.new_tracker import create_tracker

    return create_tracker(path, rows, SETTINGS, force=True)


def _plain(rows: dict[str, list[dict]], path: Path) -> Path:
    """Plain ranges, as a person might build a tracker by hand: a header row and values, nothing else."""
    import xlsxwriter

    from toolkit.workbook.schema import load_template

    template = load_template()
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    dates = book.add_format({"num_format": "yyyy-mm-dd"})
    for sheet in template.sheets:
        headers = [c.header for c in sheet.columns if c.required or c.header in PLAIN_EXTRA.get(sheet.name, ())]
        if not headers:
            continue
        worksheet = book.add_worksheet(sheet.name)
        worksheet.write_row(0, 0, headers)
        for at, record in enumerate(rows.get(sheet.name, []), start=1):
            for column, header in enumerate(headers):
                value = record.get(header)
                if isinstance(value, dt.date):
                    worksheet.write_datetime(at, column, dt.datetime.combine(value, dt.time()), dates)
                elif value is not None:
                    worksheet.write(at, column, value)
    settings = book.add_worksheet("Settings")
    settings.write_row(0, 0, ["Setting", "Value"])
    for at, (name, value) in enumerate(SETTINGS.items(), start=1):
        settings.write_row(at, 0, [name, value])
    book.close()
    return path


if __name__ == "__main__":
    shape, count, target = sys.argv[1], int(sys.argv[2]), Path(sys.argv[3])
    if shape not in SHAPES:
        raise SystemExit(f"unknown shape {shape!r}; one of {', '.join(SHAPES)}")
    build(shape, count, target)
