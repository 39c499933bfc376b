"""Output never fails after the work is done: code pages that lack a character, and readers that go away."""

import errno
import os
import subprocess
import sys

import click
import pandas as pd
from builders import TODAY, contact, day, write_tracker
from click.testing import CliRunner

from toolkit.cli import cli

NAME = "Łukasz Wróbel"  # Ł is not in cp1252, the code page of a Windows console in western Europe


def tracker(tmp_path):
    return write_tracker(tmp_path / "t.xlsx", {
        "Contacts": [contact(NAME)],
        "Interviews": [{"Contact": NAME, "Date": day(-3)}],
    })


def run_in_code_page(*args, encoding="cp1252"):
    """Run the installed entry point with stdout and stderr in a legacy code page, as a Windows console has."""
    environment = {**os.environ, "PYTHONIOENCODING": encoding, "NO_COLOR": "1"}
    return subprocess.run([sys.executable, "-m", "toolkit", *args], capture_output=True, env=environment)


def test_log_of_a_name_the_code_page_lacks_finishes_and_logs_once(tmp_path):
    """`log` on a cp1252 console: exit 0, the name shown with a stand-in, one row written (a retry is not needed)."""
    path = tracker(tmp_path)
    result = run_in_code_page("log", str(path), NAME, "--today", TODAY.isoformat())
    assert result.returncode == 0, result.stderr
    shown = result.stdout.decode("cp1252")
    assert "?ukasz Wróbel" in shown and "unexpected problem" not in shown
    assert len(pd.read_excel(path, sheet_name="Follow-Ups", engine="calamine")) == 1


def test_check_shows_a_letter_without_its_accent_where_the_code_page_lacks_it(tmp_path):
    """`check` on cp1252: "ő" (Hungarian) shows as "o", every finding is printed, the Status sheet is written."""
    name = "Zoltán Erdős"
    path = write_tracker(tmp_path / "t.xlsx", {"Contacts": [contact(name)], "Interviews": [{"Contact": name, "Date": day(-3)}]})
    result = run_in_code_page("check", str(path), "--today", TODAY.isoformat())
    assert result.returncode == 1, result.stderr
    shown = result.stdout.decode("cp1252")
    assert "Zoltán Erdos" in shown and "Thank-you" in shown
    assert "Status" in pd.ExcelFile(path, engine="calamine").sheet_names


def test_an_error_naming_the_file_is_shown_in_the_code_page(tmp_path):
    """A one-line error about a file whose name the code page lacks is still one line, exit 2."""
    result = run_in_code_page("check", str(tmp_path / "Łódź.xlsx"))
    assert result.returncode == 2
    assert result.stderr.decode("cp1252").count("\n") == 1 and "?ódz.xlsx" in result.stderr.decode("cp1252")


def test_a_closed_pipe_on_windows_ends_quietly(tmp_path, monkeypatch):
    """Windows reports a pipe whose reader has gone as EINVAL: the command ends quietly, as on Linux."""
    def gone(*_args, **_kwargs):
        raise OSError(errno.EINVAL, "Invalid argument")

    path = tracker(tmp_path)
    monkeypatch.setattr(click, "echo", gone)
    result = CliRunner().invoke(cli, ["check", str(path), "--today", TODAY.isoformat(), "--no-write"])
    assert result.exit_code == 1 and result.output == ""


def test_a_closed_pipe_on_linux_ends_quietly(tmp_path):
    """`tracker check | head -1`: the reader goes, the command ends without a word on stderr."""
    path = tracker(tmp_path)
    command = f"{sys.executable} -m toolkit check {path} --today {TODAY.isoformat()} --no-write | head -c 1"
    result = subprocess.run(["bash", "-c", f"set -o pipefail; {command}"], capture_output=True)
    assert result.stderr == b""
