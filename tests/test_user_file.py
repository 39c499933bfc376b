"""Writing a workbook keeps it the user's file: link, owner, mode, other programs' saves, crashes."""

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from builders import TODAY
from click.testing import CliRunner

from toolkit.cli import cli
from toolkit.errors import FileChangedMeanwhile, FileReadOnly, OutputNotWritable
from toolkit.review.checker import check
from toolkit.review.status_sheet import write_status
from toolkit.xlsx import Package, file_state, remove_leftovers, write_file_atomically

DAY = TODAY.isoformat()


@pytest.fixture
def tracker(tracker_copy):
    return tracker_copy


def run_check(path):
    return CliRunner().invoke(cli, ["check", str(path), "--today", DAY, "--fail-on", "never"])


def test_symlink_stays_a_link_and_its_target_is_updated(tmp_path, tracker):
    """Checking through a symlink writes Status into the real file; the link is still a link to it."""
    link = tmp_path / "link.xlsx"
    link.symlink_to(tracker)
    before = tracker.read_bytes()
    assert run_check(link).exit_code == 0
    assert link.is_symlink() and link.resolve() == tracker.resolve()
    assert tracker.read_bytes() != before and b"xl/tables/table7.xml" in tracker.read_bytes()


def test_symlink_into_another_folder_writes_the_temp_file_there(tmp_path, tracker):
    """The temp file goes beside the real file, so the rename never crosses folders."""
    other = tmp_path / "links"
    other.mkdir()
    link = other / "t.xlsx"
    link.symlink_to(tracker)
    seen = []
    real_replace = os.replace

    def spy(source, target):
        seen.append((Path(source).parent, Path(target)))
        return real_replace(source, target)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(os, "replace", spy)
        write_status(link, check(link, TODAY))
    assert seen == [(tracker.parent, tracker)] and link.is_symlink()


def test_mode_owner_and_group_are_kept(tracker):
    """A file with mode 0640 owned by another user and group keeps all three (when run as root)."""
    tracker.chmod(0o640)
    if os.geteuid() == 0:
        os.chown(tracker, 4242, 4343)
    write_status(tracker, check(tracker, TODAY))
    status = tracker.stat()
    assert status.st_mode & 0o7777 == 0o640
    if os.geteuid() == 0:
        assert (status.st_uid, status.st_gid) == (4242, 4343)


def test_read_only_file_is_refused(tracker):
    """A read-only tracker is not replaced: exit 2, one line, file untouched."""
    tracker.chmod(0o444)
    before = tracker.read_bytes()
    with pytest.raises(FileReadOnly, match="read-only"):
        write_status(tracker, check(tracker, TODAY))
    result = run_check(tracker)
    assert result.exit_code == 2 and "read-only" in result.output and len(result.output.strip().splitlines()) == 1
    assert tracker.read_bytes() == before and tracker.stat().st_mode & 0o777 == 0o444


def test_hard_linked_file_is_refused(tmp_path, tracker):
    """Replacing a file with two names would split them; the tracker refuses and says what to do."""
    os.link(tracker, tmp_path / "second-name.xlsx")
    before = tracker.read_bytes()
    with pytest.raises(OutputNotWritable, match="hard link"):
        write_status(tracker, check(tracker, TODAY))
    assert tracker.read_bytes() == before and tracker.stat().st_nlink == 2


def test_a_save_by_another_program_meanwhile_is_not_overwritten(tracker):
    """If the file changes between reading and renaming, nothing is written and the user is told to run again."""
    package = Package(tracker)
    other_program_bytes = tracker.read_bytes() + b"\0"  # what Excel saved while we worked
    tracker.write_bytes(other_program_bytes)
    with pytest.raises(FileChangedMeanwhile, match="run it again"):
        package.save()
    assert tracker.read_bytes() == other_program_bytes
    assert [p.name for p in tracker.parent.iterdir()] == [tracker.name]


def test_a_save_during_check_is_not_overwritten(tracker, monkeypatch):
    """A save landing after the CLI read the file but before the write is kept: exit 2, 'run it again'."""
    import toolkit.review.checker
    real_review = toolkit.review.checker.review

    def slow_review(path, today, **options):
        reviewed = real_review(path, today, **options)
        state = file_state(path)
        Path(path).write_bytes(Path(path).read_bytes())  # Excel saves the same content: a new mtime and inode
        os.utime(path, ns=(state.mtime_ns + 10**9, state.mtime_ns + 10**9))
        return reviewed

    monkeypatch.setattr(toolkit.review.checker, "review", slow_review)
    before = tracker.read_bytes()
    result = run_check(tracker)
    assert result.exit_code == 2 and "run it again" in result.output
    assert tracker.read_bytes() == before


WRITER = """
import sys
from toolkit.xlsx.userfile import _writer_token
print(_writer_token(), flush=True)
sys.stdin.readline()
"""


