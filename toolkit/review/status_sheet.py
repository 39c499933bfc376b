"""Write the Status sheet into the user's workbook without losing anything.

This module holds the Status layout and the rules for when the sheet is
ours to replace; every edit of the package goes through `toolkit.xlsx`.
Only the Status worksheet, its relationships and its findings Table are added
or replaced; workbook.xml, its rels, [Content_Types].xml and docProps/app.xml
get entries; styles.xml gets a few styles appended (reused when already there,
so a second run changes nothing).
All text goes in as inline strings: a value such as =HYPERLINK(...) from
the user's data is shown as text, never run as a formula. The one formula is
ours: the link from a finding to the note it owes (`NoteLinks`).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from toolkit.errors import ForeignStatusSheet
from toolkit.review.findings import Report
from toolkit.review.rules import action_for  # through rules.py, so every rule is registered before it is looked up
from toolkit.safe_text import counted
from toolkit.workbook.page_layout import LIBREOFFICE_PIXELS, MARGINS, PrintFit, column_pixels, print_fit, printable_pixels
from toolkit.workbook.schema import STATUS
from toolkit.workbook.sheet_grid import NARROWEST, Grid, hyperlinks, merge_cells
from toolkit.xlsx import CellStyle, FileState, Package, Styles, Workbook, column_name, sheet_of_reference, xml_text
from toolkit.xlsx.trees import TRANSITIONAL
from toolkit.xlsx.userfile import refuse_if_open, refuse_if_unwritable

NS_MAIN = TRANSITIONAL.main
NS_REL = TRANSITIONAL.relationships
PRINT_TITLES = "_xlnm.Print_Titles"  # Excel's name for the rows repeated on every printed page
MARKER_NAME = "TrackerStatusSheet"  # a hidden defined name: this Status sheet is ours to replace

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
# Text wraps inside its column (rows are made as tall as it needs); numbers sit at the left, under their headers.
ALIGNMENTS = {"wrap": '<alignment vertical="top" wrapText="1"/>', "number": '<alignment horizontal="left" vertical="top"/>'}
STYLES = {  # style name -> (font, fill, alignment)
    "title": ("title", None, None), "header": ("header", "header", "wrap"), "bold": ("bold", None, "wrap"),
    "link": ("link", None, "wrap"), "text": (None, None, "wrap"), "number": (None, None, "number"),
    "count": ("bold", None, "number"),
    "error": ("bold", "error", "wrap"), "warning": ("bold", "warning", "wrap"), "info": ("bold", "info", "wrap"),
}
FINDING_HEADERS = ("Severity", "What to do", "Contact", "Message", "Due", "Days overdue", "Where", "Rule")
CONTACT_HEADERS = ("Contact", "Relationship", "Last touch", "Next follow-up due", "Follow-ups (12 months)",
                   "My open promises", "Their open offers", "Thank-you")
FINDINGS_TABLE = "StatusFindings"
OVERVIEW_COLUMN = len(FINDING_HEADERS) + 1  # the contact overview starts after one empty column
MESSAGE_COLUMN = FINDING_HEADERS.index("Message")
ACROSS = len(FINDING_HEADERS)  # a sentence on the left spans the findings' columns
# Widest a column grows to fit its text, in characters; longer text wraps. The Message column takes the room left.
WIDEST = {"Severity": 14, "What to do": 22, "Contact": 22, "Due": 12, "Days overdue": 14, "Where": 16, "Rule": 25}
WIDEST_OTHER, GAP_WIDTH, PADDING = 30, 3, 2
NARROWEST_MESSAGE = 36
# The findings (with what you're learning below them) print on pages of their own at this scale or larger,
# and the contact overview on the pages after them: a page break stands between the two.
FINDINGS_PRINT_SCALE = 75
TITLE_HEIGHT = 22  # points: the 16-point title
OVERVIEW_NOTES = (
    "Every contact at a glance: Last touch is the latest interview, thank-you or follow-up.",
    "Next follow-up due is last touch plus the contact's Follow Up Every (days), else the one on Settings, and never before "
    "Snooze Until is over: the date `tracker remind` puts in the calendar.",
    "It is blank for people not met yet, with an interview coming up, or marked Dormant or Do not contact.",
    "Follow-ups counts Follow-Ups rows in the last 365 days, thank-you notes not counted. "
    "Thank-you says whether every thank-you went out within the Thank-You Window.",
)


def write_status(path: Path, report: Report, read_as: FileState | None = None, notes: NoteLinks | None = None) -> None:
    """Add or replace the Status sheet in the workbook at `path`, atomically.

    `read_as` is the file's state when the report was read: if another program saved it since, nothing is written.
    `notes` links findings that owe a note to it (see `NoteLinks`).
    """
    path = Path(path)
    refuse_if_open(path)
    refuse_if_unwritable(path)
    package = Package(path)
    put_status(package, report, notes=notes)
    package.save(read_as)


def put_status(package: Package, report: Report, banner: str | None = None, notes: NoteLinks | None = None) -> None:
    """Add or replace the Status sheet in an open package; `banner` is a line shown under the title."""
    book = Workbook(package)
    _refuse_foreign_status(book, package.path)
    styles_part = book.related_part("styles")
    style_ids = Styles(package, styles_part).add(_cell_styles()) if styles_part else {}
    layout = StatusLayout(report, style_ids, banner, notes)
    entry = book.put_worksheet_with_table(STATUS, layout.sheet_pieces, FINDINGS_TABLE, layout.table_xml)
    if sheet_of_reference(book.defined_name(MARKER_NAME) or "") != entry.name:
        book.set_defined_name(MARKER_NAME, f"{STATUS}!$A$1", hidden=True)
    # On paper every page repeats the header row of the findings and the contact overview.
    book.set_defined_name(PRINT_TITLES, f"{STATUS}!${layout.header_row}:${layout.header_row}", sheet=book.sheet(STATUS))


def _cell_styles() -> dict[str, CellStyle]:
    return {name: CellStyle(FONTS[font] if font else None, FILLS[fill] if fill else None, alignment=ALIGNMENTS.get(align))
            for name, (font, fill, align) in STYLES.items()}


def _refuse_foreign_status(book: Workbook, path: Path) -> None:
    """A sheet named Status (in any case) is replaced only when the hidden marker name points at it."""
    sheet = book.sheet(STATUS)
    if sheet is None:
        return
    marker = book.defined_name(MARKER_NAME)
    pointed = sheet_of_reference(marker) if marker is not None else None
    if pointed is not None and pointed.casefold() == sheet.name.casefold():
        return
    if marker is None:
        why = "that tracker did not write"
    elif pointed is None:
        why = "but the tracker's own Status sheet was deleted (its hidden marker says #REF!)"
    elif book.sheet(pointed) is not None:
        why = f"but the tracker's Status sheet is the one now called '{pointed}'"
    else:
        why = f"but the tracker's marker points at a sheet '{pointed}'"
    raise ForeignStatusSheet(f"{path.name} already has a sheet named {sheet.name} {why}; rename your sheet "
                             f"(or delete it if it is an old Status) and run again")


def _text(value) -> str:
    return xml_text(value)


# ------------------------------------------------------------ links to the notes owed
# The notes are drafted above this layer (`toolkit.notes.links` makes the mapping, the CLI passes it in):
# {(rule, sheet, row) of a finding: a link}, a relative path to its draft or a mailto: URL. The finding's
# "What to do" cell opens it, through a HYPERLINK formula whose link we made (never one from the data).
NoteLinks = Mapping[tuple[str, str, int], str]
HYPERLINK_LIMIT = 255  # Excel refuses a longer text in a formula


@dataclass(frozen=True)
class NoteLink:
    target: str
    text: str

    def __str__(self) -> str:
        return self.text

    def cell(self, ref: str, style: str) -> str:
        """The cell's XML: a HYPERLINK formula and its cached text (the grid asks a value for its own cell)."""
        quoted, shown = _link_text(self.text)
        return f'<c r="{ref}" t="str"{style}><f>HYPERLINK("{escape(self.target.replace(chr(34), chr(34) * 2))}","{quoted}")</f><v>{shown}</v></c>'


