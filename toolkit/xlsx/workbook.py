"""The workbook part: sheets found by name, defined names, and worksheets added or replaced.

Sheets are located through workbook.xml and its relationships, whatever the
namespace prefix, dialect (Transitional or Strict) or form of the targets
(absolute or relative). Sheet and defined names compare case-insensitively,
as Excel compares them.
"""

from __future__ import annotations

import datetime as dt
import posixpath
from dataclasses import dataclass
from collections.abc import Callable, Iterable

from toolkit.errors import SheetMissing, WorkbookUnreadable
from toolkit.xlsx import trees
from toolkit.xlsx.docprops import add_sheet_title
from toolkit.xlsx.package import Package
from toolkit.xlsx.sheet import Worksheet

WORKSHEET_CONTENT = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
TABLE_CONTENT = "application/vnd.openxmlformats-officedocument.spreadsheetml.table+xml"
EPOCH_1900 = dt.date(1899, 12, 30)  # day 60 is Excel's phantom 1900-02-29, so real dates count from here
EPOCH_1904 = dt.date(1904, 1, 1)
# CT_Workbook's sequence: definedNames goes after these and before everything else that may follow.
WORKBOOK_ORDER = ("fileVersion", "fileSharing", "workbookPr", "AlternateContent", "revisionPtr", "absPath",
                  "workbookProtection", "bookViews", "sheets", "functionGroups", "externalReferences", "definedNames",
                  "calcPr", "oleSize", "customWorkbookViews", "pivotCaches", "smartTagPr", "smartTagTypes",
                  "webPublishing", "fileRecoveryPr", "webPublishObjects", "extLst")


def epoch_of(workbook_root) -> dt.date:
    """The date system workbook.xml declares (`<workbookPr date1904="1"/>`): the day its serial 0 stands for."""
    settings = trees.kid(workbook_root, "workbookPr")
    flag = (settings.get("date1904") or "").strip().lower() if settings is not None else ""
    return EPOCH_1904 if flag in ("1", "true") else EPOCH_1900


@dataclass(frozen=True)
class SheetEntry:
    """One sheet of the workbook: its name, its part, and how workbook.xml refers to it."""

    name: str
    part: str | None  # None when the relationship points at nothing
    kind: str  # "worksheet", "chartsheet", "dialogsheet", ...
    rel_id: str
    sheet_id: int
    index: int  # position among the workbook's sheets, as localSheetId counts


@dataclass(frozen=True)
class TableEntry:
    """One Table part: its id and names, and the range it covers."""

    part: str
    id: int
    name: str
    display_name: str
    ref: str


