"""Findings are plain values: what is wrong, about whom, and where."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from toolkit.review.learning import Learning

from toolkit.workbook.schema import SETTINGS, load_template

SEVERITIES = ("error", "warning", "info")
SEVERITY_RANK = {name: rank for rank, name in enumerate(SEVERITIES)}


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


def sort_key(finding: Finding):
    """Severity, then days overdue (most first, none last), then sheet and row."""
    overdue = finding.days_overdue
    sheet_order = (*load_template().data_sheets, SETTINGS)
    sheet = sheet_order.index(finding.sheet) if finding.sheet in sheet_order else len(sheet_order)
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


@dataclass
class Report:
    workbook: str
    today: dt.date
    findings: list[Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    contacts: list[ContactOverview] = field(default_factory=list)
    learning: Learning | None = None  # open questions, surprises, interest by industry (toolkit/review/learning.py)
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
