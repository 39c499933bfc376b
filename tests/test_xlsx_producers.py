"""The Status writer works on packages written by other programs, in every form the standard allows."""

import os
import re
import subprocess
import sys
import zipfile

import openpyxl
import pytest
from builders import TODAY
from office import gnumeric_convert, libreoffice_convert

from toolkit.review.checker import check
from toolkit.review.status_sheet import write_status
from toolkit.xlsx.trees import STRICT, TRANSITIONAL

BOOKKEEPING = {"xl/workbook.xml", "xl/_rels/workbook.xml.rels", "[Content_Types].xml", "xl/styles.xml", "docProps/app.xml"}
XML_PARTS = re.compile(r"\.(xml|rels|vml)$")


def parts(path):
    with zipfile.ZipFile(path) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def rewrite(path, change):
    """Rewrite every part of a package through change(name, bytes) -> bytes, keeping entry order."""
    with zipfile.ZipFile(path) as archive:
        entries = [(info, archive.read(info)) for info in archive.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in entries:
            archive.writestr(info, change(info.filename, data))
    return path


def write_and_compare(path, report):
    """Write Status into `path`; assert only the bookkeeping parts changed and that Status was added."""
    before = parts(path)
    write_status(path, report)
    after = parts(path)
    assert list(after)[:len(before)] == list(before), "zip entries were reordered or renamed"
    changed = {name for name in before if before[name] != after[name]}
    assert changed <= BOOKKEEPING, f"rewrote {changed - BOOKKEEPING}"
    added = set(after) - set(before)
    assert any(name.startswith("xl/worksheets/sheet") for name in added) and any("tables/table" in n for n in added)
    return before, after


def status_values(path):
    book = openpyxl.load_workbook(path)
    assert book.sheetnames[-1] == "Status"
    return [c.value for c in book["Status"]["A"] if c.value]


@pytest.fixture
def tracker(tracker_copy):
    return tracker_copy


@pytest.fixture(scope="module")
def report(sample_tracker):
    return check(sample_tracker, TODAY)


@pytest.mark.parametrize("lxml", ["True", "False"])
def test_file_saved_by_openpyxl(tracker, report, lxml):
    """openpyxl with lxml (xmlns:r on every <sheet>) and without lxml: the writer adds Status, keeping every other part."""
    script = "import openpyxl, sys; b = openpyxl.load_workbook(sys.argv[1]); b.save(sys.argv[1])"
    subprocess.run([sys.executable, "-c", script, str(tracker)], check=True, env={**os.environ, "OPENPYXL_LXML": lxml})
    declared_on_sheets = b"<sheet xmlns:r=" in parts(tracker)["xl/workbook.xml"]
    assert declared_on_sheets == (lxml == "True")
    write_and_compare(tracker, report)
    assert "Tracker status" in status_values(tracker)
    write_status(tracker, check(tracker, TODAY))  # a second run replaces its own sheet
    assert openpyxl.load_workbook(tracker).sheetnames.count("Status") == 1


def _prefixed(name, data):
    """Put the main namespace behind an `x:` prefix on every element of workbook, sheets and styles."""
    if name not in ("xl/workbook.xml", "xl/styles.xml") and not name.startswith("xl/worksheets/sheet"):
        return data
    xml = data.decode("utf-8").replace(f'xmlns="{TRANSITIONAL.main}"', f'xmlns:x="{TRANSITIONAL.main}"')
    xml = re.sub(r"<(/?)([A-Za-z_][\w.-]*)(?=[\s/>])", r"<\1x:\2", xml)
    return xml.encode("utf-8")


def test_prefixed_namespaces(tracker, report):
    """Workbook, sheets and styles whose every element carries an x: prefix: Status is written, styles added."""
    rewrite(tracker, _prefixed)
    assert b"<x:fonts" in parts(tracker)["xl/styles.xml"]
    _, after = write_and_compare(tracker, report)
    assert b"<x:sheet " in after["xl/workbook.xml"] and b"<x:definedName name=\"TrackerStatusSheet\"" in after["xl/workbook.xml"]
    assert after["xl/styles.xml"].count(b"<font>") == 0 and b"<x:font><x:b/><x:sz val=\"16\"/>" in after["xl/styles.xml"]
    assert "Tracker status" in status_values(tracker)


def _absolute(name, data):
    """Relationship targets written as absolute part names, as some producers do."""
    if not name.endswith(".rels"):
        return data
    base = name.replace("_rels/", "").removesuffix(".rels").rpartition("/")[0]
    return re.sub(rb'Target="(?!/|https?:)([^"]+)"', lambda m: b'Target="/' + os.path.normpath(
        os.path.join(base, m.group(1).decode())).encode() + b'"', data)


def test_absolute_part_paths(tracker, report):
    """Relationships that name parts absolutely (/xl/worksheets/sheet1.xml) are followed."""
    rewrite(tracker, _absolute)
    assert b'Target="/xl/worksheets/sheet1.xml"' in parts(tracker)["xl/_rels/workbook.xml.rels"]
    write_and_compare(tracker, report)
    assert "Tracker status" in status_values(tracker)


def _between(source, target):
    def change(name, data):
        if not XML_PARTS.search(name) and name != "[Content_Types].xml":
            return data
        for field in ("main", "relationships", "extended_properties", "variant_types"):
            data = data.replace(getattr(source, field).encode(), getattr(target, field).encode())
        return data
    return change


def test_strict_ooxml(tracker, report):
    """A Strict OOXML package gets a Status sheet in the Strict namespaces; read back as Transitional it is complete."""
    rewrite(tracker, _between(TRANSITIONAL, STRICT))
    _, after = write_and_compare(tracker, report)
    added = [data for name, data in after.items() if name.startswith("xl/") and b"StatusFindings" in data or b"Tracker status" in data]
    assert added and all(TRANSITIONAL.main.encode() not in data and STRICT.main.encode() in data for data in added)
    assert all(TRANSITIONAL.relationships.encode() not in data for data in after.values())
    assert b"<vt:lpstr>Status</vt:lpstr>" in after["docProps/app.xml"] and STRICT.variant_types.encode() in after["docProps/app.xml"]
    rewrite(tracker, _between(STRICT, TRANSITIONAL))
    assert "Tracker status" in status_values(tracker)


def test_files_saved_by_libreoffice_and_gnumeric(tmp_path, tracker, report):
    """Trackers re-saved by LibreOffice and by Gnumeric get a Status sheet, every other part kept."""
    from_libreoffice, = libreoffice_convert([tracker], tmp_path / "lo", tmp_path / "profile", recalc=False)
    from_gnumeric = tmp_path / "gnumeric.xlsx"
    gnumeric_convert(tracker, from_gnumeric)
    for path in (from_libreoffice, from_gnumeric):
        write_and_compare(path, report)
        assert "Tracker status" in status_values(path)


@pytest.mark.parametrize("change", [_prefixed, _absolute, _between(TRANSITIONAL, STRICT)], ids=["prefixed", "absolute", "strict"])
def test_tracker_check_end_to_end_on_foreign_forms(tracker, change):
    """`tracker check` reads each form and writes its Status sheet (exit 1: the sample has findings)."""
    from click.testing import CliRunner

    from toolkit.cli import cli

    rewrite(tracker, change)
    result = CliRunner().invoke(cli, ["check", str(tracker), "--today", TODAY.isoformat()])
    assert result.exit_code == 1, result.output
    assert any(b"Tracker status" in data for data in parts(tracker).values())


def test_libreoffice_opens_what_was_written_into_foreign_forms(tmp_path, sample_tracker, report):
    """LibreOffice reads the Status sheet written into prefixed, absolute-path and Strict packages (one conversion)."""
    written = []
    for name, change in (("prefixed", _prefixed), ("absolute", _absolute), ("strict", _between(TRANSITIONAL, STRICT))):
        path = tmp_path / f"{name}.xlsx"
        path.write_bytes(sample_tracker.read_bytes())
        rewrite(path, change)
        write_status(path, report)
        written.append(path)
    for converted in libreoffice_convert(written, tmp_path / "lo", tmp_path / "profile", recalc=False):
        assert "Tracker status" in status_values(converted), converted.name
