"""`tracker new` builds the workbook the spec describes (read back with openpyxl)."""

from pathlib import Path

import openpyxl
import pytest

from toolkit.workbook.generator import CONTACT_NAMES
from toolkit.workbook.properties import SCHEMA_PROPERTY
from toolkit.workbook.schema import LISTS, SETTINGS, START_HERE, defined_name_for_list, load_template

TEMPLATE = load_template()


@pytest.fixture(scope="module")
def book(blank_tracker):
    return openpyxl.load_workbook(blank_tracker)


def test_sheets_in_order(book):
    """Start Here first, then the data sheets, Settings, and the hidden Lists."""
    assert book.sheetnames == [START_HERE, *[s.name for s in TEMPLATE.sheets], SETTINGS, LISTS]
    assert book[LISTS].sheet_state == "hidden"


def test_every_data_sheet_is_a_table_with_the_template_headers(book):
    """Each data sheet holds one Excel Table whose header row is the template's columns."""
    for sheet in TEMPLATE.sheets:
        ws = book[sheet.name]
        assert list(ws.tables) == [sheet.table]
        table = ws.tables[sheet.table]
        assert [c.name for c in table.tableColumns] == [c.header for c in sheet.columns]
        assert [c.value for c in ws[1]] == [c.header for c in sheet.columns]
        assert table.tableStyleInfo.showRowStripes
        assert table.autoFilter is not None
        assert ws.freeze_panes == "B2"


def _validations(ws):
    found = {}
    for dv in ws.data_validations.dataValidation:
        for cell_range in str(dv.sqref).split():
            found[cell_range.split(":")[0]] = dv
    return found


def test_every_column_has_the_right_validation(book):
    """Choices get list dropdowns from Lists, contacts get the Contacts names, dates and numbers are checked."""
    for sheet in TEMPLATE.sheets:
        ws = book[sheet.name]
        validations = _validations(ws)
        for index, column in enumerate(sheet.columns):
            letter = openpyxl.utils.get_column_letter(index + 1)
            dv = validations.get(f"{letter}2")
            where = f"{sheet.name}!{column.header}"
            if column.type in ("choice", "yesno"):
                list_name = "Yes/No" if column.type == "yesno" else column.choices
                assert dv.type == "list" and dv.formula1 == defined_name_for_list(list_name), where
            elif column.type == "contact":
                assert dv.type == "list" and dv.formula1 == CONTACT_NAMES, where
            elif column.type == "date":
                # "between" is the default operator, so the file may omit it.
                assert dv.type == "date" and dv.operator in (None, "between"), where
                assert (dv.formula1, dv.formula2) == ("32874", "109939"), where  # 1990-01-01 .. 2200-12-31
            elif column.type == "whole":
                assert dv.type == "whole" and dv.operator in (None, "between"), where
                assert (dv.formula1, dv.formula2) == (str(column.min), str(column.max)), where
            if column.type not in ("text", "email", "url", "computed"):
                assert dv.showErrorMessage and dv.error and dv.errorStyle in (None, "stop"), where
            if column.hint:
                assert dv is not None and dv.prompt == column.hint and dv.showInputMessage, where


def test_lists_sheet_and_names_hold_every_choice(book):
    """Each choice list is on the Lists sheet behind a defined name."""
    for list_name, values in TEMPLATE.choices.items():
        name = book.defined_names[defined_name_for_list(list_name)]
        (sheet_name, cells), = list(name.destinations)
        assert sheet_name == LISTS
        got = [row[0].value for row in book[LISTS][cells.replace("$", "")]]
        assert got == list(values)
    assert book.defined_names[CONTACT_NAMES].attr_text == "Contacts[Name]"


def test_settings_sheet_holds_defaults_and_names(book):
    """Settings lists every setting with its default; each in-use value is a defined name."""
    ws = book[SETTINGS]
    assert [c.value for c in ws[1]][:2] == ["Setting", "Value"]
    for row, setting in enumerate(TEMPLATE.settings, start=2):
        assert ws.cell(row, 1).value == setting.setting
        assert ws.cell(row, 2).value == setting.default
        assert ws.cell(row, 3).value.startswith("=")
        assert book.defined_names[setting.name].attr_text == f"Settings!$C${row}"


def _rules(ws):
    return [(str(rng.sqref), rule.formula[0], rule.dxf.fill.fgColor.rgb if rule.dxf and rule.dxf.fill else None)
            for rng in ws.conditional_formatting for rule in rng.rules]


