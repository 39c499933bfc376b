"""Every rule the tracker knows, declared once: its id, severity, action, explanation and cell.

The rules (`rules.py`) register their functions here; the data findings the
reader makes are declared here too. This module imports no rule: `rules.py`
imports it, and says which rules there are (`rules.all_rules()`); the views
ask `rules.action_for`, so the rules are registered before they are looked
up. The text report groups by `action`, the Status sheet explains each
finding with `explanation`, the rule table of docs/workbook.md reads the
same entries, and a finding's cell comes from `sheet` and `column`, so a
rule cannot point somewhere its declaration does not say.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

# The headings of the text report and the Status sheet, in the order a seeker should act.
ACTIONS = (
    "Send thank-you notes",
    "Keep your promises",
    "Get back in touch",
    "Report back",
    "Remind them gently",
    "Reach out to leads",
    "Share your news",
    "Update your tracker",
    "Give them some room",
    "Add contact details",
    "Prepare",
    "Connect on LinkedIn",
    "Fix the data",
)
DATA_ACTION = "Fix the data"


@dataclass(frozen=True)
class RuleInfo:
    """What a rule is, for every view of its findings."""

    id: str
    severity: str  # the usual severity; follow-up-due rises to error past twice the interval
    action: str  # one of ACTIONS
    explanation: str  # one line a counselor understands without the CLI
    sheet: str | None  # where its findings point; None: any sheet (data findings)
    column: str | None  # the header of the cell its findings point at; None: the bad cell itself
    flags: str = ""  # exactly what it flags, for docs/workbook.md (blank for data findings)
    due: str = ""  # how its due day is found ("none" when it has none)


RULE_INFO: dict[str, RuleInfo] = {}
RULES: dict[str, Callable] = {}  # rule id -> the function that yields its findings


def declare(*infos: RuleInfo) -> None:
    """Declare rule ids; an id declared twice is a programming error."""
    for info in infos:
        if info.id in RULE_INFO:
            raise ValueError(f"rule {info.id!r} is declared twice")
        if info.action not in ACTIONS:
            raise ValueError(f"rule {info.id!r}: unknown action {info.action!r}")
        RULE_INFO[info.id] = info


def rule(*infos: RuleInfo):
    """Register a rule function under the rules it yields."""

    def register(function: Callable[..., Iterator]) -> Callable[..., Iterator]:
        declare(*infos)
        for info in infos:
            RULES[info.id] = function
        return function

    return register


def checks(*rule_ids: str):
    """Register a function that yields findings of rules declared already (the data findings)."""

    def register(function: Callable[..., Iterator]) -> Callable[..., Iterator]:
        for rule_id in rule_ids:
            info(rule_id)  # KeyError for an undeclared id
            RULES[rule_id] = function
        return function

    return register


def info(rule_id: str) -> RuleInfo:
    return RULE_INFO[rule_id]


def action_for(rule_id: str) -> str:
    """The heading a finding is listed under."""
    found = RULE_INFO.get(rule_id)
    return found.action if found else DATA_ACTION


def _data(rule_id: str, explanation: str) -> RuleInfo:
    return RuleInfo(rule_id, "error", DATA_ACTION, explanation, None, None)


declare(
    _data("data-bad-date", "A date column holds something that is not a date (type it as YYYY-MM-DD)."),
    _data("data-bad-number", "A number column holds something that is not a whole number in the allowed range."),
    _data("data-bad-choice", "A value that is not one of the dropdown's choices."),
    _data("data-missing-value", "A required value is blank in a row that has other values."),
    _data("data-error-value", "A cell the rules read holds an error value (#N/A, #NAME?, #VALUE!) instead of data."),
    _data("data-unknown-contact", "A name on another sheet that is not in Contacts (a typo, or a missing contact)."),
    _data("data-duplicate-contact", "The same person appears twice in Contacts; the first row counts."),
)
