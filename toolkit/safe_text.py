"""Text from a workbook made safe for where it is shown: a terminal, a calendar, a mail header.

A cell can hold any character, control characters included (Excel stores ESC
as the escape `_x001B_`, and readers turn it back into ESC). Printed raw,
`ESC [ 2 J` clears a terminal and `ESC ] 0 ;` retitles it, so a seeker's file
could take over a counselor's screen. Everything we print or write for
another program passes through here: each control character other than tab
and line break becomes a visible stand-in (ESC shows as ␛), so the text
still says what the cell holds and nothing in it is obeyed.
"""

from __future__ import annotations

import json
import re

# C0 controls except tab (\x09) and line feed (\x0a), DEL, and the C1 controls (\x9b is a one-byte CSI).
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# What json.dumps(ensure_ascii=False) leaves raw: it escapes only \x00-\x1f.
RAW_IN_JSON = re.compile("[\x7f-\x9f]")
C0_PICTURES = 0x2400  # U+2400..U+241F: a symbol for each C0 control (␀ .. ␟)
DELETE_PICTURE = "\u2421"  # ␡
REPLACEMENT = "\ufffd"  # C1 controls have no pictures of their own


def _picture(match: re.Match) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(C0_PICTURES + code)
    return DELETE_PICTURE if code == 0x7F else REPLACEMENT


def visible(text: object) -> str:
    """`text` with every control character but tab and line feed shown as a harmless stand-in."""
    text = str(text)
    return text if text.isprintable() else CONTROL_CHARACTERS.sub(_picture, text)  # most text holds none: told in C


def one_line(text: object) -> str:
    """`text` on one line: runs of white space (line breaks too) become one space, controls made visible."""
    if type(text) is str and text.isascii() and text.isprintable() and "  " not in text and text[:1] != " " != text[-1:]:
        return text  # most names and addresses: nothing to join or show, told in C without a scan of Python's
    return visible(" ".join(str(text).split()))


def json_text(data: object, **options) -> str:
    """JSON with every control character escaped (\\u001b, \\u009b), so printing it obeys none."""
    dumped = json.dumps(data, ensure_ascii=False, **options)
    return RAW_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", dumped)


# Characters a shell or a reader takes as the end of a word: a name holding one is quoted.
NEEDS_QUOTES = re.compile(r"[\s'\"`$&|;<>()*?!#~\\]")


def shown(text: object) -> str:
    """A name or path for a message, in double quotes when it holds a space (or a shell's special character).

    So `Send "for my counselor.xlsx" to your counselor` reads as one name, and a
    suggested contact can be pasted into a command: did you mean "Ann Lee"?
    """
    text = str(text)
    return f'"{text}"' if NEEDS_QUOTES.search(text) else text


def counted(number: int, singular: str, plural: str | None = None) -> str:
    """'1 finding', '2 findings', '0 findings'; `plural` for words that do not just add an s."""
    return f"{number} {singular if number == 1 else plural or singular + 's'}"
