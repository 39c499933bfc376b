"""Compare what users see with files kept under tests/golden/, as XlsxWriter's tests do.

`make golden` (UPDATE_GOLDEN=1) rewrites the files from the current code; review
the diff and commit it when the change is meant. Volatile parts are masked
before comparing, so the files only change when the product does.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

GOLDEN = Path(__file__).parent / "golden"
UPDATING = os.environ.get("UPDATE_GOLDEN") == "1"
# Part of the generated workbook that carries the build time.
VOLATILE = (
    (re.compile(r"<dcterms:(created|modified)[^>]*>[^<]*</dcterms:\1>"), r"<dcterms:\1>(masked)</dcterms:\1>"),
)


def mask(text: str) -> str:
    for pattern, replacement in VOLATILE:
        text = pattern.sub(replacement, text)
    return text


def one_row_a_line(xml: str) -> str:
    """Worksheet XML with a line break after each row, so a golden diff shows which rows changed."""
    return xml.replace("</row>", "</row>\n")


def assert_golden(name: str, actual: str) -> None:
    """`actual` equals tests/golden/NAME (or becomes it under UPDATE_GOLDEN=1)."""
    path = GOLDEN / name
    actual = mask(actual)
    if UPDATING:
        with open(path, "w", encoding="utf-8", newline="") as handle:
            handle.write(actual)
        return
    assert path.exists(), f"no golden file {path.name}; run `make golden` and review it"
    with open(path, encoding="utf-8", newline="") as handle:
        expected = handle.read()
    assert actual == expected, f"{name} differs from tests/golden/{name}; if the change is meant, run `make golden`"


ROOT = Path(__file__).parent.parent
README = ROOT / "README.md"
DOCS = ROOT / "docs"


def assert_doc_section(doc: Path, name: str, content: str) -> None:
    """The text of `doc` between `<!-- NAME:start -->` and `<!-- NAME:end -->` equals `content`."""
    text = doc.read_text(encoding="utf-8")
    start, end = f"<!-- {name}:start -->\n", f"<!-- {name}:end -->"
    assert start in text and end in text, f"{doc.name} has no {start.strip()} ... {end} section"
    before, rest = text.split(start, 1)
    current, after = rest.split(end, 1)
    if UPDATING:
        with open(doc, "w", encoding="utf-8", newline="") as handle:
            handle.write(before + start + content + end + after)
        return
    assert current == content, f"{doc.relative_to(ROOT)}'s {name} section is out of date; run `make golden` and review it"
