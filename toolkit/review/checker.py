"""`check(path, today)`: read a tracker, apply every rule, return a Report."""

from __future__ import annotations

import datetime as dt
import gc
from pathlib import Path

from toolkit.review.findings import ContactOverview, Report
from toolkit.review.learning import what_you_are_learning
from toolkit.review.model import Tracker, name_keys, shifted
from toolkit.review.reader import read_tracker
from toolkit.review.rules import rule_functions

# What is imported by now (pandas and numpy: a few hundred thousand objects) lives as long as the process.
# Frozen, the cyclic garbage collector no longer walks all of it in every full collection while a tracker
# is read and checked: a tenth of check's CPU time on 20,000 interviews. Only these objects are exempt.
gc.freeze()


def check(path: Path, today: dt.date) -> Report:
    """Check the tracker at `path` as of `today`; data problems are findings, not exceptions."""
    return review(path, today)[1]


def review(path: Path, today: dt.date, overview: bool = True) -> tuple[Tracker, Report]:
    """The tracker as the rules see it (for drafts and reminders), and its report.

    Without `overview`, the report has no contact overview and no Learning (the Status sheet's, which a
    caseload summary does not show): a sixth of what reviewing a tracker of a hundred rows costs.
    """
    data = read_tracker(Path(path))
    tracker = Tracker(data, today)
    report = Report(workbook=Path(path).name, today=today, notes=list(data.notes), seeker=data.settings.get("Your Name"))
    report.findings.extend(data.findings)
    for function in rule_functions():
        report.findings.extend(function(tracker))
    if overview:
        report.contacts = contact_overview(tracker)
        report.learning = what_you_are_learning(tracker)
    return tracker, report.sorted()


def follow_up_day(due: dt.date, snooze: dt.date | None) -> dt.date:
    """The day a follow-up is next due: its due date, or the day after Snooze Until when that is later."""
    return max(due, shifted(snooze, 1)) if snooze is not None else due


def next_follow_ups(ctx: Tracker) -> dict[str, dt.date]:
    """Per contact key: the next follow-up day as `tracker remind` schedules it (snooze honoured)."""
    return {contact["key"]: follow_up_day(due, contact["Snooze Until"]) for contact, _last, due in ctx.follow_up_schedule}


def contact_overview(ctx: Tracker) -> list[ContactOverview]:
    """Each contact's touches, next follow-up, follow-ups this year, open promises and thank-you timing."""
    follow_up_counts = ctx.follow_ups_last_year
    promises = ctx.sheet("Promises").frame
    open_promises = promises[promises["Done On"].isna()].copy()
    open_promises["key"] = name_keys(open_promises["Contact"])
    mine = open_promises[open_promises["Direction"] == "I offered"].groupby("key").size().to_dict()
    theirs = open_promises[open_promises["Direction"] == "They offered"].groupby("key").size().to_dict()
    window = ctx.thank_you_window
    scheduled = next_follow_ups(ctx)
    iv = ctx.interviews
    held_by_contact: dict[str, list[tuple]] = {}
    for key, date, sent, is_held in zip(iv["key"].tolist(), iv["Date"].tolist(), iv["Thank-You Sent"].tolist(), iv["held"].tolist()):
        if is_held:
            held_by_contact.setdefault(key, []).append((date, sent))
    overview = []
    for contact in ctx.contact_records:
        key = contact["key"]
        mine_held = held_by_contact.get(key, [])
        if not mine_held:
            thank_you = ""
        elif any(sent is None for _, sent in mine_held):
            thank_you = "not sent"
        elif all(sent <= shifted(date, window) for date, sent in mine_held):
            thank_you = "on time"
        else:
            thank_you = "late"
        overview.append(ContactOverview(
            name=contact["Name"],
            row=int(contact["_row"]),
            relationship=contact["Relationship"],
            last_touch=ctx.last_touch.get(key),
            next_follow_up=scheduled.get(key),
            follow_ups_last_year=int(follow_up_counts.get(key, 0)),
            my_open_promises=int(mine.get(key, 0)),
            their_open_offers=int(theirs.get(key, 0)),
            thank_you=thank_you,
        ))
    return overview
