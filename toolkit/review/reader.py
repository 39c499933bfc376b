"""Read a tracker a person edited: find sheets by name and columns by header.

Values are coerced to what the template says a column holds. Every value
that cannot be coerced becomes a data finding naming its cell; the rest of
the workbook is still read. Failures that make checking impossible raise a
`TrackerError` with one line that says what to do.
"""

from __future__ import annotations

import gc
import zipfile
from dataclasses import dataclass, field
from itertools import chain, compress, count, repeat
from operator import is_, is_not
from pathlib import Path

import numpy as np
import pandas as pd
import python_calamine

from toolkit.errors import HeaderMissing, NotAWorkbook, SheetMissing, WorkbookNotFound, WorkbookUnreadable
from toolkit.review.coerce import SLOW, Coercer, quick_column, to_text
from toolkit.review.findings import Finding
from toolkit.review.names import ADDRESS_BOOK_SUFFIXES, WORKBOOK_SUFFIXES, address_book_message, missing_tracker_message
from toolkit.review.sheet_rows import ErrorValue, SheetRows
from toolkit.review.sheet_rows import columns as sheet_columns
from toolkit.workbook.properties import is_caseload
from toolkit.workbook.schema import SETTING_HEADERS, SETTINGS, Column, Sheet, Template, closest, load_template, normalize_header
from toolkit.xlsx import DAMAGE, check_archive, column_name, read_when_free

# What is imported by now (pandas and numpy: a few hundred thousand objects) lives as long as the process.
# Frozen, the cyclic garbage collector no longer walks all of it in every full collection while a tracker, an
# address book or a mailbox is read: a tenth of check's CPU time on 20,000 interviews, and of an import's.
# Every command that reads a tracker imports this module; only these objects are exempt.
gc.freeze()

HEADER_SEARCH_ROWS = 10
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass
class SheetData:
    """One sheet as read: canonical values, which cells were bad, and where columns are."""

    name: str
    frame: pd.DataFrame  # one column per template header, plus "_row" (Excel row number)
    bad: pd.DataFrame  # True where the cell held a value that could not be read
    letters: dict[str, str | None]  # header -> column letter in the user's sheet (None: missing)
    present: bool = True
    header_row: int | None = None  # the Excel row number of the header row (None: sheet absent)
    columns_named: dict[str, tuple[str, ...]] = field(default_factory=dict)  # header key -> every letter under it

    def cell(self, header: str, row: int) -> str:
        """The A1 address of a header's cell in an Excel row; the first column present if it is missing."""
        return cell_address(self.letters, header, row)


def cell_address(letters: dict[str, str | None], header: str, row: int) -> str:
    """Where a header's cell is in an Excel row; in the first column present if the header's column is missing."""
    letter = letters.get(header) or next((v for v in letters.values() if v), "A")
    return f"{letter}{row}"


def with_bad(sheet: SheetData) -> pd.DataFrame:
    """A sheet's values beside its bad-cell flags, named 'bad:<header>' (concat: both have the reader's index)."""
    return pd.concat([sheet.frame, sheet.bad.add_prefix("bad:")], axis=1)


def records_with_bad(sheet: SheetData, rows=None) -> list[dict]:
    """`records(with_bad(sheet))`, of only the positions `rows` if given, without making the joined frame."""
    frame, bad = (sheet.frame, sheet.bad) if rows is None else (sheet.frame.iloc[rows], sheet.bad.iloc[rows])
    columns = [*frame.columns, *(f"bad:{header}" for header in bad.columns)]
    return [dict(zip(columns, values + flags))
            for values, flags in zip(frame.to_numpy(dtype=object).tolist(), bad.to_numpy(dtype=bool).tolist())]


def column_flags(frame: pd.DataFrame, header: str):
    """A bool column as a NumPy array: masks combined on arrays cost a microsecond where Series cost fifty."""
    return frame[header].to_numpy(dtype=bool)


def bad_flags(sheet: SheetData, header: str) -> pd.Series:
    """True where a column's cell held a value that could not be read (all False for a missing column)."""
    return sheet.bad[header] if header in sheet.bad else pd.Series(False, index=sheet.frame.index)


