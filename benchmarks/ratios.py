"""How the tracker's commands compare with merely reading the workbook (issue 16's figures).

    .venv/bin/python benchmarks/ratios.py [--sizes 2000,20000,100000] [--rounds 5]

For each size it builds the synthetic tracker of `check_speed.py` once (cached
under build/bench/), then runs every command in a fresh process, round after
round, and takes the median of each process's CPU time (user + system, from
wait4, so other load on a shared machine counts less than in wall time) and
its peak memory. Every ratio compares figures measured in the same run:

- read: every sheet through pandas.read_excel(engine="calamine"), the floor;
- check --no-write, and check writing its Status sheet (on a fresh copy);
- the naive script: pandas + openpyxl to read, one rule in pandas, and a
  Status sheet written with ExcelWriter(mode="a") as a person would script it;
- draft (every thank-you owed) and remind (the calendar);
- creating as many files as draft writes, of the same mean size, with the
  function it writes them with: what the file system charges, beside draft.

Nothing is deleted until every size is measured: each draft run writes into a
folder of its own. On ext4 without a journal (the development machine), a new
file's inode is sought past every inode freed in the last minute or more
(`recently_deleted` in the kernel's ialloc.c), so deleting one run's 3,500
drafts made the next run's file creation cost up to ten times as much kernel
CPU. A person's drafts folder is not emptied of thousands of files a moment
before `draft` runs; the benchmark should not be either. Its own clean-up at
the end frees that many, so leave six minutes between two runs.

Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
CACHE = HERE.parent / "build" / "bench"
TODAY = "2026-11-22"

READ = """
import sys, pandas
pandas.read_excel(sys.argv[1], sheet_name=None, engine="calamine")
"""
# What creating the drafts' files costs, through the very function draft writes them with.
FILES = """
import sys
from pathlib import Path
from toolkit.xlsx.userfile import write_new_files
folder, count, size = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
folder.mkdir()
write_new_files(folder, [(f"{index:06d} draft.eml", b"x" * size) for index in range(count)])
"""
NAIVE = """
import sys, datetime as dt, pandas
path = sys.argv[1]
sheets = pandas.read_excel(path, sheet_name=None, engine="openpyxl")
interviews = sheets["Interviews"]
today = pandas.Timestamp(sys.argv[2])
dates = pandas.to_datetime(interviews["Date"], errors="coerce")
owed = interviews[interviews["Thank-You Sent"].isna() & (dates <= today) & (dates + pandas.Timedelta(days=1) < today)]
status = pandas.DataFrame({"Contact": owed["Contact"], "Interview": dates[owed.index].dt.date, "Rule": "thank-you-overdue"})
with pandas.ExcelWriter(path, mode="a", engine="openpyxl", if_sheet_exists="replace") as writer:
    status.to_excel(writer, sheet_name="Status", index=False)
