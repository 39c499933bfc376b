"""Reading trackers a person edited: odd layouts, bad values, broken files."""

import datetime as dt
import zipfile

import openpyxl
import pytest
from builders import TEMPLATE, TODAY, contact, day, flat, write_tracker

from toolkit.errors import HeaderMissing, NotAWorkbook, SheetMissing, WorkbookNotFound, WorkbookUnreadable
from toolkit.review.checker import check


def test_bad_values_become_data_findings_naming_the_cell(tmp_path):
    """Text in a date column, a stray choice, a bad number and a missing required value each name their cell."""
    path = write_tracker(tmp_path / "t.xlsx", {
        "Contacts": [contact("Ann Lee", **{"Follow Up Every (days)": "often", "Relationship": "Friendly"})],
        "Interviews": [{"Contact": "Ann Lee", "Date": "next Tuesday"}, {"Contact": "Ann Lee"}],
    })
    report = check(path, TODAY)
    assert sorted((f.rule, f.cell) for f in report.findings if f.rule.startswith("data-")) == [
        ("data-bad-choice", "L2"), ("data-bad-date", "B2"), ("data-bad-number", "N2"), ("data-missing-value", "B3")]
    bad_date = next(f for f in report.findings if f.rule == "data-bad-date")
    assert "next Tuesday" in bad_date.message and "YYYY-MM-DD" in bad_date.message and bad_date.severity == "error"


def test_iso_text_dates_numbers_as_text_and_datetimes_are_read(tmp_path):
    """'2026-11-20' as text, '30' as text and a date-time all count as real values."""
    path = write_tracker(tmp_path / "t.xlsx", {
        "Contacts": [contact("Ann Lee", **{"Follow Up Every (days)": "30"})],
        "Interviews": [{"Contact": "Ann Lee", "Date": " 2026-10-01 ", "Thank-You Sent": dt.datetime(2026, 10, 1, 18, 30)}],
    })
    report = check(path, TODAY)
    assert flat(report) == [("follow-up-due", "Contacts", 2)]  # 2026-10-01 + 30 days < today
    assert report.findings[0].due == dt.date(2026, 10, 31)


def test_a_row_with_a_bad_value_still_takes_part_in_other_rules(tmp_path):
    """A bad Follow Up Every falls back to the setting; the row still gets its other findings."""
    path = write_tracker(tmp_path / "t.xlsx", {
        "Contacts": [contact("Ann Lee", **{"Follow Up Every (days)": 0})],
        "Interviews": [{"Contact": "Ann Lee", "Date": day(-200), "Thank-You Sent": day(-200)}],
    })
    assert sorted(flat(check(path, TODAY))) == [("data-bad-number", "Contacts", 2), ("follow-up-due", "Contacts", 2)]


def test_duplicate_and_unknown_contacts(tmp_path):
    """A repeated name (any case or spacing) is flagged after the first; names not in Contacts are flagged where used."""
    path = write_tracker(tmp_path / "t.xlsx", {
        "Contacts": [contact("Ann Lee"), contact("  ann   LEE ")],
        "Interviews": [{"Contact": "ANN  lee", "Date": day(-1), "Thank-You Sent": day(-1)}, {"Contact": "Zed", "Date": day(-1), "Thank-You Sent": day(-1)}],
        "Leads": [{"Name": "Bo", "Suggested By": "Nobody", "Status": "Contacted"}],
    })
    report = check(path, TODAY)
    assert sorted(flat(report, "data-duplicate-contact", "data-unknown-contact")) == [
        ("data-duplicate-contact", "Contacts", 3), ("data-unknown-contact", "Interviews", 3), ("data-unknown-contact", "Leads", 2)]
    lead = next(f for f in report.findings if f.sheet == "Leads")
    assert lead.contact == "Bo" and lead.cell == "B2"


def test_bad_setting_is_a_finding_and_the_default_is_used(tmp_path):
    """A bad setting value is flagged on its Value cell and the default (24 hours) applies."""
    path = write_tracker(tmp_path / "t.xlsx", {"Contacts": [contact("Ann Lee")], "Interviews": [{"Contact": "Ann Lee", "Date": day(-2)}]},
                         settings={"Thank-You Window (hours)": "a day", "Lead Window (days)": "21"})
    report = check(path, TODAY)
    # Findings with a due date sort before those without one.
    assert flat(report) == [("thank-you-overdue", "Interviews", 2), ("data-bad-number", "Settings", 2)]
    assert report.findings[1].cell == "B2"


