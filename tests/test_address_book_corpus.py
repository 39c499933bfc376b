"""`tracker import` over real address books from other projects' test suites (tests/address_books/SOURCES.md).

Every file, into a blank tracker and into the sample: it imports (a second
import adds nobody, and `check` then finds no duplicate contact), or it is
refused in one line that names the file, the line and the formats import
takes. Never a traceback, never "unexpected problem". The files inside
PyPI source distributions come from `make address-books`; without them the
test of their presence skips locally and fails in CI.
"""

import os
import shutil
import tarfile
from pathlib import Path

import pytest
from builders import TODAY, flat
from click.testing import CliRunner

from toolkit.capture.address_book import FORMATS
from toolkit.cli import cli
from toolkit.review.checker import check
from toolkit.review.new_tracker import create_tracker
from toolkit.workbook.sample import sample_rows

COMMITTED = Path(__file__).resolve().parent / "address_books"
DOWNLOADED = Path(__file__).resolve().parent.parent / "build" / "address-books"
EXPORT_SUFFIXES = (".vcf", ".csv", ".txt")
# The files that are truly broken, and the line where each is refused: the test fails if one of them
# starts to import, or if any other file is refused.
REFUSED = {
    "evolution-data-server/vcard-7.vcf": 1,  # no BEGIN:VCARD
    "evolution-data-server/vcard-8.vcf": 11,  # no END:VCARD
    "evolution-data-server/vcard-9.vcf": 9,  # no END:VCARD
    "thunderbird/csv_no_header.csv": 1,  # rows without a header row
    "khard-0.19.1.tar.gz/khard-0.19.1/test/fixture/broken.abook/unparsable.vcf": 3,  # no END:VCARD
    "khard-0.19.1.tar.gz/khard-0.19.1/test/fixture/vcards/unparsable.vcf": 3,  # no END:VCARD
}


def corpus_files() -> list[tuple[str, bytes]]:
    """(name, bytes) of every export: the committed ones, then those inside the downloaded source distributions."""
    found = [(str(p.relative_to(COMMITTED)), p.read_bytes()) for p in sorted(COMMITTED.rglob("*"))
             if p.is_file() and p.suffix.lower() in EXPORT_SUFFIXES]
    for sdist in sorted(DOWNLOADED.glob("*.tar.gz")):
        with tarfile.open(sdist) as archive:
            found += [(f"{sdist.name}/{m.name}", archive.extractfile(m).read()) for m in archive.getmembers()
                      if m.isfile() and "/test/" in m.name and m.name.lower().endswith((".vcf", ".csv"))]
    return found


FILES = corpus_files()


@pytest.fixture(scope="module")
def trackers(tmp_path_factory):
    """A blank tracker and the sample, built once; each test works on a copy."""
    folder = tmp_path_factory.mktemp("trackers")
    rows, settings = sample_rows(TODAY)
    return {"blank": create_tracker(folder / "blank.xlsx", today=TODAY),
            "sample": create_tracker(folder / "sample.xlsx", rows, settings, today=TODAY)}


def test_the_corpus_is_large_and_downloaded():
    """At least 100 files from several projects; CI must have the downloaded ones, a developer is told how."""
    downloaded = [name for name, _ in FILES if ".tar.gz/" in name]
    if not downloaded:
        message = f"no address books in {DOWNLOADED}; run `make address-books`"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    assert len(FILES) >= 140 and len({name.split("/")[0] for name, _ in FILES}) >= 7


def import_twice(tracker: Path, export: Path):
    runner = CliRunner()
    first = runner.invoke(cli, ["import", str(tracker), str(export), "--today", TODAY.isoformat()])
    second = runner.invoke(cli, ["import", str(tracker), str(export), "--today", TODAY.isoformat()]) if first.exit_code == 0 else None
    return first, second


@pytest.mark.parametrize("kind", ["blank", "sample"])
@pytest.mark.parametrize("name, raw", FILES, ids=[name for name, _ in FILES])
def test_every_address_book_imports_or_is_refused_in_one_line(tmp_path, trackers, kind, name, raw):
    """Imported: a second import adds nobody and check finds no duplicate. Refused: one line naming file, line, formats."""
    tracker = shutil.copyfile(trackers[kind], tmp_path / "tracker.xlsx")
    export = tmp_path / Path(name).name
    export.write_bytes(raw)
    first, second = import_twice(tracker, export)
    assert "Traceback" not in first.output and "unexpected problem" not in first.output, first.output
    if name in REFUSED:
        assert first.exit_code == 2, first.output
        assert first.output == f"Error: {export.name} line {REFUSED[name]}: {first.output.split(': ', 2)[2]}"
        assert first.output.endswith(f"{FORMATS}\n") and first.output.count("\n") == 1
        return
    assert first.exit_code == 0, first.output
    assert second.exit_code == 0 and "added 0," in second.output, second.output
    assert flat(check(tracker, TODAY), "data-duplicate-contact") == []
