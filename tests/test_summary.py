"""`tracker summary`: a counselor's caseload from many trackers, in the library and on the command line."""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from pathlib import Path

import openpyxl
import pytest
from builders import TEMPLATE, TODAY, contact, day, write_tracker
from click.testing import CliRunner
from office import libreoffice_convert

from toolkit.cli import cli
from toolkit.counselor.summary import TrackerSummary, find_trackers, summarise, summarise_tracker, week_starts
from toolkit.review.new_tracker import create_tracker
from toolkit.workbook.sample import sample_rows

SINCE = TODAY - dt.timedelta(days=30)
CONTACT_SECRET = "PRIVATE-CONTACT-7f3a91"
INTERVIEW_SECRET = "PRIVATE-INTERVIEW-c2d804"


def ann_tracker(path: Path) -> Path:
    """A seeker with an overdue thank-you, an overdue promise of her own, a lead to contact and private notes."""
    return write_tracker(path, {
        "Contacts": [contact("Bo Chen", **{"Private Notes": CONTACT_SECRET}), contact("Cy Diaz")],
        "Interviews": [{"Contact": "Bo Chen", "Date": day(-5), "Private Notes": INTERVIEW_SECRET},
                       {"Contact": "Cy Diaz", "Date": SINCE, "Thank-You Sent": SINCE},
                       {"Contact": "Cy Diaz", "Date": day(-31), "Thank-You Sent": day(-31)},
                       {"Contact": "Cy Diaz", "Date": day(3), "Outcome": "Scheduled", "Prepared": "Yes"}],
        "Promises": [{"Contact": "Bo Chen", "Made On": day(-20), "Direction": "I offered", "Promise": "Send the report"}],
        "Leads": [{"Name": "Di Eve", "Suggested By": "Bo Chen", "Suggested On": day(-2), "Status": "To contact"},
                  {"Name": "Ed Fox", "Suggested By": "Bo Chen", "Suggested On": day(-2), "Status": "Contacted"}],
    }, {"Your Name": "Ann Seeker"})


def quiet_tracker(path: Path) -> Path:
    """A seeker (no Your Name) whose last touch was a thank-you 39 days ago."""
    return write_tracker(path, {
        "Contacts": [contact("Gil Ho")],
        "Interviews": [{"Contact": "Gil Ho", "Date": day(-40), "Thank-You Sent": day(-39)}],
    })


@pytest.fixture
def caseload_folder(tmp_path) -> Path:
    """A counselor's folder: trackers in subfolders, a lock file, a temp file, a damaged file and a non-tracker."""
    root = tmp_path / "seekers"
    (root / "ann").mkdir(parents=True)
    (root / "more" / "deep").mkdir(parents=True)
    (root / ".hidden").mkdir()
    ann_tracker(root / "ann" / "ann.xlsx")
    (root / "ann" / "~$ann.xlsx").write_bytes(b"owner lock")
    (root / "ann" / ".~lock.ann.xlsx#").write_text("lock")
    quiet_tracker(root / "quiet.xlsx")
    rows, settings = sample_rows(TODAY)
    rows["Contacts"][0]["Private Notes"] = CONTACT_SECRET
    create_tracker(root / "more" / "deep" / "jordan.xlsx", rows, settings)
    (root / "more" / "broken.xlsx").write_bytes(b"PK\x03\x04 this is not really a workbook")
    budget = openpyxl.Workbook()
    budget.active.title = "Budget"
    budget.save(root / "more" / "budget.xlsx")
    (root / "more" / ".~tracker-x1y2.xlsx").write_bytes(b"half written")
    quiet_tracker(root / ".hidden" / "old.xlsx")
    (root / "notes.txt").write_text("not a workbook")
    return root


def run(*args):
    return CliRunner().invoke(cli, ["summary", *map(str, args)])


def by_path(data: dict) -> dict[str, dict]:
    return {t["path"]: t for t in data["trackers"]}


def test_finds_trackers_and_skips_locks_temp_files_hidden_folders_and_the_output(caseload_folder):
    """Folders are searched recursively; lock, temporary and hidden files and the output itself are not trackers."""
    output = caseload_folder / "caseload.xlsx"
    quiet_tracker(output)
    quiet_tracker(caseload_folder / "more" / "macros.XLSM")
    found = find_trackers([caseload_folder, caseload_folder / "quiet.xlsx"], output)
    assert [display for _, display in found] == ["quiet.xlsx", "ann/ann.xlsx", "more/broken.xlsx", "more/budget.xlsx",
                                                 "more/macros.XLSM", "more/deep/jordan.xlsx"]


