"""docProps/app.xml: the list of sheet titles that file browsers and Excel's properties show."""

from __future__ import annotations

from toolkit.xlsx import trees


def add_sheet_title(package, sheet_names: list[str], title: str) -> None:
    """Append `title` to the heading group in app.xml that lists exactly `sheet_names`.

    The heading's text is localised by Excel ("Worksheets", "Arbeitsblätter"), so the group is found by its
    entries. If no group matches, the part is left as it was: it is informative only.
    """
    rels = package.related("", "extended-properties") or package.related("", "extendedProperties")  # Transitional, Strict
    rel = next(iter(rels), None)
    part = package.name_of(rel.target) if rel else None
    if part is None:
        return
    root = package.xml(part)
    pairs, titles = trees.kid(root, "HeadingPairs"), trees.kid(root, "TitlesOfParts")
    pair_vector = trees.kid(pairs, "vector") if pairs is not None else None
    title_vector = trees.kid(titles, "vector") if titles is not None else None
    if pair_vector is None or title_vector is None:
        return
    counts = [trees.kid(v, "i4") for v in trees.kids(pair_vector, "variant") if trees.kid(v, "i4") is not None]
    entries = trees.kids(title_vector, "lpstr")
    names = [e.text or "" for e in entries]
    offset = 0
    for count_element in counts:
        count = int(count_element.text or 0)
        if names[offset:offset + count] == sheet_names:
            break
        offset += count
    else:
        return
    package.edit(part)
    if count:
        at = title_vector.index(entries[offset + count - 1]) + 1
    else:
        at = title_vector.index(entries[offset]) if offset < len(entries) else len(title_vector)
    new = title_vector.makeelement(entries[0].tag if entries else f"{{{_vtypes(root)}}}lpstr")
    new.text = title
    title_vector.insert(at, new)
    count_element.text = str(count + 1)
    trees.set_count(title_vector, "size")


def _vtypes(root) -> str:
    """The variant-types namespace the part uses (its dialect's, when no entry shows it)."""
    for dialect in trees.DIALECTS:
        if root.nsmap.get("vt") == dialect.variant_types:
            return dialect.variant_types
    return trees.TRANSITIONAL.variant_types
