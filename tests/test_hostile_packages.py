"""Packages built to hurt, or simply broken: refused fast with one line, or written safely."""

import resource
import time
import tracemalloc
import warnings
import zipfile

import pytest
from bombs import bomb
from builders import TODAY
from click.testing import CliRunner

from toolkit.cli import cli
from toolkit.errors import WorkbookUnreadable
from toolkit.review.checker import check
from toolkit.review.status_sheet import write_status
from toolkit.xlsx import Package

LAUGHS = (b'<!DOCTYPE workbook [<!ENTITY a "aaaaaaaaaa">' + b"".join(
    f'<!ENTITY {n} "{("&" + p + ";") * 10}">'.encode() for p, n in zip("abcdefg", "bcdefgh")) + b"]>")


def rewrite(source, target, change=lambda name, data: data, drop=()):
    """A copy of a package with some parts changed or left out."""
    with zipfile.ZipFile(source) as archive:
        entries = [(info, archive.read(info)) for info in archive.infolist() if info.filename not in drop]
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in entries:
            archive.writestr(info, change(info.filename, data))
    return target


def one_line_refusal(path, expected):
    """`tracker check` exits 2 with one line that names the problem, never 'unexpected problem'."""
    before = path.read_bytes()
    result = CliRunner().invoke(cli, ["check", str(path), "--today", TODAY.isoformat()])
    assert result.exit_code == 2, result.output
    assert expected in result.output and "unexpected" not in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert path.read_bytes() == before


@pytest.fixture(scope="module")
def gigabyte_bomb(tmp_path_factory, blank_tracker):
    return bomb(blank_tracker, tmp_path_factory.mktemp("bomb") / "bomb.xlsx")


def test_zip_bomb_is_refused_in_under_2_seconds_and_200_mib(gigabyte_bomb):
    """Shared strings that inflate to 1 GB: check refuses at once, using little time and memory."""
    assert gigabyte_bomb.stat().st_size < 5 << 20
    peak_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    started = time.perf_counter()
    with pytest.raises(WorkbookUnreadable, match="not safe to open"):
        check(gigabyte_bomb, TODAY)
    with pytest.raises(WorkbookUnreadable, match="not safe to open"):
        write_status(gigabyte_bomb, None)
    elapsed = time.perf_counter() - started
    _, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    grown_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak_before
    assert elapsed < 2 and traced_peak < 200 << 20 and grown_kib < 200 << 10
    one_line_refusal(gigabyte_bomb, "not safe to open")


def test_zip_bomb_that_lies_about_its_size_is_stopped_while_reading(tmp_path, blank_tracker):
    """Headers claiming 100 kB for a part that inflates to 1 GB: reading the part, whole or in pieces, stops at the claim."""
    liar = bomb(blank_tracker, tmp_path / "liar.xlsx", declared_bytes=100_000)
    tracemalloc.start()
    started = time.perf_counter()
    package = Package(liar)  # parts are inflated only when read
    with pytest.raises(WorkbookUnreadable, match="damaged|declared size"):
        package.read("xl/sharedStrings.xml")
    with pytest.raises(WorkbookUnreadable, match="damaged|declared size"):
        list(package.chunks("xl/sharedStrings.xml"))
    elapsed = time.perf_counter() - started
    _, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert elapsed < 2 and traced_peak < 50 << 20
    one_line_refusal(liar, "declared")


def test_missing_content_types_gets_a_real_message(tmp_path, sample_tracker):
    """A package without [Content_Types].xml is refused with a message saying so."""
    path = rewrite(sample_tracker, tmp_path / "t.xlsx", drop=("[Content_Types].xml",))
    one_line_refusal(path, "has no [Content_Types].xml")


def test_missing_workbook_part_gets_a_real_message(tmp_path, sample_tracker):
    """A package whose workbook part is gone: the writer says so in one line."""
    path = rewrite(sample_tracker, tmp_path / "t.xlsx", drop=("xl/workbook.xml",))
    with pytest.raises(WorkbookUnreadable, match="has no workbook part"):
        write_status(path, check(sample_tracker, TODAY))
    one_line_refusal(path, "")


def test_utf16_content_types_is_read_and_kept_in_utf16(tmp_path, sample_tracker):
    """[Content_Types].xml in UTF-16 (allowed by OPC) is read, and written back in UTF-16 with our entries."""
    def utf16(name, data):
        if name != "[Content_Types].xml":
            return data
        return data.decode("utf-8").replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16")

    path = rewrite(sample_tracker, tmp_path / "t.xlsx", utf16)
    result = CliRunner().invoke(cli, ["check", str(path), "--today", TODAY.isoformat(), "--fail-on", "never"])
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(path) as archive:
        types = archive.read("[Content_Types].xml")
    assert types.startswith(b"\xff\xfe") or types.startswith(b"\xfe\xff")
    assert "xl/tables/table7.xml" in types.decode("utf-16")


def test_entity_expansion_in_a_part_is_never_performed(tmp_path, sample_tracker):
    """A billion-laughs DTD in workbook.xml is not expanded: the write takes moments and stays small."""
    def laughs(name, data):
        return data.replace(b"?>\n", b"?>\n" + LAUGHS, 1) if name == "xl/workbook.xml" else data

    path = rewrite(sample_tracker, tmp_path / "t.xlsx", laughs)
    started = time.perf_counter()
    try:
        write_status(path, check(sample_tracker, TODAY))
    except WorkbookUnreadable:
        pass  # refusing is as good as not expanding
    assert time.perf_counter() - started < 5 and path.stat().st_size < 1 << 20


def test_two_parts_with_one_name_are_refused(tmp_path, sample_tracker):
    """A zip holding the same part twice (which one would a reader see?) is refused."""
    path = tmp_path / "t.xlsx"
    with zipfile.ZipFile(sample_tracker) as source, zipfile.ZipFile(path, "w") as target:
        for info in source.infolist():
            target.writestr(info, source.read(info))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            target.writestr("xl/workbook.xml", source.read("xl/workbook.xml"))
    with pytest.raises(WorkbookUnreadable, match="two parts named xl/workbook.xml"):
        Package(path)
