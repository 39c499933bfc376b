"""Writing the Status sheet loses nothing and refuses what it must."""

import os
import re
import shutil
import zipfile

import openpyxl
import pytest
from builders import TODAY, contact, day, write_tracker
from click.testing import CliRunner
from rich_workbooks import rich_tracker

from toolkit.cli import cli
from toolkit.errors import ForeignStatusSheet, OutputNotWritable
from toolkit.review.checker import check
from toolkit.review.status_sheet import write_status

BOOKKEEPING = {"xl/workbook.xml", "xl/_rels/workbook.xml.rels", "[Content_Types].xml", "xl/styles.xml", "docProps/app.xml"}


def parts(path):
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def elements(xml: bytes, name: str) -> list[str]:
    """Every <name .../> or <name>...</name> element in a part, as text."""
    return re.findall(rf"<{name}\b(?:[^>]*/>|[^>]*>.*?</{name}>)", xml.decode("utf-8"), re.S)


def status_parts(before, after):
    """The parts the write added: the Status worksheet, its relationships and its findings table."""
    added = set(after) - set(before)
    sheet, = [p for p in added if p.startswith("xl/worksheets/sheet")]
    return added, sheet


@pytest.fixture(params=["rich.xlsx", "rich.xlsm"])
def rich(tmp_path, request):
    return rich_tracker(tmp_path / request.param)


@pytest.fixture
def copy(tmp_path, sample_tracker):
    path = tmp_path / "tracker.xlsx"
    shutil.copy(sample_tracker, path)
    return path


def test_status_sheet_is_added_and_every_other_part_is_unchanged(copy):
    """Only the bookkeeping parts change; the Status sheet, its rels and its table are added; the rest is byte-identical."""
    before = parts(copy)
    sheet_names = openpyxl.load_workbook(copy).sheetnames
    write_status(copy, check(copy, TODAY))
    after = parts(copy)
    added, sheet = status_parts(before, after)
    assert added == {sheet, sheet.replace("worksheets/", "worksheets/_rels/") + ".rels", "xl/tables/table7.xml"}
    changed = {name for name in before if before[name] != after[name]}
    assert changed <= BOOKKEEPING
    book = openpyxl.load_workbook(copy)
    assert book.sheetnames == sheet_names + ["Status"]
    assert "ContactNames" in book.defined_names and "ThankYouWindowHours" in book.defined_names
    app = after["docProps/app.xml"].decode()
    assert "<vt:i4>10</vt:i4>" in app and "<vt:lpstr>Lists</vt:lpstr><vt:lpstr>Status</vt:lpstr>" in app


def test_what_people_add_in_excel_survives_part_by_part(rich):
    """Chart, image, comment, Tables, defined names, a data bar and a dropdown in x14 extensions, macros: all kept."""
    before = parts(rich)
    write_status(rich, check(rich, TODAY))
    after = parts(rich)
    added, _ = status_parts(before, after)
    assert len(added) == 3
    assert {name for name in before if before[name] != after[name]} <= BOOKKEEPING
    kept = [name for name in before if name not in BOOKKEEPING]
    assert any("charts/chart" in n for n in kept) and any("media/image" in n for n in kept)
    assert any("comments" in n for n in kept) and any("vmlDrawing" in n for n in kept)
    assert any(b"x14:dataBar" in before[n] for n in kept) and any(b"x14:dataValidation" in before[n] for n in kept)
    if rich.suffix == ".xlsm":
        assert "xl/vbaProject.bin" in kept and b"macroEnabled" in after["[Content_Types].xml"]
    for part, element in (("[Content_Types].xml", "Override"), ("[Content_Types].xml", "Default"),
                          ("xl/_rels/workbook.xml.rels", "Relationship"), ("xl/workbook.xml", "sheet"),
                          ("xl/workbook.xml", "definedName")):
        old, new = elements(before[part], element), elements(after[part], element)
        assert new[:len(old)] == old, f"{element} entries of {part} changed or moved"


