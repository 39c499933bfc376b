"""The package layer forgets text where a package keeps copies of it: notes, links, caches, properties."""

import zipfile

import pytest
import xlsxwriter

from toolkit.xlsx import Area, Package, Workbook, trees
from toolkit.xlsx.copies import (
    TextFinder,
    cell_text,
    forget_formula_results,
    forget_pivot_text,
    forget_property_text,
    recalculate_on_open,
    shared_string_texts,
    where_text_remains,
)
from toolkit.xlsx.notes import remove_cell_notes, remove_hyperlinks
from toolkit.xlsx.sheet import positioned_cells

COLUMN_B = [Area(2, 1, 1_048_576, 1)]  # B2 downward


def parts(path):
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def is_secret(text: str) -> bool:
    return "secret" in text


@pytest.fixture
def book_path(tmp_path):
    """One sheet with notes on A1 and B2, links on A3 and B3, and formulas whose results are text or numbers."""
    path = tmp_path / "book.xlsx"
    book = xlsxwriter.Workbook(str(path))
    book.set_properties({"title": "a secret title", "subject": "open subject"})
    ws = book.add_worksheet("Data")
    ws.write("A1", "heading")
    ws.write_comment("A1", "kept note")
    ws.write("B2", "secret cell")
    ws.write_comment("B2", "note on the secret")
    ws.write_url("A3", "https://example.com/kept")
    ws.write_url("B3", "https://example.com/secret-link")
    ws.write_formula("C1", "=B2", None, "secret cell")
    ws.write_formula("C2", "=A1", None, "heading")
    ws.write_formula("C3", "=1+1", None, 2)
    book.close()
    return path


def test_notes_on_the_area_go_and_others_stay(book_path):
    """The note on B2 leaves the comments part and its VML shape; the note on A1 stays in both."""
    package = Package(book_path)
    sheet = Workbook(package).sheet("Data").part
    assert remove_cell_notes(package, sheet, COLUMN_B) == 1
    package.save()
    after = parts(book_path)
    assert b"note on the secret" not in after["xl/comments1.xml"] and b"kept note" in after["xl/comments1.xml"]
    vml = after["xl/drawings/vmlDrawing1.vml"].decode()
    assert vml.count("<x:ClientData") == 1 and "<x:Row>0</x:Row>" in vml


def test_hyperlinks_on_the_area_go_with_their_relationship(book_path):
    """The link on B3 and its relationship to the URL go; the link on A3 stays."""
    package = Package(book_path)
    sheet = Workbook(package).sheet("Data").part
    assert remove_hyperlinks(package, sheet, COLUMN_B) == 1
    assert remove_hyperlinks(package, sheet, COLUMN_B) == 0
    package.save()
    after = parts(book_path)
    rels = after["xl/worksheets/_rels/sheet1.xml.rels"]
    assert b"secret-link" not in rels and b"example.com/kept" in rels
    assert b'ref="A3"' in after["xl/worksheets/sheet1.xml"] and b'ref="B3"' not in after["xl/worksheets/sheet1.xml"]


def test_formula_results_that_match_are_dropped_and_worked_out_again(book_path):
    """Only the text result that matches loses its cached value; the formula stays; the workbook recalculates on open."""
    package = Package(book_path)
    book = Workbook(package)
    sheet = book.sheet("Data").part
    shared = shared_string_texts(package, book.related_part("sharedStrings"))
    assert forget_formula_results(package, sheet, shared, is_secret) == 1
    recalculate_on_open(package, book.part)
    cells = {(r, c): cell for r, c, cell in positioned_cells(package.xml(sheet))}
    assert cell_text(cells[(1, 2)], shared) is None and cells[(1, 2)].find("{*}f").text == "B2"
    assert cell_text(cells[(2, 2)], shared) == "heading" and cell_text(cells[(3, 2)], shared) == "2"
    package.save()
    assert b'fullCalcOnLoad="1"' in parts(book_path)["xl/workbook.xml"]


