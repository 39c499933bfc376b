"""Build a fresh tracker workbook from the template (`tracker new`)."""

from __future__ import annotations

import datetime as dt
import io

import xlsxwriter
from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell

from toolkit import __version__
from toolkit.workbook.cached_values import CachedValues
from toolkit.workbook.live_flags import (
    ContactFormulas,
    InterviewFlags,
    LeadFlags,
    PromiseFlags,
    quote_sheet,
    setting_in_use,
)
from toolkit.workbook.page_layout import LINE_HEIGHT, print_setup, wrapped_lines
from toolkit.workbook.properties import SCHEMA_PROPERTY
from toolkit.workbook.schema import (
    LISTS,
    SETTING_HEADERS,
    SETTINGS,
    START_HERE,
    Column,
    Sheet,
    Template,
    defined_name_for_list,
    load_guide,
    load_template,
)
from toolkit.workbook.validations import CONTACT_NAMES, column_validation, setting_validation

# Validation and conditional formats cover this many rows below the header, so
# rows a user types under the table are checked too.
FORMATTED_ROWS = 2000
BLANK_TABLE_ROWS = 5
DATE_FORMAT = "yyyy-mm-dd"

START_HERE_WIDTH = 100

# Fill colours of the live flags; Start Here explains them.
RED = {"bg_color": "#F8CBAD", "font_color": "#9C0006"}
AMBER = {"bg_color": "#FFE699", "font_color": "#7F6000"}
BLUE = {"bg_color": "#DDEBF7", "font_color": "#1F4E78"}


def build_workbook(rows: dict[str, list[dict]] | None = None, settings: dict[str, object] | None = None,
                   cached: CachedValues | None = None) -> bytes:
    """A tracker workbook as bytes; `rows` maps sheet name to row dicts keyed by header.

    With `cached`, every formula stores that result (`toolkit.review.new_tracker`
    computes them as of a day); without it, formulas store 0 until recalculated.
    """
    return _build(load_template(), rows or {}, settings or {}, cached)


def _build(template: Template, rows: dict[str, list[dict]], settings: dict[str, object], cached: CachedValues | None) -> bytes:
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"use_future_functions": True, "in_memory": True})
    try:
        _Builder(workbook, template, rows, settings, cached).build()
    finally:
        workbook.close()
    return buffer.getvalue()


