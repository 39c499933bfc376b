"""`tracker share`: the counselor's copy has no trace of a private note and loses nothing else."""

import os
import zipfile

import openpyxl
import pytest
from builders import TODAY
from click.testing import CliRunner
from leaky_workbooks import ANN_NOTE, KEPT, leaky_tracker
from rich_workbooks import rich_tracker

from toolkit.cli import cli
from toolkit.counselor.share import share
from toolkit.errors import OutputNotWritable, WorkbookLocked
from toolkit.review.checker import check
from toolkit.workbook.schema import load_template
from toolkit.xlsx import Package, Workbook, Worksheet, trees
from toolkit.xlsx.sheet import positioned_cells

BANNER = f"Shared copy as of {TODAY.isoformat()} — private notes removed"
# Parts a shared copy may change besides the worksheets whose shared-string numbers move.
BOOKKEEPING = {"xl/workbook.xml", "xl/_rels/workbook.xml.rels", "[Content_Types].xml", "xl/styles.xml",
               "docProps/app.xml", "xl/sharedStrings.xml"}


def parts(path):
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def leaks(path, marker=b"PRIV-"):
    """The parts of a package (decompressed) in which the marker text appears."""
    return sorted(name for name, data in parts(path).items() if marker in data)


def values(path, sheet):
    return {cell.coordinate: cell.value for row in openpyxl.load_workbook(path)[sheet].iter_rows() for cell in row
            if cell.value is not None}


@pytest.fixture
def leaky(tmp_path):
    return leaky_tracker(tmp_path / "leaky.xlsx")


def test_no_private_text_is_left_anywhere_in_the_package(leaky, tmp_path):
    """Every PRIV- text planted in cells, strings, notes, links, formulas, caches and properties is gone."""
    assert len(leaks(leaky)) >= 9  # the fixture really plants them everywhere
    out = tmp_path / "shared.xlsx"
    result = share(leaky, out, TODAY)
    assert leaks(out) == []
    assert result.cells_emptied == 6 and result.notes_removed == 2


def test_what_is_not_private_is_kept(leaky, tmp_path):
    """Other cells, notes, threaded comments, pivot items, link values and properties are as they were."""
    out = share(leaky, tmp_path / "shared.xlsx", TODAY).output
    after = parts(out)
    for text in KEPT:
        assert any(text.encode() in data for data in after.values()), text
    assert b'<s v="Ann Lee"/>' in after["xl/pivotCache/pivotCacheDefinition1.xml"]
    assert b"<v>Ann Lee</v>" in after["xl/externalLinks/externalLink1.xml"]
    assert b"Jordan&apos;s tracker" in after["docProps/core.xml"] or b"Jordan's tracker" in after["docProps/core.xml"]
    dashboard = openpyxl.load_workbook(out)["Dashboard"]
    assert dashboard["A2"].value == "=Contacts!A4" and dashboard["A1"].value == "keep me"
    assert b"fullCalcOnLoad" in after["xl/workbook.xml"]  # the emptied formula results are worked out again


def test_private_columns_come_from_the_template():
    """The template marks exactly the two Private Notes columns private, and both hints say so."""
    private = load_template().private_columns
    assert [(sheet, column.header) for sheet, column in private] == [("Contacts", "Private Notes"), ("Interviews", "Private Notes")]
    assert all("Not shared in the counselor's copy" in column.hint for _, column in private)


