"""How the tracker's commands compare with merely reading the workbook, on every shape of tracker.

    .venv/bin/python benchmarks/ratios.py [--shapes tables,plain,...] [--sizes 2000,20000,100000] [--rounds 5]

For each shape of `shapes.py` and each size it builds the tracker once (cached
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

from shapes import SHAPES

HERE = Path(__file__).resolve().parent
CACHE = Path(os.environ.get("TRACKER_BENCH_CACHE") or HERE.parent / "build" / "bench")  # built trackers, kept between runs
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


def build(shape: str, size: int) -> Path:
    """The tracker of `shape` with `size` interviews, built once and kept in build/bench/."""
    path = CACHE / f"{shape}-{size}.xlsx"
    if not path.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        # In a child process: a forked child's peak memory counts the parent's pages, so the parent stays small.
        subprocess.run([sys.executable, str(HERE / "shapes.py"), shape, str(size), str(path)], check=True)
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


class Refused(Exception):
    """The tracker refuses this tracker (one line, as it tells a person); the shape is left out at this size."""


def draft_files(tracker: Path, work: Path) -> tuple[int, int]:
    """How many files draft writes for this tracker, and their mean size in bytes (one unmeasured run)."""
    done = subprocess.run([sys.executable, "-m", "toolkit", "draft", str(tracker), "--today", TODAY, "--out",
                           str(work / "drafts")], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=False)
    if done.returncode == 2:  # a one-line refusal, such as the package layer's limit on a part's size
        raise Refused(done.stderr.strip())
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


def run_size(shape: str, size: int, rounds: int, work: Path, only: set[str] | None = None) -> dict[str, tuple[float, float]]:
    """Every command (or those in `only`) `rounds` times on one tracker; `work` is emptied only after the last one."""
    tracker = build(shape, size)
    work = work / f"{shape}-{size}"
    work.mkdir()
    samples: dict[str, list[tuple[float, float]]] = {}
    files = draft_files(tracker, work)
    for turn in range(rounds):
        for label, (command, fresh) in commands(tracker, work, files, turn).items():  # interleaved: load hits all alike
            if only and label not in only:
                continue
            if fresh:
                shutil.copy(tracker, work / "copy.xlsx")
            os.sync()  # else the next command pays for writing out what the previous one left dirty
            samples.setdefault(label, []).append(measure(command))
    figures = {label: (statistics.median(c for c, _ in runs), max(m for _, m in runs)) for label, runs in samples.items()}
    figures["drafts written"] = (files[0], 0.0)
    return figures


# (label, what it divides, by what, goal as text, worse when larger); CPU medians of the same run.
RATIOS = (
    ("check --no-write / read", "check --no-write", "read (pandas + calamine)", "<= 1.5", True),
    ("check with write / read", "check (writes Status)", "read (pandas + calamine)", "<= 1.8", True),
    ("naive script / check with write", "naive script", "check (writes Status)", ">= 5", False),
    ("draft / check --no-write", "draft", "check --no-write", "", True),
    ("draft less its files / check --no-write", "draft less its files", "check --no-write", "<= 1.2", True),
    ("remind / check --no-write", "remind", "check --no-write", "<= 1.2", True),
)


def ratios(figures: dict[str, tuple[float, float]]) -> dict[str, float]:
    """Every ratio of RATIOS; NaN for one whose command was left out."""
    cpu = {label: value[0] for label, value in figures.items()}
    cpu["draft less its files"] = cpu["draft"] - cpu["create draft files only"]
    return {label: cpu[top] / cpu[bottom] if top in cpu else float("nan") for label, top, bottom, _goal, _worse in RATIOS}


def report(shape: str, size: int, figures: dict[str, tuple[float, float]]) -> None:
    print(f"\n{shape}, {size:,} interviews ({build(shape, size).stat().st_size / 1e6:.1f} MB, "
          f"{figures['drafts written'][0]:,.0f} drafts)", flush=True)
    for label, (seconds, peak) in figures.items():
        if label != "drafts written":
            print(f"  {label:26} {seconds:7.2f} s CPU  {peak:7.0f} MiB peak")
    for (label, *_rest, goal, _worse), value in zip(RATIOS, ratios(figures).values()):
        shown = f"{value:5.2f}x" if value == value else "not run"  # NaN: its command was left out
        print(f"  {label:41} {shown:>6}" + (f"   (goal {goal})" if goal else ""))


def worst(results: dict[tuple[str, int], dict[str, tuple[float, float]]], sizes: list[int]) -> None:
    """Per size, the worst shape for each ratio and for peak memory: what the README's table shows."""
    print("\nWorst shape per ratio (CPU medians):")
    print(f"  {'':41} " + "  ".join(f"{size:>22,}" for size in sizes))
    for label, *_rest, goal, worse_when_larger in RATIOS:
        cells = []
        for size in sizes:
            values = {shape: ratios(figures)[label] for (shape, s), figures in results.items() if s == size}
            values = {shape: value for shape, value in values.items() if value == value} or {"not run": float("nan")}
            shape = (max if worse_when_larger else min)(values, key=values.get)
            cells.append(f"{values[shape]:5.2f}x {shape:>15}" if values[shape] == values[shape] else f"{'':>6} {shape:>15}")
        print(f"  {label:41} " + "  ".join(cells) + (f"   goal {goal}" if goal else ""))
    cells = []
    for size in sizes:
        peaks = {shape: figures["check (writes Status)"][1] for (shape, s), figures in results.items() if s == size}
        shape = max(peaks, key=peaks.get)
        cells.append(f"{peaks[shape]:4.0f} MiB {shape:>14}")
    print(f"  {'peak memory of check with write':41} " + "  ".join(cells) + "   goal <= 350 MiB at 100,000")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shapes", default=",".join(SHAPES), help=f"comma-separated, of: {', '.join(SHAPES)}")
    parser.add_argument("--sizes", default="2000,20000,100000", help="interview counts, comma-separated")
    parser.add_argument("--rounds", type=int, default=5, help="runs of each command per tracker (median taken)")
    parser.add_argument("--without-naive", action="store_true", help="leave out the naive script (minutes at 100,000)")
    args = parser.parse_args()
    shapes, sizes = args.shapes.split(","), [int(s) for s in args.sizes.split(",")]
    started = time.perf_counter()
    results = {}
    work = Path(tempfile.mkdtemp())
    print(f"load average at the start: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    try:
        for size in sizes:
            for shape in shapes:
                only = set(commands(Path(), Path(), (0, 0), 0)) - {"naive script"} if args.without_naive else None
                try:
                    results[shape, size] = run_size(shape, size, args.rounds, work, only)
                except Refused as refusal:
                    print(f"\n{shape}, {size:,} interviews: left out, the tracker refuses it: {refusal}")
                    continue
                report(shape, size, results[shape, size])
    finally:
        shutil.rmtree(work)
    worst(results, sizes)
    if len(sizes) > 1:
        print("\nGrowth of CPU time per interview (1.00 = linear), relative to the smallest size:")
        for shape in shapes:
            for label in ("check --no-write", "check (writes Status)", "draft", "remind"):
                if any((shape, s) not in results for s in sizes):
                    continue
                per = [results[shape, s][label][0] / s for s in sizes]
                print(f"  {shape:10} {label:22} " + "  ".join(f"{s:,}: {p / per[0]:4.2f}" for s, p in zip(sizes, per)))
    print(f"\n({args.rounds} rounds, {time.perf_counter() - started:.0f} s in all; "
          f"load average at the end: {' '.join(f'{x:.1f}' for x in os.getloadavg())})")


if __name__ == "__main__":
    main()