def test_live_flags_are_conditional_formats(book):
    """Interviews, Promises, Contacts and Leads colour rows from formulas that use the Settings names and TODAY()."""
    expected_counts = {"Interviews": 4, "Promises": 2, "Contacts": 2, "Leads": 1}
    for sheet_name, count in expected_counts.items():
        rules = _rules(book[sheet_name])
        assert len(rules) == count, sheet_name
        for sqref, formula, _ in rules:
            assert sqref.startswith("A2:") and "TODAY()" in formula
    interviews = " ".join(f for _, f, _ in _rules(book["Interviews"]))
    assert "ThankYouWindowHours" in interviews and "PrepReminderDays" in interviews
    assert "PromiseWindowDays" in " ".join(f for _, f, _ in _rules(book["Promises"]))
    assert "LeadWindowDays" in " ".join(f for _, f, _ in _rules(book["Leads"]))


def test_contacts_have_last_touch_and_next_follow_up_formulas(book):
    """Contacts carries calculated columns using MAXIFS (stored with its _xlfn. prefix) and the follow-up setting."""
    table = book["Contacts"].tables["Contacts"]
    formulas = {c.name: c.calculatedColumnFormula for c in table.tableColumns if c.calculatedColumnFormula is not None}
    assert set(formulas) == {"Last Touch", "Next Follow-Up"}
    assert "_xlfn.MAXIFS" in formulas["Last Touch"].attr_text
    assert "FollowUpEveryDays" in formulas["Next Follow-Up"].attr_text


def test_document_properties(blank_tracker):
    """The title and a custom schema-version property let later versions recognise a tracker."""
    book = openpyxl.load_workbook(blank_tracker)
    assert book.properties.title == TEMPLATE.title
    props = {p.name: p.value for p in book.custom_doc_props.props}
    assert props[SCHEMA_PROPERTY] == TEMPLATE.schema_version


def test_start_here_speaks_to_the_seeker(book):
    """Start Here explains the colours, the 24-hour thank-you, three touches a year, and every command."""
    text = "\n".join(str(c.value) for row in book[START_HERE].iter_rows() for c in row if c.value)
    for phrase in ("24 hours", "three times a year", "Red", "Amber", "land a job"):
        assert phrase in text
    from toolkit.cli import cli

    for command in cli.commands:
        assert f"tracker {command} my-tracker.xlsx" in text, command


def test_sample_fills_every_data_sheet(sample_tracker):
    """The sample is a realistic search: a dozen contacts or more and rows on every sheet."""
    book = openpyxl.load_workbook(sample_tracker)
    contacts = [r[0] for r in book["Contacts"].iter_rows(min_row=2, values_only=True) if r[0]]
    assert len(contacts) >= 12
    assert len(set(contacts)) == len(contacts)
    for sheet in TEMPLATE.sheets:
        assert book[sheet.name].max_row > 3, sheet.name
    assert book[SETTINGS]["B2"].value == "Jordan Rivera"


SAMPLE_XLSXWRITER = "3.3.1"  # what samples/README.md says built the sample


def test_bundled_sample_is_what_the_generator_builds(tmp_path):
    """samples/sample-tracker.xlsx matches `tracker new --sample --today 2026-11-22` (all but the creation time)."""
    import zipfile

    from conftest import FIXED_TODAY

    from toolkit.review.new_tracker import create_tracker
    from toolkit.workbook.sample import sample_rows

    rows, settings = sample_rows(FIXED_TODAY)
    fresh = zipfile.ZipFile(create_tracker(tmp_path / "s.xlsx", rows, settings, today=FIXED_TODAY))
    bundled = zipfile.ZipFile(Path(__file__).parent.parent / "samples" / "sample-tracker.xlsx")
    assert sorted(fresh.namelist()) == sorted(bundled.namelist())
    import re

    import xlsxwriter

    def comparable(data: bytes) -> bytes:  # row heights are all an older XlsxWriter writes differently
        return data if xlsxwriter.__version__ == SAMPLE_XLSXWRITER else re.sub(rb' ht="[0-9.]+"', b"", data)

    stale = [n for n in fresh.namelist() if n != "docProps/core.xml" and comparable(fresh.read(n)) != comparable(bundled.read(n))]
    assert stale == [], "rebuild the sample with the command in samples/README.md"
