"""Views of a Report: text for people, JSON for machines."""

from __future__ import annotations

import json

from toolkit.findings import SEVERITY_RANK, Finding, Report
from toolkit.registry import action_for

COLOURS = {"error": "red", "warning": "yellow", "info": "cyan"}


def render_json(report: Report) -> str:
    return json.dumps(report.as_json(), ensure_ascii=False, indent=2)


def render_text(report: Report, colour: bool = False) -> str:
    """Findings grouped by what to do, most urgent group first, then notes and a summary line."""

    def paint(text: str, severity: str) -> str:
        if not colour:
            return text
        import click

        return click.style(text, fg=COLOURS[severity], bold=severity == "error")

    groups: dict[str, list[Finding]] = {}
    for finding in report.findings:  # already in urgency order
        groups.setdefault(action_for(finding.rule), []).append(finding)
    lines = [f"{report.workbook} as of {report.today.isoformat()}"]
    for title, findings in sorted(groups.items(), key=lambda item: report.findings.index(item[1][0])):
        lines.append("")
        lines.append(f"{title} ({len(findings)})")
        for finding in findings:
            label = paint(f"{finding.severity.upper():7}", finding.severity)
            lines.append(f"  {label} {finding.message}  [{finding.location}]")
    if report.notes:
        lines.append("")
        lines.extend(f"Note: {note}" for note in report.notes)
    counts = report.counts()
    lines.append("")
    if report.findings:
        summary = ", ".join(f"{counts[s]} {s if s == 'info' or counts[s] == 1 else s + 's'}" for s in sorted(counts, key=SEVERITY_RANK.get))
        lines.append(f"{len(report.findings)} findings: {summary}.")
    else:
        lines.append("Nothing is slipping. Well done.")
    return "\n".join(lines)
