"""Trackers for the capture tests (`tracker log`, `tracker import`), in the three shapes people have.

"tables": made by `tracker new` (Excel Tables); "plain": plain ranges written
by openpyxl; "libreoffice": the Tables tracker opened and saved by LibreOffice.
"""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

from builders import TODAY, contact, day, write_tracker
from click.testing import CliRunner
from office import libreoffice_convert

from toolkit.cli import cli
from toolkit.review.new_tracker import create_tracker

KINDS = ("tables", "plain")


def people_rows() -> dict[str, list[dict]]:
    """Ann owes a thank-you (interview 3 days ago); Bo's follow-up is overdue; Cy is snoozed."""
    return {
        "Contacts": [
            contact("Ann Lee", Relationship="Met", LinkedIn="https://www.linkedin.com/in/ann-lee/"),
            contact("Bo Chen", Relationship="Keeping in touch", Phone="555-0102"),
            contact("Cy Diaz", Relationship="Met", **{"Snooze Until": day(200)}),
        ],
        "Interviews": [
            {"Contact": "Ann Lee", "Date": day(-300), "Outcome": "Held", "Thank-You Sent": day(-300), "Thank-You Medium": "Email"},
            {"Contact": "Ann Lee", "Date": day(-3), "Outcome": "Held"},
            {"Contact": "Bo Chen", "Date": day(-200), "Outcome": "Held", "Thank-You Sent": day(-199)},
            {"Contact": "Cy Diaz", "Date": day(-200), "Outcome": "Held", "Thank-You Sent": day(-199)},
        ],
        "Follow-Ups": [{"Contact": "Bo Chen", "Date": day(-190), "Type": "Catch-up", "Channel": "Phone"}],
    }


def make_tracker(kind: str, path: Path, rows: dict | None = None) -> Path:
    """A tracker of one kind at `path` holding `rows` (people_rows() by default)."""
    rows = people_rows() if rows is None else rows
    if kind == "plain":
        return write_tracker(path, rows)
    return create_tracker(path, rows)


def resaved_by_libreoffice(folder: Path, sources: list[Path]) -> list[Path]:
    """Each source opened and saved again by LibreOffice (one batch), as files in `folder`."""
    return libreoffice_convert(sources, folder / "out", folder / "profile", recalc=False)


def copy_to(source: Path, path: Path) -> Path:
    shutil.copyfile(source, path)
    return path


def run(*args: str):
    """Run the tracker CLI on the fixed test date."""
    return CliRunner().invoke(cli, [*args, "--today", TODAY.isoformat()])


def parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def changed_parts(before: dict[str, bytes], path: Path) -> set[str]:
    """Names of the parts that differ (or were added or removed) between `before` and the file now."""
    after = parts(path)
    return {name for name in before.keys() | after.keys() if before.get(name) != after.get(name)}


def sheet_parts(path: Path, sheet: str) -> set[str]:
    """The worksheet part of `sheet` and its Table parts, as package names."""
    from toolkit.xlsx import Package, Workbook

    package = Package(path)
    entry = Workbook(package).sheet(sheet)
    return {entry.part, *(package.name_of(r.target) for r in package.related(entry.part, "table"))}