def test_columns_in_any_order_with_extra_columns_and_rows_above_the_header(tmp_path):
    """Headers are found by text in the first 10 rows, in any order and case, beside the user's own columns."""
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Contacts"
    ws.append(["My networking"])
    ws.append([])
    ws.append(["Colour", "  EMAIL ", "name"])
    ws.append(["blue", "ann@example.com", "Ann Lee"])
    ws.append([])
    ws.append(["green", "bo@example.com", "Bo Diaz"])
    iv = book.create_sheet("Interviews")
    iv.append(["Date", "Mood", "Contact"])
    iv.append([day(-3), "good", "Bo Diaz"])
    book.save(tmp_path / "t.xlsx")
    report = check(tmp_path / "t.xlsx", TODAY)
    overdue = next(f for f in report.findings if f.rule == "thank-you-overdue")
    assert (overdue.contact, overdue.sheet, overdue.row) == ("Bo Diaz", "Interviews", 2)
    assert any("no 'Thank-You Sent' column" in note for note in report.notes)
    assert [c.name for c in report.contacts] == ["Ann Lee", "Bo Diaz"] and [c.row for c in report.contacts] == [4, 6]


def test_generated_tracker_with_blank_table_rows_has_no_findings(blank_tracker):
    """A fresh tracker (Tables with blank rows and formula columns) checks clean."""
    report = check(blank_tracker, TODAY)
    assert report.findings == [] and report.notes == []


def test_sample_fires_every_rule(sample_tracker):
    """The bundled sample shows every rule of the spec, and no data findings."""
    report = check(sample_tracker, TODAY)
    from toolkit.review.registry import RULE_INFO
    spec_rules = {r for r in RULE_INFO if not r.startswith("data-")}
    assert {f.rule for f in report.findings} == spec_rules


def test_missing_required_header_names_the_closest_match(tmp_path):
    """A renamed required header stops the check with the headers found and the closest match."""
    path = write_tracker(tmp_path / "t.xlsx", headers={"Interviews": ["Contakt", "Date", "Outcome"]})
    with pytest.raises(HeaderMissing) as caught:
        check(path, TODAY)
    message = str(caught.value)
    assert "'Interviews'" in message and "'Contact'" in message and "rename 'Contakt' to 'Contact'" in message


def test_missing_required_sheet(tmp_path):
    """No Interviews sheet: stop and say which sheets there are."""
    book = openpyxl.Workbook()
    book.active.title = "Contacts"
    book.active.append(["Name"])
    book.create_sheet("Interview")
    book.save(tmp_path / "t.xlsx")
    with pytest.raises(SheetMissing, match="rename the sheet 'Interview' to 'Interviews'"):
        check(tmp_path / "t.xlsx", TODAY)


