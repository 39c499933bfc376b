"""`tracker summary`: one line per tracker for a counselor's caseload.

Each tracker is reviewed exactly as `tracker check --no-write` reviews it
(same reader, same rules), in a pool of worker processes, and boiled down to
a small `TrackerSummary`. Counts come from the findings and the Context's
schedules, so no rule is computed a second way here. Private Notes are read
by the reader like any column but never copied into a summary: a summary
holds counts, dates and the findings' messages, none of which quote them.
"""

from __future__ import annotations

import datetime as dt
import os
from collections import Counter
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from toolkit.errors import TrackerError, WorkbookLocked, WorkbookNotFound
from toolkit.review.checker import review
from toolkit.review.findings import SEVERITIES, Finding
from toolkit.review.model import shifted
from toolkit.review.names import WORKBOOK_SUFFIXES, is_lock_name, near_miss
from toolkit.safe_text import json_text, one_line, shown
from toolkit.workbook.properties import is_caseload
from toolkit.xlsx.userfile import refuse_if_open

QUIET_DAYS = 21  # no touch for this long: the seeker may be stalling
WEEKS_CHARTED = 12


@dataclass(frozen=True)
class TrackerSummary:
    """What a counselor needs to know about one tracker; `error` is set when it could not be read."""

    path: str  # relative to the folder it was found in, or as given
    seeker: str
    error: str | None = None
    note: str | None = None
    counts: dict[str, int] | None = None
    thank_yous_overdue: int | None = None
    my_promises_overdue: int | None = None
    follow_ups_due: int | None = None
    interviews_held: int | None = None  # since `since`
    thank_yous_sent: int | None = None  # since `since`
    upcoming_interviews: int | None = None
    open_leads: int | None = None  # leads still to contact (Status blank or To contact)
    last_activity: dt.date | None = None
    days_since_activity: int | None = None
    landed_job: dt.date | None = None
    findings: tuple[Finding, ...] = ()
    held_per_week: tuple[int, ...] = ()
    thanked_per_week: tuple[int, ...] = ()

    @property
    def attention(self) -> str:
        """Why this seeker stands out: 'unreadable', 'thank-you overdue', 'quiet', or ''."""
        if self.error:
            return "unreadable"
        if self.thank_yous_overdue:
            return "thank-you overdue"
        if self.landed_job is None and (self.days_since_activity is None or self.days_since_activity >= QUIET_DAYS):
            return "quiet"
        return ""

    def as_json(self) -> dict:
        data = {name: getattr(self, name) for name in JSON_FIELDS}
        for name in ("last_activity", "landed_job"):
            data[name] = data[name].isoformat() if data[name] else None
        data["attention"] = self.attention or None
        data["findings"] = [f.as_json() for f in self.findings]
        return data


JSON_FIELDS = ("path", "seeker", "counts", "error", "note", "thank_yous_overdue", "my_promises_overdue", "follow_ups_due",
               "interviews_held", "thank_yous_sent", "upcoming_interviews", "open_leads", "last_activity",
               "days_since_activity", "landed_job")
ATTENTION_RANK = {"thank-you overdue": 0, "unreadable": 1, "quiet": 2, "": 3}


def urgency(summary: TrackerSummary):
    """Most urgent first: overdue thank-yous, unreadable, quiet; then more errors, more warnings, longer quiet."""
    counts = summary.counts or {}
    quiet = summary.days_since_activity if summary.days_since_activity is not None else 10**6
    return (ATTENTION_RANK[summary.attention], -counts.get("error", 0), -counts.get("warning", 0), -quiet,
            summary.seeker.casefold(), summary.path)


@dataclass
class Caseload:
    today: dt.date
    since: dt.date
    trackers: list[TrackerSummary] = field(default_factory=list)  # in the order they were found
    skipped: list[str] = field(default_factory=list)  # caseload workbooks found among the trackers

    @property
    def week_starts(self) -> list[dt.date]:
        return week_starts(self.today)

    @property
    def unreadable(self) -> list[TrackerSummary]:
        return [t for t in self.trackers if t.error]

    def by_urgency(self) -> list[TrackerSummary]:
        return sorted(self.trackers, key=urgency)

    def as_json(self) -> dict:
        return {"today": self.today.isoformat(), "since": self.since.isoformat(),
                "trackers": [t.as_json() for t in self.trackers]}


def week_starts(today: dt.date) -> list[dt.date]:
    """The Mondays of the last WEEKS_CHARTED weeks, oldest first, ending with this week's."""
    this_monday = shifted(today, -today.weekday())
    return [shifted(this_monday, -7 * n) for n in range(WEEKS_CHARTED - 1, -1, -1)]


