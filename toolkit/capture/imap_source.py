"""One IMAP folder, read only: `imaps://USER@HOST[:PORT]/FOLDER`, or `imap://` with STARTTLS.

The folder is opened with EXAMINE and every fetch is a BODY.PEEK of the
headers sync reads and the first BODY_START bytes of the text, so nothing
is marked read and no message is downloaded whole. A connection without
TLS is made only to this computer (localhost). The password is asked for
by the caller, used for the login and kept nowhere.
"""

from __future__ import annotations

import datetime as dt
import imaplib
import re
import ssl
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from toolkit.capture.mail_headers import BODY_START, HEADERS, Mail, Tally, read_mail
from toolkit.capture.mail_sources import is_sent_folder
from toolkit.errors import MailServerRefused, SourceUnreadable

LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1")
BATCH = 200  # messages per FETCH: a few hundred kilobytes per round trip
TIMEOUT = 30  # seconds to wait for the server
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")  # IMAP's, in any locale
FIELDS = " ".join(h.upper() for h in (*HEADERS, "Content-Type", "Content-Transfer-Encoding", "MIME-Version"))
FETCH = f"(BODY.PEEK[HEADER.FIELDS ({FIELDS})] BODY.PEEK[TEXT]<0.{BODY_START}>)"
URL_FORM = "imaps://USER@HOST[:PORT]/FOLDER"


@dataclass(frozen=True)
class ImapAddress:
    """Where an IMAP folder is: scheme, user, host, port and folder name."""

    secure: bool  # imaps: TLS from the start; imap: STARTTLS (or plain, to this computer only)
    user: str
    host: str
    port: int
    folder: str

    @property
    def label(self) -> str:
        return f"{'imaps' if self.secure else 'imap'}://{self.user}@{self.host}:{self.port}/{self.folder}"

    @property
    def local(self) -> bool:
        return self.host.lower() in LOCAL_HOSTS


def parse_address(text: str) -> ImapAddress:
    """The IMAP address in `text`, or SourceUnreadable saying what a good one looks like."""
    parts = urlsplit(text)
    try:
        port = parts.port
    except ValueError:
        raise SourceUnreadable(f"{text}: the port is not a number; write {URL_FORM}") from None
    if parts.password is not None:
        raise SourceUnreadable(f"the address of {parts.hostname} holds a password; remove it and set TRACKER_IMAP_PASSWORD "
                               "or type it when asked (a password on the command line is kept in the shell's history)")
    if not parts.username or not parts.hostname:
        raise SourceUnreadable(f"{text}: name the user and the server, as in {URL_FORM}")
    folder = unquote(parts.path.lstrip("/"))
    if not folder:
        raise SourceUnreadable(f"{text}: name the folder to read, as in imaps://{parts.username}@{parts.hostname}/Sent")
    secure = parts.scheme.lower() == "imaps"
    return ImapAddress(secure, unquote(parts.username), parts.hostname, port or (993 if secure else 143), folder)


def imap_date(day: dt.date) -> str:
    return f"{day.day:02d}-{MONTHS[day.month - 1]}-{day.year}"


def _quoted(name: str) -> str:
    return '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'