def test_result_opens_in_openpyxl_with_a_findings_table(rich):
    """openpyxl reads the result: Status is last, its findings are a Table, the macro project is still there."""
    write_status(rich, check(rich, TODAY))
    book = openpyxl.load_workbook(rich, keep_vba=True)
    status = book["Status"]
    table, = status.tables.values()
    assert table.name == "StatusFindings" and table.ref.startswith("A6:H")
    assert [c.value for c in status[6]][:len(table.tableColumns)] == [c.name for c in table.tableColumns]
    assert book.sheetnames[-1] == "Status" and "MyPeople" in book.defined_names
    if rich.suffix == ".xlsm":
        assert book.vba_archive is not None and "xl/vbaProject.bin" in book.vba_archive.namelist()


def test_table_name_and_id_do_not_clash(tmp_path):
    """A user table already called StatusFindings pushes ours to a new name and a free id."""
    path = write_tracker(tmp_path / "t.xlsx", {"Contacts": [contact("Ann Lee")]})
    book = openpyxl.load_workbook(path)
    from openpyxl.worksheet.table import Table
    book["Contacts"].add_table(Table(displayName="StatusFindings", ref="A1:P2"))
    book.save(path)
    write_status(path, check(path, TODAY))
    tables = {t.name: t for ws in openpyxl.load_workbook(path) for t in ws.tables.values()}
    assert set(tables) == {"StatusFindings", "StatusFindings2"}
    ids = [t.id for t in tables.values()]
    assert len(set(ids)) == 2


def test_existing_styles_keep_their_positions(copy):
    """Styles are only appended: the original cellXfs list is a prefix of the new one."""
    before = parts(copy)["xl/styles.xml"].decode()
    write_status(copy, check(copy, TODAY))
    after = parts(copy)["xl/styles.xml"].decode()
    for element in ("fonts", "fills", "cellXfs"):
        old = before.split(f"<{element}")[1].split(f"</{element}>")[0].split(">", 1)[1]
        new = after.split(f"<{element}")[1].split(f"</{element}>")[0].split(">", 1)[1]
        assert new.startswith(old)


FINDINGS_HEADER = ("Severity", "What to do", "Contact", "Message", "Due", "Days overdue", "Where", "Rule")
OVERVIEW_HEADER = ("Contact", "Relationship", "Last touch", "Next follow-up due", "Follow-ups (12 months)",
                   "My open promises", "Their open offers", "Thank-you")


def test_status_shows_findings_with_links_and_every_contact(copy):
    """Each finding is a row with a link to its cell; the overview lists every contact."""
    report = check(copy, TODAY)
    write_status(copy, report)
    ws = openpyxl.load_workbook(copy)["Status"]
    rows = list(ws.iter_rows(values_only=True))
    header = next(i for i, r in enumerate(rows) if r[:8] == FINDINGS_HEADER)
    assert rows[header][9:17] == OVERVIEW_HEADER  # the overview has its own columns, right of the findings
    first = rows[header + 1]
    assert first[0] == report.findings[0].severity and first[6] == report.findings[0].location
    assert ws.cell(header + 2, 7).hyperlink.location == f"'{report.findings[0].sheet}'!{report.findings[0].cell}"
    names = [r[9] for r in rows[header + 1:] if len(r) > 9 and r[9]]
    assert names[:len(report.contacts)] == [c.name for c in report.contacts]
    assert names[len(report.contacts)].startswith("Every contact at a glance: Last touch is")  # what it means, right below
    assert any(r[:2] == ("Errors", 3) for r in rows)


def test_same_day_twice_gives_the_same_file(copy):
    """Running check twice on the same day changes nothing the second time."""
    write_status(copy, check(copy, TODAY))
    first = copy.read_bytes()
    write_status(copy, check(copy, TODAY))
    assert copy.read_bytes() == first


def test_foreign_status_sheet_is_refused(tmp_path):
    """A Status sheet the user made is never replaced."""
    path = write_tracker(tmp_path / "t.xlsx", {"Contacts": [contact("Ann Lee")]})
    book = openpyxl.load_workbook(path)
    book.create_sheet("Status")["A1"] = "my own notes"
    book.save(path)
    before = path.read_bytes()
    with pytest.raises(ForeignStatusSheet, match="rename"):
        write_status(path, check(path, TODAY))
    assert path.read_bytes() == before


