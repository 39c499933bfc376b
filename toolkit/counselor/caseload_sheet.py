"""The caseload workbook `tracker summary` writes: built from scratch with xlsxwriter.

This workbook is ours, not a seeker's, so it is simply rebuilt each run:
Caseload (one row per tracker, most urgent first), Findings (every finding
with its seeker), Charts (findings by seeker; interviews and thank-yous per
week) and About (as of when, and what each column means).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import xlsxwriter

from toolkit import __version__
from toolkit.counselor.summary import QUIET_DAYS, WEEKS_CHARTED, Caseload, TrackerSummary, find_trackers
from toolkit.errors import OutputExists, OutputNotWritable
from toolkit.review.findings import SEVERITIES
from toolkit.safe_text import counted, shown
from toolkit.workbook.generator import AMBER, BLUE, DATE_FORMAT, RED
from toolkit.workbook.page_layout import print_setup
from toolkit.workbook.properties import CASELOAD_PROPERTY, is_caseload
from toolkit.xlsx.userfile import refuse_if_open, write_file_atomically

GREY = {"bg_color": "#D9D9D9", "font_color": "#404040"}
CELL = {"text_wrap": True, "valign": "top", "align": "left"}  # numbers left, as their headers are: "3" never runs into a date
HEADER = {"bold": True, "font_color": "#FFFFFF", "bg_color": "#1F4E78", "text_wrap": True, "valign": "top", "border": 1}
ATTENTION_FILL = {"thank-you overdue": RED, "quiet": AMBER, "unreadable": GREY}
SEVERITY_FILL = {"error": RED, "warning": AMBER, "info": BLUE}
SEVERITY_COLOUR = {"error": "#C00000", "warning": "#FFC000", "info": "#5B9BD5"}
LETTERS_PER_WIDTH = 1.15  # Calibri text averages a little narrower than the digit a column width counts
CHARTED_SEEKERS = 30  # more bars than this no longer read at a glance


@dataclass(frozen=True)
class Column:
    header: str
    width: float
    value: Callable[[TrackerSummary], object]
    meaning: str


def caseload_columns(since: dt.date) -> list[Column]:
    """The Caseload sheet's columns; the About sheet explains them from the same list."""
    count = lambda severity: lambda t: t.counts[severity] if t.counts else None  # noqa: E731
    return [
        Column("Seeker", 24, lambda t: t.seeker, "Your Name from the tracker's Settings, else the file name."),
        Column("File", 30, lambda t: t.path, "The tracker, relative to the folder it was found in (or as given)."),
        Column("Attention", 17, lambda t: t.attention,
               f"Why the row is coloured: thank-you overdue (red), quiet: no activity for {QUIET_DAYS} days or more "
               "and no job landed (amber), unreadable (grey)."),
        Column("Errors", 8, count("error"), "Findings of severity error (overdue, or data to fix), as `tracker check` reports them."),
        Column("Warnings", 10, count("warning"), "Findings of severity warning (due now or soon)."),
        Column("Info", 7, count("info"), "Findings of severity info (heads-ups)."),
        Column("Thank-yous overdue", 11, lambda t: t.thank_yous_overdue, "Held interviews whose thank-you is past its window."),
        Column("My promises overdue", 11, lambda t: t.my_promises_overdue, "Things the seeker offered to do that are past due."),
        Column("Follow-ups due", 10, lambda t: t.follow_ups_due, "Contacts due for a keep-in-touch follow-up."),
        Column(f"Held since {since}", 12, lambda t: t.interviews_held, f"Interviews held from {since} to today."),
        Column(f"Thank-yous since {since}", 12, lambda t: t.thank_yous_sent, f"Thank-You Sent dates from {since} to today."),
        Column("Upcoming interviews", 11, lambda t: t.upcoming_interviews, "Interviews scheduled from today on."),
        Column("Leads to contact", 10, lambda t: t.open_leads, "Suggested people whose Status is blank or To contact."),
        Column("Last activity", 12, lambda t: t.last_activity,
               "The latest held interview, thank-you or follow-up on or before today."),
        Column("Days since", 8, lambda t: t.days_since_activity, "Days from the last activity to today."),
        Column("Landed job", 12, lambda t: t.landed_job, "Landed Job On from the tracker's Settings."),
        Column("Problem", 60, lambda t: t.error or t.note, "Why the tracker could not be read, or a note on how it was read."),
    ]


