"""Error values (#N/A, #NAME?, Gnumeric's bare '#') never make a tracker unreadable."""

import zipfile

from builders import TODAY, contact, day, flat, write_tracker

from toolkit.review.checker import check
from toolkit.workbook.schema import load_template

TEMPLATE = load_template()
CONTACT_HEADERS = [c.header for c in TEMPLATE.sheet("Contacts").read_columns] + ["Last Touch", "My Score"]


def _replace_in_sheets(path, old: bytes, new: bytes):
    """Rewrite the package with `old` replaced by `new` in every worksheet part (as another program might save it)."""
    with zipfile.ZipFile(path) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data.replace(old, new) if name.startswith("xl/worksheets/") else data)
    return path


def _tracker_with_errors(path):
    """Errors in read columns (a date, an email, a setting) and in columns no rule reads (computed, the user's own)."""
    return write_tracker(path, {
        "Contacts": [contact("Ann Lee", **{"Last Touch": "#VALUE!", "My Score": "#NULL!"}),
                     contact("Ben Ode", Email="#NAME?")],
        "Interviews": [{"Contact": "Ann Lee", "Date": "#N/A"}, {"Contact": "Ben Ode", "Date": day(-10), "Thank-You Sent": day(-10)}],
    }, settings={"Promise Window (days)": "#DIV/0!"}, headers={"Contacts": CONTACT_HEADERS})


def test_error_values_in_read_columns_are_data_findings_naming_the_cell(tmp_path):
    """#N/A in a Date, #NAME? in an Email and #DIV/0! in a setting each become data-error-value on their cell."""
    report = check(_tracker_with_errors(tmp_path / "t.xlsx"), TODAY)
    errors = sorted((f.sheet, f.cell, f.severity) for f in report.findings if f.rule == "data-error-value")
    assert errors == [("Contacts", "F3", "error"), ("Interviews", "B2", "error"), ("Settings", "B2", "error")]
    message = next(f.message for f in report.findings if f.cell == "B2" and f.sheet == "Interviews")
    assert message.startswith("Date holds the error value #N/A")
    # The date is unreadable, not missing; the rest of the workbook is checked as usual.
    assert not [f for f in report.findings if f.rule == "data-missing-value"]
    assert ("linkedin-not-connected", "Contacts", 3) not in flat(report)  # Ben is connected; nothing else lost


def test_errors_in_columns_no_rule_reads_are_ignored(tmp_path):
    """The computed Last Touch and the user's own column may hold errors: no finding mentions them."""
    report = check(_tracker_with_errors(tmp_path / "t.xlsx"), TODAY)
    assert not [f for f in report.findings if f.sheet == "Contacts" and f.cell in ("Q2", "R2")]


def test_a_sheet_calamine_refuses_is_read_another_way(tmp_path):
    """Gnumeric's bare '#' error makes calamine refuse the sheet; openpyxl reads it and the findings are the same."""
    path = _tracker_with_errors(tmp_path / "t.xlsx")
    before = sorted((f.rule, f.sheet, f.cell, f.message) for f in check(path, TODAY).findings)
    _replace_in_sheets(path, b"<v>#NULL!</v>", b"<v>#</v>")
    after = sorted((f.rule, f.sheet, f.cell, f.message) for f in check(path, TODAY).findings)
    assert after == before


def test_a_bare_error_in_a_read_column_names_its_cell(tmp_path):
    """A bare '#' where the rules read (a Contact name) is a finding, and that row gets no contact name."""
    path = write_tracker(tmp_path / "t.xlsx", {"Contacts": [contact("Ann Lee")],
                                               "Interviews": [{"Contact": "#NULL!", "Date": day(-1)}]})
    _replace_in_sheets(path, b"<v>#NULL!</v>", b"<v>#</v>")
    report = check(path, TODAY)
    found = [(f.rule, f.cell, f.contact) for f in report.findings if f.sheet == "Interviews"]
    assert ("data-error-value", "A2", None) in found


def test_an_error_marker_cut_in_two_by_the_pieces_read_is_still_found():
    """The error scan reads a sheet a piece at a time: wherever a piece ends, an error cell's marker is seen."""
    from toolkit.review.sheet_rows import _holds_errors

    data = b'<c r="A1" t="e"><v>#N/A</v></c>'
    assert all(_holds_errors([data[:cut], data[cut:]]) for cut in range(len(data) + 1))
    text = data.replace(b't="e"', b't="s"')
    assert not any(_holds_errors([text[:cut], text[cut:]]) for cut in range(len(text) + 1))
