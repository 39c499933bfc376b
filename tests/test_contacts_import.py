"""`tracker import`: new people added once, known people only have blanks filled, the rest untouched."""

import openpyxl
import pytest
from builders import TODAY, flat
from capture_books import KINDS, changed_parts, make_tracker, parts, people_rows, run, sheet_parts
from test_address_book import GOOGLE_OLD, LINKEDIN, VCARDS, write

from toolkit.capture.address_book import Person
from toolkit.capture.contacts_import import Entry, plan_import
from toolkit.errors import FileChangedMeanwhile
from toolkit.review.checker import check

PRESENT = {"Name", "Title", "Organization", "Email", "Phone", "LinkedIn", "Mailing Address", "Connected on LinkedIn"}


def contacts(path):
    ws = openpyxl.load_workbook(path)["Contacts"]
    headers = [c.value for c in ws[1]]
    return ws, {row[0].value: dict(zip(headers, (c.value for c in row))) for row in ws.iter_rows(min_row=2) if row[0].value}


def exports(tmp_path):
    return [str(write(tmp_path, "Connections.csv", LINKEDIN)), str(write(tmp_path, "contacts.vcf", VCARDS)),
            str(write(tmp_path, "google.csv", GOOGLE_OLD))]


@pytest.mark.parametrize("kind", KINDS)
def test_import_adds_new_people_fills_blanks_and_twice_adds_nobody(tmp_path, kind):
    """Ann (same profile) gets only her blank cells; four new people come in as Prospects; a second run changes nothing."""
    path = make_tracker(kind, tmp_path / "t.xlsx")
    files = exports(tmp_path)
    result = run("import", str(path), *files)
    assert result.exit_code == 0, result.output
    assert result.output == ("Imported into t.xlsx: added 4, filled 2, skipped 0. "
                             "New people are in Contacts rows 5-8 with Relationship Prospect.\n")
    ws, people = contacts(path)
    assert list(people) == ["Ann Lee", "Bo Chen", "Cy Diaz", "Zoë Quinn", "José Müller", "Ayşe Öztürk", "Max Roy"]
    ann = people["Ann Lee"]
    assert ann["Email"] == "ann@example.com" and ann["Organization"] == "Acme" and ann["Title"] == "Engineer"
    assert ann["Phone"] == "+1 555 0100" and ann["Mailing Address"] == "1 Main St, Springfield, IL 62701, USA"
    assert ann["Relationship"] == "Met" and ann["How We Met"] is None
    zoe = people["Zoë Quinn"]
    assert (zoe["Relationship"], zoe["How We Met"], zoe["Connected on LinkedIn"], zoe["Email"]) == ("Prospect", "LinkedIn", "Yes", "zoe@example.com")
    assert (people["Max Roy"]["How We Met"], people["Max Roy"]["Connected on LinkedIn"]) == (None, None)
    if kind == "tables":
        assert ws.tables["Contacts"].ref == "A1:R8"
    assert flat(check(path, TODAY), "data-duplicate-contact") == []
    before = path.read_bytes()
    again = run("import", str(path), *files)
    assert again.output == "Imported into t.xlsx: added 0, filled 0, skipped 6.\n" and path.read_bytes() == before


def test_dry_run_lists_everyone_and_writes_nothing(tmp_path):
    """--dry-run prints each person's fate and the counts, and leaves the file byte for byte."""
    path = make_tracker("tables", tmp_path / "t.xlsx")
    before = path.read_bytes()
    result = run("import", str(path), exports(tmp_path)[0], "--dry-run")
    assert result.exit_code == 0 and path.read_bytes() == before
    assert result.output.splitlines() == [
        "  fill  Ann Lee: Title, Organization  (Contacts row 2; Connections.csv line 5)",
        "  add   Zoë Quinn  (Connections.csv line 6)",
        "Dry run, nothing written to t.xlsx: would have added 1, filled 1, skipped 0.",
    ]


def test_only_the_contacts_sheet_and_its_table_change(tmp_path):
    """Every other part of the generated tracker is byte-identical after an import."""
    path = make_tracker("tables", tmp_path / "t.xlsx")
    before = parts(path)
    assert run("import", str(path), *exports(tmp_path)).exit_code == 0
    assert changed_parts(before, path) == sheet_parts(path, "Contacts")


def test_unparseable_file_exits_2_and_writes_nothing(tmp_path):
    """A broken export stops the import before any file is written, naming the file and line."""
    path = make_tracker("plain", tmp_path / "t.xlsx")
    before = path.read_bytes()
    good = exports(tmp_path)[0]
    bad = write(tmp_path, "broken.vcf", "BEGIN:VCARD\nVERSION:3.0\nFN:Ann\n")
    result = run("import", str(path), good, str(bad))
    assert result.exit_code == 2 and "broken.vcf line 3" in result.output and path.read_bytes() == before


