"""Replace a user's file so that it stays their file, or leave it exactly as it was.

The new content goes to a hidden temp file in the same folder as the real
file (a symlink is followed, so the link stays a link), gets the old file's
owner, group and mode, is flushed to disk, and is renamed over the original
only if nobody else saved the original meanwhile. A run killed half way
leaves only its temp file, which the next run removes.

Whether the run that made a temp file is still at work is told by a lock, not
by its process id: each process holds an exclusive lock on a file of its own
in the system's temp folder while it lives, and the operating system lets go of
it when the process ends, however it ends. (Probing a process id with
`os.kill(pid, 0)` signals nothing on Linux and macOS, but on Windows it sends
CTRL_C_EVENT or fails.)
"""

from __future__ import annotations

import errno
import os
import secrets
import stat
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from toolkit.errors import FileChangedMeanwhile, FileHeld, FileReadOnly, OutputNotWritable, WorkbookLocked

if os.name == "nt":
    import msvcrt
else:
    import fcntl

TEMP_PREFIX = ".~tracker-"
STALE_TEMP_SECONDS = 24 * 3600  # a temp file whose writer we cannot identify is stale after a day
WRITE_BITS = stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH
SYNC_EACH_UP_TO = 64  # write_new_files: up to this many files an fsync each, beyond it one sync for all
# Excel, OneDrive, Dropbox and antivirus scans hold a file for moments at a time: try again for about 5 s.
HELD_RETRY_DELAYS = (0.1, 0.2, 0.3, 0.5, 0.7, 1.0, 1.0, 1.2)
_sleep = time.sleep  # tests replace it, so that no test sleeps


@dataclass(frozen=True)
class FileState:
    """What identifies one saved version of a file: if any of it changes, someone saved it."""

    size: int
    mtime_ns: int
    inode: int
    device: int

    @classmethod
    def of(cls, status: os.stat_result) -> "FileState":
        """The state recorded in a stat result."""
        return cls(status.st_size, status.st_mtime_ns, status.st_ino, status.st_dev)


def real_path(path: Path) -> Path:
    """The file a path names, following symlinks (the path itself when it is not a link)."""
    return Path(os.path.realpath(path))


def file_state(path: Path) -> FileState | None:
    """The current state of the file at `path` (through symlinks), or None when there is none."""
    try:
        return FileState.of(os.stat(path))
    except FileNotFoundError:
        return None


def refuse_if_open(path: Path) -> None:
    """Excel and LibreOffice leave a lock file beside a workbook they have open; refuse to write it then."""
    path = Path(path)
    for folder_path in {path, real_path(path)}:
        for lock in (folder_path.with_name("~$" + folder_path.name), folder_path.with_name(f".~lock.{folder_path.name}#")):
            if lock.exists():
                raise WorkbookLocked(
                    f"{path.name} is open in Excel or LibreOffice (found {lock.name}); close it and run again "
                    f"(if it is not open, the lock file is stale and can be deleted)")


def refuse_if_unwritable(path: Path) -> None:
    """Refuse a read-only file, or one whose other names (hard links) a replacement would leave behind."""
    try:
        status = os.stat(path)
    except FileNotFoundError:
        return
    if not status.st_mode & WRITE_BITS or not os.access(path, os.W_OK):
        raise FileReadOnly(f"{path} is read-only, so tracker leaves it alone; make it writable (or work on a copy) and run again")
    if status.st_nlink > 1:
        raise OutputNotWritable(
            f"{path} has {status.st_nlink - 1} other name(s) (hard links) that replacing it would leave at the old "
            f"version; make a plain copy of it and run on that")


_CLEANED: set[Path] = set()  # folders whose leftovers this process has removed already


