"""The other places a package keeps copies of cell text, and how to forget some of it.

Emptying a cell does not remove its text from the file: a formula elsewhere
keeps its last result, a pivot cache keeps the rows it summarised, an
external link keeps the values it last read, and the document properties may
quote anything. Each function here takes `matches(text) -> bool` saying which
texts to forget, edits only the parts where one occurs, and returns how many
it changed.
"""

from __future__ import annotations

import html
import re
from typing import Callable

from toolkit.xlsx import trees
from toolkit.xlsx.workbook import WORKBOOK_ORDER

PIVOT_CACHE_DEFINITION = "application/vnd.openxmlformats-officedocument.spreadsheetml.pivotCacheDefinition+xml"
PIVOT_CACHE_RECORDS = "application/vnd.openxmlformats-officedocument.spreadsheetml.pivotCacheRecords+xml"
EXTERNAL_LINK = "application/vnd.openxmlformats-officedocument.spreadsheetml.externalLink+xml"
CHART = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
PROPERTY_KINDS = ("core-properties", "extended-properties", "extendedProperties", "custom-properties", "customProperties")

Matches = Callable[[str], bool]


def shared_string_texts(package, part: str | None) -> list[str]:
    """The text of each shared string in order (rich-text runs joined, phonetic guides left out)."""
    if part is None:
        return []
    return [_text_of(entry) for entry in trees.kids(package.xml(part), "si")]


def _text_of(holder) -> str:
    """The text of an <si> or <is>: its <t>, or its runs' <t> joined."""
    direct = trees.kid(holder, "t")
    if direct is not None:
        return direct.text or ""
    return "".join((trees.kid(run, "t").text or "") for run in trees.kids(holder, "r") if trees.kid(run, "t") is not None)


def cell_text(cell, shared: list[str]) -> str | None:
    """What a <c> element shows as text: a shared, inline or formula string, or a number's digits; None if empty."""
    kind = cell.get("t")
    if kind == "inlineStr":
        holder = trees.kid(cell, "is")
        return _text_of(holder) if holder is not None else None
    value = trees.kid(cell, "v")
    if value is None or value.text is None:
        return None
    if kind == "s":
        index = value.text.strip()
        return shared[int(index)] if index.isdigit() and int(index) < len(shared) else None
    return value.text


def forget_formula_results(package, sheet_part: str, shared: list[str], matches: Matches) -> int:
    """Drop the cached result of every formula whose result text matches; the formula stays and is worked out again."""
    root = package.xml(sheet_part)
    stale = []
    for formula in trees.descendants(root, "f"):
        cell = formula.getparent()
        if cell.get("t") not in ("s", "str", "inlineStr"):
            continue
        text = cell_text(cell, shared)
        if text is not None and matches(text):
            stale.append(cell)
    if stale:
        package.edit(sheet_part)
        for cell in stale:
            for child in [n for n in cell if trees.is_element(n) and trees.local(n) in ("v", "is")]:
                cell.remove(child)
            cell.attrib.pop("t", None)
    return len(stale)


def recalculate_on_open(package, workbook_part: str) -> None:
    """Ask the spreadsheet program to work out every formula when it opens the workbook."""
    root = package.xml(workbook_part)
    calc = trees.kid(root, "calcPr")
    if calc is not None and calc.get("fullCalcOnLoad") == "1":
        return
    package.edit(workbook_part)
    if calc is None:
        calc = trees.insert_in_order(root, "calcPr", WORKBOOK_ORDER)
    calc.set("fullCalcOnLoad", "1")


def forget_pivot_text(package, matches: Matches) -> int:
    """Replace matching items in pivot caches with "(removed N)" and have the caches refreshed on open.

    Items keep their places (pivot tables refer to them by position) and stay distinct from one another.
    """
    placeholders: dict[str, str] = {}

    def placeholder(text: str) -> str:
        return placeholders.setdefault(text, f"(removed {len(placeholders) + 1})")

    changed = 0
    for part in package.parts_of_type(PIVOT_CACHE_DEFINITION) + package.parts_of_type(PIVOT_CACHE_RECORDS):
        count = replace_text(package, part, matches, placeholder, only={"s"})  # <s v="text"/>: string items
        if count and package.content_type(part) == PIVOT_CACHE_DEFINITION:
            package.edit(part).set("refreshOnLoad", "1")
        changed += count
    if changed:  # a definition whose records alone changed must be refreshed too
        for part in package.parts_of_type(PIVOT_CACHE_DEFINITION):
            if package.xml(part).get("refreshOnLoad") != "1":
                package.edit(part).set("refreshOnLoad", "1")
    return changed