def test_json_is_the_spec_object_with_every_field(caseload_folder, tmp_path):
    """--format json prints today, since and one entry per tracker; unreadable ones say why and exit 1."""
    result = run(caseload_folder, "-o", tmp_path / "caseload.xlsx", "--today", TODAY, "--format", "json")
    assert result.exit_code == 1, result.output
    data = json.loads(result.output)
    assert set(data) == {"today", "since", "trackers"}
    assert data["today"] == "2026-11-22" and data["since"] == "2026-10-23"
    trackers = by_path(data)
    assert set(trackers) == {"quiet.xlsx", "ann/ann.xlsx", "more/broken.xlsx", "more/budget.xlsx", "more/deep/jordan.xlsx"}
    ann = trackers["ann/ann.xlsx"]
    assert {k: ann[k] for k in ("seeker", "counts", "error", "thank_yous_overdue", "my_promises_overdue", "interviews_held",
                                "thank_yous_sent", "upcoming_interviews", "open_leads", "last_activity",
                                "days_since_activity", "landed_job", "attention")} == {
        "seeker": "Ann Seeker", "counts": {"error": 2, "warning": 0, "info": 0}, "error": None,
        "thank_yous_overdue": 1, "my_promises_overdue": 1, "interviews_held": 2, "thank_yous_sent": 1,
        "upcoming_interviews": 1, "open_leads": 1, "last_activity": "2026-11-17", "days_since_activity": 5,
        "landed_job": None, "attention": "thank-you overdue"}
    assert "open in Excel or LibreOffice" in ann["note"]  # the ~$ann.xlsx lock file: read anyway, but said
    assert [f["rule"] for f in ann["findings"]] == ["my-promise-overdue", "thank-you-overdue"]  # most days overdue first
    quiet = trackers["quiet.xlsx"]
    assert quiet["seeker"] == "quiet" and quiet["days_since_activity"] == 39 and quiet["attention"] == "quiet"
    jordan = trackers["more/deep/jordan.xlsx"]
    assert jordan["seeker"] == "Jordan Rivera" and jordan["counts"] == {"error": 3, "warning": 17, "info": 3}
    assert jordan["landed_job"] is not None
    broken, budget = trackers["more/broken.xlsx"], trackers["more/budget.xlsx"]
    assert "not a valid .xlsx file" in broken["error"] and broken["counts"] is None and broken["attention"] == "unreadable"
    assert "has no 'Contacts' sheet" in budget["error"]


def test_every_tracker_read_exits_0_and_paths_are_as_given(tmp_path):
    """Trackers named on the command line keep the path as given; all read means exit 0."""
    ann = ann_tracker(tmp_path / "ann.xlsx")
    quiet = quiet_tracker(tmp_path / "quiet.xlsx")
    result = run(ann, quiet, "-o", tmp_path / "out.xlsx", "--today", TODAY, "--format", "json")
    assert result.exit_code == 0, result.output
    assert set(by_path(json.loads(result.output))) == {str(ann), str(quiet)}


def test_since_counts_from_its_day_on(tmp_path):
    """Interviews held and thank-yous sent count from --since itself, not the day before."""
    ann = ann_tracker(tmp_path / "ann.xlsx")
    on_the_day = summarise_tracker(ann, "ann.xlsx", TODAY, SINCE)
    day_after = summarise_tracker(ann, "ann.xlsx", TODAY, SINCE + dt.timedelta(days=1))
    assert (on_the_day.interviews_held, on_the_day.thank_yous_sent) == (2, 1)
    assert (day_after.interviews_held, day_after.thank_yous_sent) == (1, 0)
    result = run(ann, "-o", tmp_path / "out.xlsx", "--today", TODAY, "--since", SINCE + dt.timedelta(days=1), "--format", "json")
    assert json.loads(result.output)["trackers"][0]["interviews_held"] == 1


