"""The shared strings table: drop entries no cell uses any more, re-indexing the rest.

After cells are emptied, their text still sits in sharedStrings.xml, where
anyone who unzips the file can read it. Dropping it means renumbering every
`t="s"` cell of every worksheet that points past a dropped entry.
"""

from __future__ import annotations

from toolkit.errors import WorkbookUnreadable
from toolkit.xlsx import trees


def drop_unused_shared_strings(workbook) -> int:
    """Remove shared strings no worksheet cell refers to, renumber the cells; return how many were dropped."""
    package = workbook.package
    part = workbook.related_part("sharedStrings")
    if part is None:
        return 0
    sheet_parts = [s.part for s in workbook.sheets() if s.part and s.kind == "worksheet"]
    references = {part_name: _string_cells(package.xml(part_name)) for part_name in sheet_parts}
    used = {index for cells in references.values() for index, _ in cells}
    entries = trees.kids(package.xml(part), "si")
    out_of_range = [i for i in used if i >= len(entries)]
    if out_of_range:
        raise WorkbookUnreadable(f"a cell refers to shared string {out_of_range[0]}, which does not exist; "
                                 f"open the workbook in your spreadsheet program and save it again")
    if len(used) == len(entries):
        return 0
    renumbered = {}
    for old in sorted(used):
        renumbered[old] = len(renumbered)
    root = package.edit(part)
    for index, entry in enumerate(entries):
        if index not in used:
            _remove_keeping_tail(entry)
    total = 0
    for part_name, cells in references.items():
        moved = [(index, value) for index, value in cells if renumbered[index] != index]
        total += len(cells)
        if moved:
            package.edit(part_name)
            for index, value in moved:
                value.text = str(renumbered[index])
    if root.get("count") is not None:
        root.set("count", str(total))
    trees.set_count(root, "uniqueCount")
    return len(entries) - len(used)


def _string_cells(sheet) -> list[tuple[int, object]]:
    """(shared string index, its <v> element) for every t="s" cell of a worksheet."""
    found = []
    for cell in trees.descendants(sheet, "c"):
        if cell.get("t") != "s":
            continue
        value = trees.kid(cell, "v")
        if value is None or not (value.text or "").strip().isdigit():
            continue
        found.append((int(value.text.strip()), value))
    return found


def _remove_keeping_tail(element) -> None:
    """Remove an element; whitespace after it stays with the previous node."""
    parent = element.getparent()
    if element.tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)
