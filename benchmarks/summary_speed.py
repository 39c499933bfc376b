"""How long `tracker summary` takes on a counselor's caseload, and how it scales with cores.

    .venv/bin/python benchmarks/summary_speed.py [TRACKERS] [--workers 1,2]

Builds TRACKERS trackers (default 500) of a realistic size, each with 50
contacts, 80 interviews, 30 follow-ups, 12 promises and 10 leads, made by
the real generator (so they carry the template's Tables, dropdowns and
formulas). They are built once, in parallel, into a cache folder that later
runs reuse. Then it times the summary (reading and reviewing every tracker
and building the caseload workbook) with each number of workers, and prints
the speed-up. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from toolkit.counselor.caseload_sheet import build_caseload
from toolkit.counselor.summary import available_cores, find_trackers, summarise
from toolkit.review.new_tracker import create_tracker

TODAY = dt.date(2026, 11, 22)
CONTACTS, INTERVIEWS, FOLLOW_UPS, PROMISES, LEADS = 50, 80, 30, 12, 10
CACHE = Path(tempfile.gettempdir()) / f"tracker-summary-bench-{CONTACTS}c{INTERVIEWS}i"


def build_one(index: int) -> None:
    """One seeker's tracker, different for every index but the same on every run."""
    path = CACHE / f"seeker-{index:04d}.xlsx"
    if path.exists():
        return
    pick = random.Random(index)

    def ago(days: int) -> dt.date:
        return TODAY - dt.timedelta(days=days)

    names = [f"Contact {index}-{n:02d}" for n in range(CONTACTS)]
    contacts = [{"Name": name, "Email": f"c{n}@example.com", "Organization": "Example Org", "Title": "Analyst",
                 "Relationship": pick.choice(["Met", "Keeping in touch", "Scheduled"]),
                 "Connected on LinkedIn": pick.choice(["Yes", "No"]), "Private Notes": "private note"}
                for n, name in enumerate(names)]
    interviews = []
    for n in range(INTERVIEWS):
        date = ago(pick.randint(-14, 400))
        interviews.append({"Contact": pick.choice(names), "Date": date, "Format": "Video",
                           "Key Takeaways": "Talk to the research ops team; read the annual report.",
                           "Next Step I'll Take": "Email Marcus", "Still Interested": "Yes",
                           "Thank-You Sent": date + dt.timedelta(days=1) if pick.random() < 0.9 and date < TODAY else None,
                           "Private Notes": "private note"})
    follow_ups = [{"Contact": pick.choice(names), "Date": ago(pick.randint(0, 500)), "Type": "Career update",
                   "Channel": "Email", "Summary": "Shared news"} for _ in range(FOLLOW_UPS)]
    promises = [{"Contact": pick.choice(names), "Made On": ago(pick.randint(0, 120)),
                 "Direction": pick.choice(["They offered", "I offered"]), "Promise": "Send the article",
                 "Done On": ago(0) if pick.random() < 0.6 else None} for _ in range(PROMISES)]
    leads = [{"Name": f"Lead {index}-{n}", "Suggested By": pick.choice(names), "Suggested On": ago(pick.randint(0, 90)),
              "Status": pick.choice(["To contact", "Contacted", None])} for n in range(LEADS)]
    rows = {"Contacts": contacts, "Interviews": interviews, "Follow-Ups": follow_ups, "Promises": promises, "Leads": leads}
    create_tracker(path, rows, {"Your Name": f"Seeker {index:04d}"}, force=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("trackers", nargs="?", type=int, default=500)
    parser.add_argument("--workers", default=None, help="comma-separated worker counts (default: 1 up to the cores available)")
    args = parser.parse_args()
    counts = [int(n) for n in args.workers.split(",")] if args.workers else list(range(1, available_cores() + 1))
    CACHE.mkdir(exist_ok=True)
    start = time.perf_counter()
    missing = [i for i in range(args.trackers) if not (CACHE / f"seeker-{i:04d}.xlsx").exists()]
    if missing:
        with ProcessPoolExecutor() as pool:
            list(pool.map(build_one, missing, chunksize=8))
    print(f"{'build (once, cached)':30} {time.perf_counter() - start:7.2f} s  {len(missing)} built in {CACHE}")
    trackers = find_trackers([CACHE])[:args.trackers]
    size = sum(path.stat().st_size for path, _ in trackers) / len(trackers)
    print(f"{'trackers':30} {len(trackers):7d}    {size / 1e3:.0f} kB each, {available_cores()} cores available")
    # The floor for one tracker: reading every sheet with pandas + calamine, in this warm process.
    import pandas

    cpu_start = _cpu_seconds()
    for path, _display in trackers:
        pandas.read_excel(path, sheet_name=None, engine="calamine")
    reading = (_cpu_seconds() - cpu_start) / len(trackers)
    print(f"{'read each (pandas + calamine)':30} {reading * 1e3:7.1f} ms CPU per tracker")
    baseline = None
    for workers in counts:
        start, cpu_start = time.perf_counter(), _cpu_seconds()
        caseload = summarise(trackers, TODAY, TODAY - dt.timedelta(days=30), workers=workers)
        reviewed, review_cpu = time.perf_counter() - start, _cpu_seconds() - cpu_start
        workbook = build_caseload(caseload)
        total, cpu = time.perf_counter() - start, _cpu_seconds() - cpu_start
        baseline = baseline or total
        findings = sum(len(t.findings) for t in caseload.trackers)
        print(f"{f'summary, {workers} worker(s)':30} {total:7.2f} s  speed-up {baseline / total:.2f}x  "
              f"(review {reviewed:.2f} s using {review_cpu:.2f} CPU s; caseload workbook {total - reviewed:.2f} s "
              f"using {cpu - review_cpu:.2f} CPU s, {len(workbook) / 1e6:.1f} MB, {findings} findings)")
        per = review_cpu / len(trackers)
        print(f"{'':30} review CPU per tracker {per * 1e3:.1f} ms = {per / reading:.2f}x reading it (goal <= 2); "
              f"load average {os.getloadavg()[0]:.1f}")


def _cpu_seconds() -> float:
    """CPU time of this process and of its finished children (the pool's workers), user and system.

    On a machine shared with other work, wall time depends on the neighbours; CPU time does not.
    """
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system

if __name__ == "__main__":
    main()