# ------------------------------------------------------------------ finding trackers
def find_trackers(paths: Iterable[Path], output: Path | None = None) -> list[tuple[Path, str]]:
    """(path, display) for every tracker given or found in the folders; display is relative to its folder.

    A PATH that is neither a file nor a folder is a typo, not a tracker to report on: it stops the run.
    """
    paths = list(map(Path, paths))
    missing = [path for path in paths if not path.exists()]
    if missing:
        near = [near_miss(path) if path.parent.is_dir() else None for path in missing]
        hint = "; ".join(f"did you mean {shown(n)}?" for n in near if n is not None)
        raise WorkbookNotFound(f"{', '.join(map(str, missing))}: no such file or folder; "
                               + (hint or "check the " + ("path" if len(missing) == 1 else "paths")))
    output_key = _same_file_key(output) if output else None
    found: list[tuple[Path, str]] = []
    seen: set = set()

    def add(path: Path, display: str) -> None:
        key = _same_file_key(path)
        if key not in seen and key != output_key:
            seen.add(key)
            found.append((path, display))

    for given in paths:
        if not given.is_dir():
            add(given, str(given))  # an odd file becomes a row that says why
            continue
        for folder, folders, files in os.walk(given):
            folders[:] = sorted(d for d in folders if not d.startswith("."))
            for name in sorted(files):
                if Path(name).suffix.lower() in WORKBOOK_SUFFIXES and not is_lock_name(name):
                    path = Path(folder) / name
                    add(path, path.relative_to(given).as_posix())
    return found


def _same_file_key(path: Path):
    try:
        return Path(path).resolve()
    except OSError:
        return Path(path).absolute()


# ------------------------------------------------------------------ one tracker
def summarise_tracker(path: Path, display: str, today: dt.date, since: dt.date) -> TrackerSummary | None:
    """Review one tracker without writing to it; None for a caseload workbook of ours found in a folder."""
    try:
        context, report = review(path, today, overview=False)
    except TrackerError as error:
        if is_caseload(path):
            return None
        return TrackerSummary(display, Path(path).stem, error=str(error))
    except Exception as error:  # noqa: BLE001 - one tracker's surprise must not stop a caseload of hundreds
        # The exception's text is left out: it could quote a cell, and this row reaches the counselor.
        return TrackerSummary(display, Path(path).stem, error=(
            f"unexpected problem ({type(error).__name__}); run `tracker check {path} --no-write --debug` and report it"))
    notes = []
    try:
        refuse_if_open(path)
    except WorkbookLocked:
        notes.append("open in Excel or LibreOffice right now, so these figures are as last saved")
    landed = context.setting("Landed Job On")
    if landed is not None and landed > today:
        # A start date typed ahead of time, or a typo: the job is not landed until that day comes.
        notes.append(f"Landed Job On is {landed}, after today, so no job is counted as landed yet")
        landed = None
    by_rule = Counter(finding.rule for finding in report.findings)
    interviews = context.interviews
    held = [d for d in interviews.loc[interviews["held"], "Date"] if d <= today]
    thanked = [d for d in interviews["Thank-You Sent"].dropna() if d <= today]
    last = max(context.last_touch.values(), default=None)
    weeks = week_starts(today)
    return TrackerSummary(
        path=display,
        seeker=context.setting("Your Name") or Path(path).stem,
        note="; ".join(notes) or None,
        counts=report.counts(),
        thank_yous_overdue=by_rule["thank-you-overdue"],
        my_promises_overdue=by_rule["my-promise-overdue"],
        follow_ups_due=by_rule["follow-up-due"],
        interviews_held=sum(1 for d in held if d >= since),
        thank_yous_sent=sum(1 for d in thanked if d >= since),
        upcoming_interviews=int(interviews["upcoming"].sum()),
        open_leads=_leads_to_contact(context),
        last_activity=last,
        days_since_activity=(today - last).days if last else None,
        landed_job=landed,
        findings=tuple(report.findings),
        held_per_week=_per_week(held, weeks),
        thanked_per_week=_per_week(thanked, weeks),
    )


def _leads_to_contact(context) -> int:
    """Leads whose Status is blank or To contact (an unreadable Status is a data finding, not a lead to count)."""
    leads = context.sheet("Leads")
    still_open = leads.frame["Status"].isna() | (leads.frame["Status"] == "To contact")
    return int((still_open & ~leads.bad["Status"]).sum()) if len(leads.frame) else 0