def write_file_atomically(path: Path, data: bytes, keep_mode: bool = True, expected: FileState | None = None) -> None:
    """Write `data` as the file at `path` in one step; a reader never sees half a file.

    With `keep_mode`, an existing file must be writable, keeps owner, group and mode, and is replaced only if
    its state is still `expected` (when given) and unchanged since this call began. A new file gets the usual
    permissions (umask).
    """
    target = real_path(path)
    folder = target.parent
    if not folder.is_dir():
        raise OutputNotWritable(f"{Path(path).parent}: no such folder; create it first or choose another path")
    if folder not in _CLEANED:  # once per folder and process: drafts write thousands of files into one
        remove_leftovers(folder)
        _CLEANED.add(folder)
    before = file_state(target)
    if keep_mode and expected is not None and before != expected:  # saved, replaced or moved away meanwhile
        raise FileChangedMeanwhile(_changed_message(path))
    if keep_mode and before is not None:
        refuse_if_unwritable(target)
    try:
        handle, temp_name = tempfile.mkstemp(prefix=f"{TEMP_PREFIX}{_writer_token()}-", suffix=target.suffix, dir=folder)
    except OSError as error:
        raise OutputNotWritable(f"{folder}: cannot write here ({error.strerror}); choose a folder you can write to") from error
    temp = Path(temp_name)
    try:
        with os.fdopen(handle, "wb") as output:
            output.write(data)
            output.flush()
            os.fsync(output.fileno())
        if keep_mode and before is not None:
            _copy_ownership(target, temp)
        else:
            os.chmod(temp, 0o666 & ~_umask())
        if keep_mode and file_state(target) != before:
            raise FileChangedMeanwhile(_changed_message(path))
        _when_free(lambda: os.replace(temp, target), path, target, before if keep_mode else None)
        _sync_folder(folder)
    except OSError as error:
        raise OutputNotWritable(f"{path}: cannot write ({error.strerror}); choose a folder you can write to") from error
    finally:
        temp.unlink(missing_ok=True)


def write_new_files(folder: Path, files: list[tuple[str, bytes]]) -> None:
    """Write many new files into one folder, each in one step as `write_file_atomically` does, syncing the folder once.

    For files nobody has yet (drafts): a name that exists meanwhile is replaced. Every file's content is on
    disk before any file takes its name, so a crash leaves whole files or none. Raises OSError.
    """
    if folder not in _CLEANED:
        remove_leftovers(folder)
        _CLEANED.add(folder)
    prefix = f"{TEMP_PREFIX}{_writer_token()}-"
    one_barrier = len(files) > SYNC_EACH_UP_TO and hasattr(os, "sync")
    temps: list[tuple[Path, Path]] = []
    try:
        for index, (name, data) in enumerate(files):
            temp = folder / f"{prefix}{index}{Path(name).suffix}"
            temps.append((temp, folder / name))
            try:
                handle = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)  # the umask applies, as to any new file
            except FileExistsError:  # our own name: left by an earlier write of this process that failed
                os.unlink(temp)
                handle = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
            with os.fdopen(handle, "wb") as output:
                output.write(data)
                if not one_barrier:
                    output.flush()
                    os.fsync(output.fileno())
        if one_barrier:
            os.sync()  # one flush for thousands of files, where an fsync each forces a flush (and, with a journal, a commit) each time
        for temp, target in temps:
            os.replace(temp, target)
    except BaseException:
        for temp, _target in temps:
            temp.unlink(missing_ok=True)
        raise
    _sync_folder(folder)


def is_held(error: OSError) -> bool:
    """Whether an error means another program has the file open right now (Windows says "access denied")."""
    return (getattr(error, "winerror", None) in (5, 32, 33)  # access denied, sharing violation, lock violation
            or (os.name == "nt" and isinstance(error, PermissionError))
            or error.errno in (errno.EBUSY, errno.ETXTBSY))


def held_message(path: Path) -> str:
    """The one line for a file another program holds."""
    return (f"{path} is in use by another program, so tracker left it as it was: close it in Excel, or let "
            f"OneDrive or Dropbox finish syncing it, then run again")


def read_when_free(path: Path, size: int = -1) -> tuple[bytes, FileState]:
    """The first `size` bytes of a file (all by default) and its state, waiting briefly while another program holds it."""
    def read() -> tuple[bytes, FileState]:
        with open(path, "rb") as handle:
            return handle.read(size), FileState.of(os.fstat(handle.fileno()))

    return _when_free(read, path)