def test_properties_that_match_are_emptied_and_nothing_else_is_touched(book_path):
    """A matching title is emptied; with nothing matching, no part is rewritten."""
    before = parts(book_path)
    package = Package(book_path)
    assert forget_property_text(package, lambda text: text == "nothing like it") == 0
    package.save()
    assert parts(book_path) == before
    package = Package(book_path)
    assert forget_property_text(package, is_secret) == 1
    package.save()
    core = parts(book_path)["docProps/core.xml"]
    assert b"secret" not in core and b"open subject" in core


def test_pivot_items_become_distinct_placeholders_everywhere(tmp_path):
    """The same text becomes the same placeholder in the definition and the records; the cache refreshes on open."""
    path = tmp_path / "pivot.xlsx"
    xlsxwriter.Workbook(str(path)).close()
    package = Package(path)
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    package.put("xl/pivotCache/def1.xml", f'<pivotCacheDefinition xmlns="{main}"><cacheFields><cacheField name="N"><sharedItems>'
                                          '<s v="a secret"/><s v="b secret"/><s v="plain"/><x v="0"/></sharedItems></cacheField>'
                                          '</cacheFields></pivotCacheDefinition>')
    package.put("xl/pivotCache/rec1.xml", f'<pivotCacheRecords xmlns="{main}"><r><s v="b secret"/></r></pivotCacheRecords>')
    package.declare("xl/pivotCache/def1.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.pivotCacheDefinition+xml")
    package.declare("xl/pivotCache/rec1.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.pivotCacheRecords+xml")
    assert forget_pivot_text(package, is_secret) == 3
    definition, records = package.read("xl/pivotCache/def1.xml"), package.read("xl/pivotCache/rec1.xml")
    assert b'<s v="(removed 1)"/><s v="(removed 2)"/><s v="plain"/><x v="0"/>' in definition
    assert b'refreshOnLoad="1"' in definition and b'<s v="(removed 2)"/>' in records


def test_cell_text_reads_rich_and_inline_strings(tmp_path):
    """Rich-text runs are joined and phonetic guides left out; rows and cells without r are placed by order."""
    path = tmp_path / "rich.xlsx"
    book = xlsxwriter.Workbook(str(path))
    bold = book.add_format({"bold": True})
    book.add_worksheet("S").write_rich_string("B2", "one ", bold, "two")
    book.close()
    package = Package(path)
    workbook = Workbook(package)
    shared = shared_string_texts(package, workbook.related_part("sharedStrings"))
    cells = list(positioned_cells(package.xml(workbook.sheet("S").part)))
    assert [(r, c, cell_text(cell, shared)) for r, c, cell in cells] == [(2, 1, "one two")]
    root = trees.parse(b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
                       b'<row><c t="inlineStr"><is><t>x</t></is></c><c><v>3</v></c></row><row><c t="str"><f>A1</f><v>x</v></c>'
                       b'</row></sheetData></worksheet>', "test")
    assert [(r, c, cell_text(cell, [])) for r, c, cell in positioned_cells(root)] == [(1, 0, "x"), (1, 1, "3"), (2, 0, "x")]


def test_where_text_remains_reads_text_and_attributes_not_markup(book_path):
    """Text is found in element text and attribute values (entities decoded), not in names, namespaces or part types."""
    package = Package(book_path)
    package.put("xl/extra.xml", '<root kind="Tom &amp; Jerry"><worksheet>caf&#233; note</worksheet></root>')
    package.put("xl/_rels/extra.xml.rels", '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                                           '<Relationship Id="rId1" Type="x" Target="https://example.com/private-url" '
                                           'TargetMode="External"/></Relationships>')
    found = where_text_remains(package, ["Tom & Jerry", "café note", "worksheet", "sheet1", "kind", "private-url", "nowhere"])
    assert found == {"Tom & Jerry": "xl/extra.xml", "café note": "xl/extra.xml", "private-url": "xl/_rels/extra.xml.rels"}


def test_text_finder_finds_every_text_inside_a_string():
    """Each text found wherever it starts, overlapping ones too; a string shorter than every text finds none."""
    finder = TextFinder(["secret", "secret two", "two words", ""])
    assert sorted(finder.found_in("my secret two words")) == ["secret", "secret two", "two words"]
    assert finder.found_in("secre") == [] and TextFinder([]).found_in("anything") == []
