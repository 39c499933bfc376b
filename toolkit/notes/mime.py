"""An unsent email's bytes, exactly as the email package writes them, in a fraction of its time.

The email package builds a message object, then folds every header through a
`Header` and encodes the body through a `Charset`; for thousands of drafts
that cost more than reading the tracker. `message_bytes` writes the same
bytes directly: a header that fits on its line as plain ASCII is written as
it is, any other goes through the standard library's own folding, and the
body is the standard library's quoted-printable. `LinearCharset` is UTF-8 as
the email package has it, but finds where to break a long non-ASCII header
in linear time: `Charset.header_encode_lines` encodes the whole line again
after every character. Property tests compare both with the email package on
any text.
"""

from __future__ import annotations

import re
from email import base64mime, quoprimime
from email.charset import QP, RFC2047_CHROME_LEN, Charset
from email.header import Header
from email.policy import compat32
from functools import lru_cache

MAX_LINE = 78  # compat32's folding width (RFC 5322's recommendation)
PLAIN_WORDS = re.compile(r"[!-~]+(?: [!-~]+)*")  # printable ASCII, single spaces: nothing to fold or encode
CRLF_POLICY = compat32.clone(linesep="\r\n")


class LinearCharset(Charset):
    """`Charset("utf-8")` with `header_encode_lines` in linear time (same output)."""

    def header_encode_lines(self, string, maxlengths):
        codec = self.output_codec or "us-ascii"
        encoder_module = self._get_encoder(string.encode(codec))
        if encoder_module is base64mime:
            size = {c: _encoded_size(c, codec, base64mime) for c in set(string)}  # bytes: 4 characters per started 3

            def length(total: int) -> int:
                return base64mime.header_length(bytes(total))
        else:
            size = {c: _encoded_size(c, codec, quoprimime) for c in set(string)}

            def length(total: int) -> int:
                return total
        extra = len(self.get_output_charset()) + RFC2047_CHROME_LEN
        lines: list[str | None] = []
        current: list[str] = []
        total = 0
        maxlen = next(maxlengths) - extra
        for character in string:
            longer = total + size[character]
            if length(longer) <= maxlen:
                current.append(character)
                total = longer
                continue
            if not lines and not current:
                lines.append(None)  # nothing fits on the first line: the caller starts a new one
            else:
                lines.append(encoder_module.header_encode("".join(current).encode(codec), charset=codec))
            current, total = [character], size[character]
            maxlen = next(maxlengths) - extra
        lines.append(encoder_module.header_encode("".join(current).encode(codec), charset=codec))
        return lines


@lru_cache(maxsize=4096)
def _encoded_size(character: str, codec: str, encoder_module) -> int:
    """A character's share of an encoded word: its bytes for base64, its encoded length for quoted-printable."""
    octets = character.encode(codec)
    return len(octets) if encoder_module is base64mime else quoprimime.header_length(octets)


def utf8_qp() -> Charset:
    """UTF-8 with a quoted-printable body: what the drafts' text is written in."""
    charset = Charset("utf-8")
    charset.header_encoding = QP
    charset.body_encoding = QP
    return charset


UTF8_QP = utf8_qp()
UTF8_HEADER = LinearCharset("utf-8")  # for Header(text, UTF8_HEADER): as Header(text, "utf-8"), the shorter encoding


def message_bytes(headers: list[tuple[str, str]], body: str) -> bytes:
    """What `MIMEText(body, "plain", UTF8_QP)` with `headers` added writes with `as_bytes` (compat32, CRLF line ends).

    A header value that is not ASCII is added as `Header(value, UTF8_HEADER)`: encoded words, the shorter encoding.
    """
    head = FIXED_HEAD + "".join([_folded(name, value) for name, value in headers])
    # UTF8_QP.body_encode is quoprimime's on the UTF-8 bytes read as Latin-1, lines joined by LF, which as_bytes makes
    # CRLF. The encoder breaks lines only at CR and LF and escapes every other control character, so joining its lines
    # by CRLF (eol) gives those bytes at once.
    text = quoprimime.body_encode(body.encode("utf-8").decode("latin-1"), eol="\r\n")
    return (head + "\r\n" + text).encode("ascii", "surrogateescape")


@lru_cache(maxsize=1024)  # drafts of one day share their subject
def _folded(name: str, value: str) -> str:
    """One header as compat32 folds it, ending in CRLF."""
    if len(name) + 2 + len(value) <= MAX_LINE and PLAIN_WORDS.fullmatch(value):
        return f"{name}: {value}\r\n"
    field = value if value.isascii() else Header(value, UTF8_HEADER)
    return CRLF_POLICY.fold_binary(name, field).decode("ascii", "surrogateescape")  # as BytesGenerator folds


# The fields MIMEText writes first, the same in every draft.
FIXED_HEAD = "".join(_folded(name, value) for name, value in (
    ("Content-Type", 'text/plain; charset="utf-8"'), ("MIME-Version", "1.0"), ("Content-Transfer-Encoding", "quoted-printable")))
