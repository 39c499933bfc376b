"""What hangs on a cell besides its value: notes (legacy comments and their VML shapes),
threaded comments and hyperlinks. Removing them for a set of cells leaves every other
cell's notes, links and their parts as they were.
"""

from __future__ import annotations

from toolkit.xlsx import trees
from toolkit.xlsx.cells import CELL_RANGE, Area, cell_name
from toolkit.xlsx.package import rels_part
from toolkit.xlsx.strings import _remove_keeping_tail as _remove


def remove_cell_notes(package, sheet_part: str, areas: list[Area]) -> int:
    """Remove the notes and threaded comments on the cells of `areas` of a worksheet; return how many."""
    removed = 0
    for kind in ("comments", "threadedComment"):
        for rel in package.related(sheet_part, kind):
            part = package.name_of(rel.target)
            if part is not None:
                removed += _remove_by_ref(package, part, "comment" if kind == "comments" else "threadedComment", areas)
    for rel in package.related(sheet_part, "vmlDrawing"):
        part = package.name_of(rel.target)
        if part is not None:
            _remove_note_shapes(package, part, areas)
    return removed


def remove_hyperlinks(package, sheet_part: str, areas: list[Area]) -> int:
    """Remove the hyperlinks that cover any cell of `areas`, and their relationships; return how many."""
    root = package.xml(sheet_part)
    container = trees.kid(root, "hyperlinks")
    doomed = [h for h in trees.kids(container, "hyperlink")] if container is not None else []
    doomed = [h for h in doomed if _touches(h.get("ref", ""), areas)]
    if not doomed:
        return 0
    package.edit(sheet_part)
    rel_ids = [v for h in doomed for k, v in h.attrib.items() if k.startswith("{") and trees.local(k) == "id"]
    for link in doomed:
        _remove(link)
    if not trees.kids(container, "hyperlink"):
        _remove(container)  # an empty <hyperlinks> is not valid
    if rel_ids:
        drop_relationships(package, sheet_part, set(rel_ids))
    return len(doomed)


def drop_relationships(package, source: str, rel_ids: set[str]) -> None:
    """Remove relationships of a part by id (the parts they point at stay)."""
    name = package.name_of(rels_part(source))
    if name is None:
        return
    root = package.xml(name)
    doomed = [r for r in root if trees.is_element(r) and r.get("Id") in rel_ids]
    if doomed:
        package.edit(name)
        for rel in doomed:
            _remove(rel)


def _touches(ref: str, areas: list[Area]) -> bool:
    """A cell or range reference overlaps one of the areas."""
    for piece in ref.replace("$", "").split():
        if CELL_RANGE.match(piece):
            area = Area.parse(piece)
            if any(area.first_row <= a.last_row and a.first_row <= area.last_row and area.first_column <= a.last_column
                   and a.first_column <= area.last_column for a in areas):
                return True
    return False


def _remove_by_ref(package, part: str, element_name: str, areas: list[Area]) -> int:
    root = package.xml(part)
    doomed = [e for e in root.iter() if trees.is_element(e) and trees.local(e) == element_name and _touches(e.get("ref", ""), areas)]
    if doomed:
        package.edit(part)
        for element in doomed:
            _remove(element)
    return len(doomed)


def _remove_note_shapes(package, part: str, areas: list[Area]) -> None:
    """Remove the VML shapes that draw a note on one of the positions (x:Row and x:Column count from 0)."""
    root = package.xml(part)
    doomed = []
    for data in (e for e in root.iter() if trees.is_element(e) and trees.local(e) == "ClientData"):
        if data.get("ObjectType") != "Note":
            continue
        row, column = trees.kid(data, "Row"), trees.kid(data, "Column")
        if row is None or column is None or not (row.text or "").strip().isdigit() or not (column.text or "").strip().isdigit():
            continue
        if _touches(cell_name(int(row.text) + 1, int(column.text)), areas) and data.getparent() is not None:
            doomed.append(data.getparent())
    if doomed:
        package.edit(part)
        for shape in doomed:
            _remove(shape)