def test_quiet_from_the_21st_day_unless_a_job_is_landed():
    """Amber ('quiet') starts on day 21 without activity; a landed job or an overdue thank-you changes it."""
    counts = {"error": 0, "warning": 0, "info": 0}
    assert TrackerSummary("a", "A", counts=counts, days_since_activity=20).attention == ""
    assert TrackerSummary("a", "A", counts=counts, days_since_activity=21).attention == "quiet"
    assert TrackerSummary("a", "A", counts=counts, days_since_activity=None).attention == "quiet"
    assert TrackerSummary("a", "A", counts=counts, days_since_activity=40, landed_job=TODAY).attention == ""
    assert TrackerSummary("a", "A", counts=counts, days_since_activity=40, thank_yous_overdue=1).attention == "thank-you overdue"
    assert TrackerSummary("a", "A", error="damaged").attention == "unreadable"


def test_weeks_start_on_monday(tmp_path):
    """Activity is charted by week from Monday: a Sunday belongs to the week before."""
    weeks = week_starts(TODAY)  # TODAY is Sunday 22 November 2026
    assert weeks[-1] == dt.date(2026, 11, 16) and weeks[0] == dt.date(2026, 8, 31) and len(weeks) == 12
    path = write_tracker(tmp_path / "w.xlsx", {
        "Contacts": [contact("Bo Chen")],
        "Interviews": [{"Contact": "Bo Chen", "Date": dt.date(2026, 11, 16), "Thank-You Sent": dt.date(2026, 11, 16)},
                       {"Contact": "Bo Chen", "Date": dt.date(2026, 11, 15), "Thank-You Sent": dt.date(2026, 11, 15)}]})
    summary = summarise_tracker(path, "w.xlsx", TODAY, SINCE)
    assert summary.held_per_week[-2:] == (1, 1) and summary.thanked_per_week[-2:] == (1, 1) and sum(summary.held_per_week) == 2


def test_text_lists_the_most_urgent_seekers_first(caseload_folder, tmp_path):
    """Text: one line per seeker; overdue thank-yous first, then unreadable, then quiet; a total at the end."""
    result = run(caseload_folder, "-o", tmp_path / "caseload.xlsx", "--today", TODAY)
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0] == "Caseload as of 2026-11-22 (activity since 2026-10-23)"
    seekers = [line.split(" (")[0] for line in lines[2:7]]
    assert seekers[:2] == ["Jordan Rivera", "Ann Seeker"]  # both owe a thank-you; Jordan has more errors
    assert sorted(seekers[2:4]) == ["broken", "budget"] and seekers[4] == "quiet"
    assert lines[3].startswith("Ann Seeker (ann/ann.xlsx): 1 thank-you overdue, 1 promise overdue;")
    assert "cannot be read:" in lines[4]
    assert lines[-2:] == ["5 trackers, 2 could not be read.", f"Caseload written to {tmp_path / 'caseload.xlsx'}."]
    assert "Reading trackers" not in result.output and "\x1b[" not in result.output  # no bar, no colour on a pipe


def test_cannot_run_exits_2_with_one_line(tmp_path):
    """No trackers, a bad output name or folder, an output open in Excel, --since after today: exit 2, nothing written."""
    empty = tmp_path / "empty"
    empty.mkdir()
    tracker = quiet_tracker(tmp_path / "t.xlsx")
    cases = [(empty, "-o", tmp_path / "c.xlsx"),
             (tracker, "-o", tmp_path / "c.csv"),
             (tracker, "-o", tmp_path / "no" / "c.xlsx"),
             (tracker, "-o", tracker, "--force"),
             (tracker, "-o", tmp_path / "c.xlsx", "--since", "2026-12-01"),
             (tracker, "-o", tmp_path / "open.xlsx")]
    (tmp_path / "~$open.xlsx").write_bytes(b"the counselor has last week's caseload open in Excel")
    for args in cases:
        result = run(*args, "--today", TODAY)
        assert result.exit_code == 2, (args, result.output)
        assert "Traceback" not in result.output
        if "--since" not in args:
            assert result.output.startswith("Error: ") and len(result.output.strip().splitlines()) == 1
    assert not (tmp_path / "c.xlsx").exists() and not (tmp_path / "open.xlsx").exists()


def test_an_existing_output_is_replaced_only_when_it_is_a_caseload(tmp_path):
    """Re-running replaces the caseload it wrote, with or without --force (which changes nothing)."""
    tracker = quiet_tracker(tmp_path / "t.xlsx")
    output = tmp_path / "caseload.xlsx"
    assert run(tracker, "-o", output, "--today", TODAY).exit_code == 0
    assert run(tracker, "-o", output, "--today", "2026-11-23").exit_code == 0  # ours: replaced
    assert openpyxl.load_workbook(output)["About"]["A1"].value == "Caseload as of 2026-11-23"
    assert run(tracker, "-o", output, "--today", "2026-11-24", "--force").exit_code == 0
    assert openpyxl.load_workbook(output)["About"]["A1"].value == "Caseload as of 2026-11-24"


