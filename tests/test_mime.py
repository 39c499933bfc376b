"""Drafts are written byte for byte as the email package writes them, only faster."""

from __future__ import annotations

from email.header import Header
from email.mime.text import MIMEText
from email.utils import formataddr

from hypothesis import given
from hypothesis import strategies as st

from toolkit.notes.mime import UTF8_HEADER, UTF8_QP, LinearCharset, message_bytes

TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=300) | st.sampled_from([
    "Thank you for our conversation on Tuesday, 17 November – Jordan Rivera",
    "é" * 200, "日本語の件名" * 20, "a" * 500, "–", "", " leading and trailing ", "x" * 60 + "€",
])


@given(text=TEXT, width=st.integers(20, 998), first=st.integers(0, 60))
def test_linear_charset_folds_like_the_standard_library(text, width, first):
    """Header.encode gives the same encoded words with LinearCharset as with the stdlib's utf-8 Charset."""
    expected = Header(text, "utf-8", header_name="S" * first).encode(maxlinelen=width)
    assert Header(text, LinearCharset("utf-8"), header_name="S" * first).encode(maxlinelen=width) == expected


def test_a_long_subject_is_split_into_encoded_words():
    """The test above compares something: a long subject really is several encoded words on folded lines."""
    folded = Header("Merci pour notre échange – " * 6, LinearCharset("utf-8")).encode(maxlinelen=78)
    assert folded.count("=?utf-8?") > 2 and "\n " in folded


def email_package_bytes(headers, body: str) -> bytes:
    """The draft as the email package writes it: the reference message_bytes must match."""
    message = MIMEText(body, "plain", UTF8_QP)
    for name, value in headers:
        message[name] = value
    return message.as_bytes(policy=message.policy.clone(linesep="\r\n"))


NAME = st.text(st.characters(exclude_categories=("Cs", "Cc")), max_size=60) | st.sampled_from(
    ["Ann Lee", "Dr. Maya Chen", "Grace O'Connor", "Zoë Ångström", "李小龙", "A, B", "x" * 90, "Ann  Lee", " Ann"])
BODY = st.text(st.characters(exclude_categories=("Cs",)), max_size=400) | st.sampled_from(
    ["Dear Ann,\n\nThank you.\n", "From here on\n.\n", "trailing space \nand tab\t\n", "=" * 100, "é" * 200, "a\r\nb\rc"])


@given(name=NAME, email=st.sampled_from(["ann@example.com", "x" * 70 + "@example.com"]), subject=TEXT, body=BODY)
def test_message_bytes_match_the_email_package(name, email, subject, body):
    """A draft's bytes are the email package's, for any names, subject and body."""
    headers = [("X-Unsent", "1"), ("To", formataddr((name, email), charset="utf-8")),
               ("From", formataddr(("Jordan Rivera", "jordan@example.com"), charset="utf-8")),
               ("Subject", subject)]
    added = [(name, value if value.isascii() else Header(value, UTF8_HEADER)) for name, value in headers]
    assert message_bytes(headers, body) == email_package_bytes(added, body)
