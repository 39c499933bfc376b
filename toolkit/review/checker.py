"""`check(path, today)`: read a tracker, apply every rule, return a Report.

Beside the findings a Report holds what the Status sheet shows: every
contact's overview, and what the seeker is learning. The career advice asks
the seeker to compare the questions they prepared with the answers they got,
to keep a list of questions still open (even before they know whom to ask),
and to ask themselves after each conversation whether they are still
interested; `what_you_are_learning` gathers that from Questions, Interviews
and Contacts.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from toolkit.review.findings import INTEREST_CHOICES, ContactOverview, IndustryInterest, Learning, QuestionLine, Report
from toolkit.review.model import Tracker, name_keys, records, shifted
from toolkit.review.reader import read_tracker
from toolkit.review.rules import rule_functions

def check(path: Path, today: dt.date) -> Report:
    """Check the tracker at `path` as of `today`; data problems are findings, not exceptions."""
    return review(path, today)[1]


def review(path: Path, today: dt.date, overview: bool = True) -> tuple[Tracker, Report]:
    """The tracker as the rules see it (for drafts and reminders), and its report.

    Without `overview`, the report has no contact overview and no Learning: only the Status sheet shows them,
    so a caseload summary, `check --no-write`, `draft` and `remind` leave out a sixth of a small tracker's review.
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


NOT_SURE_WHO = "not sure who to ask yet"
NO_INDUSTRY = "(no industry)"


def what_you_are_learning(t: Tracker) -> Learning:
    """Unanswered questions, answers marked Surprised, and per Industry the held conversations and Still Interested tallies."""
    learning = Learning()
    questions = t.sheet("Questions")
    for row in records(questions.frame):
        if row["Question"] is None:
            continue  # a data-missing-value finding already points at it
        number = int(row["_row"])
        who = row["Contact"] or NOT_SURE_WHO
        if row["Answer"] is None:
            learning.open_questions.append(QuestionLine(number, questions.cell("Question", number), who, row["Question"], None))
        elif row["Surprised?"] == "Yes":
            learning.surprises.append(QuestionLine(number, questions.cell("Answer", number), who, row["Question"], row["Answer"]))
    # Per held interview with a contact: the contact's Industry ("Health tech" and "health  tech" are one field).
    label_of = dict(zip(t.contacts["key"], t.contacts["Industry"].map(lambda v: " ".join(str(v or "").split()) or NO_INDUSTRY)))
    iv = t.interviews
    held = iv.loc[iv["held"] & iv["key"].isin(label_of.keys()), ["key", "Still Interested"]]
    labels = held["key"].map(label_of).astype(object)  # object even when no interview is held, for .str
    frame = pd.DataFrame({"fold": labels.str.casefold(), "label": labels, "answer": held["Still Interested"]})
    for _fold, group in frame.groupby("fold", sort=False):
        tally = IndustryInterest(group["label"].iloc[0], len(group))
        answers = group["answer"].value_counts()
        for choice in INTEREST_CHOICES:
            tally.interest[choice] = int(answers.get(choice, 0))
        tally.not_noted = tally.held - sum(tally.interest.values())  # blank or unreadable Still Interested
        learning.by_industry.append(tally)
    learning.by_industry.sort(key=lambda i: (i.industry == NO_INDUSTRY, -i.held, i.industry.casefold()))
    return learning