def test_swapped_arguments_say_the_tracker_comes_first(tmp_path):
    """A workbook given as an export (by name or by content) or an export given as the tracker: one line, nothing written."""
    path = make_tracker("plain", tmp_path / "mine.xlsx")
    before = path.read_bytes()
    connections = exports(tmp_path)[0]
    renamed = tmp_path / "tracker-backup"
    renamed.write_bytes(before)
    usage = "the tracker comes first: `tracker import TRACKER FILES...`"
    for args, message in [((connections, path), f"{connections} is an address-book export, not a tracker; {usage}"),
                          ((path, connections, path), f"{path} is a workbook, not an address-book export; {usage}"),
                          ((path, renamed), f"{renamed} is a workbook, not an address-book export; {usage}"),
                          ((tmp_path / "people.vcf", path), f"{tmp_path / 'people.vcf'} is an address-book export, "
                                                             f"not a tracker; {usage}")]:
        result = run("import", *map(str, args))
        assert result.exit_code == 2 and result.output == f"Error: {message}\n", result.output
    assert path.read_bytes() == before


def test_a_missing_file_a_folder_or_a_zip_says_what_to_do(tmp_path):
    """No such file, a folder, or LinkedIn's zip unopened: one exit-2 line each that says what to give instead."""
    import zipfile

    path = make_tracker("plain", tmp_path / "t.xlsx")
    before = path.read_bytes()
    (tmp_path / "exports").mkdir()
    with zipfile.ZipFile(tmp_path / "Basic_LinkedInDataExport.zip", "w") as archive:
        archive.writestr("Connections.csv", LINKEDIN)
    for name, message in [("missing.csv", "missing.csv: no such file; check the name and folder"),
                          ("exports", "exports is a folder; give the export file inside it"),
                          ("Basic_LinkedInDataExport.zip", "Basic_LinkedInDataExport.zip is a zip archive, not an "
                           "address-book export; unzip it and give the export inside (LinkedIn's holds Connections.csv)")]:
        result = run("import", str(path), str(tmp_path / name))
        assert result.exit_code == 2 and result.output == f"Error: {tmp_path}/{message}\n", result.output
    assert path.read_bytes() == before


def person(name=None, emails=(), linkedin=None, **values):
    return Person(name, tuple(emails), linkedin, where="x.csv line 2", **values)


def test_matches_by_profile_email_or_name_and_never_overwrites():
    """Same profile (other spelling), same email (other case) or same name finds the row; filled cells stay."""
    existing = [Entry({"Name": "Ann Lee", "LinkedIn": "https://www.linkedin.com/in/ann/", "Title": "Boss"}, row=2),
                Entry({"Name": "Bo Chen", "Email": "Bo@Example.com"}, row=3),
                Entry({"Name": "Cy Diaz"}, row=4)]
    people = [person("A. Lee", linkedin="linkedin.com/in/Ann?x=1", title="Intern", phone="1"),
              person("Robert Chen", emails=["bo@example.COM"], organization="Acme"),
              person(" cy  DIAZ ", emails=["cy@x.example"]),
              person("Cy Diaz", emails=["other@x.example"])]
    outcomes, added = plan_import(existing, people, PRESENT)
    assert [(o.action, o.entry.row, o.filled) for o in outcomes] == [
        ("fill", 2, ("Phone",)), ("fill", 3, ("Organization",)), ("fill", 4, ("Email",)), ("skip", 4, ())]
    assert added == [] and existing[0].values["Title"] == "Boss" and existing[2].values["Email"] == "cy@x.example"


def test_duplicates_within_one_import_become_one_row():
    """The same new person in two files is added once, the second file filling that row's blanks."""
    outcomes, added = plan_import([], [person("Dee Ray", emails=["dee@x.example"]),
                                       person("Deirdre Ray", emails=["DEE@x.example"], phone="555")], PRESENT)
    assert [o.action for o in outcomes] == ["add", "fill"] and len(added) == 1
    assert added[0].values == {"Name": "Dee Ray", "Email": "dee@x.example", "Phone": "555", "Relationship": "Prospect"}


