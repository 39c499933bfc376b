"""How long `check` takes on a large tracker (a counselor's caseload).

    .venv/bin/python benchmarks/check_speed.py [INTERVIEWS]

Builds a tracker with INTERVIEWS interviews (default 20,000) spread over
one contact per four interviews, then times reading, the rules, the
Status write, the drafts (thank-yous and updates) and the calendar. Prints figures;
asserts nothing.
"""

import datetime as dt
import shutil
import sys
import tempfile
import time
from pathlib import Path

from toolkit.notes.draft_files import write_drafts
from toolkit.notes.links import status_links
from toolkit.notes.planner import plan_nudges
from toolkit.notes.reminders import calendar_bytes, plan_reminders
from toolkit.review.checker import check, review
from toolkit.review.new_tracker import create_tracker
from toolkit.review.reader import read_tracker
from toolkit.review.status_sheet import write_status

TODAY = dt.date(2026, 11, 22)


def build(path: Path, interviews: int) -> None:
    contacts = [{"Name": f"Contact {i:05d}", "Email": f"c{i}@example.com", "Connected on LinkedIn": "Yes"} for i in range(interviews // 4)]
    rows = []
    for i in range(interviews):
        date = TODAY - dt.timedelta(days=i % 400)
        rows.append({"Contact": contacts[i % len(contacts)]["Name"], "Date": date,
                     "Thank-You Sent": date if i % 7 else None, "Outcome": "Held" if i % 3 else None})
    follow_ups = [{"Contact": contacts[i % len(contacts)]["Name"], "Date": TODAY - dt.timedelta(days=i % 300), "Type": "Catch-up"}
                  for i in range(interviews // 2)]
    create_tracker(path, {"Contacts": contacts, "Interviews": rows, "Follow-Ups": follow_ups}, force=True)


def timed(label: str, function):
    start = time.perf_counter()
    result = function()
    print(f"{label:28} {time.perf_counter() - start:6.2f} s")
    return result


def main() -> None:
    interviews = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    folder = Path(tempfile.mkdtemp())
    try:
        path = folder / "big.xlsx"
        timed(f"build ({interviews} interviews)", lambda: build(path, interviews))
        print(f"{'file size':28} {path.stat().st_size / 1e6:6.2f} MB")
        timed("read only", lambda: read_tracker(path))
        report = timed("read + every rule", lambda: check(path, TODAY))
        print(f"{'findings':28} {len(report.findings):6d}")
        timed("write Status sheet", lambda: write_status(path, report))
        context, report = review(path, TODAY)
        timed("Status links to the notes", lambda: status_links(context, report, path, folder / "drafts"))
        timed("compose + write drafts", lambda: write_drafts(plan_nudges(context, report), folder / "drafts"))
        timed("Status links to the drafts", lambda: status_links(context, report, path, folder / "drafts"))
        print(f"{'drafts':28} {len(list((folder / 'drafts').iterdir())):6d}")
        reminders = timed("plan reminders", lambda: plan_reminders(context, report))
        print(f"{'reminders':28} {len(reminders):6d}")
        calendar = timed("write calendar", lambda: calendar_bytes(reminders, TODAY, None))
        print(f"{'calendar size':28} {len(calendar) / 1e6:6.2f} MB")
    finally:
        shutil.rmtree(folder)


if __name__ == "__main__":
    main()
