"""Cell styles added to styles.xml without moving the ones already there.

A font, fill or cell format identical to one the workbook has is reused, so
running the same edit twice leaves the part unchanged. The part may use any
prefix or dialect: new elements are made in its namespace.
"""

from __future__ import annotations

from dataclasses import dataclass

from toolkit.errors import WorkbookUnreadable
from toolkit.xlsx import trees

STYLESHEET_ORDER = ("numFmts", "fonts", "fills", "borders", "cellStyleXfs", "cellXfs", "cellStyles", "dxfs",
                    "tableStyles", "colors", "extLst")
# Fill 0 and fill 1 are reserved by Excel (none, gray125): a new <fills> starts with them.
RESERVED_FILLS = ('<fill><patternFill patternType="none"/></fill>', '<fill><patternFill patternType="gray125"/></fill>')


@dataclass(frozen=True)
class CellStyle:
    """A cell style to add: <font>, <fill> and <alignment> fragments (unprefixed SpreadsheetML), each optional."""

    font: str | None = None
    fill: str | None = None
    number_format_id: int = 0
    alignment: str | None = None  # such as <alignment vertical="top" wrapText="1"/>


class Styles:
    """The styles part of a workbook, for adding fonts, fills and cell formats."""

    def __init__(self, package, part: str):
        self.package = package
        self.part = part

    def font(self, fragment: str) -> int:
        """The index of a <font> in <fonts>, appended unless an identical one is there."""
        return self._ensure("fonts", fragment)

    def fill(self, fragment: str) -> int:
        """The index of a <fill> in <fills>, appended unless an identical one is there."""
        return self._ensure("fills", fragment, RESERVED_FILLS)

    def cell_format(self, font_id: int = 0, fill_id: int = 0, number_format_id: int = 0, alignment: str | None = None) -> int:
        """The index of a cell format (<xf> in <cellXfs>) with this font, fill, number format and alignment."""
        attributes = f'numFmtId="{number_format_id}" fontId="{font_id}"'
        attributes += f' fillId="{fill_id}" applyFill="1"' if fill_id else ' fillId="0"'
        attributes += ' borderId="0" xfId="0" applyFont="1"'
        if number_format_id:
            attributes += ' applyNumberFormat="1"'
        if alignment:
            return self._ensure("cellXfs", f'<xf {attributes} applyAlignment="1">{alignment}</xf>')
        return self._ensure("cellXfs", f"<xf {attributes}/>")

    def add(self, styles: dict[str, CellStyle]) -> dict[str, int]:
        """Each named style's cell format index, adding what is missing."""
        found = {}
        for name, style in styles.items():
            font_id = self.font(style.font) if style.font else 0
            fill_id = self.fill(style.fill) if style.fill else 0
            found[name] = self.cell_format(font_id, fill_id, style.number_format_id, style.alignment)
        return found

    def _ensure(self, container_name: str, fragment: str, seed: tuple[str, ...] = ()) -> int:
        root = self.package.xml(self.part)
        if trees.local(root) != "styleSheet":
            raise WorkbookUnreadable(f"the workbook's styles part {self.part} is not a style sheet; open it in your spreadsheet program and save it again")
        container = trees.kid(root, container_name)
        wanted = trees.adopt(fragment, root)
        if container is not None:
            items = [n for n in container if trees.is_element(n)]
            for index, item in enumerate(items):
                if trees.same(item, wanted):
                    return index
        root = self.package.edit(self.part)
        if container is None:
            container = trees.insert_in_order(root, container_name, STYLESHEET_ORDER, {"count": "0"})
            for seeded in seed:
                container.append(trees.adopt(seeded, root))
        container.append(wanted)
        trees.set_count(container)
        return sum(1 for n in container if trees.is_element(n)) - 1