def forget_external_text(package, matches: Matches) -> int:
    """Empty the values external links cached from other workbooks where they match."""
    return sum(replace_text(package, part, matches, lambda _text: "", only={"v"})
               for part in package.parts_of_type(EXTERNAL_LINK))


def forget_chart_text(package, matches: Matches) -> int:
    """Empty the text a chart cached from its cells (labels and categories) where it matches; the chart reads them again."""
    return sum(replace_text(package, part, matches, lambda _text: "", only={"v"})
               for part in package.parts_of_type(CHART))


def forget_property_text(package, matches: Matches) -> int:
    """Empty document properties (title, subject, keywords, comments, custom ones...) whose text matches."""
    parts = {package.name_of(rel.target) for kind in PROPERTY_KINDS for rel in package.related("", kind)}
    return sum(replace_text(package, part, matches, lambda _text: "") for part in sorted(p for p in parts if p))


def replace_text(package, part: str, matches: Matches, replacement: Callable[[str], str], only: set[str] | None = None) -> int:
    """Replace every element text and attribute value of a part that matches; return how many.

    `only` limits the search to elements of those local names.
    """
    root = package.xml(part)
    found = []
    for element in root.iter():
        if not trees.is_element(element) or (only is not None and trees.local(element) not in only):
            continue
        if element.text and matches(element.text):
            found.append((element, None))
        found.extend((element, key) for key, value in element.attrib.items() if matches(value))
    if found:
        package.edit(part)
        for element, key in found:
            if key is None:
                element.text = replacement(element.text)
            else:
                element.set(key, replacement(element.get(key)))
    return len(found)


XML_VALUE = re.compile(r""">([^<]+)<|([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
TEXT_PART_SUFFIXES = (".xml", ".rels", ".vml")
# Attributes that name kinds of things, never hold what a person wrote.
MARKUP_ATTRIBUTES = {"Type", "ContentType", "PartName", "Extension", "Ignorable", "Requires", "PreserveElements"}


class TextFinder:
    """Finds which of many texts occur inside a string, in time that grows with the string, not with their number."""

    def __init__(self, texts):
        texts = {t for t in texts if t}
        self.width = min((len(t) for t in texts), default=0)
        self.by_start: dict[str, list[str]] = {}
        for text in texts:
            self.by_start.setdefault(text[:self.width], []).append(text)

    def found_in(self, string: str) -> list[str]:
        """The texts that occur in `string`."""
        width, by_start = self.width, self.by_start
        if not by_start or len(string) < width:
            return []
        return [text for at in range(len(string) - width + 1) for text in by_start.get(string[at:at + width], ())
                if string.startswith(text, at)]


def where_text_remains(package, texts) -> dict[str, str]:
    """For each of `texts` still found in some part's element text or attribute values: the first such part."""
    found: dict[str, str] = {}
    finder = TextFinder(texts)
    if not finder.by_start:
        return found
    for name in package.names():
        if not name.lower().endswith(TEXT_PART_SUFFIXES) or name == "[Content_Types].xml":
            continue
        values = {value for value in _values(_decoded(package.read(name))) if len(value) >= finder.width}
        for value in values:
            for text in finder.found_in(html.unescape(value)):
                found.setdefault(text, name)
    return found


def _values(xml: str):
    """Element texts and attribute values of a part, as written (entities not yet decoded)."""
    for text, attribute, double, single in XML_VALUE.findall(xml):
        if text:
            yield text
        elif attribute.startswith("xmlns") or attribute.rpartition(":")[2] in MARKUP_ATTRIBUTES:
            continue
        elif attribute != "Target" or "://" in (double or single) or ":" in (double or single)[:7]:
            yield double or single  # a relationship's Target counts when it is a URL, not a part's name


def _decoded(data: bytes) -> str:
    """A text part's characters, whichever Unicode encoding it was saved in."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", "replace")
    return data.decode("utf-8", "replace")
