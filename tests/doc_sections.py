"""The parts of docs/ that are generated from the code: `--help`, the rule registry and the template.

Each is written between `<!-- NAME:start -->` and `<!-- NAME:end -->` markers;
`make golden` rewrites them and tests/test_docs.py fails when they drift.
"""

from __future__ import annotations

import re

import click
from click.testing import CliRunner

from toolkit.review.rules import all_rules
from toolkit.workbook.schema import Column, load_template

GENERATED = re.compile(r"<!-- ([\w-]+):start -->\n.*?<!-- \1:end -->", re.S)
HELP_WIDTH = 80  # what click wraps --help to on a terminal of 80 columns, the common default


def help_text(group: click.Group, name: str) -> str:
    """`tracker NAME --help` (or `tracker --help` for "tracker") as printed, in a fenced block."""
    args = ["--help"] if name == "tracker" else [name, "--help"]
    result = CliRunner().invoke(group, args, prog_name="tracker", terminal_width=HELP_WIDTH, max_content_width=HELP_WIDTH)
    assert result.exit_code == 0, result.output
    return "```text\n$ tracker " + " ".join(args) + "\n" + result.output.rstrip("\n") + "\n```\n"


def rule_table() -> str:
    """One row per declared rule: id, severity, heading, meaning and the cell its findings point at."""
    lines = ["| rule | severity | listed under | what it means | points at |", "|---|---|---|---|---|"]
    for rule in all_rules():
        where = f"{rule.sheet} · {rule.column}" if rule.sheet else "the cell with the problem"
        lines.append(f"| `{rule.id}` | {rule.severity} | {rule.action} | {rule.explanation} | {where} |")
    return "\n".join(lines) + "\n"


def condition_table() -> str:
    """One row per rule (data findings aside): exactly what it flags, and its due day, as declared beside its code."""
    lines = ["| rule | flags | due |", "|---|---|---|"]
    for rule in all_rules():
        if rule.flags:
            lines.append(f"| `{rule.id}` | {rule.flags} | {rule.due} |")
    return "\n".join(lines) + "\n"


def _kind(column: Column, choices: dict[str, tuple[str, ...]]) -> str:
    if column.type == "choice":
        return "one of: " + ", ".join(choices[column.choices])
    if column.type == "yesno":
        return "Yes or No"
    if column.type == "whole":
        return f"a whole number from {column.min} to {column.max}"
    if column.type == "contact":
        return "a name in Contacts"
    if column.type == "computed":
        return "worked out by a formula (never read)"
    return {"date": "a date", "time": "a time", "email": "an email address", "url": "a web address"}.get(column.type, "text")


def sheet_tables() -> str:
    """Per sheet of the template: what it is for, and each column with what it holds; then the settings."""
    template = load_template()
    out = []
    for sheet in template.sheets:
        need = "Required by `tracker check`." if sheet.required else "Optional: a missing sheet counts as empty."
        out.append(f"### {sheet.name}\n\n{sheet.about} {need}\n\n")
        out.append("| column | holds | required | hint |\n|---|---|---|---|\n")
        for column in sheet.columns:
            marks = ["yes" if column.required else ""]
            if column.unique:
                marks.append("unique")
            if column.private:
                marks.append("private")
            out.append(f"| {column.header} | {_kind(column, template.choices)} | {', '.join(m for m in marks if m)} | "
                       f"{column.hint.replace('|', '/')} |\n")
        out.append("\n")
    out.append("### Settings\n\nTwo columns, Setting and Value. A missing row or a blank value takes the default; "
               "a value out of range is a finding on its cell, and the default is used.\n\n")
    out.append("| setting | default | range | hint |\n|---|---|---|---|\n")
    for setting in template.settings:
        default = "blank" if setting.default is None else str(setting.default)
        limits = f"{setting.min} to {setting.max}" if setting.min is not None else ""
        out.append(f"| {setting.setting} | {default} | {limits} | {setting.hint.replace('|', '/')} |\n")
    return "".join(out)