FINDING_COLUMNS = [("Seeker", 24), ("File", 30), ("Severity", 10), ("Rule", 22), ("Contact", 22), ("Where", 18),
                   ("Message", 80), ("Due", 12), ("Days overdue", 9)]


def check_output(path: Path, given: list[Path]) -> None:
    """Refuse an OUT we must not write: not .xlsx, no folder, one of the inputs, open in Excel, or any file but a caseload.

    Only a caseload this command wrote is replaced; nothing else is, whatever the options: a mistyped -o
    naming a seeker's tracker must never cost them their only copy.
    """
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise OutputNotWritable(f"{path}: the caseload is an Excel workbook; choose a name ending in .xlsx")
    if path.is_dir():
        raise OutputNotWritable(f"{path} is a folder; give the caseload's file name, such as {path / 'caseload.xlsx'}")
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise OutputNotWritable(f"{folder}: no such folder; create it first or choose another path")
    if path.exists() and _is_summarised(path, given):
        # Never a tracker, even with --force: the seeker's work would be lost and the caseload would have no trackers.
        raise OutputNotWritable(f"{path} is one of the trackers being summarised; choose another output path for the caseload")
    refuse_if_open(path)  # Excel keeps an open workbook from being replaced: say so before reading every tracker
    if path.exists() and not is_caseload(path):
        raise OutputExists(f"{shown(path)} exists and is not a caseload written by `tracker summary` (it may be someone's "
                           "tracker), so it is left as it is; choose another name for the caseload")


def _is_summarised(path: Path, given: list[Path]) -> bool:
    """Whether OUT is a PATH given, or a workbook in a folder given that is not an old caseload (those are skipped)."""
    if any(Path(g).is_file() and path.samefile(g) for g in given):
        return True
    return not is_caseload(path) and any(path.samefile(found) for found, _display in find_trackers(given))


def write_caseload(path: Path, caseload: Caseload) -> None:
    """Build the workbook in memory and move it into place atomically."""
    write_file_atomically(Path(path), build_caseload(caseload), keep_mode=True)


def build_caseload(caseload: Caseload) -> bytes:
    buffer = io.BytesIO()
    # Text from a seeker's workbook is written as text, never turned into a formula or a link.
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False,
                                            "strings_to_urls": False, "strings_to_numbers": False})
    try:
        _CaseloadBuilder(workbook, caseload).build()
    finally:
        workbook.close()
    return buffer.getvalue()


