"""The workbook's shape, loaded from the one template in workbook_templates/."""

from __future__ import annotations

import datetime as dt
import difflib
import re
import tomllib
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources

TEMPLATE_PACKAGE = "workbook_templates"
TEMPLATE_FILE = "tracker.toml"
GUIDE_FILE = "start_here.txt"

START_HERE = "Start Here"
SETTINGS = "Settings"
STATUS = "Status"
LISTS = "Lists"
SETTING_HEADERS = ("Setting", "Value")  # the Settings sheet's two columns the reader needs

COLUMN_TYPES = {"text", "date", "time", "choice", "yesno", "whole", "contact", "email", "url", "computed"}


SPACES = re.compile(r"\s+")


def normalize_header(text: object) -> str:
    """Header text as readers compare it: case folded, spaces trimmed and collapsed."""
    return _normalized(str(text))  # the reader asks of every cell in a sheet's first rows: remembered, not redone


@lru_cache(maxsize=1 << 16)
def _normalized(text: str) -> str:
    return SPACES.sub(" ", text).strip().casefold()


def normalize_name(text: object) -> str:
    """A contact name as the contract (docs/workbook.md) matches it: trimmed, inner spaces collapsed, any case."""
    # The same few hundred names recur on every sheet of a tracker: normalise each once.
    return _normalized(str(text))


def closest(text: str, candidates, cutoff: float = 0.6) -> str | None:
    """The candidate most like `text` (compared as headers are: any case, spaces collapsed), if any is close."""
    keyed = {normalize_header(c): c for c in reversed(list(candidates))}
    match = difflib.get_close_matches(normalize_header(text), list(keyed), n=1, cutoff=cutoff)
    return keyed[match[0]] if match else None


def whole_range(minimum: int | None, maximum: int | None) -> str:
    """How a whole-number column's allowed values read in messages: 'of 1 or more', 'from 1 to 365'."""
    low = minimum if minimum is not None else 0
    return f"of {low} or more" if maximum is None else f"from {low} to {maximum}"


def defined_name_for_list(list_name: str) -> str:
    """The workbook name of a choice list, e.g. 'Follow-Up Type' -> 'List_FollowUpType'."""
    return "List_" + re.sub(r"[^A-Za-z0-9]", "", list_name)


@dataclass(frozen=True)
class Column:
    header: str
    type: str
    required: bool = False
    unique: bool = False
    choices: str | None = None
    min: int | None = None
    max: int | None = None
    width: float = 14
    hint: str = ""
    formula: str | None = None
    reader: bool = True
    private: bool = False

    @property
    def key(self) -> str:
        return normalize_header(self.header)


@dataclass(frozen=True)
class Sheet:
    name: str
    table: str
    columns: tuple[Column, ...]
    required: bool = False
    person: str | None = None
    about: str = ""
    tab_color: str | None = None

    def column(self, header: str) -> Column:
        key = normalize_header(header)
        for column in self.columns:
            if column.key == key:
                return column
        raise KeyError(f"{self.name} has no column {header!r}")

    def index(self, header: str) -> int:
        """Zero-based position of a column in the generated workbook."""
        return self.columns.index(self.column(header))

    @property
    def read_columns(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.reader)

    @property
    def required_headers(self) -> tuple[str, ...]:
        return tuple(c.header for c in self.columns if c.required)

    @property
    def person_column(self) -> Column | None:
        """The column naming whom a row is about: `person` in the template, else the first contact column."""
        if self.person:
            return self.column(self.person)
        return next((c for c in self.columns if c.type == "contact"), None)


@dataclass(frozen=True)
class Setting:
    setting: str
    type: str
    name: str
    default: int | None = None
    min: int | None = None
    max: int | None = None
    hint: str = ""
    rules: tuple[str, ...] = ()  # the rules that read this setting


@dataclass(frozen=True)
class Template:
    schema_version: int
    title: str
    subject: str
    choices: dict[str, tuple[str, ...]]
    sheets: tuple[Sheet, ...]
    earliest_date: dt.date
    latest_date: dt.date
    quiet_relationships: tuple[str, ...]
    settings: tuple[Setting, ...] = field(default=())

    def sheet(self, name: str) -> Sheet:
        for sheet in self.sheets:
            if sheet.name == name:
                return sheet
        raise KeyError(f"the template has no sheet {name!r}")

    def setting(self, name: str) -> Setting:
        for setting in self.settings:
            if setting.setting == name or setting.name == name:
                return setting
        raise KeyError(f"the template has no setting {name!r}")

    @property
    def data_sheets(self) -> tuple[str, ...]:
        """Sheet names in the workbook's order; findings are sorted by it."""
        return tuple(sheet.name for sheet in self.sheets)

    def columns_where(self, wanted) -> list[tuple[str, Column]]:
        """(sheet name, column) for every column the predicate accepts, in template order."""
        return [(sheet.name, column) for sheet in self.sheets for column in sheet.columns if wanted(column)]

    @property
    def contact_columns(self) -> list[tuple[str, Column]]:
        """Columns whose values must name a person in Contacts."""
        return self.columns_where(lambda c: c.type == "contact")

    @property
    def private_columns(self) -> list[tuple[str, Column]]:
        """The seeker's own notes: never in a counselor's copy or a caseload."""
        return self.columns_where(lambda c: c.private)

    def choice_values(self, column: Column) -> tuple[str, ...]:
        if column.type == "yesno":
            return self.choices["Yes/No"]
        if column.type == "choice" and column.choices:
            return self.choices[column.choices]
        return ()


def _parse(data: dict) -> Template:
    choices = {name: tuple(values) for name, values in data["choices"].items()}
    sheets = []
    for raw_sheet in data["sheets"]:
        columns = []
        for raw_column in raw_sheet["columns"]:
            column = Column(**raw_column)
            if column.type not in COLUMN_TYPES:
                raise ValueError(f"{raw_sheet['name']}!{column.header}: unknown type {column.type!r}")
            if column.type == "choice" and column.choices not in choices:
                raise ValueError(f"{raw_sheet['name']}!{column.header}: unknown choice list {column.choices!r}")
            columns.append(column)
        sheet_fields = {k: v for k, v in raw_sheet.items() if k != "columns"}
        sheets.append(Sheet(columns=tuple(columns), **sheet_fields))
    settings = tuple(Setting(**{**raw, "rules": tuple(raw.get("rules", ()))}) for raw in data.get("settings", []))
    return Template(
        schema_version=data["schema_version"],
        title=data["title"],
        subject=data["subject"],
        choices=choices,
        sheets=tuple(sheets),
        earliest_date=data["earliest_date"],
        latest_date=data["latest_date"],
        quiet_relationships=tuple(data["quiet_relationships"]),
        settings=settings,
    )


@cache
def load_template() -> Template:
    """The tracker template, parsed once per process."""
    text = resources.files(TEMPLATE_PACKAGE).joinpath(TEMPLATE_FILE).read_text(encoding="utf-8")
    return _parse(tomllib.loads(text))


def load_guide() -> str:
    """The Start Here text, written for the job seeker."""
    return resources.files(TEMPLATE_PACKAGE).joinpath(GUIDE_FILE).read_text(encoding="utf-8")
