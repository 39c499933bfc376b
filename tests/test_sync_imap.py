"""`tracker sync` against a real IMAP server: Dovecot on 127.0.0.1, started by `.ci/dovecot` (CI runs it in `.ci/run`).

Each test fills a Sent folder of its own of the throwaway user, then syncs from it over
IMAPS and over STARTTLS, and checks that nothing on the server changed.
Without the server these tests skip on a developer's machine and fail in CI.
"""

from __future__ import annotations

import imaplib
import os
import socket
import ssl
import time
import uuid
from pathlib import Path

import openpyxl
import pytest
from builders import day
from capture_books import run
from mail_books import message
from test_sync import ANN, BO, tracker

DOVECOT = Path(os.environ.get("TRACKER_TEST_DOVECOT", "/tmp/tracker-dovecot"))
USER, PASSWORD, IMAPS_PORT, IMAP_PORT = "seeker", "throwaway-password", 10993, 10143


def _listening(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(1)
        return probe.connect_ex(("127.0.0.1", port)) == 0


@pytest.fixture
def sent_folder(monkeypatch):
    """A Sent folder of its own on Dovecot (run-XXXX/Sent, so suites running at once never share one), holding two
    unread messages from the seeker; the server's certificate trusted. Yields (connection, folder)."""
    if not (_listening(IMAPS_PORT) and (DOVECOT / "cert.pem").exists()):
        message_text = "no IMAP server on 127.0.0.1:10993; start one with `.ci/dovecot` (apt-get install dovecot-imapd)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message_text)
        pytest.skip(message_text)
    monkeypatch.setenv("SSL_CERT_FILE", str(DOVECOT / "cert.pem"))
    monkeypatch.setenv("TRACKER_IMAP_PASSWORD", PASSWORD)
    server = imaplib.IMAP4_SSL("127.0.0.1", IMAPS_PORT, ssl_context=ssl.create_default_context(cafile=str(DOVECOT / "cert.pem")))
    server.login(USER, PASSWORD)
    parent = f"run-{uuid.uuid4().hex[:12]}"
    folder = f"{parent}/Sent"
    assert server.create(folder)[0] == "OK"
    for mail in (message(ANN, day(-2), "Thank you for Thursday", message_id="<ty@imap>"),
                 message(BO, day(-1), "An article for you", "https://example.org/piece", message_id="<art@imap>")):
        server.append(folder, "", imaplib.Time2Internaldate(time.time()), mail.as_bytes())
    yield server, folder
    server.select("INBOX", readonly=True)  # a folder still selected cannot be deleted
    server.delete(folder)
    server.delete(parent)
    server.logout()


def _flags(server: imaplib.IMAP4, folder: str) -> list[bytes]:
    server.select(folder, readonly=True)
    _status, data = server.fetch("1:*", "(FLAGS)")
    return sorted(data)


@pytest.mark.parametrize("address", [f"imaps://{USER}@127.0.0.1:{IMAPS_PORT}/", f"imap://{USER}@localhost:{IMAP_PORT}/"])
def test_sync_reads_a_sent_folder_and_marks_nothing_read(tmp_path, sent_folder, address):
    """Over IMAPS and STARTTLS: the thank-you and the article are recorded; no message is marked read or changed."""
    server, folder = sent_folder
    address += folder
    path = tracker(tmp_path)
    before = _flags(server, folder)
    assert all(b"\\Seen" not in flags for flags in before)
    result = run("sync", str(path), address)
    assert result.exit_code == 0, result.output
    assert PASSWORD not in result.output
    sheet = openpyxl.load_workbook(path)
    assert sheet["Interviews"]["J2"].value is not None and sheet["Interviews"]["M2"].value == "<ty@imap>"
    assert [c.value for c in sheet["Follow-Ups"][3]][:6][2:] == ["Article or link", "Email", "An article for you", "<art@imap>"]
    assert _flags(server, folder) == before
    again = run("sync", str(path), address)
    assert "Nothing new to record" in again.output and "2 messages already recorded" in again.output


def test_since_is_asked_of_the_server(tmp_path, sent_folder):
    """--since after both messages were appended today still reads them (IMAP's SINCE is the day they arrived)."""
    path = tracker(tmp_path)
    result = run("sync", str(path), f"imaps://{USER}@127.0.0.1:{IMAPS_PORT}/{sent_folder[1]}", "--since", day(-1).isoformat(), "--dry-run")
    assert result.exit_code == 0, result.output
    assert "Left alone: 1 message before --since." in result.output  # the thank-you is dated day -2


@pytest.mark.parametrize("change, says", [
    ({"TRACKER_IMAP_PASSWORD": "wrong"}, "127.0.0.1 refused the login of seeker"),
    ({"SSL_CERT_FILE": "/nonexistent"}, "the certificate of 127.0.0.1 cannot be trusted"),
    ({"TRACKER_IMAP_PASSWORD": ""}, "set TRACKER_IMAP_PASSWORD"),
])
def test_wrong_password_untrusted_certificate_or_no_password_exit_2(tmp_path, sent_folder, monkeypatch, change, says):
    """Each is one line naming the server, the password never printed, the tracker untouched."""
    for name, value in change.items():
        monkeypatch.setenv(name, value)
    path = tracker(tmp_path)
    before = path.read_bytes()
    result = run("sync", str(path), f"imaps://{USER}@127.0.0.1:{IMAPS_PORT}/{sent_folder[1]}")
    assert result.exit_code == 2, result.output
    assert says in result.output and len(result.output.strip().splitlines()) == 1
    assert PASSWORD not in result.output and path.read_bytes() == before


@pytest.mark.parametrize("address, says", [
    (f"imaps://{USER}@127.0.0.1:1/Sent", "cannot reach 127.0.0.1:1"),
    (f"imaps://{USER}@127.0.0.1:{IMAPS_PORT}/Nowhere", "has no folder 'Nowhere'"),
])
def test_unreachable_server_or_missing_folder_exit_2(tmp_path, sent_folder, address, says):
    """A closed port, or a folder the server does not have: one line, exit 2."""
    result = run("sync", str(tracker(tmp_path)), address)
    assert result.exit_code == 2 and says in result.output and len(result.output.strip().splitlines()) == 1, result.output