class _Builder:
    def __init__(self, workbook, template: Template, rows: dict[str, list[dict]], settings: dict[str, object],
                 cached: CachedValues | None):
        self.workbook = workbook
        self.template = template
        self.rows = rows
        self.settings = settings
        self.cached = cached
        self.header = workbook.add_format({"bold": True, "font_color": "#FFFFFF", "bg_color": "#1F4E78", "text_wrap": True, "valign": "top", "border": 1})
        # Everything sits at the top of its row, so a row made tall by wrapped text still reads across.
        self.date = workbook.add_format({"num_format": DATE_FORMAT, "align": "left", "valign": "top"})
        self.time = workbook.add_format({"num_format": "hh:mm", "align": "left", "valign": "top"})
        self.computed_date = workbook.add_format({"num_format": f"{DATE_FORMAT};;", "align": "left", "valign": "top", "font_color": "#595959", "italic": True})
        self.wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
        self.link = workbook.add_format({"font_color": "#0563C1", "underline": 1, "text_wrap": True, "valign": "top"})
        self.top = workbook.add_format({"valign": "top", "align": "left"})  # a number sits under its header, not against the next cell
        self.red = workbook.add_format(RED)
        self.amber = workbook.add_format(AMBER)
        self.blue = workbook.add_format(BLUE)

    def build(self) -> None:
        t = self.template
        self.workbook.set_properties({
            "title": t.title,
            "subject": t.subject,
            "comments": f"Created by tracker {__version__}",
        })
        self.workbook.set_custom_property(SCHEMA_PROPERTY, t.schema_version)
        self._start_here()
        for sheet in t.sheets:
            self._data_sheet(sheet)
        self._settings_sheet()
        self._lists_sheet()
        self.workbook.define_name(CONTACT_NAMES, "=Contacts[Name]")

    # ------------------------------------------------------------ Start Here
    def _start_here(self) -> None:
        ws = self.workbook.add_worksheet(START_HERE)
        ws.set_tab_color("#1F4E78")
        ws.hide_gridlines(2)
        ws.set_column(0, 0, 3)
        ws.set_column(1, 1, START_HERE_WIDTH)
        title = self.workbook.add_format({"bold": True, "font_size": 18, "font_color": "#1F4E78"})
        heading = self.workbook.add_format({"bold": True, "font_size": 13, "font_color": "#1F4E78", "top": 1, "top_color": "#BFBFBF"})
        code = self.workbook.add_format({"font_name": "Consolas", "bg_color": "#F2F2F2"})
        swatches = {"[red]": self.workbook.add_format({**RED, "text_wrap": True}), "[amber]": self.workbook.add_format({**AMBER, "text_wrap": True}), "[blue]": self.workbook.add_format({**BLUE, "text_wrap": True})}
        row = 0
        for line in load_guide().splitlines():
            if line.startswith("# "):
                ws.write_string(row, 1, line[2:], title)
                ws.set_row(row, 28)
            elif line.startswith("## "):
                row += 1
                ws.write_string(row, 1, line[3:], heading)
                ws.set_row(row, 20)
            elif line.startswith("    "):
                ws.write_string(row, 1, line.strip(), code)
            elif line.strip() == "":
                continue
            else:
                text, fmt = line, self.wrap
                for marker, swatch in swatches.items():
                    if line.startswith(marker):
                        text, fmt = line[len(marker):].strip(), swatch
                ws.write_string(row, 1, text, fmt)
                # Rows are as tall as their wrapped text, so no program prints one line over the next.
                ws.set_row(row, LINE_HEIGHT * wrapped_lines(text, START_HERE_WIDTH))
            row += 1
        print_setup(ws, [3, START_HERE_WIDTH], repeat_header=False)
        ws.activate()

    # ------------------------------------------------------------ data sheets
    def _data_sheet(self, sheet: Sheet) -> None:
        ws = self.workbook.add_worksheet(sheet.name)
        if sheet.tab_color:
            ws.set_tab_color(sheet.tab_color)
        data = self.rows.get(sheet.name, [])
        n_rows = max(len(data), BLANK_TABLE_ROWS if not data else len(data))
        columns = []
        for index, column in enumerate(sheet.columns):
            fmt = self._format_for(column)
            ws.set_column(index, index, column.width, fmt)
            spec = {"header": column.header, "header_format": self.header}
            if column.formula:
                spec["formula"] = self._table_formula(column)
                spec["format"] = self.computed_date
            elif fmt is not None:
                spec["format"] = fmt
            columns.append(spec)
        table_data = [[self._cell_value(column, record.get(column.header)) for column in sheet.columns] for record in data]
        options = {"name": sheet.table, "columns": columns, "style": "Table Style Medium 2", "autofilter": True}
        if table_data:
            options["data"] = table_data
        ws.add_table(0, 0, n_rows, len(sheet.columns) - 1, options)
        # xlsxwriter writes None as an empty cell, which is what we want; dates need their format.
        for r, record in enumerate(data, start=1):
            for c, column in enumerate(sheet.columns):
                value = record.get(column.header)
                if isinstance(value, (dt.date, dt.datetime)):
                    ws.write_datetime(r, c, value, self.time if column.type == "time" else self.date)
                elif column.type == "url" and isinstance(value, str) and value.startswith(("https://", "http://")):
                    ws.write_url(r, c, value, self.link, string=value)  # a link that wraps like the text beside it
        self._store_formula_results(ws, sheet, data, n_rows)
        # The header row as tall as its longest header wraps to, so every header shows in full.
        ws.set_row(0, LINE_HEIGHT * max(2, *(wrapped_lines(c.header, c.width) for c in sheet.columns)) + 2)
        self._fit_wrapped_rows(ws, sheet, data)
        ws.freeze_panes(1, 1)
        print_setup(ws, [c.width for c in sheet.columns])
        for index, column in enumerate(sheet.columns):
            rule = column_validation(self.template, column)
            if rule is not None:
                ws.data_validation(1, index, FORMATTED_ROWS, index, rule)
        self._conditional_formats(ws, sheet)

    def _fit_wrapped_rows(self, ws, sheet: Sheet, data: list[dict]) -> None:
        """Make each data row as tall as its longest wrapped text (LibreOffice does not grow rows on opening)."""
        wrapped = [c for c in sheet.columns if self._format_for(c) is self.wrap]
        for r, record in enumerate(data, start=1):
            lines = max((wrapped_lines(str(record[c.header]), c.width) for c in wrapped if record.get(c.header)), default=1)
            if lines > 1:
                ws.set_row(r, LINE_HEIGHT * lines)

    def _format_for(self, column: Column):
        if column.type == "date":
            return self.date
        if column.type == "time":
            return self.time
        if column.type in ("text", "email", "url", "contact"):  # a long address or name wraps rather than being cut off
            return self.wrap
        return self.top

    @staticmethod
    def _cell_value(column: Column, value):
        if isinstance(value, (dt.date, dt.datetime)):
            return None  # written with its format just after the table
        return value

    def _store_formula_results(self, ws, sheet: Sheet, data: list[dict], n_rows: int) -> None:
        """Rewrite the Table's formula cells with their results as of the build day (see toolkit.workbook.cached_values)."""
        if self.cached is None:
            return
        for c, column in enumerate(sheet.columns):
            if not column.formula:
                continue
            formula = self._table_formula(column)
            for r in range(1, n_rows + 1):
                name = data[r - 1].get("Name") if r <= len(data) else None
                last_touch, next_follow_up = self.cached.contact(name)
                value = {"last_touch": last_touch, "next_follow_up": next_follow_up}[column.formula]
                ws.write_formula(r, c, formula, self.computed_date, value)

    def _table_formula(self, column: Column) -> str:
        formulas = ContactFormulas(self.template)
        return {"last_touch": formulas.last_touch, "next_follow_up": formulas.next_follow_up}[column.formula]()

    def _conditional_formats(self, ws, sheet: Sheet) -> None:
        last_col = xl_col_to_name(len(sheet.columns) - 1)
        whole_rows = f"A2:{last_col}{FORMATTED_ROWS + 1}"
        fills = {"red": self.red, "amber": self.amber, "blue": self.blue}
        for colour, formula in self.flags(sheet):
            ws.conditional_format(whole_rows, {"type": "formula", "criteria": "=" + formula, "format": fills[colour], "stop_if_true": True})

    def flags(self, sheet: Sheet, row: int = 2) -> list[tuple[str, str]]:
        """(colour, formula for `row`) of each live flag on a sheet, in order: the first that is true colours the row."""
        t = self.template
        if sheet.name == "Interviews":
            f = InterviewFlags(t, row)
            return [("red", f.thank_you_overdue()), ("amber", f.thank_you_due()), ("amber", f.outcome_not_updated()), ("blue", f.interview_prep())]
        if sheet.name == "Promises":
            f = PromiseFlags(t, row)
            return [("red", f.my_promise_overdue()), ("amber", f.their_offer_pending())]
        if sheet.name == "Contacts":
            f = ContactFormulas(t, row)
            return [("red", f.follow_up_overdue()), ("amber", f.follow_up_due())]
        if sheet.name == "Leads":
            return [("amber", LeadFlags(t, row).lead_not_contacted())]
        return []

    # ---------------------------------------------------------------- Settings
    def _settings_sheet(self) -> None:
        ws = self.workbook.add_worksheet(SETTINGS)
        ws.set_tab_color("#595959")
        headers = [*SETTING_HEADERS, "In Use", "What it does"]
        widths = [26, 30, 30, 60]
        for index, (header, width) in enumerate(zip(headers, widths)):
            ws.write_string(0, index, header, self.header)
            ws.set_column(index, index, width)
        ws.freeze_panes(1, 0)
        print_setup(ws, widths)
        shown = {"align": "left", "valign": "top", "text_wrap": True}  # a long link wraps instead of being cut off
        value_format = self.workbook.add_format(shown)
        italic = self.workbook.add_format({"italic": True, "font_color": "#595959", **shown})
        italic_date = self.workbook.add_format({"italic": True, "font_color": "#595959", "num_format": f"{DATE_FORMAT};;", **shown})
        for row, setting in enumerate(self.template.settings, start=1):
            ws.write_string(row, 0, setting.setting, self.top)
            value = self.settings.get(setting.setting, setting.default)
            value_cell = xl_rowcol_to_cell(row, 1)
            if isinstance(value, (dt.date, dt.datetime)):
                ws.write_datetime(row, 1, value, self.date)
            elif value is None:
                ws.write_blank(row, 1, None, self.date if setting.type == "date" else None)
            elif isinstance(value, str):
                ws.write_string(row, 1, value, value_format)  # a link stays text, so it wraps like the rest
            else:
                ws.write(row, 1, value, value_format)
            lines = max(wrapped_lines(str(value or ""), widths[1]), wrapped_lines(setting.hint, widths[3]))
            ws.set_row(row, LINE_HEIGHT * lines)
            in_use_format = italic_date if setting.type == "date" else italic
            in_use = self.cached.in_use(setting.setting) if self.cached else 0
            ws.write_formula(row, 2, setting_in_use(value_cell, setting.type, setting.default, setting.min,
                                                   setting.max), in_use_format, in_use)
            ws.write_string(row, 3, setting.hint, self.wrap)
            self.workbook.define_name(setting.name, f"={quote_sheet(SETTINGS)}!$C${row + 1}")
            ws.data_validation(row, 1, row, 1, setting_validation(self.template, setting))

    # ------------------------------------------------------------------ Lists
    def _lists_sheet(self) -> None:
        ws = self.workbook.add_worksheet(LISTS)
        for col, (list_name, values) in enumerate(self.template.choices.items()):
            ws.write_string(0, col, list_name, self.header)
            ws.set_column(col, col, max(14, len(list_name) + 2))
            for row, value in enumerate(values, start=1):
                ws.write_string(row, col, value)
            letter = xl_col_to_name(col)
            self.workbook.define_name(defined_name_for_list(list_name), f"={LISTS}!${letter}$2:${letter}${len(values) + 1}")
        ws.hide()
