"""The few pieces of RFC 5545 a calendar of all-day reminders needs, written directly.

`tracker remind` writes thousands of entries with the same eight properties
each. icalendar builds an object per property and per parameter to write
them, which cost ten times the reading of the tracker; these functions
write the same lines. They follow icalendar's own choices where RFC 5545
allows several (which line endings become `\\n`, where a long line is
folded, that an escape is never split by a fold), and a property test holds
a whole calendar to the bytes icalendar writes for it.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

FOLD_AT = 75  # a content line is folded before it reaches 75 octets (RFC 5545 3.1)
KEPT_TOGETHER = "\\^"  # a fold never comes right after one of these: it would split an escape
ESCAPED = re.compile(r"[\\;,\r\n]")  # what `text` changes: a value with none of it is written as it is


def text(value: str) -> str:
    """A TEXT value with backslash, semicolon, comma and line breaks escaped (RFC 5545 3.3.11)."""
    if not ESCAPED.search(value):  # one scan, not seven: most summaries have nothing to escape
        return value
    return (value.replace("\\N", "\n").replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n"))


@lru_cache(maxsize=4096)
def date(day: dt.date) -> str:
    """A DATE value: 20261122 (made once per day: thousands of entries share a few hundred)."""
    return f"{day.year:04}{day.month:02}{day.day:02}"


def utc_time(moment: dt.datetime) -> str:
    """A DATE-TIME value in UTC: 20261122T000000Z."""
    moment = moment.astimezone(dt.timezone.utc)
    return f"{date(moment.date())}T{moment.hour:02}{moment.minute:02}{moment.second:02}Z"


def folded(line: str) -> str:
    """A content line folded into pieces of fewer than 75 octets, joined by CRLF and a space."""
    if line.isascii():
        if len(line) < FOLD_AT:
            return line
        pieces, start = [], 0
        while len(line) - start >= FOLD_AT:
            end = start + FOLD_AT - 1
            if line[end - 1] in KEPT_TOGETHER:
                end -= 1
            pieces.append(line[start:end])
            start = end
        pieces.append(line[start:])
        return "\r\n ".join(pieces)
    pieces, current, size = [], [], 0
    for character in line:
        width = len(character.encode("utf-8"))
        if current and size + width >= FOLD_AT:
            carried = [current.pop()] if len(current) > 1 and current[-1] in KEPT_TOGETHER else []
            pieces.append("".join(current))
            current, size = carried, sum(len(c.encode("utf-8")) for c in carried)
        current.append(character)
        size += width
    pieces.append("".join(current))
    return "\r\n ".join(pieces)


def content(lines: list[str]) -> bytes:
    """Content lines as a file: each folded, each ending in CRLF, UTF-8."""
    return "".join(folded(line) + "\r\n" for line in lines).encode("utf-8")