@lru_cache(maxsize=64)
def _link_text(text: str) -> tuple[str, str]:
    """A link's text as its formula quotes it and as its cached value shows it, escaped: a few texts, thousands of links."""
    safe = _text(text)
    return escape(safe.replace('"', '""')), escape(safe)


def _link(sheet: str, cell: str | None) -> str:
    return f"'{sheet.replace(chr(39), chr(39) * 2)}'!{cell or 'A1'}"


def days_overdue_shown(days: int | None):
    """Days overdue as the Status sheet shows it: a count once overdue; what is not yet due says when it is."""
    if days is None:
        return None
    if days > 0:
        return days
    return "due today" if days == 0 else f"due in {counted(-days, 'day')}"


def _question_rows(sheet: Grid, lines, spans: dict[int, int], answers: bool = False) -> None:
    """A row per question (and its answer, in column 4): where it is, linked, who can answer, the question."""
    if lines:
        values = {0: [f"Row {line.row}" for line in lines], 1: [line.contact for line in lines], 2: [line.question for line in lines]}
        if answers:
            values[4] = [line.answer for line in lines]
        sheet.columns(len(lines), values, {0: "link"}, {0: [_link("Questions", line.cell) for line in lines]}, spans)


class StatusLayout:
    """The Status sheet for one report: who and when, counts, findings as a Table, and beside them every contact."""

    def __init__(self, report: Report, style_ids: dict[str, int], banner: str | None = None, notes: NoteLinks | None = None):
        sheet = Grid(style_ids)
        self.notes = notes or {}
        counts = report.counts()
        sheet.heights[sheet.line("Tracker status", "title", span=ACROSS)] = TITLE_HEIGHT
        if banner:
            sheet.line(banner, "error", span=ACROSS)
        who = report.seeker or "(add Your Name on the Settings sheet to show it here)"
        sheet.line(f"{who}, as of {report.today.isoformat()}", "bold", span=ACROSS)
        sheet.line("Written by `tracker check`, which replaces this sheet each time: make your changes on the other sheets.", span=ACROSS)
        sheet.add(["Errors", counts["error"], "Warnings", counts["warning"], "Info", counts["info"]],
                  styles={0: "bold", 1: "count", 2: "bold", 3: "count", 4: "bold", 5: "count"})
        sheet.add(["What needs attention, most urgent first"] + [""] * (OVERVIEW_COLUMN - 1) + ["Every contact at a glance"], style="bold",
                  spans={0: len(FINDING_HEADERS), OVERVIEW_COLUMN: len(CONTACT_HEADERS)})
        self.header_row = sheet.add(list(FINDING_HEADERS) + [""] + list(CONTACT_HEADERS), style="header")
        values, styles, links = self._finding_columns(report.findings)
        contacts = report.contacts
        values.update((OVERVIEW_COLUMN + i, list(column)) for i, column in enumerate(zip(*map(self._contact_values, contacts))))
        if contacts:
            styles[OVERVIEW_COLUMN], links[OVERVIEW_COLUMN] = "link", [_link("Contacts", f"A{c.row}") for c in contacts]
        first = sheet.columns(max(len(report.findings), 1, len(contacts)), values, styles, links)
        self.last_finding_row = first + max(len(report.findings), 1) - 1  # a Table needs at least one row below its header
        # What the overview's columns mean, right below it (not below the findings, which may run on for pages).
        below = self.header_row + len(contacts) + 1
        for offset, line in enumerate(OVERVIEW_NOTES, start=1):
            sheet.put(below + offset, [line], "text", spans={OVERVIEW_COLUMN: len(CONTACT_HEADERS)}, first=OVERVIEW_COLUMN)
        self._what_you_are_learning(sheet, report.learning)
        self.sheet = sheet
        self.widths = self._widths()
        self.last_col = column_name(len(FINDING_HEADERS) - 1)
        self.table_ref = f"A{self.header_row}:{self.last_col}{self.last_finding_row}"

    def _finding_columns(self, findings) -> tuple[dict, dict, dict]:
        """The findings a column at a time: ({column: values}, {column: style or styles}, {column: links})."""
        if not findings:
            return {MESSAGE_COLUMN: ["Nothing is slipping."]}, {}, {}
        actions, action_styles = [action_for(f.rule) for f in findings], [None] * len(findings)
        for index, finding in enumerate(findings if self.notes else ()):
            note = self.notes.get((finding.rule, finding.sheet, finding.row))
            if note and len(note) <= HYPERLINK_LIMIT:  # "What to do" opens the note owed
                actions[index], action_styles[index] = NoteLink(note, actions[index]), "link"
        severities = [f.severity for f in findings]
        values = {0: severities, 1: actions, 2: [f.contact for f in findings], 3: [f.message for f in findings],
                  4: [f.due.isoformat() if f.due else None for f in findings],
                  5: [days_overdue_shown(f.days_overdue) for f in findings], 6: [f.location for f in findings],
                  7: [f.rule for f in findings]}
        return values, {0: severities, 1: action_styles, 6: "link"}, {6: [_link(f.sheet, f.cell) for f in findings]}

    @staticmethod
    def _contact_values(contact) -> tuple:
        return (contact.name, contact.relationship, contact.last_touch.isoformat() if contact.last_touch else None,
                contact.next_follow_up.isoformat() if contact.next_follow_up else None, contact.follow_ups_last_year,
                contact.my_open_promises, contact.their_open_offers, contact.thank_you)

    def _widths(self) -> dict[int, float]:
        """Every column as wide as its longest text (headers included), up to a limit past which text wraps.

        The Message column takes the room the others leave on a page printed at FINDINGS_PRINT_SCALE.
        """
        headers = {**dict(enumerate(FINDING_HEADERS)), **{OVERVIEW_COLUMN + i: h for i, h in enumerate(CONTACT_HEADERS)}}
        widths = {}
        for column, chars in self.sheet.natural_widths().items():
            widest = WIDEST.get(headers.get(column), WIDEST_OTHER) if column != MESSAGE_COLUMN else chars + PADDING
            widths[column] = max(NARROWEST, min(widest, chars + PADDING), len(headers.get(column, "")) + PADDING)
        widths[OVERVIEW_COLUMN - 1] = GAP_WIDTH
        room = printable_pixels() * 100 / FINDINGS_PRINT_SCALE
        others = sum(column_pixels(widths.get(c, NARROWEST)) for c in range(OVERVIEW_COLUMN) if c != MESSAGE_COLUMN)
        left = (room - others) / LIBREOFFICE_PIXELS
        widths[MESSAGE_COLUMN] = max(NARROWEST_MESSAGE, min(widths.get(MESSAGE_COLUMN, NARROWEST), int(left)))
        return widths

    def _cols(self) -> str:
        return "".join(f'<col min="{i + 1}" max="{i + 1}" width="{w}" customWidth="1"/>' for i, w in sorted(self.widths.items()))

    def print_fit(self) -> PrintFit:
        """One page wide if it all fits at 8 points; else the findings, then the overview, each on pages of their own."""
        widths = [self.widths.get(c, NARROWEST) for c in range(OVERVIEW_COLUMN + len(CONTACT_HEADERS))]
        fit = print_fit(widths)
        return fit if fit.scale is None else print_fit(widths, breaks=(OVERVIEW_COLUMN,))

    @staticmethod
    def _what_you_are_learning(sheet: Grid, learning) -> None:
        """Open questions, surprising answers, and per Industry the conversations held and Still Interested tallies."""
        if learning is None:
            return
        sheet.skip()
        sheet.line("What you're learning", "bold", span=ACROSS)
        sheet.line("Questions still open: no Answer yet on the Questions sheet. Answers that surprised you: Surprised? is Yes. "
                   "By industry: your held conversations with people in each Industry, and how often you came out Still Interested.", span=ACROSS)
        sheet.add(["Where", "Who can answer", "Question still open"], style="header", spans={2: ACROSS - 2})
        _question_rows(sheet, learning.open_questions, {2: ACROSS - 2})
        if not learning.open_questions:
            sheet.add(["", "", "Every question you wrote down has an answer."], spans={2: ACROSS - 2})
        sheet.skip()
        # The question across Contact and Message, the answer across the four columns after them.
        spans = {2: 2, 4: ACROSS - 4}
        sheet.add(["Where", "Contact", "Question", "", "Answer that surprised you"], style="header", spans=spans)
        _question_rows(sheet, learning.surprises, spans, answers=True)
        if not learning.surprises:
            sheet.add(["", "", "No answer is marked Surprised? Yes yet."], spans=spans)
        sheet.skip()
        sheet.add(["Industry", "Conversations held", "Still interested: Yes", "Maybe", "No", "Not noted"], style="header")
        for tally in learning.by_industry:
            sheet.add([tally.industry, tally.held, *tally.interest.values(), tally.not_noted])
        if not learning.by_industry:
            sheet.add(["", "No conversation held yet."])

    def sheet_xml(self, table_rel: str) -> bytes:
        """The worksheet part; `table_rel` is the relationship id of the findings table."""
        return b"".join(self.sheet_pieces(table_rel))

    def sheet_pieces(self, table_rel: str) -> Iterator[bytes]:
        """The worksheet part in pieces, made as they are written: the rows are tens of MB for 70,000 findings."""
        sheet = self.sheet
        last_col = column_name(OVERVIEW_COLUMN + len(CONTACT_HEADERS) - 1)
        fit = self.print_fit()
        if fit.scale is None:  # ACROSS on one page wide, as many pages tall as it takes
            fit_to_page, page_setup, breaks = '<pageSetUpPr fitToPage="1"/>', 'fitToWidth="1" fitToHeight="0"', ""
        else:  # findings first, then the overview: a page break between them, and a scale that keeps text readable
            fit_to_page, page_setup = "", f'scale="{fit.scale}"'
            breaks = f'<colBreaks count="1" manualBreakCount="1"><brk id="{OVERVIEW_COLUMN}" max="1048575" man="1"/></colBreaks>'
        before, middle, after = (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<worksheet xmlns="{NS_MAIN}" xmlns:r="{NS_REL}">'
            f'<sheetPr><tabColor rgb="FF1F4E78"/>{fit_to_page}</sheetPr>'
            f'<dimension ref="A1:{last_col}{max(sheet.row, 1)}"/>'
            f'<sheetViews><sheetView workbookViewId="0"><pane ySplit="{self.header_row}" '
            f'topLeftCell="A{self.header_row + 1}" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>'
            '<sheetFormatPr defaultRowHeight="15"/>'
            f"<cols>{self._cols()}</cols>"
            "<sheetData>\0</sheetData>\0"
            f'<pageMargins left="{MARGINS["left"]}" right="{MARGINS["right"]}" top="{MARGINS["top"]}" bottom="{MARGINS["bottom"]}" '
            'header="0.3" footer="0.3"/>'
            f'<pageSetup orientation="landscape" {page_setup}/>'
            f"{breaks}"
            f'<tableParts count="1"><tablePart r:id="{table_rel}"/></tableParts>'
            "</worksheet>"
        ).split("\0")  # where the rows go, and the merges and links made with them: no XML text holds a NUL
        merges, links = [], []
        yield before.encode("utf-8")
        yield from sheet.row_pieces(self.widths, merges, links)
        yield f"{middle}{merge_cells(merges)}{hyperlinks(links)}{after}".encode("utf-8")

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
