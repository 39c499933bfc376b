"""`tracker share`: a copy of the tracker for the counselor, without the seeker's private notes.

The copy is the user's package with a few parts edited through `toolkit.xlsx`:
the private cells are emptied (the template says which columns are private;
the reader says where they are in the user's sheet), and their text is
forgotten wherever the package kept a copy of it: shared strings, notes and
threaded comments and hyperlinks on those cells, cached formula results,
pivot, chart and external link caches, and document properties. Text another
cell shows anyway is not a secret and stays. A last search of every part
refuses to write a copy that still holds a secret. Start Here and a fresh
Status sheet say it is a shared copy. The original is only read.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from toolkit.errors import FileChangedMeanwhile, OutputExists, OutputNotWritable, PrivateTextRemains
from toolkit.review.checker import review
from toolkit.review.model import Tracker
from toolkit.review.reader import WORKBOOK_SUFFIXES
from toolkit.review.status_sheet import FILLS, FONTS, put_status
from toolkit.safe_text import counted, shown
from toolkit.workbook.schema import START_HERE, load_template
from toolkit.xlsx import (
    Area,
    CellStyle,
    Package,
    Styles,
    Workbook,
    Worksheet,
    cell_name,
    drop_unused_shared_strings,
    file_state,
    real_path,
    refuse_if_open,
    trees,
    write_file_atomically,
)
from toolkit.xlsx.copies import (
    TextFinder,
    cell_text,
    forget_chart_text,
    forget_external_text,
    forget_formula_results,
    forget_pivot_text,
    forget_property_text,
    recalculate_on_open,
    shared_string_texts,
    where_text_remains,
)
from toolkit.xlsx.notes import remove_cell_notes, remove_hyperlinks
from toolkit.xlsx.sheet import positioned_cells

LAST_ROW = 1_048_576
# A private text this long is forgotten wherever it appears inside a cached text; a shorter one
# ("Yes", "ok") only where it is the whole text, so that unrelated text that happens to contain it stays.
SUBSTRING_LENGTH = 6
BANNER = "Shared copy as of {} — private notes removed"


@dataclass
class ShareResult:
    """What the shared copy left out."""

    output: Path
    banner: str
    cells_emptied: int
    notes_removed: int
    copies_forgotten: int  # cached formula results, pivot and link caches, properties, links

    def describe(self, source: Path) -> str:
        """The lines `tracker share` prints: what was written, what was left out, what to send."""
        notes = f", {counted(self.notes_removed, 'comment')} on them" if self.notes_removed else ""
        copies = f", {counted(self.copies_forgotten, 'copy', 'copies')} of their text elsewhere" if self.copies_forgotten else ""
        return (f"Wrote {shown(self.output)}: {self.banner}. Emptied {counted(self.cells_emptied, 'private cell')}{notes}{copies}; "
                f"everything else is as in {shown(Path(source).name)}. Send {shown(self.output.name)} to your counselor.")


def share(path: Path, output: Path, today: dt.date, force: bool = False) -> ShareResult:
    """Write a copy of the tracker at `path` to `output` with every private cell emptied and a fresh Status sheet."""
    path, output = Path(path), Path(output)
    refuse_if_open(path)
    _refuse_output(path, output, force)
    read_as = file_state(path)
    tracker, report = review(path, today)
    package = Package(path)
    if package.state != read_as:
        raise FileChangedMeanwhile(f"{path} was saved by another program while tracker was reading it; run it again")
    book = Workbook(package)
    shared = shared_string_texts(package, book.related_part("sharedStrings"))
    private = PrivateCells(package, book, tracker, shared)
    secrets = private.secrets(_public_texts(package, book, shared)) if private.texts else {}
    matches = _matcher(secrets)
    forgotten = private.links
    stale_results = sum(forget_formula_results(package, s.part, shared, matches)
                        for s in book.sheets() if s.part and s.kind == "worksheet")
    if stale_results:
        recalculate_on_open(package, book.part)
    forgotten += stale_results + forget_pivot_text(package, matches) + forget_external_text(package, matches)
    forgotten += forget_chart_text(package, matches) + forget_property_text(package, matches)
    banner = BANNER.format(today.isoformat())
    _put_banner(package, book, banner, shared)
    drop_unused_shared_strings(book)
    put_status(package, report, banner)
    _refuse_leftovers(package, path, secrets)
    refuse_if_open(output)
    write_file_atomically(output, package.to_bytes(), keep_mode=False)
    return ShareResult(output, banner, private.emptied, private.notes, forgotten)


def _refuse_output(path: Path, output: Path, force: bool) -> None:
    """OUT must be another file, of the same kind as PATH, and new unless --force (PATH itself is checked later)."""
    if path.suffix.lower() in WORKBOOK_SUFFIXES and output.suffix.lower() != path.suffix.lower():
        raise OutputNotWritable(f"{output} must end in {path.suffix.lower()} like {path.name}, so that spreadsheet "
                                f"programs open it; for example {output.with_suffix(path.suffix.lower()).name}")
    same = real_path(output) == real_path(path)
    if not same and output.exists():
        try:
            same = os.path.samefile(output, path)
        except OSError:
            same = False
    if same:
        raise OutputExists(f"{output} is the tracker itself; give the shared copy another name, for example "
                           f"{path.stem}-shared{path.suffix}")
    if output.is_dir():
        raise OutputNotWritable(f"{output} is a folder; give the path of the copy to write, for example {output / 'shared.xlsx'}")
    if output.exists() and not force:
        raise OutputExists(f"{output} already exists; add --force to replace it, or choose another name")


class PrivateCells:
    """Empties the private cells of every sheet and remembers their text."""

    def __init__(self, package: Package, book: Workbook, tracker: Tracker, shared: list[str]):
        self.texts: dict[str, str] = {}  # private text -> the first cell holding it, as Sheet!A1
        self.emptied = self.notes = self.links = 0
        areas_by_sheet: dict[str, list[Area]] = {}
        for sheet_name, column in load_template().private_columns:
            data = tracker.sheet(sheet_name)
            if not data.present or data.header_row is None:
                continue
            for letter in data.columns_named.get(column.key, ()):
                position = Area.parse(f"{letter}1").first_column
                areas_by_sheet.setdefault(sheet_name, []).append(Area(data.header_row + 1, position, LAST_ROW, position))
        for sheet_name, areas in areas_by_sheet.items():
            entry = book.sheet(sheet_name)
            if entry is None or entry.part is None:
                continue
            self._empty(package, entry.part, sheet_name, areas, shared)

    def _empty(self, package: Package, part: str, sheet_name: str, areas: list[Area], shared: list[str]) -> None:
        refs = []
        for row, column, cell in positioned_cells(package.xml(part)):
            if not any(a.first_row <= row and a.first_column == column for a in areas):
                continue
            text = cell_text(cell, shared)
            if text is not None or cell.find("{*}f") is not None:
                refs.append(cell_name(row, column))
                if text is not None and text.strip():
                    self.texts.setdefault(text.strip(), f"{sheet_name}!{cell_name(row, column)}")
        if refs:
            Worksheet(package, part, sheet_name).empty_cells(refs)
            self.emptied += len(refs)
        self.notes += remove_cell_notes(package, part, areas)
        self.links += remove_hyperlinks(package, part, areas)

    def secrets(self, public: set[str]) -> dict[str, str]:
        """The private texts (-> where one was) that no other cell shows: these must leave no trace."""
        finder = TextFinder(t for t in self.texts if len(t) >= SUBSTRING_LENGTH)
        shown = {text for string in public for text in finder.found_in(string)}
        return {text: where for text, where in self.texts.items() if text not in public and text not in shown}


def _public_texts(package: Package, book: Workbook, shared: list[str]) -> set[str]:
    """What the copy shows anyway: sheet names, and the text of every cell that is neither private nor a formula."""
    texts = {entry.name for entry in book.sheets()}
    for entry in book.sheets():
        if entry.part and entry.kind == "worksheet":
            for cell in trees.descendants(package.xml(entry.part), "c"):
                text = cell_text(cell, shared) if cell.find("{*}f") is None else None
                if text and text.strip():
                    texts.add(text.strip())
    return texts


def _matcher(secrets: dict[str, str]):
    """A test for cached text that repeats a secret."""
    finder = TextFinder(t for t in secrets if len(t) >= SUBSTRING_LENGTH)
    short_texts = {t for t in secrets if len(t) < SUBSTRING_LENGTH}

    def matches(text: str) -> bool:
        return text.strip() in short_texts or bool(finder.found_in(text))

    return matches


def _refuse_leftovers(package: Package, path: Path, secrets: dict[str, str]) -> None:
    """The last check before writing: a secret still found in some part (one share does not clean) stops the copy."""
    leftovers = where_text_remains(package, [t for t in secrets if len(t) >= SUBSTRING_LENGTH])
    if leftovers:
        text, part = next(iter(leftovers.items()))
        raise PrivateTextRemains(f"{path.name}: the private note in {secrets[text]} is also kept in {part}, which "
                                 f"tracker share cannot clean, so no copy was written; remove it there and run again")


def _put_banner(package: Package, book: Workbook, banner: str, shared: list[str]) -> None:
    """Say at the top of Start Here that this is a shared copy: where an earlier copy said so, else in the first
    free cell of the column its text starts in."""
    entry = book.sheet(START_HERE)
    if entry is None or entry.part is None or entry.kind != "worksheet":
        return  # the Status sheet carries the same line
    texts = {(row, column): cell_text(cell, shared) for row, column, cell in positioned_cells(package.xml(entry.part))}
    filled = sorted(at for at, text in texts.items() if text is not None)
    earlier = [at for at in filled if texts[at].startswith(BANNER.split("{}")[0])]
    if earlier:
        row, column = earlier[0]
    else:
        column = filled[0][1] if filled else 0
        taken = {row for row, c in filled if c == column}
        row = next(r for r in range(1, LAST_ROW) if r not in taken)
    ref = cell_name(row, column)
    styles_part = book.related_part("styles")
    style = Styles(package, styles_part).add({"banner": CellStyle(FONTS["bold"], FILLS["info"])})["banner"] if styles_part else None
    sheet = Worksheet(package, entry.part, START_HERE)
    sheet.set_cells({ref: banner})
    if style is not None:
        cell = next(c for r, col, c in positioned_cells(sheet.root) if cell_name(r, col) == ref)
        cell.set("s", str(style))