@pytest.mark.parametrize("force", [(), ("--force",)])
@pytest.mark.parametrize("kind", ["tracker", "workbook", "text"])
def test_an_output_that_is_not_a_caseload_is_never_replaced_even_with_force(tmp_path, force, kind):
    """`summary jordan.xlsx -o maria.xlsx`: Maria's tracker (or any other file) stays as it was; no --force advice."""
    jordan = quiet_tracker(tmp_path / "jordan.xlsx")
    maria = tmp_path / "maria lopez.xlsx"
    if kind == "tracker":
        quiet_tracker(maria)
    elif kind == "workbook":
        openpyxl.Workbook().save(maria)
    else:
        maria.write_text("notes typed into a file with the wrong name")
    before = maria.read_bytes()
    result = run(jordan, "-o", maria, "--today", TODAY, *force)
    assert result.exit_code == 2, result.output
    assert result.output == (f'Error: "{maria}" exists and is not a caseload written by `tracker summary` (it may be '
                             "someone's tracker), so it is left as it is; choose another name for the caseload\n")
    assert maria.read_bytes() == before and "--force" not in result.output


def test_a_landed_job_on_after_today_is_not_reported_as_landed(tmp_path):
    """Landed Job On tomorrow: no 'landed a job', landed_job null and a note; on the day itself it is landed."""
    path = write_tracker(tmp_path / "t.xlsx", {"Contacts": [contact("Gil Ho")],
                                               "Interviews": [{"Contact": "Gil Ho", "Date": day(-3), "Thank-You Sent": day(-3)}]},
                         {"Landed Job On": day(1)})
    ahead = summarise_tracker(path, "t.xlsx", TODAY, SINCE)
    assert ahead.landed_job is None
    assert ahead.note == "Landed Job On is 2026-11-23, after today, so no job is counted as landed yet"
    result = run(path, "-o", tmp_path / "c.xlsx", "--today", TODAY)
    assert "landed a job" not in result.output and "(note: Landed Job On is 2026-11-23, after today" in result.output
    data = json.loads(run(path, "-o", tmp_path / "c.xlsx", "--today", TODAY, "--format", "json").output)
    assert data["trackers"][0]["landed_job"] is None
    on_the_day = summarise_tracker(path, "t.xlsx", TODAY + dt.timedelta(days=1), SINCE)
    assert on_the_day.landed_job == TODAY + dt.timedelta(days=1) and on_the_day.note is None


@pytest.mark.parametrize("force", [(), ("--force",)])
def test_an_output_that_is_a_tracker_in_a_folder_given_is_refused_even_with_force(tmp_path, force):
    """OUT found among the trackers of a folder given: exit 2 in one line saying so, no --force advice, never written."""
    folder = tmp_path / "cl"
    folder.mkdir()
    tracker = quiet_tracker(folder / "a.xlsx")
    before = tracker.read_bytes()
    result = run(folder, "-o", tracker, "--today", TODAY, *force)
    assert result.exit_code == 2, result.output
    assert result.output == (f"Error: {tracker} is one of the trackers being summarised; "
                             "choose another output path for the caseload\n")
    assert tracker.read_bytes() == before


def test_paths_that_do_not_exist_stop_the_run_before_anything_is_written(tmp_path):
    """Every PATH that is neither file nor folder is named in one exit-2 line; an unreadable tracker is still a row."""
    tracker = quiet_tracker(tmp_path / "t.xlsx")
    output = tmp_path / "c.xlsx"
    result = run(tmp_path / "missing", tracker, tmp_path / "gone.xlsx", "-o", output, "--today", TODAY)
    assert result.exit_code == 2
    assert result.output == f"Error: {tmp_path / 'missing'}, {tmp_path / 'gone.xlsx'}: no such file or folder; check the paths\n"
    result = run("missing", "-o", output, "--today", TODAY)
    assert result.output == "Error: missing: no such file or folder; check the path\n" and not output.exists()
    (tmp_path / "broken.xlsx").write_bytes(b"not a workbook")
    result = run(tracker, tmp_path / "broken.xlsx", "-o", output, "--today", TODAY)
    assert result.exit_code == 1 and "1 could not be read" in result.output and output.exists()


