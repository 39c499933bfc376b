"""What the seeker is learning: open questions, surprising answers, and interest by industry.

The career advice asks the seeker to compare the questions they prepared with
the answers they got, to keep a list of questions still open (even before
they know whom to ask), and to ask themselves after each conversation
whether they are still interested. `what_you_are_learning(tracker)` gathers
that from the Questions, Interviews and Contacts sheets for the Status sheet.
"""

from __future__ import annotations

import pandas as pd

from toolkit.review.findings import INTEREST_CHOICES, IndustryInterest, Learning, QuestionLine
from toolkit.review.model import Tracker, records

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
