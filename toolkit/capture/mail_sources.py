"""Mail kept on the seeker's machine, read only: an mbox file, a Maildir, a folder of .eml files.

An mbox (Gmail's Takeout, Thunderbird's folders, Apple Mail's export) can
hold a hundred thousand messages in several gigabytes, so it is streamed
line by line: only the header block of the message at hand and the first
BODY_START bytes of its text are held, never the file's table of contents.
A line that belongs to no message, or a header line that is not one, is
counted as damaged and left out; the message goes on.
"""

from __future__ import annotations

import mailbox
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from toolkit.capture.mail_headers import BODY_START, Mail, Tally, read_mail
from toolkit.errors import SourceUnreadable

HEADER_LINE = re.compile(rb"^[\x21-\x39\x3b-\x7e]+[ \t]*:")
# A "From " line after a line that is not blank still starts a message when it carries a time, as mbox writers put.
SEPARATOR = re.compile(rb"^From \S+ .*\d\d:\d\d")
MAX_HEADER_BYTES = 256 * 1024  # a header block past this is damaged, not a message to hold in memory
PROGRESS_STEP = 1 << 20
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # how Outlook's .msg files begin
PST_SIGNATURE = b"!BDN"  # how Outlook's .pst and .ost data files begin
# Folder names that hold what the seeker sent, as mail programs name them (compared in any case).
SENT_NAMES = {"sent", "sent items", "sent messages", "sent mail", "sent-mail", "[gmail]/sent mail", "gesendet",
              "gesendete elemente", "envoyés", "éléments envoyés", "enviados", "elementos enviados", "verzonden",
              "verzonden items", "posta inviata", "inviata"}
FORMATS = "an mbox file, a Maildir, a folder of .eml files, an .ics calendar, or imaps://USER@HOST/FOLDER"


def is_sent_folder(name: str) -> bool:
    """Whether a folder or file name is a Sent folder's: "Sent", ".Sent" (Maildir++), "Sent Messages.mbox", "INBOX.Sent"."""
    text = name.strip().casefold().removesuffix(".mbox").removesuffix(".sbd").removesuffix(".eml")
    if text in SENT_NAMES:
        return True
    last = re.split(r"[./\\]", text.strip("."))[-1]
    return last in SENT_NAMES


class HeaderBlock:
    """The header lines of one message, collected line by line; damaged lines reported and left out."""

    def __init__(self, on_damaged: Callable[[], None]):
        self.lines: list[bytes] = []
        self.size = 0
        self.on_damaged = on_damaged

    def add(self, line: bytes) -> bool:
        """Take one line; False at the blank line that ends the headers."""
        bare = line.rstrip(b"\r\n")
        if not bare:
            return False
        if self.size + len(line) > MAX_HEADER_BYTES:
            self.on_damaged()
        elif bare[:1] in (b" ", b"\t") and self.lines or HEADER_LINE.match(bare):
            self.lines.append(bare + b"\n")
            self.size += len(line)
        else:
            self.on_damaged()
        return True

    def raw(self) -> bytes:
        return b"".join(self.lines)


def read_file_message(handle: BinaryIO, where: str, tally: Tally) -> Mail | None:
    """One message from a file holding just it (a Maildir entry, an .eml file)."""
    block = HeaderBlock(lambda: tally.damaged(where))
    for line in handle:
        if not block.add(line):
            break
    return counted(read_mail(block.raw(), handle.read(BODY_START), where), where, tally)


def counted(found: Mail | str, where: str, tally: Tally) -> Mail | None:
    tally.read += 1
    if isinstance(found, str):
        tally.skip(found, where)
        return None
    return found


@dataclass
class MboxSource:
    """An mbox file, streamed."""

    path: Path
    label: str
    sent_folder: bool

    @property
    def size(self) -> int:
        return self.path.stat().st_size

    def messages(self, tally: Tally, progress: Callable[[int], None] = lambda n: None) -> Iterator[Mail]:
        name = self.label
        block: HeaderBlock | None = None
        body: list[bytes] = []
        body_size = in_headers = 0
        start = line_number = read = reported = 0
        previous_blank = True
        with _opened(self.path) as handle:
            for line in handle:
                line_number += 1
                read += len(line)
                if line.startswith(b"From ") and (previous_blank or SEPARATOR.match(line)):
                    if block is not None:
                        yield from self._finished(block, body, start, tally)
                    start, body, body_size, in_headers = line_number, [], 0, True
                    at = line_number
                    block = HeaderBlock(lambda at=at: tally.damaged(f"{name} line {at}"))
                elif block is None:
                    if line.strip():
                        tally.damaged(f"{name} line {line_number}")
                elif in_headers:
                    at = line_number
                    block.on_damaged = lambda at=at: tally.damaged(f"{name} line {at}")
                    in_headers = block.add(line)
                elif body_size < BODY_START:
                    body.append(line)
                    body_size += len(line)
                previous_blank = line in (b"\n", b"\r\n")
                if read - reported >= PROGRESS_STEP:
                    progress(read - reported)
                    reported = read
        if block is not None:
            yield from self._finished(block, body, start, tally)
        progress(read - reported)

    def _finished(self, block: HeaderBlock, body: list[bytes], start: int, tally: Tally) -> Iterator[Mail]:
        where = f"{self.label} line {start}"
        mail = counted(read_mail(block.raw(), b"".join(body), where), where, tally)
        if mail is not None:
            yield mail


