"""Write the Status sheet into the user's workbook without losing anything.

Only the Status worksheet, its relationships and its findings Table are added
or replaced. workbook.xml, its rels, [Content_Types].xml and docProps/app.xml
get string insertions; styles.xml gets a few styles
appended (reused when already there, so a second run changes nothing).
All text goes in as inline strings: a value such as =HYPERLINK(...) from
the user's data is shown as text, never run as a formula.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from toolkit.errors import ForeignStatusSheet, WorkbookUnreadable
from toolkit.findings import Report
from toolkit.package import (
    NS_MAIN,
    NS_REL,
    TABLE_CONTENT,
    TABLE_TYPE,
    WORKSHEET_CONTENT,
    WORKSHEET_TYPE,
    Package,
    add_sheet_title,
    bump_count,
    children,
    insert_before,
    refuse_if_open,
)
from toolkit.reader import column_letter
from toolkit.registry import action_for
from toolkit.schema import STATUS

MARKER_NAME = "TrackerStatusSheet"  # a hidden defined name: this Status sheet is ours to replace
ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

FONTS = {
    "title": '<font><b/><sz val="16"/><color rgb="FF1F4E78"/><name val="Calibri"/><family val="2"/></font>',
    "header": '<font><b/><sz val="11"/><color rgb="FFFFFFFF"/><name val="Calibri"/><family val="2"/></font>',
    "bold": '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font>',
    "link": '<font><u/><sz val="11"/><color rgb="FF0563C1"/><name val="Calibri"/><family val="2"/></font>',
}
FILLS = {
    "header": '<fill><patternFill patternType="solid"><fgColor rgb="FF1F4E78"/><bgColor indexed="64"/></patternFill></fill>',
    "error": '<fill><patternFill patternType="solid"><fgColor rgb="FFF8CBAD"/><bgColor indexed="64"/></patternFill></fill>',
    "warning": '<fill><patternFill patternType="solid"><fgColor rgb="FFFFE699"/><bgColor indexed="64"/></patternFill></fill>',
    "info": '<fill><patternFill patternType="solid"><fgColor rgb="FFDDEBF7"/><bgColor indexed="64"/></patternFill></fill>',
}
STYLES = {  # style name -> (font, fill)
    "title": ("title", None), "header": ("header", "header"), "bold": ("bold", None), "link": ("link", None),
    "error": ("bold", "error"), "warning": ("bold", "warning"), "info": ("bold", "info"),
}
FINDING_HEADERS = ("Severity", "What to do", "Contact", "Message", "Due", "Days overdue", "Where", "Rule")
CONTACT_HEADERS = ("Contact", "Relationship", "Last touch", "Next follow-up due", "Follow-ups (12 months)",
                   "My open promises", "Their open offers", "Thank-you")
FINDINGS_TABLE = "StatusFindings"
OVERVIEW_COLUMN = len(FINDING_HEADERS) + 1  # the contact overview starts after one empty column
MIN_WIDTH, MAX_WIDTH, GAP_WIDTH = 8, 100, 3
OVERVIEW_NOTES = (
    "Every contact at a glance: Last touch is the latest interview, thank-you or follow-up.",
    "Next follow-up due is last touch plus the contact's Follow Up Every (days), else the one on Settings, and never before "
    "Snooze Until is over: the date `tracker remind` puts in the calendar.",
    "It is blank for people not met yet, with an interview coming up, or marked Dormant or Do not contact.",
    "Follow-ups counts Follow-Ups rows in the last 365 days, thank-you notes not counted. "
    "Thank-you says whether every thank-you went out within the Thank-You Window.",
)


def write_status(path: Path, report: Report) -> None:
    """Add or replace the Status sheet in the workbook at `path`, atomically."""
    path = Path(path)
    refuse_if_open(path)
    package = Package(path)
    workbook_part = package.office_document()
    sheets = _sheets(package, workbook_part)
    styles_part = next((target for rel_type, target in package.relationships(workbook_part).values()
                        if rel_type.endswith("/styles")), None)
    style_ids = _ensure_styles(package, styles_part) if styles_part else {}
    if STATUS in sheets:
        if MARKER_NAME not in _defined_names(package, workbook_part):
            raise ForeignStatusSheet(
                f"{path.name} already has a sheet named Status that tracker did not write; rename that sheet and run again")
        sheet_part = sheets[STATUS]
    else:
        sheet_part = _add_sheet(package, workbook_part, list(sheets))
    table_part, table_rel = _findings_table_part(package, sheet_part)
    layout = StatusLayout(report, style_ids)
    package.put(sheet_part, layout.sheet_xml(table_rel))
    package.put(table_part, layout.table_xml(*_table_identity(package, workbook_part, table_part)))
    package.save()


def _sheets(package: Package, workbook_part: str) -> dict[str, str]:
    """Sheet name -> worksheet part name, in the workbook's order."""
    rels = package.relationships(workbook_part)
    found = {}
    for sheet in package.parse(workbook_part).iter(f"{{{NS_MAIN}}}sheet"):
        rel = rels.get(sheet.get(f"{{{NS_REL}}}id"))
        if rel:
            found[sheet.get("name")] = rel[1]
    return found


