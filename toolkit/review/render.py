"""Views of a Report: text for people, JSON for machines."""

from __future__ import annotations

from toolkit.review.findings import SEVERITY_RANK, Finding, Report
from toolkit.review.rules import action_for  # through rules.py, so every rule is registered before it is looked up
from toolkit.safe_text import counted, json_text, one_line

COLOURS = {"error": "red", "warning": "yellow", "info": "cyan"}


def render_json(report: Report) -> str:
    return json_text(report.as_json(), indent=2)


def render_text(report: Report, colour: bool = False) -> str:
    """Findings grouped by what to do, most urgent group first, then notes and a summary line.

    Text from the workbook is shown on one line with its control characters made visible: a
    cell can neither break the report's layout nor send escape sequences to the terminal.
    """

    def paint(text: str, severity: str) -> str:
        if not colour:
            return text
        import click

        return click.style(text, fg=COLOURS[severity], bold=severity == "error")

    groups: dict[str, list[Finding]] = {}
    for finding in report.findings:  # already in urgency order
        groups.setdefault(action_for(finding.rule), []).append(finding)
    lines = [f"{one_line(report.workbook)} as of {report.today.isoformat()}"]
    for title, findings in groups.items():  # a group comes where its first finding does, most urgent first
        lines.append("")
        lines.append(f"{title} ({len(findings)})")
        for finding in findings:
            label = paint(f"{finding.severity.upper():7}", finding.severity)
            lines.append(f"  {label} {one_line(finding.message)}  [{one_line(finding.location)}]")
    if report.notes:
        lines.append("")
        lines.extend(f"Note: {one_line(note)}" for note in report.notes)
    counts = report.counts()
    lines.append("")
    if report.findings:
        summary = ", ".join(f"{counts[s]} {s if s == 'info' or counts[s] == 1 else s + 's'}" for s in sorted(counts, key=SEVERITY_RANK.get))
        lines.append(f"{counted(len(report.findings), 'finding')}: {summary}.")
    else:
        lines.append("Nothing is slipping. Well done.")
    return "\n".join(lines)