@dataclass
class MaildirSource:
    """A Maildir (cur, new and tmp folders), read through the standard library's `mailbox`, one file at a time."""

    path: Path
    label: str
    sent_folder: bool

    def _box(self) -> mailbox.Maildir:
        return mailbox.Maildir(self.path, factory=None, create=False)

    @property
    def size(self) -> int:
        return len(self._box())

    def messages(self, tally: Tally, progress: Callable[[int], None] = lambda n: None) -> Iterator[Mail]:
        box = self._box()
        for key in sorted(box.iterkeys()):
            where = f"{self.label} message {key}"
            try:
                with box.get_file(key) as handle:
                    mail = read_file_message(handle, where, tally)
            except OSError as error:
                raise SourceUnreadable(f"{where} cannot be read ({error.strerror or error}); check its permissions") from None
            progress(1)
            if mail is not None:
                yield mail


@dataclass
class EmlFolderSource:
    """A folder of .eml files (and its subfolders), as mail programs save messages dragged out of them."""

    path: Path
    label: str
    sent_folder: bool

    def files(self) -> list[Path]:
        return sorted(p for p in self.path.rglob("*") if p.suffix.lower() == ".eml" and p.is_file())

    @property
    def size(self) -> int:
        return len(self.files())

    def messages(self, tally: Tally, progress: Callable[[int], None] = lambda n: None) -> Iterator[Mail]:
        for file in self.files():
            where = str(file.relative_to(self.path.parent))
            with _opened(file) as handle:
                mail = read_file_message(handle, where, tally)
            progress(1)
            if mail is not None:
                yield mail


@dataclass
class OneFile(EmlFolderSource):
    """A single saved message (.eml)."""

    file: Path | None = None

    def files(self) -> list[Path]:
        return [self.file]


def _opened(path: Path) -> BinaryIO:
    try:
        return open(path, "rb", buffering=PROGRESS_STEP)
    except OSError as error:
        raise SourceUnreadable(f"{path} cannot be read ({error.strerror or error}); check that it is there and yours to read") from None


def sniff(path: Path) -> bytes:
    """The first bytes of a file, without a byte-order mark or leading blank lines."""
    with _opened(path) as handle:
        return handle.read(4096).removeprefix(b"\xef\xbb\xbf").lstrip(b"\r\n\t ")


def mail_source(path: Path) -> MboxSource | MaildirSource | EmlFolderSource | OneFile | None:
    """The mail source at `path`, recognised by what it holds; None when it is not mail (a calendar, say)."""
    if path.is_dir():
        if all((path / sub).is_dir() for sub in ("cur", "new")):
            return MaildirSource(path, path.name, is_sent_folder(path.name))
        if (path / "mbox").is_file():  # Apple Mail exports a mailbox as a folder "Sent Messages.mbox" holding a file "mbox"
            return MboxSource(path / "mbox", path.name, is_sent_folder(path.name))
        source = EmlFolderSource(path, path.name, is_sent_folder(path.name))
        if source.files():
            return source
        raise SourceUnreadable(f"{path} holds no mail tracker sync reads; give {FORMATS}")
    if not path.exists():
        raise SourceUnreadable(f"{path} does not exist; give {FORMATS}")
    start = sniff(path)
    if start.upper().startswith(b"BEGIN:VCALENDAR"):
        return None
    # An mbox may begin with a damaged line or two; its name, or a "From " line further on, still says what it is.
    if start.startswith(b"From ") or path.suffix.lower() == ".mbox" or b"\nFrom " in start or not start and path.suffix.lower() != ".ics":
        return MboxSource(path, path.name, is_sent_folder(path.stem))
    if start.startswith(PST_SIGNATURE):
        raise SourceUnreadable(f"{path} is an Outlook data file (.pst), which tracker sync does not read; save the messages "
                               "as .eml, or add the account to Thunderbird and give its Sent folder (see the seeker's guide)")
    if start.startswith(OLE_SIGNATURE):
        raise SourceUnreadable(f"{path} is an Outlook message (.msg), which tracker sync does not read; save it from "
                               "Outlook as .eml (File > Save As) or give the exported folder as mbox")
    if HEADER_LINE.match(start):  # one saved message
        return OneFile(path.parent, path.parent.name, is_sent_folder(path.parent.name), path)
    raise SourceUnreadable(f"{path} is not a mail or calendar export tracker sync reads; give {FORMATS}")