def _defined_names(package: Package, workbook_part: str) -> set[str]:
    return {d.get("name") for d in package.parse(workbook_part).iter(f"{{{NS_MAIN}}}definedName")}


def _findings_table_part(package: Package, sheet_part: str) -> tuple[str, str]:
    """The table part behind the findings list (reused on later runs) and its relationship id."""
    for rel_id, (rel_type, target) in package.relationships(sheet_part).items():
        if rel_type == TABLE_TYPE:
            return target, rel_id
    table_part = package.free_name(posixpath.join(posixpath.dirname(posixpath.dirname(sheet_part)), "tables", "table{}.xml"))
    package.declare(table_part, TABLE_CONTENT)
    return table_part, package.add_relationship(sheet_part, TABLE_TYPE, table_part)


def _table_identity(package: Package, workbook_part: str, table_part: str) -> tuple[int, str]:
    """An id and a name for the findings table that no other table or defined name uses."""
    types = package.parse("[Content_Types].xml")
    ids, names = set(), {n.lower() for n in _defined_names(package, workbook_part)}
    for override in types.iter():
        part = override.get("PartName", "").lstrip("/")
        if override.get("ContentType") == TABLE_CONTENT and part != table_part and part in package.parts:
            table = package.parse(part)
            ids.add(table.get("id"))
            names.update(str(table.get(key, "")).lower() for key in ("name", "displayName"))
    table_id = 1
    while str(table_id) in ids:
        table_id += 1
    name, number = FINDINGS_TABLE, 1
    while name.lower() in names:
        number += 1
        name = f"{FINDINGS_TABLE}{number}"
    return table_id, name


def _prefix(xml: str, element: str) -> str:
    match = re.search(rf"<(\w+:)?{element}\b", xml)
    return match.group(1) or "" if match else ""


def _with_prefix(fragment: str, prefix: str) -> str:
    return re.sub(r"<(/?)(\w)", lambda m: f"<{m.group(1)}{prefix}{m.group(2)}", fragment) if prefix else fragment


def _ensure(xml: str, element: str, child: str, fragment: str, prefix: str) -> tuple[str, int]:
    """Index of `fragment` among <element>'s children, appending it if it is not there yet."""
    fragment = _with_prefix(fragment, prefix)
    items, block = children(xml, element, child)
    if block is None:
        raise WorkbookUnreadable(f"the workbook's styles have no <{element}>; open it in Excel and save it again")
    if fragment in items:
        return xml, items.index(fragment)
    xml = insert_before(xml, rf"</{prefix}{element}>", fragment)
    xml = bump_count(xml, element, len(items) + 1)
    return xml, len(items)


def _ensure_styles(package: Package, styles_part: str) -> dict[str, int]:
    xml = package.text(styles_part)
    original = xml
    prefix = _prefix(xml, "styleSheet")
    font_ids, fill_ids, style_ids = {}, {}, {}
    for name, fragment in FONTS.items():
        xml, font_ids[name] = _ensure(xml, "fonts", "font", fragment, prefix)
    for name, fragment in FILLS.items():
        xml, fill_ids[name] = _ensure(xml, "fills", "fill", fragment, prefix)
    for name, (font, fill) in STYLES.items():
        fill_attrs = f' fillId="{fill_ids[fill]}" applyFill="1"' if fill else ' fillId="0"'
        xf = f'<xf numFmtId="0" fontId="{font_ids[font]}"{fill_attrs} borderId="0" xfId="0" applyFont="1"/>'
        xml, style_ids[name] = _ensure(xml, "cellXfs", "xf", xf, prefix)
    if xml != original:
        package.put(styles_part, xml)
    return style_ids