@dataclass
class TrackerData:
    path: Path
    sheets: dict[str, SheetData]
    settings: dict[str, object]
    findings: list[Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    settings_sheet: bool = True  # False when the workbook has no Settings sheet at all


def open_workbook(path: Path) -> python_calamine.CalamineWorkbook:
    """Open the file with calamine after checking it is a workbook we can read."""
    path = Path(path)
    if not path.exists():
        raise WorkbookNotFound(missing_tracker_message(path))
    if path.is_dir():
        raise NotAWorkbook(f"{path} is a folder; give the path of the tracker's .xlsx file")
    suffix = path.suffix.lower()
    if suffix in ADDRESS_BOOK_SUFFIXES:
        raise NotAWorkbook(address_book_message(path))
    if suffix not in WORKBOOK_SUFFIXES:
        hint = {".xls": "an old Excel file", ".ods": "a LibreOffice file"}.get(suffix, "not an Excel workbook")
        raise NotAWorkbook(f"{path} is {hint}; open it in your spreadsheet program and save it as an Excel workbook (.xlsx)")
    try:
        head, _state = read_when_free(path, 8)
    except OSError as error:
        raise WorkbookUnreadable(f"{path}: cannot read it ({error.strerror}); check its permissions") from error
    if head == OLE_SIGNATURE:
        raise WorkbookUnreadable(f"{path} is password-protected or an old .xls renamed to .xlsx; remove the password, or save it again as .xlsx from your spreadsheet program")
    if not zipfile.is_zipfile(path):
        raise WorkbookUnreadable(f"{path} is not a valid .xlsx file (it may be truncated or damaged); restore a backup, or save it again from your spreadsheet program")
    try:
        with zipfile.ZipFile(path) as archive:
            check_archive(archive, path)
    except (zipfile.BadZipFile, OSError) as error:
        raise WorkbookUnreadable(f"{path} is damaged ({error}); restore a backup, or save it again from your spreadsheet program") from error
    try:
        return python_calamine.CalamineWorkbook.from_path(str(path))
    except Exception as error:  # calamine reports damage with several exception types
        raise unreadable(path, error) from error


def unreadable(path: Path, error: Exception) -> WorkbookUnreadable:
    """Why calamine could not read the file: a part that is not what its zip entry declares says so, else calamine's words.

    (Older python-calamine releases name only the part they were reading, as "sst".)
    """
    in_calamines_words = WorkbookUnreadable(
        f"{path} could not be read ({error}); restore a backup, or save it again from your spreadsheet program")
    try:
        with zipfile.ZipFile(path) as archive:
            for info in archive.infolist():
                with archive.open(info) as stream:  # held to the declared size; the checksum tells a part that is longer
                    while stream.read(1 << 20):
                        pass
    except zipfile.BadZipFile as damage:
        return WorkbookUnreadable(f"{path.name} is not safe to open: a part does not match the size and checksum declared "
                                  f"in its zip entry ({damage}); restore a backup, or save it again from your spreadsheet program")
    except DAMAGE:  # any other damage the package layer knows: the second look has nothing more to say
        return in_calamines_words
    return in_calamines_words


def _find_header_row(rows: list[list], required: tuple[str, ...]) -> int | None:
    wanted = {normalize_header(h) for h in required}
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        seen = {normalize_header(v) for v in row if isinstance(v, str) and v.strip()}
        if wanted <= seen:
            return index
    return None


def _header_problem(path: Path, sheet: Sheet, rows: list[list]) -> HeaderMissing:
    """Name the missing headers, the headers found, and the closest match."""
    best_row, best_hits = 0, -1
    wanted = [normalize_header(h) for h in sheet.required_headers]
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        seen = {normalize_header(v) for v in row if isinstance(v, str)}
        hits = sum(w in seen for w in wanted)
        if hits > best_hits:
            best_row, best_hits = index, hits
    found = [str(v).strip() for v in (rows[best_row] if rows else []) if isinstance(v, str) and v.strip()]
    found_keys = {normalize_header(v): v for v in found}
    missing = [h for h in sheet.required_headers if normalize_header(h) not in found_keys]
    hints = []
    for header in missing:
        # "Interview Date" is what a person means by "Date", though difflib finds them far apart.
        close = closest(header, found) or next((f for f in found if normalize_header(header) in normalize_header(f).split()), None)
        if close:
            hints.append(f"did you mean '{close}'? rename '{close}' to '{header}'")
    advice = "; ".join(hints) if hints else f"add a header row with {', '.join(sheet.required_headers)} in the first {HEADER_SEARCH_ROWS} rows"
    shown = ", ".join(found[:12]) + (" ..." if len(found) > 12 else "") if found else "none"
    return HeaderMissing(
        f"{path.name}: sheet '{sheet.name}' has no column {', '.join(repr(m) for m in missing)} "
        f"(headers found in row {best_row + 1}: {shown}); {advice}"
    )


def _empty_sheet(sheet: Sheet) -> SheetData:
    headers = [c.header for c in sheet.read_columns]
    frame = pd.DataFrame({h: pd.Series(dtype=object) for h in headers} | {"_row": pd.Series(dtype="int64")})
    bad = pd.DataFrame({h: pd.Series(dtype=bool) for h in headers})
    return SheetData(sheet.name, frame, bad, {h: None for h in headers}, present=False)


def read_sheet(path: Path, workbook: SheetRows, sheet: Sheet, template: Template, findings: list[Finding], notes: list[str]) -> SheetData:
    """Read one data sheet of the template from the workbook, a column at a time."""
    chunks, rows = workbook.chunks(sheet.name), []
    for chunk in chunks:  # the first rows, where the headers are looked for, whatever the size of a chunk
        rows += chunk
        if len(rows) >= HEADER_SEARCH_ROWS:
            break
    header_index = _find_header_row(rows, sheet.required_headers)
    if header_index is None:
        raise _header_problem(path, sheet, rows)
    positions: dict[str, int] = {}
    columns_named: dict[str, tuple[str, ...]] = {}
    for index, value in enumerate(rows[header_index]):
        if isinstance(value, str):
            positions.setdefault(normalize_header(value), index)
            columns_named[normalize_header(value)] = columns_named.get(normalize_header(value), ()) + (column_name(index),)
    columns = sheet.read_columns
    letters = {c.header: (column_name(positions[c.key]) if c.key in positions else None) for c in columns}
    for column in columns:
        if letters[column.header] is None:
            notes.append(f"{sheet.name}: no '{column.header}' column, so it reads as blank")

    first_row = header_index + 2  # the Excel row number of the first row below the headers
    raw = sheet_columns(chain([rows[header_index + 1:]], chunks), {c.header: positions.get(c.key) for c in columns})
    size = len(raw[columns[0].header])
    name_column = sheet.person_column

    def contact(at: int) -> str | None:
        name = raw[name_column.header][at] if name_column else None
        return to_text(name) if name not in (None, "") and not isinstance(name, ErrorValue) else None

    problems: list[tuple[int, int, Finding]] = []  # (row, column) first, so findings come row by row as a person reads
    values: dict[str, list] = {}
    bad: dict[str, list[bool]] = {}
    for place, column in enumerate(columns):
        found: list[Finding] = []
        coercer = Coercer(template, sheet.name, found, workbook.epoch)
        letter = letters[column.header] or "A"
        values[column.header] = converted = quick_column(column, template)(raw[column.header])
        bad[column.header] = flags = [False] * size
        for at in list(compress(count(), map(is_, converted, repeat(SLOW)))):  # no Python code per cell
            excel_row = first_row + at
            converted[at], flags[at] = coercer.convert(column, raw[column.header][at], excel_row, f"{letter}{excel_row}", contact(at))
            if found:
                problems.append((at, place, found.pop()))
    # A blank row is no row at all. Found on the lists, not the frame: on a tracker of a hundred rows,
    # pandas' own cost per operation was most of reading it (filtering, re-indexing, a mask per column).
    kept = np.zeros(size, dtype=bool)
    for header in values:
        kept |= np.fromiter(map(is_not, values[header], repeat(None)), bool, size)
        kept |= np.fromiter(bad[header], bool, size)
    at_rows = np.flatnonzero(kept).tolist()
    if len(at_rows) < size:
        values = {header: [cells[at] for at in at_rows] for header, cells in values.items()}
        bad = {header: [cells[at] for at in at_rows] for header, cells in bad.items()}
    for place, column in enumerate(columns):
        if column.required:
            for index in compress(count(), map(_missing, values[column.header], bad[column.header])):
                at = at_rows[index]
                excel_row = first_row + at
                problems.append((at, place, Finding(
                    "data-missing-value", "error", contact(at), sheet.name, excel_row, cell_address(letters, column.header, excel_row),
                    f"{column.header} is required in every row; fill it in or delete the row")))
    frame = pd.DataFrame(values, dtype=object)
    frame["_row"] = np.array(at_rows, dtype="int64") + first_row
    flags = pd.DataFrame(bad, dtype=bool)
    findings.extend(finding for _at, _place, finding in sorted(problems, key=lambda problem: problem[:2]))
    return SheetData(sheet.name, frame, flags, letters, header_row=header_index + 1, columns_named=columns_named)


def _missing(value, is_bad: bool) -> bool:
    """A required cell left blank (a cell that could not be read already has its finding)."""
    return value is None and not is_bad


def no_settings_note(template: Template) -> str:
    """Which rules fall back to the standard settings, and which cannot run without their setting."""
    defaults = [f"{', '.join(s.rules)} ({s.setting} {s.default})" for s in template.settings if s.rules and s.default is not None]
    cannot = [f"{', '.join(s.rules)} cannot run without {s.setting}" for s in template.settings if s.rules and s.default is None]
    return (f"No Settings sheet, so {'; '.join(defaults)} use the standard settings; {'; '.join(cannot)}; "
            "and thank-you drafts have no name to sign with. Add a Settings sheet (`tracker new` makes one) to change them")


def read_settings(workbook: SheetRows, template: Template, findings: list[Finding], notes: list[str]) -> dict[str, object]:
    """Settings by name, with the template's defaults for missing rows, blank or bad values."""
    settings = {s.setting: s.default for s in template.settings}
    if SETTINGS not in workbook.workbook.sheet_names:
        notes.append(no_settings_note(template))
        return settings
    rows = workbook.rows(SETTINGS)
    header_index = _find_header_row(rows, SETTING_HEADERS)
    if header_index is None:
        notes.append("Settings has no 'Setting' and 'Value' headers in its first rows, so the standard settings are used")
        return settings
    positions = {normalize_header(v): i for i, v in reversed(list(enumerate(rows[header_index]))) if isinstance(v, str)}
    name_at, value_at = positions["setting"], positions["value"]
    by_key = {normalize_header(s.setting): s for s in template.settings}
    coercer = Coercer(template, SETTINGS, findings, workbook.epoch)
    for excel_row, row in enumerate(rows[header_index + 1:], start=header_index + 2):
        if name_at >= len(row) or not isinstance(row[name_at], str):
            continue
        setting = by_key.get(normalize_header(row[name_at]))
        if setting is None:
            meant = closest(row[name_at], [s.setting for s in template.settings], cutoff=0.8)
            if meant:  # most likely a typo; any other row is the user's own
                notes.append(f"Settings!{column_name(name_at)}{excel_row} says '{row[name_at].strip()}', which is not a "
                             f"setting, so it is ignored; rename it to '{meant}' to use it")
            continue
        raw = row[value_at] if value_at < len(row) else None
        column = Column(header=setting.setting, type=setting.type, min=setting.min, max=setting.max)
        value, is_bad = coercer.convert(column, raw, excel_row, f"{column_name(value_at)}{excel_row}", None)
        if value is not None:
            settings[setting.setting] = value
    return settings


def read_tracker(path: Path, template: Template | None = None, only: tuple[str, ...] | None = None) -> TrackerData:
    """Read every sheet the checker uses; data problems become findings, not exceptions.

    With `only`, the other sheets are checked to be there but not read (an import needs Contacts alone).
    """
    template = template or load_template()
    path = Path(path)
    workbook = open_workbook(path)
    findings: list[Finding] = []
    notes: list[str] = []
    sheets: dict[str, SheetData] = {}
    names = workbook.sheet_names
    rows = SheetRows(path, workbook)
    try:
        for sheet in template.sheets:
            if sheet.name not in names:
                if sheet.required:
                    if is_caseload(path):
                        raise SheetMissing(f"{path.name} is a caseload written by `tracker summary`, not a tracker; "
                                           "give one of the seekers' trackers instead")
                    close = closest(sheet.name, names)
                    hint = f"rename the sheet '{close}' to '{sheet.name}'" if close else f"add a sheet named '{sheet.name}' (see `tracker new`)"
                    raise SheetMissing(f"{path.name} has no '{sheet.name}' sheet (sheets: {', '.join(names)}); {hint}")
                notes.append(f"No '{sheet.name}' sheet, so it counts as empty")
                sheets[sheet.name] = _empty_sheet(sheet)
                continue
            if only is not None and sheet.name not in only:
                sheets[sheet.name] = _empty_sheet(sheet)
                continue
            sheets[sheet.name] = read_sheet(path, rows, sheet, template, findings, notes)
        settings = read_settings(rows, template, findings, notes)
    except python_calamine.CalamineError as error:
        raise unreadable(path, error) from error
    finally:
        workbook.close()
    return TrackerData(path, sheets, settings, findings, notes, settings_sheet=SETTINGS in names)