def test_unreadable_cell_is_not_blank_and_a_person_without_name_is_reported():
    """A cell the reader could not read is not filled; someone with no name and no match is skipped, with why."""
    existing = [Entry({"Name": "Ann Lee", "Connected on LinkedIn": None}, row=2, blocked={"Connected on LinkedIn"})]
    outcomes, added = plan_import(existing, [person("Ann Lee", from_linkedin=True), person(None, emails=["x@y.z"])], PRESENT)
    assert [(o.action, o.why) for o in outcomes] == [
        ("skip", "already in Contacts row 2"), ("skip", "no name, so not added; add them by hand if you want them")]
    assert added == []


def test_open_workbook_is_left_alone(tmp_path):
    """LibreOffice's lock file beside the workbook stops the import before anything is written."""
    path = make_tracker("tables", tmp_path / "t.xlsx")
    (tmp_path / ".~lock.t.xlsx#").write_text("lock")
    before = path.read_bytes()
    result = run("import", str(path), *exports(tmp_path))
    assert result.exit_code == 2 and "is open in Excel or LibreOffice" in result.output and path.read_bytes() == before


def test_a_save_by_another_program_meanwhile_wins(tmp_path, monkeypatch):
    """If the workbook is saved by someone else after it was read, the import refuses instead of overwriting."""
    import os

    import toolkit.capture.contacts_import as contacts_import

    path = make_tracker("plain", tmp_path / "t.xlsx")
    real_read = contacts_import.read_tracker

    def read_then_someone_saves(target, **options):
        data = real_read(target, **options)
        os.utime(path, ns=(1, 1))
        return data

    monkeypatch.setattr(contacts_import, "read_tracker", read_then_someone_saves)
    with pytest.raises(FileChangedMeanwhile):
        contacts_import.import_contacts(path, [write(tmp_path, "Connections.csv", LINKEDIN)])
    assert [r[0] for r in contacts(path)[1].items()][-1] == "Cy Diaz"


def test_a_linkedin_export_marks_known_people_connected_even_over_no():
    """Connected on LinkedIn 'No' or blank becomes Yes from a LinkedIn export (the one overwrite); 'Yes' stays a skip."""
    existing = [Entry({"Name": "Ann Lee", "Connected on LinkedIn": "No", "Title": "Boss"}, row=2),
                Entry({"Name": "Bo Chen", "Connected on LinkedIn": "Yes"}, row=3),
                Entry({"Name": "Cy Diaz", "Connected on LinkedIn": "No"}, row=4)]
    people = [person("Ann Lee", title="Intern", from_linkedin=True), person("Bo Chen", from_linkedin=True),
              person("Cy Diaz", phone="555")]
    outcomes, _ = plan_import(existing, people, PRESENT)
    assert [(o.action, o.filled) for o in outcomes] == [("fill", ("Connected on LinkedIn",)), ("skip", ()), ("fill", ("Phone",))]
    assert existing[0].values == {"Name": "Ann Lee", "Connected on LinkedIn": "Yes", "Title": "Boss"}
    assert existing[2].values["Connected on LinkedIn"] == "No"


def test_importing_connections_turns_no_into_yes_in_the_workbook(tmp_path):
    """Through the CLI: Ann's 'No' becomes Yes on her own row, and a second import changes nothing."""
    rows = people_rows()
    rows["Contacts"][0]["Connected on LinkedIn"] = "No"
    path = make_tracker("tables", tmp_path / "t.xlsx", rows)
    connections = str(write(tmp_path, "Connections.csv", LINKEDIN))
    assert run("import", str(path), connections).exit_code == 0
    assert contacts(path)[1]["Ann Lee"]["Connected on LinkedIn"] == "Yes"
    before = path.read_bytes()
    assert "added 0, filled 0" in run("import", str(path), connections).output and path.read_bytes() == before


def test_a_phone_card_lands_whole_and_what_was_left_out_is_said(tmp_path):
    """vCard 2.1's TITLE and ORG keep their commas in the tracker; a skipped comment line is printed as a note."""
    from test_address_book import APPLE_30, PHONE_21

    path = make_tracker("tables", tmp_path / "t.xlsx")
    phone = tmp_path / "phone.vcf"
    phone.write_bytes(PHONE_21)
    result = run("import", str(path), str(phone), str(write(tmp_path, "iphone.vcf", APPLE_30)))
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "  note  iphone.vcf line 14: not a vCard line, skipped ('# a comment line a phone left')",
        "Imported into t.xlsx: added 2, filled 0, skipped 0. New people are in Contacts rows 5-6 with Relationship Prospect."]
    ando = contacts(path)[1]["安藤ロイド"]
    assert (ando["Title"], ando["Organization"], ando["Email"]) == ("Head of Design, EMEA", "Acme, Inc.", "ando@example.jp")