def _add_sheet(package: Package, workbook_part: str, sheet_names: list[str]) -> str:
    """Register a new worksheet part at the end of the workbook; return its part name."""
    part = package.free_name(posixpath.join(posixpath.dirname(workbook_part), "worksheets", "sheet{}.xml"))
    package.declare(part, WORKSHEET_CONTENT)
    rel_id = package.add_relationship(workbook_part, WORKSHEET_TYPE, part)
    sheet_ids = [int(s.get("sheetId", "0")) for s in package.parse(workbook_part).iter(f"{{{NS_MAIN}}}sheet")]
    sheet_id = max(sheet_ids, default=0) + 1

    xml = package.text(workbook_part)
    prefix = _prefix(xml, "workbook")
    rel_prefix = re.search(rf'xmlns:(\w+)="{re.escape(NS_REL)}"', xml)
    if rel_prefix:
        rel_attr = f"{rel_prefix.group(1)}:id"
    else:
        rel_attr = "r:id"
        xml = re.sub(rf"<{prefix}workbook\b", f'<{prefix}workbook xmlns:r="{NS_REL}"', xml, count=1)
    xml = insert_before(xml, rf"</{prefix}sheets>", f'<{prefix}sheet name="{STATUS}" sheetId="{sheet_id}" {rel_attr}="{rel_id}"/>')
    marker = f'<{prefix}definedName name="{MARKER_NAME}" hidden="1">{STATUS}!$A$1</{prefix}definedName>'
    if re.search(rf"</{prefix}definedNames>", xml):
        xml = insert_before(xml, rf"</{prefix}definedNames>", marker)
    else:
        # definedNames must follow sheets and any functionGroups / externalReferences.
        anchors = list(re.finditer(rf"</{prefix}(?:externalReferences|functionGroups|sheets)>", xml))
        at = anchors[-1].end()
        xml = xml[:at] + f"<{prefix}definedNames>{marker}</{prefix}definedNames>" + xml[at:]
    package.put(workbook_part, xml)

    app_part = next((target for rel_type, target in package.relationships("").values()
                     if rel_type.endswith("/extended-properties")), None)
    if app_part in package.parts:
        package.put(app_part, add_sheet_title(package.text(app_part), sheet_names, STATUS))
    return part


def _text(value) -> str:
    return ILLEGAL_XML.sub("", "" if value is None else str(value))


class _Sheet:
    """Accumulates rows of cells for the Status worksheet XML."""

    def __init__(self, style_ids: dict[str, int]):
        self.style_ids = style_ids
        self.rows: list[str] = []
        self.links: list[str] = []
        self.row = 0

    def add(self, values, style: str | None = None, styles: dict[int, str] | None = None, links: dict[int, str] | None = None) -> int:
        self.row += 1
        cells = []
        for index, value in enumerate(values):
            if value is None or value == "":
                continue
            ref = f"{column_letter(index)}{self.row}"
            name = (styles or {}).get(index, style)
            s = f' s="{self.style_ids[name]}"' if name in self.style_ids else ""
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                cells.append(f'<c r="{ref}" t="inlineStr"{s}><is><t xml:space="preserve">{escape(_text(value))}</t></is></c>')
            else:
                cells.append(f'<c r="{ref}"{s}><v>{value}</v></c>')
            if links and index in links:
                self.links.append(f'<hyperlink ref="{ref}" location={quoteattr(links[index])} display={quoteattr(_text(value))}/>')
        self.rows.append(f'<row r="{self.row}">{"".join(cells)}</row>')
        return self.row

    def skip(self) -> None:
        self.row += 1


def _link(sheet: str, cell: str | None) -> str:
    return f"'{sheet.replace(chr(39), chr(39) * 2)}'!{cell or 'A1'}"