@pytest.mark.parametrize("name, content, error", [
    ("t.csv", b"Name\nAnn\n", NotAWorkbook),
    ("t.ods", b"PK", NotAWorkbook),
    ("t.xls", b"x", NotAWorkbook),
    ("t.xlsx", b"this is not a zip", WorkbookUnreadable),
    ("t.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, WorkbookUnreadable),
])
def test_files_that_are_not_trackers(tmp_path, name, content, error):
    """CSV, ODS, XLS, non-zip and encrypted files are refused with a clear error."""
    (tmp_path / name).write_bytes(content)
    with pytest.raises(error):
        check(tmp_path / name, TODAY)


def test_truncated_workbook(tmp_path, sample_tracker):
    """Half a file is refused as damaged, not a traceback."""
    data = sample_tracker.read_bytes()
    (tmp_path / "t.xlsx").write_bytes(data[: len(data) // 2])
    with pytest.raises(WorkbookUnreadable, match="damaged|not a valid"):
        check(tmp_path / "t.xlsx", TODAY)


def test_zip_bomb_is_refused(tmp_path, monkeypatch):
    """Parts that would inflate past the limit are refused before reading."""
    import toolkit.xlsx.package
    monkeypatch.setattr(toolkit.xlsx.package, "MAX_UNPACKED_BYTES", 1000)
    with zipfile.ZipFile(tmp_path / "t.xlsx", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "0" * 5000)
    with pytest.raises(WorkbookUnreadable, match="not safe"):
        check(tmp_path / "t.xlsx", TODAY)


def test_missing_file_in_a_missing_folder_names_the_folder():
    """No `tracker new` advice where it could not work: the folder is not there either."""
    with pytest.raises(WorkbookNotFound, match="^nowhere/tracker.xlsx: no such file, and no folder nowhere; check the path$"):
        check("nowhere/tracker.xlsx", TODAY)


@pytest.mark.parametrize("given, advised", [("t.xlsx", "t.xlsx"), ("missing", "missing.xlsx"), ("t.xlsm", "t.xlsx"),
                                            ("my tracker", '"my tracker.xlsx"')])
def test_missing_file_advises_a_tracker_new_that_works(tmp_path, monkeypatch, given, advised):
    """The advice names an .xlsx file (all `tracker new` makes), quoted when it has a space, and running it works."""
    from click.testing import CliRunner

    from toolkit.cli import cli

    monkeypatch.chdir(tmp_path)
    with pytest.raises(WorkbookNotFound) as caught:
        check(given, TODAY)
    assert str(caught.value) == f"{given}: no such file; check the path, or create a tracker with `tracker new {advised}`"
    assert CliRunner().invoke(cli, ["new", advised.strip('"')]).exit_code == 0


def test_mistyped_setting_gets_a_note_and_the_default(tmp_path):
    """A Settings row close to a real setting's name is named in a note; rows of the user's own are not."""
    path = write_tracker(tmp_path / "t.xlsx", {"Contacts": [contact("Ann Lee")]},
                         settings={"Thank You Window (hours": 48, "My favourite colour": "green"})
    report = check(path, TODAY)
    assert report.notes == ["Settings!A2 says 'Thank You Window (hours', which is not a setting, so it is ignored; "
                            "rename it to 'Thank-You Window (hours)' to use it"]


def test_missing_header_names_the_closest_header_present(tmp_path):
    """A Date column titled 'Interview Date' is named as the likely meaning."""
    headers = [c.header if c.header != "Date" else "Interview Date" for c in TEMPLATE.sheet("Interviews").read_columns]
    path = write_tracker(tmp_path / "t.xlsx", headers={"Interviews": headers})
    with pytest.raises(HeaderMissing, match=r"no column 'Date'.*did you mean 'Interview Date'\?"):
        check(path, TODAY)


def test_a_deleted_settings_sheet_says_which_rules_use_defaults_and_which_cannot_run(tmp_path):
    """Without Settings, the note names the rules on standard windows and share-the-news, which cannot run."""
    path = write_tracker(tmp_path / "t.xlsx", {"Contacts": [contact("Ann Lee")]})
    book = openpyxl.load_workbook(path)
    del book["Settings"]
    book.save(path)
    note, = [n for n in check(path, TODAY).notes if n.startswith("No Settings sheet")]
    assert "thank-you-overdue, thank-you-due (Thank-You Window (hours) 24)" in note
    assert "share-the-news cannot run without Landed Job On" in note


def test_every_rule_a_setting_names_is_a_real_rule():
    """The template's setting -> rules lists only name declared rules."""
    from toolkit.review.rules import all_rules

    declared = {r.id for r in all_rules()}
    named = {rule for setting in TEMPLATE.settings for rule in setting.rules}
    assert named and named <= declared


def test_a_second_look_at_a_refused_file_names_a_part_that_fails_its_checksum_and_else_gives_calamines_words(tmp_path):
    """A part whose bytes fail their checksum is named as unsafe; a part that cannot even be inflated (other damage the
    package layer knows) leaves calamine's own words, with the advice, not a traceback."""
    from toolkit.review.reader import unreadable

    def damaged(name: str, compression: int, spoil):
        path = tmp_path / name
        with zipfile.ZipFile(path, "w", compression) as archive:
            archive.writestr("xl/workbook.xml", "<workbook/>" * 200)
        data = bytearray(path.read_bytes())
        local = zipfile.ZipFile(path).getinfo("xl/workbook.xml")
        start = local.header_offset + 30 + len(local.filename) + len(local.extra)
        spoil(data, start)
        path.write_bytes(bytes(data))
        return path

    def flip(data, start):
        data[start + 5] ^= 0x01

    def invalid_block(data, start):
        data[start] = 0xFF  # a final block of type 3, which deflate does not have

    checksum = unreadable(damaged("stored.xlsx", zipfile.ZIP_STORED, flip), ValueError("sst"))
    assert str(checksum).startswith("stored.xlsx is not safe to open: a part does not match the size and checksum")
    inflate = unreadable(damaged("deflated.xlsx", zipfile.ZIP_DEFLATED, invalid_block), ValueError("sst"))
    assert str(inflate).endswith("could not be read (sst); restore a backup, or save it again from your spreadsheet program")