"""


def build(size: int) -> Path:
    """The synthetic tracker with `size` interviews, built once and kept in build/bench/."""
    path = CACHE / f"tracker-{size}.xlsx"
    if not path.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        # In a child process: a forked child's peak memory counts the parent's pages, so the parent stays small.
        script = f"import sys; sys.path.insert(0, {str(HERE)!r}); from check_speed import build; build(sys.argv[1], {size})"
        subprocess.run([sys.executable, "-c", script, str(path)], check=True)
    return path


def measure(command: list[str]) -> tuple[float, float]:
    """CPU seconds (user + system) and peak memory in MiB of one process running `command`."""
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _pid, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    errors = process.stderr.read().decode(errors="replace")
    process.stderr.close()
    if process.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed ({process.returncode}): {errors.strip()[-500:]}")
    return usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def draft_files(tracker: Path, work: Path) -> tuple[int, int]:
    """How many files draft writes for this tracker, and their mean size in bytes (one unmeasured run)."""
    subprocess.run([sys.executable, "-m", "toolkit", "draft", str(tracker), "--today", TODAY, "--out", str(work / "drafts")],
                   stdout=subprocess.DEVNULL, check=False)
    sizes = [path.stat().st_size for path in (work / "drafts").iterdir()]
    return len(sizes), sum(sizes) // max(len(sizes), 1)


def commands(tracker: Path, work: Path, files: tuple[int, int], turn: int) -> dict[str, tuple[list[str], bool]]:
    """Label -> (command, needs a fresh copy of the tracker). Files go into folders new to this `turn`."""
    python, copy = sys.executable, str(work / "copy.xlsx")
    tracker_cli = [python, "-m", "toolkit"]
    return {
        "read (pandas + calamine)": ([python, "-c", READ, str(tracker)], False),
        "check --no-write": ([*tracker_cli, "check", str(tracker), "--today", TODAY, "--no-write", "--fail-on", "never"], False),
        "check (writes Status)": ([*tracker_cli, "check", copy, "--today", TODAY, "--fail-on", "never"], True),
        "naive script": ([python, "-c", NAIVE, copy, TODAY], True),
        "draft": ([*tracker_cli, "draft", str(tracker), "--today", TODAY, "--out", str(work / f"drafts-{turn}")], False),
        "remind": ([*tracker_cli, "remind", str(tracker), "--today", TODAY, "-o", str(work / "r.ics")], False),
        "create draft files only": ([python, "-c", FILES, str(work / f"files-{turn}"), *map(str, files)], False),
    }


def run_size(size: int, rounds: int, work: Path) -> dict[str, tuple[float, float]]:
    """Every command `rounds` times at `size`; `work` is emptied only after the last size (see module docstring)."""
    tracker = build(size)
    work = work / str(size)
    work.mkdir()
    samples: dict[str, list[tuple[float, float]]] = {}
    files = draft_files(tracker, work)
    for turn in range(rounds):
        for label, (command, fresh) in commands(tracker, work, files, turn).items():  # interleaved: load hits all alike
            if fresh:
                shutil.copy(tracker, work / "copy.xlsx")
            os.sync()  # else the next command pays for writing out what the previous one left dirty
            samples.setdefault(label, []).append(measure(command))
    return {label: (statistics.median(c for c, _ in runs), max(m for _, m in runs)) for label, runs in samples.items()}


def report(size: int, figures: dict[str, tuple[float, float]]) -> None:
    cpu = {label: value[0] for label, value in figures.items()}
    print(f"\n{size:,} interviews ({build(size).stat().st_size / 1e6:.1f} MB)")
    for label, (seconds, peak) in figures.items():
        print(f"  {label:26} {seconds:7.2f} s CPU  {peak:7.0f} MiB peak")
    read, no_write, write = cpu["read (pandas + calamine)"], cpu["check --no-write"], cpu["check (writes Status)"]
    print(f"  check --no-write / read         {no_write / read:5.2f}x   (goal <= 2.0)")
    print(f"  check with write-back / read    {write / read:5.2f}x   (goal <= 2.3)")
    print(f"  naive script / check with write {cpu['naive script'] / write:5.2f}x   (goal >= 5)")
    print(f"  draft / check --no-write        {cpu['draft'] / no_write:5.2f}x   (goal <= 2)")
    floor = cpu["create draft files only"]
    print(f"  (draft - creating its files) / check --no-write {(cpu['draft'] - floor) / no_write:5.2f}x   "
          f"(creating the files alone: {floor:.2f} s)")
    print(f"  remind / check --no-write       {cpu['remind'] / no_write:5.2f}x   (goal <= 2)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="2000,20000,100000", help="interview counts, comma-separated")
    parser.add_argument("--rounds", type=int, default=5, help="runs of each command per size (median taken)")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    started = time.perf_counter()
    results = {}
    work = Path(tempfile.mkdtemp())
    try:
        for size in sizes:
            results[size] = run_size(size, args.rounds, work)
            report(size, results[size])
    finally:
        shutil.rmtree(work)
    if len(sizes) > 1:
        print("\nGrowth of CPU time per interview (1.00 = linear), relative to the smallest size:")
        base = sizes[0]
        for label in results[base]:
            per = [results[s][label][0] / s for s in sizes]
            print(f"  {label:26} " + "  ".join(f"{s:,}: {p / per[0]:4.2f}" for s, p in zip(sizes, per)))
    print(f"\n({args.rounds} rounds, {time.perf_counter() - started:.0f} s in all)")


if __name__ == "__main__":
    main()