class StatusLayout:
    """The Status sheet for one report: who and when, counts, findings as a Table, and beside them every contact."""

    def __init__(self, report: Report, style_ids: dict[str, int]):
        sheet = _Sheet(style_ids)
        counts = report.counts()
        sheet.add(["Tracker status"], style="title")
        who = report.seeker or "(add Your Name on the Settings sheet to show it here)"
        sheet.add([f"{who}, as of {report.today.isoformat()}"], style="bold")
        sheet.add(["Written by `tracker check`, which replaces this sheet each time: make your changes on the other sheets."])
        sheet.add(["Errors", counts["error"], "Warnings", counts["warning"], "Info", counts["info"]],
                  styles={0: "bold", 2: "bold", 4: "bold"})
        sheet.add(["What needs attention, most urgent first"] + [""] * OVERVIEW_COLUMN + ["Every contact at a glance"], style="bold")
        self.header_row = sheet.add(list(FINDING_HEADERS) + [""] + list(CONTACT_HEADERS), style="header")
        findings = [self._finding_cells(f) for f in report.findings] or [(["", "", "", "Nothing is slipping."], {}, {})]
        contacts = [self._contact_cells(c) for c in report.contacts]
        self.width_of: dict[int, int] = {}
        self._measure(FINDING_HEADERS, 0)
        self._measure(CONTACT_HEADERS, OVERVIEW_COLUMN)
        for index in range(max(len(findings), len(contacts))):
            values, styles, links = findings[index] if index < len(findings) else ([], {}, {})
            values = list(values) + [""] * (OVERVIEW_COLUMN - len(values))
            if index < len(contacts):
                contact_values, contact_styles, contact_links = contacts[index]
                values += contact_values
                styles = {**styles, **{OVERVIEW_COLUMN + k: v for k, v in contact_styles.items()}}
                links = {**links, **{OVERVIEW_COLUMN + k: v for k, v in contact_links.items()}}
            self._measure(values, 0)
            row = sheet.add(values, styles=styles, links=links)
            if index < len(findings):
                self.last_finding_row = row  # a Table needs at least one row below its header
        sheet.skip()
        for line in OVERVIEW_NOTES:
            sheet.add([line])
        self.sheet = sheet
        self.last_col = column_letter(len(FINDING_HEADERS) - 1)
        self.table_ref = f"A{self.header_row}:{self.last_col}{self.last_finding_row}"

    @staticmethod
    def _finding_cells(finding) -> tuple[list, dict, dict]:
        values = [finding.severity, action_for(finding.rule), finding.contact, finding.message,
                  finding.due.isoformat() if finding.due else None, finding.days_overdue, finding.location, finding.rule]
        return values, {0: finding.severity, 6: "link"}, {6: _link(finding.sheet, finding.cell)}

    @staticmethod
    def _contact_cells(contact) -> tuple[list, dict, dict]:
        values = [contact.name, contact.relationship, contact.last_touch.isoformat() if contact.last_touch else None,
                  contact.next_follow_up.isoformat() if contact.next_follow_up else None, contact.follow_ups_last_year,
                  contact.my_open_promises, contact.their_open_offers, contact.thank_you]
        return values, {0: "link"}, {0: _link("Contacts", f"A{contact.row}")}

    def _measure(self, values, first: int) -> None:
        """Widen each column to its longest value (in characters), so nothing is cut off."""
        for index, value in enumerate(values, start=first):
            if value not in (None, ""):
                self.width_of[index] = max(self.width_of.get(index, 0), len(_text(value)))

    def _cols(self) -> str:
        widths = {index: min(MAX_WIDTH, max(MIN_WIDTH, chars + 2)) for index, chars in self.width_of.items()}
        widths[OVERVIEW_COLUMN - 1] = GAP_WIDTH
        return "".join(f'<col min="{i + 1}" max="{i + 1}" width="{w}" customWidth="1"/>' for i, w in sorted(widths.items()))

    def sheet_xml(self, table_rel: str) -> str:
        """The worksheet part; `table_rel` is the relationship id of the findings table."""
        sheet = self.sheet
        hyperlinks = f"<hyperlinks>{''.join(sheet.links)}</hyperlinks>" if sheet.links else ""
        last_col = column_letter(OVERVIEW_COLUMN + len(CONTACT_HEADERS) - 1)
        return (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<worksheet xmlns="{NS_MAIN}" xmlns:r="{NS_REL}">'
            '<sheetPr><tabColor rgb="FF1F4E78"/><pageSetUpPr fitToPage="1"/></sheetPr>'
            f'<dimension ref="A1:{last_col}{max(sheet.row, 1)}"/>'
            f'<sheetViews><sheetView workbookViewId="0"><pane ySplit="{self.header_row}" '
            f'topLeftCell="A{self.header_row + 1}" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>'
            '<sheetFormatPr defaultRowHeight="15"/>'
            f"<cols>{self._cols()}</cols>"
            f"<sheetData>{''.join(sheet.rows)}</sheetData>"
            f"{hyperlinks}"
            # On paper: landscape, one page wide, as many pages tall as the findings need.
            '<pageMargins left="0.4" right="0.4" top="0.6" bottom="0.6" header="0.3" footer="0.3"/>'
            '<pageSetup orientation="landscape" fitToWidth="1" fitToHeight="0"/>'
            f'<tableParts count="1"><tablePart r:id="{table_rel}"/></tableParts>'
            "</worksheet>"
        )

    def table_xml(self, table_id: int, name: str) -> str:
        """The table part that makes the findings list a filterable Excel Table."""
        columns = "".join(f'<tableColumn id="{i + 1}" name={quoteattr(h)}/>' for i, h in enumerate(FINDING_HEADERS))
        return (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<table xmlns="{NS_MAIN}" id="{table_id}" name="{name}" displayName="{name}" ref="{self.table_ref}" totalsRowShown="0">'
            f'<autoFilter ref="{self.table_ref}"/>'
            f'<tableColumns count="{len(FINDING_HEADERS)}">{columns}</tableColumns>'
            '<tableStyleInfo name="TableStyleLight1" showFirstColumn="0" showLastColumn="0" showRowStripes="1" showColumnStripes="0"/>'
            "</table>"
        )