@pytest.mark.parametrize("lock", ["~$t.xlsx", ".~lock.t.xlsx#"])
def test_open_workbook_is_refused(tmp_path, lock):
    """Excel's and LibreOffice's lock files stop the write with a hint about stale locks."""
    path = write_tracker(tmp_path / "t.xlsx", {"Contacts": [contact("Ann Lee")]})
    (tmp_path / lock).write_text("x")
    before = path.read_bytes()
    result = CliRunner().invoke(cli, ["check", str(path), "--today", "2026-11-22"])
    assert result.exit_code == 2 and "close it" in result.output and "stale" in result.output
    assert path.read_bytes() == before


@pytest.mark.parametrize("step", ["writestr", "replace"])
def test_failure_mid_write_leaves_the_original(copy, monkeypatch, step):
    """If building the package or renaming it into place fails, the original is byte-identical and no temp file remains."""
    if step == "replace":
        def failing_replace(*_args):
            raise OSError(28, "No space left on device")

        before = copy.read_bytes()
        monkeypatch.setattr(os, "replace", failing_replace)
        with pytest.raises(OutputNotWritable, match="No space left"):
            write_status(copy, check(copy, TODAY))
        assert copy.read_bytes() == before
        assert [p.name for p in copy.parent.iterdir()] == [copy.name]
        return
    before = copy.read_bytes()
    calls = {"n": 0}
    real = zipfile.ZipFile.writestr

    def failing(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 5:
            raise OSError("disk full")
        return real(self, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "writestr", failing)
    with pytest.raises(OSError):
        write_status(copy, check(copy, TODAY))
    assert copy.read_bytes() == before
    assert [p.name for p in copy.parent.iterdir()] == [copy.name]


def test_user_text_that_looks_like_a_formula_stays_text(tmp_path):
    """A contact named =HYPERLINK(...) appears in Status as text, never as a formula."""
    name = '=HYPERLINK("http://x","y")'
    path = write_tracker(tmp_path / "t.xlsx", {"Contacts": [{"Name": "x"}], "Interviews": [{"Contact": "x", "Date": day(-3)}]})
    book = openpyxl.load_workbook(path)
    for cell in (book["Contacts"]["A2"], book["Interviews"]["A2"]):
        cell.value = name
        cell.data_type = "s"  # text typed with a leading apostrophe, or pasted
    book.save(path)
    before = parts(path)
    write_status(path, check(path, TODAY))
    _, status = status_parts(before, parts(path))
    xml = parts(path)[status].decode()
    assert "<f>" not in xml and "HYPERLINK" in xml
    ws = openpyxl.load_workbook(path)["Status"]
    values = [c.value for row in ws.iter_rows() for c in row if c.value]
    assert name in values and all(c.data_type != "f" for row in ws.iter_rows() for c in row)


def test_permissions_are_kept(copy):
    """The replaced file keeps the original's permissions."""
    copy.chmod(0o640)
    write_status(copy, check(copy, TODAY))
    assert copy.stat().st_mode & 0o777 == 0o640


def test_status_names_the_seeker_and_the_day(copy):
    """A counselor sees whose tracker and as of when at the top."""
    write_status(copy, check(copy, TODAY))
    ws = openpyxl.load_workbook(copy)["Status"]
    assert ws["A2"].value == f"Jordan Rivera, as of {TODAY.isoformat()}"


def test_next_follow_up_due_honours_snooze_as_remind_does(tmp_path):
    """A snoozed contact's next follow-up is the day after Snooze Until: the date `tracker remind` uses."""
    from toolkit.notes.reminders import plan_reminders
    from toolkit.review.checker import review

    path = write_tracker(tmp_path / "t.xlsx", {
        "Contacts": [contact("Ann Lee", **{"Snooze Until": day(30)}), contact("Ben Ode")],
        "Interviews": [{"Contact": "Ann Lee", "Date": day(-200), "Thank-You Sent": day(-200)},
                       {"Contact": "Ben Ode", "Date": day(-50), "Thank-You Sent": day(-50)}],
    })
    context, report = review(path, TODAY)
    overview = {c.name: c.next_follow_up for c in report.contacts}
    reminded = {r.summary.removeprefix("Get back in touch with "): r.due for r in plan_reminders(context, report) if r.kind == "follow-up"}
    assert overview == {"Ann Lee": day(31), "Ben Ode": day(70)} == reminded


def test_what_you_are_learning_lists_open_questions_surprises_and_interest_by_industry(tmp_path):
    """Unanswered questions (blank Contact: not sure who to ask yet), Surprised answers, and held conversations per Industry."""
    path = write_tracker(tmp_path / "t.xlsx", {
        "Contacts": [contact("Ann Lee", Industry="Health tech"), contact("Bo Diaz", Industry=" health  TECH"),
                     contact("Cy Ng", Industry="Software"), contact("Di Ho")],
        "Interviews": [{"Contact": "Ann Lee", "Date": day(-30), "Still Interested": "Yes", "Thank-You Sent": day(-30)},
                       {"Contact": "Ann Lee", "Date": day(-10), "Still Interested": "Maybe", "Thank-You Sent": day(-10)},
                       {"Contact": "Bo Diaz", "Date": day(-20), "Still Interested": "Yes", "Thank-You Sent": day(-20)},
                       {"Contact": "Cy Ng", "Date": day(-5), "Still Interested": "No", "Thank-You Sent": day(-5)},
                       {"Contact": "Cy Ng", "Date": day(-4), "Outcome": "Cancelled", "Still Interested": "Yes"},
                       {"Contact": "Di Ho", "Date": day(-3), "Thank-You Sent": day(-3)},
                       {"Contact": "Di Ho", "Date": day(7)}],
        "Questions": [{"Contact": "Ann Lee", "Question": "What is a typical week?", "Answer": "Meetings.", "Surprised?": "Yes"},
                      {"Contact": "Ann Lee", "Question": "Which skills first?", "Answer": "Writing.", "Surprised?": "No"},
                      {"Question": "Who hires juniors?"},
                      {"Contact": "Bo Diaz", "Question": "Remote work?"}],
    })
    report = check(path, TODAY)
    assert report.findings == []  # a question with no Contact is not a data problem
    write_status(path, report)
    rows = [r for r in openpyxl.load_workbook(path)["Status"].iter_rows(values_only=True)]
    start = rows.index(("What you're learning",) + (None,) * (len(rows[0]) - 1))
    section = [tuple(v for v in r if v is not None) for r in rows[start:] if any(v is not None for v in r)]
    assert section[2:] == [
        ("Where", "Who can answer", "Question still open"),
        ("Row 4", "not sure who to ask yet", "Who hires juniors?"),
        ("Row 5", "Bo Diaz", "Remote work?"),
        ("Where", "Contact", "Question", "Answer that surprised you"),
        ("Row 2", "Ann Lee", "What is a typical week?", "Meetings."),
        ("Industry", "Conversations held", "Still interested: Yes", "Maybe", "No", "Not noted"),
        ("Health tech", 3, 2, 1, 0, 0),
        ("Software", 1, 0, 0, 1, 0),
        ("(no industry)", 1, 0, 0, 0, 1),
    ]
    links = {c.value: c.hyperlink.location for r in openpyxl.load_workbook(path)["Status"].iter_rows(min_row=start + 1)
             for c in r if c.hyperlink}
    assert links == {"Row 4": "'Questions'!B4", "Row 5": "'Questions'!B5", "Row 2": "'Questions'!C2"}



def test_what_you_are_learning_on_an_empty_tracker_says_so(tmp_path):
    """No questions and no held conversation: each list says there is nothing yet instead of an empty table."""
    path = write_tracker(tmp_path / "t.xlsx", {"Contacts": [contact("Ann Lee")]})
    write_status(path, check(path, TODAY))
    texts = [v for r in openpyxl.load_workbook(path)["Status"].iter_rows(values_only=True) for v in r if isinstance(v, str)]
    section = texts[texts.index("What you're learning"):]
    for line in ("Every question you wrote down has an answer.", "No answer is marked Surprised? Yes yet.", "No conversation held yet."):
        assert line in section


def test_printed_status_repeats_its_header_row(copy):
    """Every printed page of Status repeats the row with the findings' and the overview's headers."""
    write_status(copy, check(copy, TODAY))
    sheet = openpyxl.load_workbook(copy)["Status"]
    header_row = next(row for row in range(1, 20) if sheet.cell(row, 1).value == "Severity")
    assert sheet.print_title_rows == f"${header_row}:${header_row}"
