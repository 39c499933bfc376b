"""Does any step grow with the product of two sheets' sizes? Double each sheet alone and see.

    .venv/bin/python benchmarks/scaling.py [--interviews 10000] [--rounds 3]

Starts from the `tables` shape of `shapes.py` (every sheet filled in) and
builds, besides it, one tracker per sheet with only that sheet's rows doubled
(new contacts and leads get names of their own, other rows are repeated), and
one with every sheet doubled. Each command runs in its own process, round
after round, and the median CPU time (user + system) of each is printed.

If every step is linear, cost = fixed + the sum of a share per sheet, so:
doubling one sheet adds that sheet's share; doubling all of them adds the
sum of those extras (ratio 1.00 below), and the whole at most doubles. A step
that grows with the product of two sheets (drafts times promises, say) adds
more when both double than the two extras together: a ratio above 1.

Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

from ratios import CACHE, TODAY, measure
from shapes import SETTINGS, rows_for

NAMED = {"Contacts": "Name", "Leads": "Name"}  # sheets whose rows must keep distinct names when repeated


def doubled(rows: dict[str, list[dict]], sheets: tuple[str, ...]) -> dict[str, list[dict]]:
    """The same rows with each sheet in `sheets` twice as long."""
    result = dict(rows)
    for sheet in sheets:
        header = NAMED.get(sheet)
        copies = [dict(row, **{header: f"{row[header]} again"}) if header else dict(row) for row in rows[sheet]]
        result[sheet] = rows[sheet] + copies
    return result


def build(label: str, interviews: int, sheets: tuple[str, ...]) -> Path:
    path = CACHE / f"scaling-{interviews}-{label}.xlsx"
    if not path.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        from toolkit.review.new_tracker import create_tracker

        create_tracker(path, doubled(rows_for("tables", interviews), sheets), SETTINGS, force=True)
    return path


def commands(tracker: Path, work: Path, turn: int) -> dict[str, tuple[list[str], bool]]:
    cli = [sys.executable, "-m", "toolkit"]
    return {
        "check --no-write": ([*cli, "check", str(tracker), "--today", TODAY, "--no-write", "--fail-on", "never"], False),
        "check (writes Status)": ([*cli, "check", str(work / "copy.xlsx"), "--today", TODAY, "--fail-on", "never"], True),
        "draft": ([*cli, "draft", str(tracker), "--today", TODAY, "--out", str(work / f"drafts-{turn}")], False),
        "remind": ([*cli, "remind", str(tracker), "--today", TODAY, "-o", str(work / "r.ics")], False),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--interviews", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    sheets = tuple(rows_for("tables", 8))
    variants = {"base": (), **{sheet: (sheet,) for sheet in sheets}, "all": sheets}
    trackers = {label: build(label, args.interviews, doubled_sheets) for label, doubled_sheets in variants.items()}
    work = Path(tempfile.mkdtemp())
    print(f"load average at the start: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    try:
        samples: dict[tuple[str, str], list[float]] = {}
        for turn in range(args.rounds):
            for label, tracker in trackers.items():
                folder = work / label
                folder.mkdir(exist_ok=True)
                for command_label, (command, fresh) in commands(tracker, folder, turn).items():
                    if fresh:
                        shutil.copy(tracker, folder / "copy.xlsx")
                    os.sync()
                    samples.setdefault((label, command_label), []).append(measure(command)[0])
    finally:
        shutil.rmtree(work)
    cpu = {key: statistics.median(values) for key, values in samples.items()}
    base_rows = rows_for("tables", args.interviews)
    print(f"\nCPU medians, tables shape from {args.interviews:,} interviews; each sheet doubled alone, then all:")
    print(f"  {'doubled':12} {'rows added':>10}  " + "  ".join(f"{c:>22}" for c in commands(Path(), Path(), 0)))
    for label in variants:
        added = sum(len(base_rows[s]) for s in variants[label])
        cells = [f"{cpu[label, c]:6.2f} s ({cpu[label, c] / cpu['base', c]:4.2f}x)" for c in commands(Path(), Path(), 0)]
        print(f"  {label:12} {added:10,}  " + "  ".join(f"{cell:>22}" for cell in cells))
    print("\n  extra for all doubled / sum of the extras for each sheet alone (1.00 = no product of two sheets):")
    for command_label in commands(Path(), Path(), 0):
        alone = sum(cpu[sheet, command_label] - cpu["base", command_label] for sheet in sheets)
        together = cpu["all", command_label] - cpu["base", command_label]
        shown = f"{together / alone:4.2f}" if alone > 0.2 else "too small to tell apart from noise"
        print(f"  {command_label:22} {together:6.2f} s / {alone:6.2f} s = {shown}")
    print(f"\n({args.rounds} rounds; load average at the end: {' '.join(f'{x:.1f}' for x in os.getloadavg())})")


if __name__ == "__main__":
    main()
