"""`tracker new` on the command line, including its refusals."""

from click.testing import CliRunner

from toolkit import __version__
from toolkit.cli import cli


def test_new_creates_a_tracker(tmp_path):
    """A new tracker is written and the message says where."""
    target = tmp_path / "mine.xlsx"
    result = CliRunner().invoke(cli, ["new", str(target)])
    assert result.exit_code == 0, result.output
    assert target.exists() and str(target) in result.output


def test_new_refuses_to_overwrite_without_force(tmp_path):
    """An existing file is left alone (exit 2, one line) unless --force is given."""
    target = tmp_path / "mine.xlsx"
    target.write_bytes(b"precious")
    result = CliRunner().invoke(cli, ["new", str(target)])
    assert result.exit_code == 2
    assert result.output.strip().count("\n") == 0 and "--force" in result.output
    assert target.read_bytes() == b"precious"
    result = CliRunner().invoke(cli, ["new", str(target), "--force", "--sample"])
    assert result.exit_code == 0 and target.read_bytes()[:2] == b"PK"


def test_new_refuses_a_name_that_is_not_xlsx(tmp_path):
    """Only .xlsx names are accepted."""
    result = CliRunner().invoke(cli, ["new", str(tmp_path / "mine.csv")])
    assert result.exit_code == 2 and ".xlsx" in result.output
    assert not (tmp_path / "mine.csv").exists()


def test_new_refuses_a_missing_or_unwritable_folder(tmp_path):
    """A folder that does not exist or cannot be written gets one line, not a traceback."""
    result = CliRunner().invoke(cli, ["new", str(tmp_path / "nope" / "t.xlsx")])
    assert result.exit_code == 2 and "no such folder" in result.output
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        result = CliRunner().invoke(cli, ["new", str(locked / "t.xlsx")])
        import os
        if os.geteuid() != 0:  # root can write anywhere
            assert result.exit_code == 2 and "cannot write" in result.output
            assert "Traceback" not in result.output
    finally:
        locked.chmod(0o700)


def test_new_leaves_no_temporary_files(tmp_path):
    """The atomic write leaves only the tracker behind."""
    CliRunner().invoke(cli, ["new", str(tmp_path / "t.xlsx"), "--sample"])
    assert [p.name for p in tmp_path.iterdir()] == ["t.xlsx"]


def test_bad_today_is_a_usage_error(tmp_path):
    """--today must be a date."""
    result = CliRunner().invoke(cli, ["new", str(tmp_path / "t.xlsx"), "--today", "yesterday"])
    assert result.exit_code == 2 and "YYYY-MM-DD" in result.output


def test_version_and_help():
    """--version works and every command's help shows an example."""
    runner = CliRunner()
    assert __version__ in runner.invoke(cli, ["--version"]).output
    for command in cli.commands:
        result = runner.invoke(cli, [command, "--help"])
        assert result.exit_code == 0 and "Example" in result.output, command