def writer_process():
    """A process that has become a writer (holds its lock) and waits; its token."""
    child = subprocess.Popen([sys.executable, "-c", WRITER], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    return child, child.stdout.readline().strip()


def test_leftover_temp_files_of_a_killed_run_are_removed(tracker, monkeypatch):
    """A temp file whose writer is gone is deleted on the next write; a running writer's is kept; no process is signalled."""
    def no_signals(*_args):
        raise AssertionError("os.kill must not be called: on Windows it sends CTRL_C_EVENT")

    live, live_token = writer_process()
    killed, killed_token = writer_process()
    killed.kill()
    killed.wait()
    monkeypatch.setattr(os, "kill", no_signals)
    leftover = tracker.parent / f".~tracker-{killed_token}-abc.xlsx"
    leftover.write_bytes(b"half a file")
    running = tracker.parent / f".~tracker-{live_token}-def.xlsx"
    running.write_bytes(b"another run at work")
    try:
        write_status(tracker, check(tracker, TODAY))
        assert not leftover.exists() and running.exists()
        assert remove_leftovers(tracker.parent) == []
    finally:
        live.stdin.close()
        live.wait()
    assert remove_leftovers(tracker.parent) == [running]  # its writer has ended


def test_temp_files_of_unknown_writers_are_judged_by_age(tmp_path):
    """A temp file from another computer, user or older version stays for a day, then goes."""
    young = tmp_path / ".~tracker-4242-abc.xlsx"
    old = tmp_path / ".~tracker-4243.deadbeef-def.xlsx"
    for leftover in (young, old):
        leftover.write_bytes(b"somebody's")
    two_days_ago = time.time() - 2 * 24 * 3600
    os.utime(old, (two_days_ago, two_days_ago))
    assert remove_leftovers(tmp_path) == [old] and young.exists()


def test_new_file_gets_usual_permissions_and_replacing_keeps_them(tmp_path):
    """write_file_atomically creates with the umask's mode and keeps an existing file's mode."""
    target = tmp_path / "out.ics"
    write_file_atomically(target, b"one")
    assert target.read_bytes() == b"one"
    target.chmod(0o600)
    write_file_atomically(target, b"two")
    assert target.read_bytes() == b"two" and target.stat().st_mode & 0o777 == 0o600


KILLABLE_WRITER = """
import sys, datetime as dt
from toolkit.review.checker import check
from toolkit.review.status_sheet import write_status
path = sys.argv[1]
report = check(path, dt.date.fromisoformat(sys.argv[2]))
print("ready", flush=True)
sys.stdin.readline()
write_status(path, report)
"""


def test_killed_at_any_moment_the_file_is_old_or_new_never_half(tmp_path, tracker):
    """SIGKILL at random moments of the write: the file is always the original or the complete new one."""
    original = tracker.read_bytes()
    finished = tmp_path / "finished.xlsx"
    shutil.copy(tracker, finished)
    write_status(finished, check(finished, TODAY))
    complete = finished.read_bytes()
    randomness = random.Random(13)
    outcomes = set()
    for _ in range(6):
        tracker.write_bytes(original)
        child = subprocess.Popen([sys.executable, "-c", KILLABLE_WRITER, str(tracker), DAY],
                                 stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        assert child.stdout.readline().strip() == "ready"
        child.stdin.write("go\n")
        child.stdin.flush()
        time.sleep(randomness.uniform(0.0, 0.25))
        child.send_signal(signal.SIGKILL)
        child.wait()
        now = tracker.read_bytes()
        assert now in (original, complete)
        outcomes.add("old" if now == original else "new")
    write_status(tracker, check(tracker, TODAY))
    assert tracker.read_bytes() == complete
    assert [p.name for p in tracker.parent.iterdir() if p.name.startswith(".~tracker-")] == []


def test_a_file_moved_away_meanwhile_is_not_recreated(tracker):
    """If the workbook disappears while the tracker works (moved, or mid-save elsewhere), nothing is written."""
    package = Package(tracker)
    moved = tracker.with_name("moved.xlsx")
    tracker.rename(moved)
    with pytest.raises(FileChangedMeanwhile, match="run it again"):
        package.save()
    assert not tracker.exists() and moved.exists()


def test_many_new_files_are_written_whole_with_usual_permissions(tmp_path):
    """write_new_files: every file whole, umask permissions, no temp file left, a stale temp of our own name replaced."""
    from toolkit.xlsx.userfile import TEMP_PREFIX, _writer_token, write_new_files

    stale = tmp_path / f"{TEMP_PREFIX}{_writer_token()}-0.eml"
    stale.write_bytes(b"from a process that had our id before")
    write_new_files(tmp_path, [("a.eml", b"first"), ("b.txt", b"second" * 1000)])
    assert (tmp_path / "a.eml").read_bytes() == b"first" and (tmp_path / "b.txt").read_bytes() == b"second" * 1000
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.eml", "b.txt"]
    umask = os.umask(0)
    os.umask(umask)
    assert (tmp_path / "a.eml").stat().st_mode & 0o777 == 0o666 & ~umask


def test_a_failed_write_of_many_files_leaves_no_temp_file(tmp_path, monkeypatch):
    """A write that fails half way leaves the files written so far and no temp file."""
    from toolkit.xlsx import userfile

    real_replace = os.replace
    calls = []

    def failing_replace(source, target):
        calls.append(target)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        real_replace(source, target)

    monkeypatch.setattr(userfile.os, "replace", failing_replace)
    with pytest.raises(OSError):
        userfile.write_new_files(tmp_path, [("a.eml", b"1"), ("b.eml", b"2"), ("c.eml", b"3")])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.eml"]


def test_many_new_files_share_one_flush_to_disk(tmp_path, monkeypatch):
    """Past SYNC_EACH_UP_TO files, one sync(2) comes before the first rename, instead of an fsync per file."""
    from toolkit.xlsx import userfile

    events = []
    monkeypatch.setattr(userfile, "SYNC_EACH_UP_TO", 2)
    monkeypatch.setattr(userfile.os, "sync", lambda: events.append("sync"))
    real_fsync, real_replace = os.fsync, os.replace
    monkeypatch.setattr(userfile.os, "fsync", lambda fd: (events.append("fsync"), real_fsync(fd)))
    monkeypatch.setattr(userfile.os, "replace", lambda a, b: (events.append("rename"), real_replace(a, b)))
    userfile.write_new_files(tmp_path, [(f"{n}.eml", bytes([n]) * 10) for n in range(3)])
    assert events == ["sync", "rename", "rename", "rename", "fsync"]  # the last: the folder, once
    assert [(tmp_path / f"{n}.eml").read_bytes() for n in range(3)] == [bytes([n]) * 10 for n in range(3)]
    events.clear()
    userfile.write_new_files(tmp_path, [("few.eml", b"x")])
    assert events == ["fsync", "rename", "fsync"]


def held_error():
    """What Windows raises for a file another program has open: a PermissionError with winerror 32."""
    error = PermissionError(13, "The process cannot access the file because it is being used by another process")
    error.winerror = 32
    return error


def test_a_file_held_for_a_moment_is_written_once_it_is_let_go(tracker, monkeypatch):
    """The rename is tried again while Excel or a sync client holds the file; the write then lands."""
    from toolkit.xlsx import userfile

    waits, real_replace, refusals = [], os.replace, [held_error(), held_error()]

    def replace(source, target):
        if refusals:
            raise refusals.pop()
        return real_replace(source, target)

    monkeypatch.setattr(userfile, "_sleep", waits.append)
    monkeypatch.setattr(os, "replace", replace)
    assert run_check(tracker).exit_code == 0
    assert waits == list(userfile.HELD_RETRY_DELAYS[:2]) and b"xl/tables/table7.xml" in tracker.read_bytes()


def test_a_file_held_throughout_is_left_as_it_was_with_one_line(tracker, monkeypatch):
    """After about five seconds of refusals: exit 2, one line naming Excel, OneDrive and Dropbox, the file untouched."""
    from toolkit.xlsx import userfile

    def replace(source, target):
        raise held_error()

    waits = []
    monkeypatch.setattr(userfile, "_sleep", waits.append)
    monkeypatch.setattr(os, "replace", replace)
    before = tracker.read_bytes()
    result = CliRunner().invoke(cli, ["log", str(tracker), "Ann Lee", "--today", DAY])
    assert result.exit_code == 2, result.output
    assert result.output.count("\n") == 1 and "close it in Excel" in result.output and "OneDrive or Dropbox" in result.output
    assert 4 <= sum(waits) <= 8
    assert tracker.read_bytes() == before
    assert [p.name for p in tracker.parent.iterdir() if p.name.startswith(".~tracker-")] == []


def test_a_file_held_while_reading_gets_the_same_line(tracker, monkeypatch):
    """A workbook a sync client holds even for reading is waited for, then named in one line."""
    from toolkit.xlsx import userfile

    real_open = open

    def held_open(path, *args, **kwargs):
        if Path(path).name == tracker.name:
            raise held_error()
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(userfile, "_sleep", lambda _seconds: None)
    monkeypatch.setattr("builtins.open", held_open)
    result = run_check(tracker)
    assert result.exit_code == 2 and "in use by another program" in result.output


def test_a_folder_that_refuses_writes_is_not_waited_for(tracker, monkeypatch):
    """On Linux and macOS a PermissionError is about rights, not a holder: no retry, the usual message."""
    from toolkit.xlsx import userfile

    def replace(source, target):
        raise PermissionError(13, "Permission denied")

    waits = []
    monkeypatch.setattr(userfile, "_sleep", waits.append)
    monkeypatch.setattr(os, "replace", replace)
    result = run_check(tracker)
    assert result.exit_code == 2 and "choose a folder you can write to" in result.output and waits == []


def test_every_file_is_written_as_bytes():
    """No module writes through a text-mode handle, whose line endings differ on Windows (CRLF became CR CR LF)."""
    import re

    # A zip archive's open() gives bytes in every mode (the Status sheet is written through one, a piece at a time).
    text_writes = re.compile(r"""\.write_text\(|(?<!archive\.)open\([^)]*["'][wax]\+?t?["']|fdopen\([^)]*["'][wax]\+?t?["']""")
    package = Path(__file__).resolve().parent.parent / "toolkit"
    found = [f"{path.relative_to(package)}:{number}" for path in sorted(package.rglob("*.py"))
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text_writes.search(line)]
    assert found == []
