"""`tracker check` on the command line: output, exit codes, refusals."""

import json
import os
import shutil
import subprocess
import sys

import pytest
from builders import contact, day, write_tracker
from click.testing import CliRunner

from toolkit.cli import cli

TODAY = "2026-11-22"


def run(*args):
    return CliRunner().invoke(cli, ["check", *map(str, args)])


def test_json_is_exactly_the_spec_object(sample_tracker):
    """--format json prints one object with workbook, today, counts and findings."""
    result = run(sample_tracker, "--today", TODAY, "--format", "json", "--no-write")
    data = json.loads(result.output)
    assert set(data) == {"workbook", "today", "counts", "findings"}
    assert data["today"] == TODAY and data["workbook"] == sample_tracker.name
    first = data["findings"][0]
    assert set(first) == {"rule", "severity", "contact", "sheet", "row", "cell", "message", "due", "days_overdue"}
    assert sum(data["counts"].values()) == len(data["findings"])
    assert result.exit_code == 1


def test_text_groups_by_action_and_ends_with_a_summary(sample_tracker):
    """Text names the contact, the lateness and the cell, with no colour when not on a terminal."""
    result = run(sample_tracker, "--today", TODAY, "--no-write")
    assert "Send thank-you notes" in result.output
    assert "Thank-you to Ann Lee is 4 days overdue (interview on 2026-11-17)  [Interviews!J2]" in result.output
    assert result.output.strip().splitlines()[-1].startswith("23 findings: 3 errors, 17 warnings, 3 info")
    assert "\x1b[" not in result.output


def test_fail_on_levels(tmp_path):
    """Exit 1 only when a finding reaches --fail-on; never means always 0."""
    path = write_tracker(tmp_path / "t.xlsx", {"Contacts": [contact("Ann Lee", **{"Connected on LinkedIn": "No"})],
                                                "Interviews": [{"Contact": "Ann Lee", "Date": day(-1), "Thank-You Sent": day(-1)}]})
    assert run(path, "--today", TODAY, "--no-write").exit_code == 0  # only an info finding
    assert run(path, "--today", TODAY, "--no-write", "--fail-on", "info").exit_code == 1
    assert run(path, "--today", TODAY, "--no-write", "--fail-on", "never").exit_code == 0


def test_cannot_check_exits_2_with_one_line(tmp_path):
    """Missing file, CSV and a renamed header each give exit 2 and one line without a traceback."""
    (tmp_path / "t.csv").write_text("a,b\n")
    bad_header = write_tracker(tmp_path / "h.xlsx", headers={"Contacts": ["Nmae", "Email"]})
    for target in (tmp_path / "none.xlsx", tmp_path / "t.csv", bad_header):
        result = run(target, "--no-write")
        assert result.exit_code == 2, result.output
        assert result.output.startswith("Error: ") and len(result.output.strip().splitlines()) == 1
        assert "Traceback" not in result.output


def test_debug_shows_the_traceback(tmp_path):
    """--debug lets the exception through for a bug report."""
    result = run(tmp_path / "none.xlsx", "--debug")
    assert result.exit_code != 0 and result.exception is not None and not isinstance(result.exception, SystemExit)


def test_no_write_leaves_the_file_untouched(tmp_path, sample_tracker):
    """--no-write only reports."""
    path = tmp_path / "t.xlsx"
    shutil.copy(sample_tracker, path)
    before = path.read_bytes()
    run(path, "--today", TODAY, "--no-write")
    assert path.read_bytes() == before


def test_every_command_is_in_the_cli_reference():
    """docs/cli.md covers every command and its options."""
    from pathlib import Path

    reference = (Path(__file__).parent.parent / "docs" / "cli.md").read_text(encoding="utf-8")
    for name, command in cli.commands.items():
        assert f"tracker {name} PATH" in reference, name
        for param in command.params:
            for option in param.opts:
                if option.startswith("--"):
                    assert option in reference, f"{name} {option}"


def test_output_cut_short_by_the_reader_is_not_an_error_message(sample_tracker):
    """`tracker check ... | head`: when the reader has gone, nothing is said about the closed pipe."""
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before the first line
    try:
        writer = subprocess.run([sys.executable, "-m", "toolkit", "check", str(sample_tracker), "--no-write", "--today", TODAY],
                                stdout=write_end, stderr=subprocess.PIPE)
    finally:
        os.close(write_end)
    assert writer.stderr == b"" and writer.returncode == 1


@pytest.mark.parametrize("args, says", [
    (["check", "t.xlsx", "--today", "2026-13-01"], "Error: Invalid value for '--today': '2026-13-01' is not a date; use YYYY-MM-DD, "
                                                   "for example 2026-11-22. See tracker check --help."),
    (["check", "t.xlsx", "--format", "xml"], "Error: Invalid value for '--format': 'xml' is not one of 'text', 'json'. "
                                             "See tracker check --help."),
    (["log", "t.xlsx"], "Error: Missing argument 'CONTACT'. See tracker log --help."),
    (["draft", "t.xlsx", "--todya", "2026-11-22"], "Error: No such option '--todya'. Did you mean '--today'? See tracker draft --help."),
    (["nosuch"], "Error: No such command 'nosuch'. See tracker --help."),
])
def test_a_mistyped_command_line_gets_one_line(tmp_path, args, says):
    """Bad dates, choices, options and commands: one line saying where help is, no usage block, exit 2."""
    result = CliRunner().invoke(cli, args, prog_name="tracker")
    assert result.exit_code == 2 and result.output.strip() == says


def test_plain_tracker_still_shows_the_help():
    """`tracker` alone prints the help with its list of commands."""
    result = CliRunner().invoke(cli, [])
    assert "Commands:" in result.output and "check" in result.output


def test_checking_a_caseload_says_it_is_not_a_tracker(tmp_path):
    """A counselor who runs check on the caseload gets told what the file is, not to add a Contacts sheet."""
    tracker = write_tracker(tmp_path / "ann.xlsx", {"Contacts": [contact("Ann Lee")]})
    made = CliRunner().invoke(cli, ["summary", str(tracker), "-o", str(tmp_path / "caseload.xlsx"), "--today", "2026-11-22"])
    assert made.exit_code == 0, made.output
    result = run(tmp_path / "caseload.xlsx", "--no-write")
    assert result.exit_code == 2
    assert result.output == ("Error: caseload.xlsx is a caseload written by `tracker summary`, not a tracker; "
                             "give one of the seekers' trackers instead\n")


def test_a_report_rendered_in_a_fresh_process_lists_each_finding_under_its_heading():
    """The text view files a rule's finding under its own heading even when nothing imported the rules first."""
    import subprocess
    import sys

    program = (
        "import datetime as dt\n"
        "from toolkit.review.findings import Finding, Report\n"
        "from toolkit.review.render import render_text\n"
        "finding = Finding('thank-you-overdue', 'error', 'Ann Lee', 'Interviews', 2, 'J2', 'Thank-you to Ann Lee is late')\n"
        "print(render_text(Report('t.xlsx', dt.date(2026, 11, 22), [finding])))\n"
    )
    printed = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=True).stdout
    assert "Send thank-you notes (1)" in printed and "Fix the data" not in printed