class Workbook:
    """The workbook of a package, for looking things up and for adding sheets and names."""

    def __init__(self, package: Package):
        self.package = package
        self.part = package.office_document()
        self.dialect = trees.dialect_of(package.xml(self.part))

    @property
    def root(self):
        """workbook.xml's root element (read-only use)."""
        return self.package.xml(self.part)

    def sheets(self) -> list[SheetEntry]:
        """Every sheet in the workbook's order."""
        rels = {r.id: r for r in self.package.relationships(self.part)}
        container = trees.kid(self.root, "sheets")
        if container is None:
            raise WorkbookUnreadable(f"{self.package.path.name} lists no sheets; open it in your spreadsheet program and save it again")
        found = []
        for index, sheet in enumerate(trees.kids(container, "sheet")):
            rel_id = next((v for k, v in sheet.attrib.items() if trees.local(k) == "id" and k.startswith("{")), "")
            rel = rels.get(rel_id)
            part = self.package.name_of(rel.target) if rel and not rel.external else None
            kind = (trees.rel_kind(rel.type) or rel.type.rpartition("/")[2]) if rel else ""
            found.append(SheetEntry(sheet.get("name", ""), part, kind, rel_id, int(sheet.get("sheetId", "0") or 0), index))
        return found

    def sheet(self, name: str) -> SheetEntry | None:
        """The sheet called `name`, compared case-insensitively; None if there is none."""
        return next((s for s in self.sheets() if s.name.casefold() == name.casefold()), None)

    def worksheet(self, name: str) -> Worksheet:
        """The worksheet called `name` (any case), ready for cell edits; SheetMissing if there is none."""
        entry = self.sheet(name)
        if entry is None or entry.part is None or entry.kind != "worksheet":
            raise SheetMissing(f"{self.package.path.name} has no worksheet named {name}; check the sheet tabs")
        return Worksheet(self.package, entry.part, entry.name)

    @property
    def epoch(self) -> dt.date:
        """The day this workbook's date serial numbers count from: Excel for Mac's 1904 system, or the usual 1900."""
        return epoch_of(self.root)

    def date_serial(self, day: dt.date | dt.datetime) -> float | int:
        """The number Excel stores for a date (or date and time) in this workbook's date system (1900 or 1904)."""
        epoch = self.epoch
        if isinstance(day, dt.datetime):
            return (day - dt.datetime.combine(epoch, dt.time())) / dt.timedelta(days=1)
        return (day - epoch).days

    # -- defined names --------------------------------------------------------------------------

    def defined_names(self) -> dict[str, str]:
        """Workbook-level defined names -> their formula text (names scoped to one sheet are left out)."""
        container = trees.kid(self.root, "definedNames")
        if container is None:
            return {}
        return {d.get("name", ""): (d.text or "") for d in trees.kids(container, "definedName") if d.get("localSheetId") is None}

    def defined_name(self, name: str) -> str | None:
        """The formula text of a workbook-level defined name, found case-insensitively; None if absent."""
        return next((text for key, text in self.defined_names().items() if key.casefold() == name.casefold()), None)

    def set_defined_name(self, name: str, text: str, hidden: bool = False, sheet: SheetEntry | None = None) -> None:
        """Add a defined name (local to `sheet` when given, else workbook-level), or point an existing one at `text`."""
        root = self.package.edit(self.part)
        container = trees.kid(root, "definedNames")
        if container is None:
            container = trees.insert_in_order(root, "definedNames", WORKBOOK_ORDER)
        scope = None if sheet is None else str(sheet.index)
        for element in trees.kids(container, "definedName"):
            if element.get("localSheetId") == scope and element.get("name", "").casefold() == name.casefold():
                element.text = text
                return
        attributes = {"name": name, **({"localSheetId": scope} if scope is not None else {}), **({"hidden": "1"} if hidden else {})}
        element = trees.make(container, "definedName", attributes)
        element.text = text

    # -- parts that hang off the workbook --------------------------------------------------------

    def related_part(self, kind: str) -> str | None:
        """The workbook's part of one kind, such as "styles" or "sharedStrings"; None if it has none."""
        rel = next(iter(self.package.related(self.part, kind)), None)
        return self.package.name_of(rel.target) if rel else None

    def tables(self) -> list[TableEntry]:
        """Every Table part in the package."""
        found = []
        for part in self.package.parts_of_type(TABLE_CONTENT):
            if not self.package.read(part):  # a table being added right now
                continue
            table = self.package.xml(part)
            found.append(TableEntry(part, int(table.get("id", "0") or 0), table.get("name", ""),
                                    table.get("displayName", ""), table.get("ref", "")))
        return found

    def sheet_tables(self, sheet_part: str) -> list[tuple[str, str]]:
        """(table part, relationship id) for each Table on a worksheet."""
        return [(self.package.name_of(r.target), r.id) for r in self.package.related(sheet_part, "table")
                if self.package.name_of(r.target) is not None]

    # -- adding and replacing worksheets ----------------------------------------------------------

    def add_worksheet(self, name: str, xml: str | bytes | None = None) -> SheetEntry:
        """Register a new worksheet named `name` at the end (workbook, rels, content types, app.xml titles)."""
        if self.sheet(name) is not None:
            raise ValueError(f"the workbook already has a sheet named {name}")
        if not 0 < len(name) <= 31 or any(c in name for c in "[]:*?/\\") or name.startswith("'") or name.endswith("'"):
            raise ValueError(f"{name!r} cannot be a sheet name in Excel")
        titles = [s.name for s in self.sheets()]
        folder = posixpath.dirname(self.part)
        part = self.package.free_name(posixpath.join(folder, "worksheets", "sheet{}.xml"))
        self.package.put(part, self.in_dialect(xml) if xml is not None else b"")
        self.package.declare(part, WORKSHEET_CONTENT)
        rel_id = self.package.add_relationship(self.part, self.dialect.rel_type("worksheet"), part)
        root = self.package.edit(self.part)
        sheet_id = max((s.sheet_id for s in self.sheets()), default=0) + 1
        container = trees.kid(root, "sheets")
        # openpyxl declares xmlns:r on each <sheet>, not on the root: declare it on ours too when not in scope.
        in_scope = self.dialect.relationships in container.nsmap.values()
        nsmap = None if in_scope else {"r" if "r" not in container.nsmap else "rel": self.dialect.relationships}
        element = container.makeelement(f"{{{self.dialect.main}}}sheet", nsmap=nsmap)
        element.set("name", name)
        element.set("sheetId", str(sheet_id))
        element.set(f"{{{self.dialect.relationships}}}id", rel_id)
        container.append(element)
        add_sheet_title(self.package, titles, name)
        return self.sheet(name)

    def put_worksheet(self, name: str, xml: str | bytes) -> SheetEntry:
        """Replace the worksheet called `name` with `xml`, or add it at the end if there is none."""
        entry = self.sheet(name)
        if entry is None:
            return self.add_worksheet(name, xml)
        if entry.part is None or entry.kind != "worksheet":
            raise WorkbookUnreadable(f"the sheet {entry.name} is not a worksheet that can be replaced")
        self.package.put(entry.part, self.in_dialect(xml))
        return entry

    def put_worksheet_with_table(self, name: str, sheet_xml: Callable[[str], str | bytes | Iterable[bytes]], table_name: str,
                                 table_xml: Callable[[int, str], str]) -> SheetEntry:
        """Add or replace a worksheet holding one Table.

        `sheet_xml(rel_id)` builds the sheet given its table's relationship id (as text, or as pieces of bytes made
        only as the package is written); `table_xml(id, name)` builds the table given a free id and a free name
        (`table_name`, or `table_name` plus a number).
        """
        entry = self.sheet(name) or self.add_worksheet(name)
        existing = self.sheet_tables(entry.part)
        if existing:
            table_part, rel_id = existing[0]
        else:
            table_part = self.package.free_name(posixpath.join(posixpath.dirname(posixpath.dirname(entry.part)), "tables", "table{}.xml"))
            self.package.put(table_part, b"")
            self.package.declare(table_part, TABLE_CONTENT)
            rel_id = self.package.add_relationship(entry.part, self.dialect.rel_type("table"), table_part)
        table_id, free_name = self.free_table_identity(table_name, table_part)
        made = sheet_xml(rel_id)
        if isinstance(made, (str, bytes)):
            self.package.put(entry.part, self.in_dialect(made))
        else:  # pieces: made again, one at a time, as the package is written
            self.package.put(entry.part, lambda: map(self.in_dialect, sheet_xml(rel_id)))
        self.package.put(table_part, self.in_dialect(table_xml(table_id, free_name)))
        return entry

    def free_table_identity(self, wanted: str, own_part: str | None = None) -> tuple[int, str]:
        """A table id and a name (`wanted`, else `wanted` + 2, 3, ...) that no other table or defined name uses."""
        others = [t for t in self.tables() if t.part != own_part]
        ids = {t.id for t in others}
        names = {n.casefold() for t in others for n in (t.name, t.display_name)}
        names |= {n.casefold() for n in self.defined_names()}
        table_id = 1
        while table_id in ids:
            table_id += 1
        name, number = wanted, 1
        while name.casefold() in names:
            number += 1
            name = f"{wanted}{number}"
        return table_id, name

    def in_dialect(self, xml: str | bytes) -> bytes:
        """Our own Transitional XML, moved to the Strict namespaces when the workbook is Strict."""
        raw = xml.encode("utf-8") if isinstance(xml, str) else xml
        if self.dialect is trees.TRANSITIONAL:
            return raw
        for field in ("main", "relationships"):
            raw = raw.replace(getattr(trees.TRANSITIONAL, field).encode(), getattr(self.dialect, field).encode())
        return raw
