"""Findings are plain values: what is wrong, about whom, and where; a Report gathers them.

The value types of a review live here, below everything that makes them: the
rules yield Findings, `checker.py` fills a Learning and puts them in
a Report, and the views (text, JSON, the Status sheet) only read them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field

from toolkit.workbook.schema import SETTINGS, load_template

SEVERITIES = ("error", "warning", "info")
SEVERITY_RANK = {name: rank for rank, name in enumerate(SEVERITIES)}
INTEREST_CHOICES = ("Yes", "Maybe", "No")  # the Still Interested choices a Learning tallies


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: str
    contact: str | None
    sheet: str
    row: int | None
    cell: str | None
    message: str
    due: dt.date | None = None
    days_overdue: int | None = None

    def as_json(self) -> dict:
        data = asdict(self)
        data["due"] = self.due.isoformat() if self.due else None
        return data

    @property
    def location(self) -> str:
        return f"{self.sheet}!{self.cell}" if self.cell else self.sheet


SHEET_ORDER = {name: place for place, name in enumerate((*load_template().data_sheets, SETTINGS))}


def sort_key(finding: Finding):
    """Severity, then days overdue (most first, none last), then sheet and row."""
    overdue = finding.days_overdue
    sheet = SHEET_ORDER.get(finding.sheet, len(SHEET_ORDER))
    return (
        SEVERITY_RANK[finding.severity],
        overdue is None,
        -(overdue or 0),
        sheet,
        finding.sheet,
        finding.row or 0,
        finding.rule,
    )


@dataclass
class ContactOverview:
    """One contact's line in the Status sheet's overview."""

    name: str
    row: int
    relationship: str | None
    last_touch: dt.date | None
    next_follow_up: dt.date | None
    follow_ups_last_year: int
    my_open_promises: int
    their_open_offers: int
    thank_you: str  # "on time", "late", "not sent", or "" when there is no held interview


@dataclass(frozen=True)
class QuestionLine:
    """One Questions row, for a list on the Status sheet."""

    row: int
    cell: str  # the Question cell for an open question, the Answer cell for a surprise
    contact: str  # as written, or "not sure who to ask yet" for a blank Contact
    question: str
    answer: str | None


@dataclass
class IndustryInterest:
    """Held conversations with people in one Industry, and how often the seeker came out still interested."""

    industry: str
    held: int = 0
    interest: dict[str, int] = field(default_factory=lambda: dict.fromkeys(INTEREST_CHOICES, 0))
    not_noted: int = 0  # held conversations with Still Interested blank (or unreadable)


@dataclass
class Learning:
    """What the seeker is learning (see checker.py): open questions, surprises, interest by industry."""

    open_questions: list[QuestionLine] = field(default_factory=list)
    surprises: list[QuestionLine] = field(default_factory=list)
    by_industry: list[IndustryInterest] = field(default_factory=list)


@dataclass
class Report:
    workbook: str
    today: dt.date
    findings: list[Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    contacts: list[ContactOverview] = field(default_factory=list)
    learning: Learning | None = None  # open questions, surprises, interest by industry (toolkit/review/checker.py)
    seeker: str | None = None  # Your Name on Settings, for the Status sheet a counselor reads

    def counts(self) -> dict[str, int]:
        counts = {severity: 0 for severity in SEVERITIES}
        for finding in self.findings:
            counts[finding.severity] += 1
        return counts

    def sorted(self) -> "Report":
        self.findings.sort(key=sort_key)
        return self

    def reaches(self, level: str) -> bool:
        """True when any finding is at least as severe as `level` ('never' never is)."""
        if level == "never":
            return False
        limit = SEVERITY_RANK[level]
        return any(SEVERITY_RANK[f.severity] <= limit for f in self.findings)

    def as_json(self) -> dict:
        return {
            "workbook": self.workbook,
            "today": self.today.isoformat(),
            "counts": self.counts(),
            "findings": [f.as_json() for f in self.findings],
        }
