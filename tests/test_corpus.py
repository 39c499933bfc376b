"""The Status writer over real workbooks from other projects' test suites (see tests/corpus-requirements.txt).

`make corpus` downloads them into build/corpus. Without it the test skips
locally and fails in CI, where .ci/run downloads it first.
"""

import datetime as dt
import os
import tarfile
import warnings
import zipfile
from pathlib import Path

import openpyxl
import pytest

from toolkit.review.findings import Report
from toolkit.review.status_sheet import write_status
from toolkit.xlsx import Package, Workbook

CORPUS = Path(__file__).resolve().parent.parent / "build" / "corpus"
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")


def corpus_members() -> list[tuple[str, str]]:
    """(sdist, member) for every workbook inside the downloaded source distributions."""
    found = []
    for sdist in sorted(CORPUS.glob("*.tar.gz")):
        with tarfile.open(sdist) as archive:
            found += [(sdist.name, m.name) for m in archive.getmembers() if m.isfile() and m.name.endswith(WORKBOOK_SUFFIXES)]
    return found


MEMBERS = corpus_members()


def parts(path):
    """Part name -> bytes; names as the layer gives them (some old producers write "xl\\workbook.xml")."""
    with zipfile.ZipFile(path) as archive:
        return {info.filename.replace("\\", "/"): archive.read(info) for info in archive.infolist()}


def bookkeeping(path) -> set[str]:
    """The parts a new sheet must change: workbook, its rels, content types, styles, app.xml."""
    package = Package(path)
    book = Workbook(package)
    workbook_rels = book.part.rpartition("/")[0] + "/_rels/" + book.part.rpartition("/")[2] + ".rels"
    app = [r.target for r in package.relationships("") if r.type.endswith(("/extended-properties", "/extendedProperties"))]
    return {book.part, package.name_of(workbook_rels), package.name_of("[Content_Types].xml"), book.related_part("styles"), *app}


def opens_in_openpyxl(path) -> bool:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            openpyxl.load_workbook(path)
        return True
    except Exception:
        return False


def test_corpus_is_present():
    """CI must run the corpus; a developer without it is told how to fetch it."""
    if not MEMBERS:
        message = f"no workbooks in {CORPUS}; run `make corpus`"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    assert len(MEMBERS) >= 30


@pytest.mark.parametrize("sdist,member", MEMBERS, ids=[m.rpartition("/")[2] for _, m in MEMBERS])
def test_status_sheet_added_to_a_real_workbook(tmp_path, sdist, member):
    """A Status sheet is added; every other part stays byte-identical; openpyxl still opens the file if it did before."""
    path = tmp_path / Path(member).name
    with tarfile.open(CORPUS / sdist) as archive:
        path.write_bytes(archive.extractfile(member).read())
    readable_before = opens_in_openpyxl(path)
    before, expected_changes = parts(path), bookkeeping(path)
    write_status(path, Report(path.name, dt.date(2026, 11, 22)))
    after = parts(path)
    assert list(after)[:len(before)] == list(before)
    changed = {name for name in before if before[name] != after[name]}
    assert changed <= expected_changes, f"rewrote {changed - expected_changes}"
    assert len(after) - len(before) >= 3  # the sheet, its rels, its table
    if readable_before:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # what openpyxl says about the file's own oddities
            book = openpyxl.load_workbook(path)
        assert book.sheetnames[-1] == "Status" and book["Status"]["A1"].value == "Tracker status"


@pytest.mark.parametrize("sdist,member", MEMBERS, ids=[m.rpartition("/")[2] for _, m in MEMBERS])
def test_second_identical_write_changes_no_byte(tmp_path, sdist, member):
    """Writing the same Status sheet twice leaves the file as the first write made it, byte for byte."""
    path = tmp_path / Path(member).name
    with tarfile.open(CORPUS / sdist) as archive:
        path.write_bytes(archive.extractfile(member).read())
    report = Report(path.name, dt.date(2026, 11, 22))
    write_status(path, report)
    first = path.read_bytes()
    write_status(path, report)
    assert path.read_bytes() == first