def test_private_cells_are_empty_and_the_rest_of_each_sheet_is_unchanged(leaky, tmp_path):
    """Only the private columns below the header lose their values; every other cell reads the same."""
    out = share(leaky, tmp_path / "shared.xlsx", TODAY).output
    for sheet, private_columns in (("Contacts", {"A"}), ("Interviews", {"L", "N"})):  # N: a second Private Notes after Source
        before, after = values(leaky, sheet), values(out, sheet)
        header = 3 if sheet == "Contacts" else 1
        kept = {ref: v for ref, v in before.items()
                if ref.rstrip("0123456789") not in private_columns or int(ref.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")) <= header}
        assert after == kept


def test_sample_copy_changes_only_what_it_must(tracker_copy, tmp_path):
    """On the sample: Status is added, bookkeeping and renumbered sheets change, every other part is byte-identical."""
    before = parts(tracker_copy)
    out = share(tracker_copy, tmp_path / "shared.xlsx", TODAY).output
    after = parts(out)
    added = set(after) - set(before)
    assert len(added) == 3 and set(before) <= set(after)
    changed = {name for name in before if before[name] != after[name]}
    assert changed - BOOKKEEPING <= {n for n in before if n.startswith("xl/worksheets/sheet")}
    untouched = [n for n in before if n not in changed]
    assert any(n.startswith("xl/tables/") for n in untouched) and "docProps/core.xml" in untouched
    book = openpyxl.load_workbook(out)
    for sheet in book.sheetnames:
        if sheet not in ("Status", "Start Here", "Contacts", "Interviews"):
            assert values(out, sheet) == values(tracker_copy, sheet), sheet


def test_copy_checks_to_the_same_findings_and_carries_a_fresh_status(tracker_copy, tmp_path):
    """The copy's findings equal the original's; Start Here and Status say it is a shared copy."""
    out = share(tracker_copy, tmp_path / "shared.xlsx", TODAY).output
    assert check(out, TODAY).findings == check(tracker_copy, TODAY).findings
    book = openpyxl.load_workbook(out)
    assert book["Status"]["A2"].value == BANNER
    start = [c.value for c in book["Start Here"]["B"][:4]]
    assert start[2] == BANNER and start[0] == "Your informational interview tracker"
    assert "parental leave" not in str(values(out, "Contacts")) and "parental leave" in str(values(tracker_copy, "Contacts"))


def test_the_original_is_never_changed(leaky, tmp_path):
    """PATH keeps its bytes and its modification time."""
    data, mtime = leaky.read_bytes(), os.stat(leaky).st_mtime_ns
    share(leaky, tmp_path / "shared.xlsx", TODAY)
    assert leaky.read_bytes() == data and os.stat(leaky).st_mtime_ns == mtime


def test_macros_charts_and_images_survive_in_an_xlsm(tmp_path):
    """A macro workbook's copy keeps its macro project, chart, image and note byte for byte."""
    rich = rich_tracker(tmp_path / "rich.xlsm")
    before = parts(rich)
    out = share(rich, tmp_path / "shared.xlsm", TODAY).output
    after = parts(out)
    for name in before:
        if any(kind in name for kind in ("vbaProject", "charts/", "media/", "comments", "drawings/", "tables/")):
            assert after[name] == before[name], name


def test_a_private_note_typed_elsewhere_by_hand_stays_there(tmp_path, tracker_copy):
    """Text the user also typed in a cell that is not private is theirs to share: only the private cell is emptied."""
    package = Package(tracker_copy)
    book = Workbook(package)
    Worksheet(package, book.sheet("Contacts").part, "Contacts").set_cells({"P3": "Same words", "D3": "Same words"})
    package.save()
    out = share(tracker_copy, tmp_path / "shared.xlsx", TODAY).output
    contacts = openpyxl.load_workbook(out)["Contacts"]
    assert contacts["P3"].value is None and contacts["D3"].value == "Same words"


def test_private_text_in_a_place_share_does_not_clean_stops_the_copy(leaky, tmp_path):
    """A filter on the notes column keeps the text in the Table part: no copy is written, and the line says where."""
    package = Package(leaky)
    table = next(n for n in package.names() if n.startswith("xl/tables/"))
    package.put(table, package.read(table).replace(b'"/><tableColumns', f'"><filterColumn colId="0"><filters>'
                                                   f'<filter val="{ANN_NOTE}"/></filters></filterColumn></autoFilter><tableColumns'.encode()))
    package.save()
    out = tmp_path / "shared.xlsx"
    result = run(leaky, "-o", out, "--today", TODAY.isoformat())
    assert result.exit_code == 2 and not out.exists()
    assert result.output == (f"Error: leaky.xlsx: the private note in Contacts!A4 is also kept in {table}, which tracker share "
                             f"cannot clean, so no copy was written; remove it there and run again\n")


def test_a_formula_showing_public_text_keeps_its_result(tracker_copy, tmp_path):
    """A formula result equal to a private note that another plain cell also shows is not a secret, so it stays."""
    package = Package(tracker_copy)
    book = Workbook(package)
    part = book.sheet("Contacts").part
    Worksheet(package, part, "Contacts").set_cells({"P3": "Same words", "D3": "Same words"})
    row_3 = next(cell.getparent() for row, _, cell in positioned_cells(package.edit(part)) if row == 3)
    row_3.append(trees.adopt('<c r="Z3" t="str"><f>P3</f><v>Same words</v></c>', row_3))
    package.save()
    out = share(tracker_copy, tmp_path / "shared.xlsx", TODAY).output
    contacts = openpyxl.load_workbook(out, data_only=True)["Contacts"]
    assert contacts["Z3"].value == "Same words" and contacts["P3"].value is None


def run(*args):
    return CliRunner().invoke(cli, ["share", *map(str, args)])


def test_cli_counts_comments_and_copies_it_removed(leaky, tmp_path):
    """With notes on private cells and copies of their text elsewhere, the line counts those too."""
    result = run(leaky, "-o", tmp_path / "shared.xlsx", "--today", TODAY.isoformat())
    assert result.exit_code == 0 and "Emptied 6 private cells, 2 comments on them, 10 copies of their text elsewhere;" in result.output


def test_cli_writes_the_copy_and_says_what_it_left_out(tracker_copy, tmp_path):
    """Exit 0 and one line naming the copy, the banner and how many private cells were emptied."""
    out = tmp_path / "for-counselor.xlsx"
    result = run(tracker_copy, "-o", out, "--today", TODAY.isoformat())
    assert result.exit_code == 0, result.output
    assert result.output == (f"Wrote {out}: {BANNER}. Emptied 3 private cells; everything else is as in tracker.xlsx. "
                             f"Send for-counselor.xlsx to your counselor.\n")


def test_cli_refuses_an_existing_output_without_force(tracker_copy, tmp_path):
    """An existing OUT is kept (exit 2, one line) unless --force replaces it."""
    out = tmp_path / "shared.xlsx"
    out.write_bytes(b"mine")
    result = run(tracker_copy, "-o", out, "--today", TODAY.isoformat())
    assert result.exit_code == 2 and out.read_bytes() == b"mine"
    assert result.output.count("\n") == 1 and "already exists; add --force" in result.output
    assert run(tracker_copy, "-o", out, "--today", TODAY.isoformat(), "--force").exit_code == 0
    assert zipfile.is_zipfile(out)


@pytest.mark.parametrize("how", ["same", "relative", "symlink", "hardlink"])
def test_cli_refuses_to_write_over_the_tracker(tracker_copy, tmp_path, monkeypatch, how):
    """OUT naming PATH itself, however spelled, exits 2 and leaves PATH as it was, even with --force."""
    data = tracker_copy.read_bytes()
    out = {"same": tracker_copy, "relative": "./tracker.xlsx", "symlink": tmp_path / "link.xlsx", "hardlink": tmp_path / "hard.xlsx"}[how]
    if how == "symlink":
        os.symlink(tracker_copy, out)
    elif how == "hardlink":
        os.link(tracker_copy, out)
    monkeypatch.chdir(tmp_path)
    result = run(tracker_copy, "-o", out, "--force")
    assert result.exit_code == 2 and "is the tracker itself" in result.output
    assert tracker_copy.read_bytes() == data


def test_cli_refuses_a_tracker_open_elsewhere(tracker_copy, tmp_path):
    """A lock file beside PATH exits 2 with one line and writes nothing."""
    (tmp_path / ".~lock.tracker.xlsx#").write_text("x")
    out = tmp_path / "shared.xlsx"
    result = run(tracker_copy, "-o", out)
    assert result.exit_code == 2 and "is open in Excel or LibreOffice" in result.output and not out.exists()
    with pytest.raises(WorkbookLocked):
        share(tracker_copy, out, TODAY)


@pytest.mark.parametrize("name,content,expected", [("broken.xlsx", b"not a zip", "not a valid .xlsx file"),
                                                   ("gone.xlsx", None, "no such file"), ("notes.csv", b"a,b", "is a CSV file")])
def test_cli_refuses_a_workbook_it_cannot_read(tmp_path, name, content, expected):
    """A damaged, missing or non-Excel tracker exits 2 with one line saying so; no copy is written."""
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    out = tmp_path / "shared.xlsx"
    result = run(path, "-o", out)
    assert result.exit_code == 2 and expected in result.output and result.output.count("\n") == 1
    assert not out.exists()


def test_output_must_be_the_same_kind_of_workbook(tracker_copy, tmp_path):
    """An .xlsx tracker is not copied to a .xlsm or .csv name; the message suggests one that works."""
    with pytest.raises(OutputNotWritable, match=r"must end in \.xlsx .* shared\.xlsx"):
        share(tracker_copy, tmp_path / "shared.csv", TODAY)


def test_sharing_a_shared_copy_again_keeps_one_banner(tracker_copy, tmp_path):
    """Sharing the copy again on a later day updates the banner in place and replaces the Status sheet."""
    first = share(tracker_copy, tmp_path / "one.xlsx", TODAY).output
    second = share(first, tmp_path / "two.xlsx", TODAY.replace(day=23)).output
    later = BANNER.replace("-22", "-23")
    assert openpyxl.load_workbook(second)["Status"]["A2"].value == later
    start = [v for v in values(second, "Start Here").values() if str(v).startswith("Shared copy")]
    assert start == [later]


def test_shared_copies_open_in_libreoffice_without_the_private_text(leaky, tracker_copy, tmp_path):
    """LibreOffice opens both shared copies (CI: must); what it saves has the banner and no private text."""
    from office import libreoffice_convert

    copies = [share(leaky, tmp_path / "leaky-shared.xlsx", TODAY).output,
              share(tracker_copy, tmp_path / "sample-shared.xlsx", TODAY).output]
    saved = libreoffice_convert(copies, tmp_path / "lo", tmp_path / "profile", recalc=False)
    assert leaks(saved[0]) == [] and leaks(saved[1], b"parental leave") == []
    assert all(openpyxl.load_workbook(path)["Status"]["A2"].value == BANNER for path in saved)
    assert BANNER in values(saved[1], "Start Here").values()  # the leaky tracker has no Start Here
    assert values(saved[0], "Dashboard")["A1"] == "keep me"
    assert openpyxl.load_workbook(saved[0])["Contacts"]["P4"].value == "Ann Lee"
    assert check(saved[1], TODAY).findings == check(tracker_copy, TODAY).findings