def _per_week(dates: list[dt.date], weeks: list[dt.date]) -> tuple[int, ...]:
    counts = [0] * len(weeks)
    for date in dates:
        index = (date - weeks[0]).days // 7
        if 0 <= index < len(weeks):
            counts[index] += 1
    return tuple(counts)


# ------------------------------------------------------------------ the caseload
def available_cores() -> int:
    """The cores this process may run on (a container or taskset may allow fewer than the machine has)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # macOS and Windows have no affinity call
        return os.cpu_count() or 1


def summarise(trackers: list[tuple[Path, str]], today: dt.date, since: dt.date, workers: int | None = None,
              progress: Callable[[int], None] | None = None) -> Caseload:
    """Summarise every tracker (from `find_trackers`), in parallel when there is more than one."""
    caseload = Caseload(today, since)
    workers = max(1, min(workers or available_cores(), len(trackers)))
    jobs = [(path, display, today, since) for path, display in trackers]
    if workers == 1:
        results = (summarise_tracker(*job) for job in jobs)
        _collect(caseload, trackers, results, progress)
        return caseload
    # Small chunks keep both the progress bar and the cores busy to the end.
    chunk = max(1, len(jobs) // (workers * 8))
    with ProcessPoolExecutor(max_workers=workers) as pool:
        results = pool.map(summarise_tracker, *zip(*jobs), chunksize=chunk)
        _collect(caseload, trackers, results, progress)
    return caseload


def _collect(caseload: Caseload, trackers, results, progress) -> None:
    for (_path, display), summary in zip(trackers, results):
        if summary is None:
            caseload.skipped.append(display)
        else:
            caseload.trackers.append(summary)
        if progress:
            progress(1)


# ------------------------------------------------------------------ text and JSON
def render_json(caseload: Caseload) -> str:
    return json_text(caseload.as_json(), indent=2)


def describe(summary: TrackerSummary, since: dt.date) -> str:
    """One line about one seeker: what is slipping first, then activity."""
    if summary.error:
        return f"{summary.seeker} ({summary.path}): cannot be read: {summary.error}"
    parts = [_count(summary.thank_yous_overdue, "thank-you overdue", "thank-yous overdue"),
             _count(summary.my_promises_overdue, "promise overdue", "promises overdue"),
             _count(summary.follow_ups_due, "follow-up due", "follow-ups due")]
    slipping = ", ".join(p for p in parts if p) or "nothing overdue"
    counts = summary.counts
    findings = ", ".join(f"{counts[s]} {s if s == 'info' or counts[s] == 1 else s + 's'}" for s in SEVERITIES)
    if summary.last_activity:
        quiet = f"last activity {summary.last_activity} ({_ago(summary.days_since_activity)})"
    else:
        quiet = "no activity yet"
    line = (f"{summary.seeker} ({summary.path}): {slipping}; {findings}; "
            f"since {since}: {_count(summary.interviews_held, 'interview held', 'interviews held') or 'no interviews held'}, "
            f"{_count(summary.thank_yous_sent, 'thank-you sent', 'thank-yous sent') or 'no thank-yous sent'}; "
            f"{summary.upcoming_interviews} upcoming; {quiet}")
    if summary.landed_job:
        line += f"; landed a job on {summary.landed_job}"
    if summary.note:
        line += f" (note: {summary.note})"
    return line


def render_text(caseload: Caseload, colour: bool = False) -> str:
    """One line per seeker, most urgent first, then a total."""
    styles = {"thank-you overdue": {"fg": "red", "bold": True}, "quiet": {"fg": "yellow"}, "unreadable": {"dim": True}}
    lines = [f"Caseload as of {caseload.today} (activity since {caseload.since})", ""]
    for summary in caseload.by_urgency():
        line = one_line(describe(summary, caseload.since))  # a seeker's name is theirs to write: no control reaches the terminal
        if colour and summary.attention:
            import click

            line = click.style(line, **styles[summary.attention])
        lines.append(line)
    lines.extend(one_line(f"Skipped {name}: a caseload workbook, not a tracker") for name in caseload.skipped)
    unreadable = len(caseload.unreadable)
    lines.append("")
    lines.append(f"{_count(len(caseload.trackers), 'tracker', 'trackers')}"
                 + (f", {unreadable} could not be read." if unreadable else ", all read."))
    return "\n".join(lines)


def _count(n: int, one: str, many: str) -> str:
    return "" if not n else f"1 {one}" if n == 1 else f"{n} {many}"


def _ago(days: int) -> str:
    return "today" if days == 0 else "1 day ago" if days == 1 else f"{days} days ago"