def _when_free(action, path: Path, target: Path | None = None, before: FileState | None = None):
    """`action()`, tried again while another program holds the file; FileHeld when it never lets go.

    With `before`, `target` must keep that state between the tries: if the holder saved it, its save wins.
    """
    for delay in (*HELD_RETRY_DELAYS, None):
        try:
            return action()
        except OSError as error:
            if not is_held(error):
                raise
            if delay is None:
                raise FileHeld(held_message(path)) from error
        _sleep(delay)
        if before is not None and file_state(target) != before:
            raise FileChangedMeanwhile(_changed_message(path))


def _changed_message(path: Path) -> str:
    return (f"{path} was saved, replaced or moved by another program while tracker was working, so tracker did not "
            f"write it; run it again")


def _copy_ownership(original: Path, temp: Path) -> None:
    """Give the temp file the original's owner, group and mode (the mode last: chown may clear set-id bits)."""
    wanted = os.stat(original)
    have = os.stat(temp)
    if (have.st_uid, have.st_gid) != (wanted.st_uid, wanted.st_gid):
        try:
            os.chown(temp, wanted.st_uid, wanted.st_gid)
        except PermissionError:
            raise OutputNotWritable(
                f"{original} belongs to another user or group, which tracker cannot keep when it saves; "
                f"run tracker as its owner, or work on a copy") from None
    os.chmod(temp, stat.S_IMODE(wanted.st_mode))


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (where the system lets a folder be opened)."""
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)


def remove_leftovers(folder: Path) -> list[Path]:
    """Delete temp files that a killed run left in `folder`; return them. A running writer's file is kept."""
    removed = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        if entry.name.startswith(TEMP_PREFIX) and entry.is_file(follow_symlinks=False) and _abandoned(entry):
            try:
                os.unlink(entry.path)
                removed.append(Path(entry.path))
            except OSError:
                pass
    return removed


def _abandoned(entry: os.DirEntry) -> bool:
    """A temp file is abandoned when the writer named in it no longer holds its lock (unknown writers: after a day)."""
    token = entry.name[len(TEMP_PREFIX):].split("-", 1)[0]
    if token == _writer_token():
        return False
    lock = _writers_folder() / f"{token}.lock"
    if "." in token and lock.is_file():  # a writer of this user on this machine: ask its lock
        if _lock_is_held(lock):
            return False
        lock.unlink(missing_ok=True)
        return True
    # Another user's, another computer's (a shared or synced folder), or an older version's: by its age.
    return time.time() - entry.stat(follow_symlinks=False).st_mtime > STALE_TEMP_SECONDS


_WRITER: dict[str, object] = {}  # this process's token and the open, locked file that proves it alive


def _writers_folder() -> Path:
    """Where running writers keep their lock files: the user's own temp folder (one per user on Linux)."""
    user = f"-{os.getuid()}" if hasattr(os, "getuid") else ""
    return Path(tempfile.gettempdir()) / f"tracker-writers{user}"


def _writer_token() -> str:
    """This process's name in its temp files, made (and its lock taken) on the first write; never reused."""
    if "token" not in _WRITER:
        token = f"{os.getpid()}.{secrets.token_hex(4)}"
        try:
            folder = _writers_folder()
            folder.mkdir(mode=0o700, exist_ok=True)
            handle = open(folder / f"{token}.lock", "wb")
            _lock(handle.fileno())
            _WRITER["handle"] = handle  # kept open, and so locked, until the process ends
        except OSError:
            token = f"{os.getpid()}"  # no lock to show: other runs judge this process's temp files by age
        _WRITER["token"] = token
    return str(_WRITER["token"])


def _lock(descriptor: int) -> None:
    """Take an exclusive lock on an open file without waiting; OSError when another process has it."""
    if os.name == "nt":
        msvcrt.locking(descriptor, msvcrt.LK_NBLCK, 1)
    else:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)


def _lock_is_held(lock: Path) -> bool:
    """Whether a running process holds the lock file `lock` (if it cannot be told, it is taken as held)."""
    try:
        with open(lock, "rb+") as handle:
            try:
                _lock(handle.fileno())
            except OSError:
                return True
            return False  # closing the file lets go of the lock just taken
    except OSError:  # Windows refuses to open a file another process has locked
        return True


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