@dataclass
class ImapSource:
    """One folder on an IMAP server."""

    address: ImapAddress
    password: Callable[[ImapAddress], str]  # asked for only when the connection is made
    since: dt.date | None = None
    sent_folder: bool = False
    size: int = 0

    @property
    def label(self) -> str:
        return self.address.label

    def connect(self) -> imaplib.IMAP4:
        """A logged-in connection, or MailServerRefused in one line (unreachable, certificate, login)."""
        a = self.address
        context = ssl.create_default_context()
        try:
            if a.secure:
                connection = imaplib.IMAP4_SSL(a.host, a.port, ssl_context=context, timeout=TIMEOUT)
            else:
                connection = imaplib.IMAP4(a.host, a.port, timeout=TIMEOUT)
                if "STARTTLS" in connection.capabilities:
                    connection.starttls(context)
                elif not a.local:
                    connection.logout()
                    raise MailServerRefused(f"{a.host} does not offer STARTTLS, and mail goes unencrypted only to this "
                                            f"computer; use imaps://{a.user}@{a.host}/{a.folder}")
        except ssl.SSLCertVerificationError as error:
            raise MailServerRefused(f"the certificate of {a.host} cannot be trusted ({error.verify_message}); "
                                    "check the server name, or ask its administrator") from None
        except (ssl.SSLError, imaplib.IMAP4.error) as error:
            raise MailServerRefused(f"{a.host}:{a.port} did not complete a secure connection ({error}); check the port "
                                    "(993 for imaps://, 143 for imap://)") from None
        except OSError as error:  # refused, unknown host, timed out
            reason = error.strerror or str(error) or type(error).__name__
            raise MailServerRefused(f"cannot reach {a.host}:{a.port} ({reason}); check the server name, the port and the network") from None
        try:
            connection.login(a.user, self.password(a))
        except imaplib.IMAP4.error:
            _close(connection)
            raise MailServerRefused(f"{a.host} refused the login of {a.user}: check the user name and the password "
                                    "(Gmail and Outlook want an app password)") from None
        return connection

    def messages(self, tally: Tally, progress: Callable[[int], None] = lambda n: None) -> Iterator[Mail]:
        connection = self.connect()
        try:
            yield from self._read(connection, tally, progress)
        except (OSError, imaplib.IMAP4.abort) as error:
            raise MailServerRefused(f"{self.address.host} broke off the connection ({error}); run sync again") from None
        except imaplib.IMAP4.error as error:
            raise MailServerRefused(f"{self.address.host} refused a request for '{self.address.folder}' ({error})") from None
        finally:
            _close(connection)

    def _read(self, connection: imaplib.IMAP4, tally: Tally, progress: Callable[[int], None]) -> Iterator[Mail]:
        a = self.address
        try:
            status, listed = connection.list('""', _quoted(a.folder))
        except imaplib.IMAP4.error:  # a server that will not list still lets the folder be read
            status, listed = "NO", []
        flags = b" ".join(item for item in listed if isinstance(item, bytes)) if status == "OK" else b""
        self.sent_folder = is_sent_folder(a.folder) or b"\\sent" in flags.lower()
        status, answer = connection.select(_quoted(a.folder), readonly=True)  # EXAMINE: nothing in it changes
        if status != "OK":
            raise MailServerRefused(f"{a.host} has no folder '{a.folder}' for {a.user} ({_said(answer)}); "
                                    "name one that is there, such as Sent or INBOX")
        criteria = ("SINCE", imap_date(self.since)) if self.since else ("ALL",)
        status, found = connection.uid("SEARCH", *criteria)
        uids = found[0].split() if status == "OK" and found and found[0] else []
        self.size = len(uids)
        for first in range(0, len(uids), BATCH):
            batch = uids[first:first + BATCH]
            status, data = connection.uid("FETCH", b",".join(batch).decode(), FETCH)
            if status != "OK":
                raise MailServerRefused(f"{a.host} would not hand over the messages of '{a.folder}' ({_said(data)})")
            for uid, header, text in _fetched(data):
                where = f"{a.folder} message UID {uid}"
                tally.read += 1
                found_mail = read_mail(header, text, where)
                if isinstance(found_mail, str):
                    tally.skip(found_mail, where)
                else:
                    yield found_mail
            progress(len(batch))


def _fetched(data: list) -> Iterator[tuple[str, bytes, bytes]]:
    """(UID, header block, start of text) for each message of a FETCH answer."""
    uid, header, text = None, b"", b""
    for item in data:
        if isinstance(item, tuple):
            descriptor, payload = item[0], item[1]
            opening = re.match(rb"\d+ \(", descriptor)
            if opening:
                if uid is not None:
                    yield uid, header, text
                uid, header, text = "?", b"", b""
            found_uid = re.search(rb"UID (\d+)", descriptor)
            if found_uid:
                uid = found_uid.group(1).decode()
            if b"HEADER.FIELDS" in descriptor.upper():
                header = payload
            elif b"BODY[TEXT]" in descriptor.upper():
                text = payload
        elif isinstance(item, bytes):
            found_uid = re.search(rb"UID (\d+)", item)
            if found_uid and uid == "?":
                uid = found_uid.group(1).decode()
    if uid is not None:
        yield uid, header, text


def _said(answer) -> str:
    text = b" ".join(a for a in answer if isinstance(a, bytes)).decode("utf-8", "replace") if answer else ""
    return " ".join(text.split()) or "no reason given"


def _close(connection: imaplib.IMAP4) -> None:
    try:
        connection.logout()
    except (OSError, imaplib.IMAP4.error):
        pass