def _wrapped_lines(value, width: float) -> int:
    """About how many lines a text takes in a wrapped column `width` wide (widths count digits; letters run narrower)."""
    return max(1, -(-len(value) // int(width * LETTERS_PER_WIDTH))) if isinstance(value, str) else 1


class _CaseloadBuilder:
    def __init__(self, workbook, caseload: Caseload):
        self.workbook = workbook
        self.caseload = caseload
        self.rows = caseload.by_urgency()
        self.header = workbook.add_format(HEADER)
        self.plain = workbook.add_format(CELL)
        self.date = workbook.add_format({**CELL, "num_format": DATE_FORMAT, "align": "left"})
        self.bold = workbook.add_format({"bold": True})
        self.title = workbook.add_format({"bold": True, "font_size": 16, "font_color": "#1F4E78"})
        self.fills = {name: (workbook.add_format({**CELL, **fill}), workbook.add_format({**CELL, **fill, "num_format": DATE_FORMAT, "align": "left"}))
                      for name, fill in {**ATTENTION_FILL, **SEVERITY_FILL}.items()}

    def build(self) -> None:
        today = dt.datetime.combine(self.caseload.today, dt.time())
        # Fixed metadata: the same caseload gives the same workbook, whatever the clock says.
        self.workbook.set_properties({"title": f"Caseload as of {self.caseload.today}", "created": today,
                                      "comments": f"Written by tracker summary {__version__}"})
        self.workbook.set_custom_property(CASELOAD_PROPERTY, __version__)
        self._caseload_sheet()
        self._findings_sheet()
        self._charts_sheet()
        self._about_sheet()

    def _write(self, ws, row: int, col: int, value, fill: str | None) -> None:
        plain, dated = self.fills[fill] if fill else (self.plain, self.date)
        if value is None or value == "":
            ws.write_blank(row, col, None, plain)
        elif isinstance(value, dt.date):
            ws.write_datetime(row, col, dt.datetime.combine(value, dt.time()), dated)
        elif isinstance(value, int):
            ws.write_number(row, col, value, plain)
        else:
            ws.write_string(row, col, str(value), plain)

    def _table(self, ws, name: str, headers: list[tuple[str, float]], rows: list[list], fills: list[str | None],
               fill_column: int | None = None, first_row: int = 0) -> None:
        """An Excel Table with sized columns and a frozen header; an empty table keeps one blank row.

        Each row's fill colours the whole row, or only `fill_column` when given.
        """
        widths = [width for _header, width in headers]
        for col, width in enumerate(widths):
            ws.set_column(col, col, width)
        for row, (values, fill) in enumerate(zip(rows, fills), start=first_row + 1):
            lines = 1
            for col, value in enumerate(values):
                self._write(ws, row, col, value, fill if fill_column in (None, col) else None)
                if isinstance(value, str) and len(value) > widths[col] * LETTERS_PER_WIDTH:
                    lines = max(lines, _wrapped_lines(value, widths[col]))
            if lines > 1:  # Excel does not grow a row for wrapped text on opening, so make room
                ws.set_row(row, 15 * lines)
        ws.add_table(first_row, 0, first_row + max(1, len(rows)), len(headers) - 1, {
            "name": name, "style": "Table Style Light 1",
            "columns": [{"header": header, "header_format": self.header} for header, _ in headers]})
        ws.set_row(first_row, 45)

    def _caseload_sheet(self) -> None:
        ws = self.workbook.add_worksheet("Caseload")
        ws.set_tab_color("#1F4E78")
        columns = caseload_columns(self.caseload.since)
        self._table(ws, "CaseloadRows", [(c.header, c.width) for c in columns],
                    [[c.value(t) for c in columns] for t in self.rows], [t.attention or None for t in self.rows])
        ws.freeze_panes(1, 1)  # the header and the seeker's name stay in view
        self._printable(ws, [c.width for c in columns])
        ws.activate()

    def _findings_sheet(self) -> None:
        ws = self.workbook.add_worksheet("Findings")
        rows, fills = [], []
        for tracker in self.rows:
            for f in tracker.findings:
                rows.append([tracker.seeker, tracker.path, f.severity, f.rule, f.contact, f.location, f.message, f.due, f.days_overdue])
                fills.append(f.severity)
        # Only the Severity cell is coloured: a sheet full of red rows reads as noise.
        self._table(ws, "FindingRows", FINDING_COLUMNS, rows, fills, fill_column=2)
        ws.freeze_panes(1, 1)
        self._printable(ws, [width for _header, width in FINDING_COLUMNS])

    def _printable(self, ws, widths: list[float] | None = None) -> None:
        """The as-of date on every page; a table (its `widths`) printed landscape at 8 points or more, as trackers are;
        the rest portrait, one page wide."""
        if widths:
            print_setup(ws, widths)
        else:
            ws.fit_to_pages(1, 0)
        ws.set_header(f"&LCaseload as of {self.caseload.today}&C&A&RPage &P of &N")

    def _charts_sheet(self) -> None:
        ws = self.workbook.add_worksheet("Charts")
        weeks = self.caseload.week_starts
        headers = [("Week of", 12), ("Interviews held", 12), ("Thank-yous sent", 12)]
        readable = [t for t in self.rows if not t.error]
        # Weeks as text: a date axis would space the columns by day, leaving them needle-thin.
        rows = [[week.isoformat(), sum(t.held_per_week[i] for t in readable), sum(t.thanked_per_week[i] for t in readable)]
                for i, week in enumerate(weeks)]
        self._table(ws, "WeeklyActivity", headers, rows, [None] * len(rows))
        # The bars' own table, below the weeks: only trackers that were read, for an unreadable one has no counts,
        # and a bar of zero would say "doing fine" of a seeker nobody could check.
        charted = [t for t in self.rows if not t.error][:CHARTED_SEEKERS]
        first = len(rows) + 3
        seekers = [("Seeker", 24), ("Errors", 12), ("Warnings", 12), ("Info", 8)]  # as wide as the weeks' columns above
        self._table(ws, "ChartedSeekers", seekers, [[t.seeker, *(t.counts[s] for s in SEVERITIES)] for t in charted],
                    [None] * len(charted), first_row=first)
        unreadable = self.caseload.unreadable
        left_out = ""
        if unreadable:
            left_out = (f"Not on the chart: {counted(len(unreadable), 'tracker')} that could not be read "
                        f"({', '.join(t.seeker for t in unreadable)}); the Caseload sheet says why, in grey.")
            ws.write_string(0, 4, left_out, self.bold)
        findings_chart, height = self._findings_chart(first, len(charted), bool(unreadable))
        ws.insert_chart("E2", findings_chart)
        ws.insert_chart(f"E{4 + height // 20}", self._weekly_chart(len(rows)))  # below it (rows are 20 px)
        self._printable(ws)

    def _findings_chart(self, header_row: int, shown: int, some_unreadable: bool):
        chart = self.workbook.add_chart({"type": "bar", "subtype": "stacked"})
        for offset, severity in enumerate(SEVERITIES):
            col = 1 + offset  # Errors, Warnings, Info in the ChartedSeekers table
            chart.add_series({"name": ["Charts", header_row, col], "categories": ["Charts", header_row + 1, 0, header_row + max(1, shown), 0],
                              "values": ["Charts", header_row + 1, col, header_row + max(1, shown), col],
                              "fill": {"color": SEVERITY_COLOUR[severity]}, "gap": 60})
        readable = len(self.rows) - len(self.caseload.unreadable)
        title = "Findings by seeker" if shown == readable else f"Findings of the {shown} most urgent seekers"
        if some_unreadable:
            title += " (unreadable trackers left out)"
        chart.set_title({"name": title})
        chart.set_y_axis({"reverse": True})  # the most urgent seeker on top, as on the Caseload sheet
        chart.set_x_axis({"name": "Findings", "major_gridlines": {"visible": True}})
        chart.set_legend({"position": "bottom"})
        height = 160 + 22 * max(1, shown)
        chart.set_size({"width": 720, "height": height})
        return chart, height

    def _weekly_chart(self, weeks: int):
        chart = self.workbook.add_chart({"type": "column"})
        for col, colour in ((1, "#1F4E78"), (2, "#70AD47")):
            chart.add_series({"name": ["Charts", 0, col], "categories": ["Charts", 1, 0, weeks, 0],
                              "values": ["Charts", 1, col, weeks, col], "fill": {"color": colour}})
        chart.set_title({"name": f"Interviews held and thank-yous sent across the caseload, by week (last {WEEKS_CHARTED} weeks)"})
        chart.set_x_axis({"name": "Week of", "text_axis": True})
        chart.set_y_axis({"name": "Count", "major_gridlines": {"visible": True}})
        chart.set_legend({"position": "bottom"})
        chart.set_size({"width": 720, "height": 320})
        return chart

    def _about_sheet(self) -> None:
        ws = self.workbook.add_worksheet("About")
        ws.set_column(0, 0, 26)
        ws.set_column(1, 1, 100)
        caseload = self.caseload
        unreadable = len(caseload.unreadable)
        lines = [
            f"As of {caseload.today}; interviews and thank-yous are counted from {caseload.since}.",
            f"Trackers: {len(caseload.trackers)}; could not be read: {unreadable}.",
            "Each tracker was reviewed as `tracker check --no-write` reviews it; none of them was changed.",
            "The seekers' Private Notes are never copied into this workbook.",
            "Findings lists every finding of every tracker; Charts shows findings by seeker and activity week by week.",
            "This workbook is rebuilt from scratch each time `tracker summary` runs: keep your own notes elsewhere.",
        ]
        ws.write_string(0, 0, f"Caseload as of {caseload.today}", self.title)
        row = 2
        for line in lines:
            ws.merge_range(row, 0, row, 1, line, self.plain)
            row += 1
        row += 1
        ws.write_string(row, 0, "Colour", self.header)
        ws.write_string(row, 1, "Meaning", self.header)
        for name, meaning in (("thank-you overdue", "A thank-you is overdue: act first."),
                              ("quiet", f"No activity for {QUIET_DAYS} days or more (and no job landed): check in."),
                              ("unreadable", "The tracker could not be read; Problem says why and what to do.")):
            row += 1
            ws.write_string(row, 0, name, self.fills[name][0])
            ws.write_string(row, 1, meaning, self.plain)
        row += 2
        ws.write_string(row, 0, "Caseload column", self.header)
        ws.write_string(row, 1, "What it means", self.header)
        for column in caseload_columns(caseload.since):
            row += 1
            ws.write_string(row, 0, column.header, self.bold)
            ws.write_string(row, 1, column.meaning, self.plain)
            ws.set_row(row, 15 * _wrapped_lines(column.meaning, 100))
        self._printable(ws)