def test_an_old_caseload_in_the_folder_is_skipped_not_unreadable(tmp_path):
    """A caseload written into the folder it summarises is skipped (with a line saying so) on the next run."""
    quiet_tracker(tmp_path / "quiet.xlsx")
    assert run(tmp_path, "-o", tmp_path / "november.xlsx", "--today", TODAY).exit_code == 0
    result = run(tmp_path, "-o", tmp_path / "december.xlsx", "--today", TODAY)
    assert result.exit_code == 0, result.output
    assert "Skipped november.xlsx: a caseload workbook, not a tracker" in result.output
    assert "1 tracker, all read." in result.output


def test_workbook_has_tables_colours_charts_and_about(caseload_folder, tmp_path):
    """Caseload and Findings are Tables with frozen headers; rows are coloured by attention; two native charts."""
    output = tmp_path / "caseload.xlsx"
    result = run(caseload_folder, "-o", output, "--today", TODAY, "--format", "json")
    data = json.loads(result.output)
    book = openpyxl.load_workbook(output)
    assert book.sheetnames == ["Caseload", "Findings", "Charts", "About"]
    caseload, findings = book["Caseload"], book["Findings"]
    assert caseload.tables["CaseloadRows"].ref == "A1:Q6" and caseload.freeze_panes == "B2"
    # Too wide for one page at 8 points: printed landscape at a readable scale, pages across, the seeker on each.
    assert caseload.page_setup.orientation == "landscape" and caseload.page_setup.scale >= 73
    assert not (caseload.sheet_properties.pageSetUpPr and caseload.sheet_properties.pageSetUpPr.fitToPage)
    assert caseload.print_title_cols == "$A:$A" and caseload.print_title_rows == "$1:$1"
    fills = {row[0].value: row[0].fill.fgColor.rgb for row in caseload.iter_rows(min_row=2)}
    assert fills["Ann Seeker"] == fills["Jordan Rivera"] == "FFF8CBAD"  # red
    assert fills["quiet"] == "FFFFE699" and fills["broken"] == "FFD9D9D9"  # amber, grey
    problem = {row[0].value: row[16].value for row in caseload.iter_rows(min_row=2)}
    assert "not a valid .xlsx file" in problem["broken"]
    total = sum(len(t["findings"]) for t in data["trackers"])
    assert findings.tables["FindingRows"].ref == f"A1:I{total + 1}"
    assert {row[0].value for row in findings.iter_rows(min_row=2)} == {"Ann Seeker", "Jordan Rivera"}  # quiet has none
    with zipfile.ZipFile(output) as archive:
        charts = [name for name in archive.namelist() if name.startswith("xl/charts/chart")]
        assert len(charts) == 2
        bar = archive.read("xl/charts/chart1.xml").decode()
        assert "<c:barChart>" in bar and '<c:grouping val="stacked"/>' in bar and "Charts!$B$17:$B$19" in bar
        assert "Findings by seeker (unreadable trackers left out)" in bar
    charted = book["Charts"]
    assert charted.tables["ChartedSeekers"].ref == "A16:D19"  # only the three trackers that were read: no zero bars
    assert [row[0].value for row in charted.iter_rows(min_row=17, max_row=19)] == ["Jordan Rivera", "Ann Seeker", "quiet"]
    assert charted["E1"].value == ("Not on the chart: 2 trackers that could not be read (broken, budget); "
                                   "the Caseload sheet says why, in grey.")
    about = [row[0].value for row in book["About"].iter_rows() if row[0].value]
    assert about[1] == "As of 2026-11-22; interviews and thank-yous are counted from 2026-10-23."
    assert "Thank-yous overdue" in about and "Problem" in about


def test_no_private_note_reaches_the_caseload_or_the_output(caseload_folder, tmp_path):
    """Private Notes text appears in no part of the caseload package and not on stdout, in text or JSON."""
    planted = {("Contacts", CONTACT_SECRET), ("Interviews", INTERVIEW_SECRET)}
    assert {(sheet, column.header) for sheet, column in TEMPLATE.private_columns} == {
        (sheet, "Private Notes") for sheet, _ in planted}  # every private column of the template has a marker
    output = tmp_path / "caseload.xlsx"
    secrets = [CONTACT_SECRET, INTERVIEW_SECRET]
    rows, _ = sample_rows(TODAY)
    secrets += [r["Private Notes"] for sheet in ("Contacts", "Interviews") for r in rows[sheet] if r.get("Private Notes")]
    outputs = [run(caseload_folder, "-o", output, "--today", TODAY, "--format", f).output for f in ("text", "json")]
    with zipfile.ZipFile(output) as archive:
        parts = {name: archive.read(name).decode("utf-8", "replace") for name in archive.namelist()}
    for secret in secrets:
        assert not [name for name, text in parts.items() if secret in text], secret
        assert all(secret not in text for text in outputs), secret
    assert "Ann Seeker" in parts["xl/sharedStrings.xml"]  # the search looks where text lives


def test_the_seekers_files_are_never_changed(caseload_folder, tmp_path):
    """Summarising reads every tracker without writing to it."""
    before = {p: p.read_bytes() for p in caseload_folder.rglob("*") if p.is_file()}
    run(caseload_folder, "-o", tmp_path / "caseload.xlsx", "--today", TODAY)
    assert {p: p.read_bytes() for p in caseload_folder.rglob("*") if p.is_file()} == before


def test_parallel_and_serial_give_the_same_caseload_with_progress(caseload_folder):
    """Two workers give the same summaries, in the same order, as one; progress is reported once per tracker."""
    found = find_trackers([caseload_folder])
    ticks = []
    serial = summarise(found, TODAY, SINCE, workers=1)
    parallel = summarise(found, TODAY, SINCE, workers=2, progress=ticks.append)
    assert parallel.as_json() == serial.as_json()
    assert sum(ticks) == len(found) == 5


def test_caseload_opens_in_libreoffice(caseload_folder, tmp_path):
    """LibreOffice opens the caseload and saves it back with every sheet, the rows and the charts."""
    output = tmp_path / "caseload.xlsx"
    run(caseload_folder, "-o", output, "--today", TODAY)
    converted = libreoffice_convert([output], tmp_path / "lo", tmp_path / "profile", recalc=False)[0]
    book = openpyxl.load_workbook(converted)
    assert book.sheetnames == ["Caseload", "Findings", "Charts", "About"]
    assert {row[0].value for row in book["Caseload"].iter_rows(min_row=2)} == {"Ann Seeker", "Jordan Rivera", "quiet", "broken", "budget"}
    with zipfile.ZipFile(converted) as archive:
        assert len([n for n in archive.namelist() if n.startswith("xl/charts/chart")]) == 2


def test_a_tracker_that_breaks_the_checker_is_a_row_that_quotes_nothing(tmp_path, monkeypatch):
    """An unexpected failure on one tracker becomes its row (the type, not the text, which could quote a cell)."""
    import toolkit.counselor.summary

    def explode(path, today, **options):
        raise ValueError(CONTACT_SECRET)

    monkeypatch.setattr(toolkit.counselor.summary, "review", explode)
    row = summarise_tracker(quiet_tracker(tmp_path / "q.xlsx"), "q.xlsx", TODAY, SINCE)
    assert row.attention == "unreadable" and row.error.startswith("unexpected problem (ValueError); run `tracker check")
    assert CONTACT_SECRET not in row.error


def test_progress_bar_on_a_terminal_only_and_never_on_stdout(tmp_path, monkeypatch):
    """With more than five trackers the bar shows on a terminal (on stderr, so stdout stays pure JSON), not on a pipe."""
    import io
    import types

    import toolkit.cli_options

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    for n in range(6):
        quiet_tracker(tmp_path / f"t{n}.xlsx")
    on_a_pipe = run(tmp_path, "-o", tmp_path / "c.xlsx", "--today", TODAY, "--jobs", "1")
    assert on_a_pipe.exit_code == 0 and "Reading trackers" not in on_a_pipe.output
    (tmp_path / "c.xlsx").unlink()
    terminal = Terminal()
    monkeypatch.setattr(toolkit.cli_options, "sys", types.SimpleNamespace(stderr=terminal, stdout=io.StringIO()))  # the bar is drawn there
    result = run(tmp_path, "-o", tmp_path / "out" / "c.xlsx", "--today", TODAY, "--format", "json", "--jobs", "1")
    assert result.exit_code == 2  # the out folder does not exist yet: checked before any tracker is read
    (tmp_path / "out").mkdir()
    result = run(tmp_path, "-o", tmp_path / "out" / "c.xlsx", "--today", TODAY, "--format", "json", "--jobs", "1")
    assert result.exit_code == 0 and len(json.loads(result.output)["trackers"]) == 6
    assert "Reading trackers" in terminal.getvalue() and "Reading trackers" not in result.output
