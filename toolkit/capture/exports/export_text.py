"""The character set of an address-book export, told from its bytes.

In order: a byte-order mark (UTF-8, UTF-16, UTF-32); UTF-16 without one
(every other byte zero in ASCII text, as some Windows programs write it);
UTF-8; then a legacy code page. For the last, the system's code page comes
first (Excel and Outlook on Windows save CSV in it), then Windows-1252 when
it reads the bytes as cleanly as any (charset-normalizer judges), else
charset-normalizer's best guess among the code pages address books are
written in (Cyrillic, Greek, Japanese, Chinese, Korean...). So on a Mac or
Linux machine a Central European export that is not UTF-8 may be read as
Windows-1252; on Windows its own code page comes first.
"""

from __future__ import annotations

import codecs
import locale

from charset_normalizer import from_bytes

BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
# Western, Central European, Cyrillic, Greek, Turkish, Baltic, Japanese, Chinese (both), Korean.
LEGACY_PAGES = ["cp1252", "cp1250", "cp1251", "cp1253", "cp1254", "cp1257", "cp932", "gb18030", "big5", "cp949"]
SAMPLE = 200_000  # bytes charset-normalizer looks at: enough to judge, little time on a large export


def bom_encoding(raw: bytes) -> str | None:
    """The encoding a byte-order mark (or UTF-16 without one) declares, if any."""
    for bom, name in BOMS:
        if raw.startswith(bom):
            return name
    head = raw[:200]
    if len(head) >= 4 and head.count(0) * 3 >= len(head):  # ASCII in UTF-16: every other byte zero
        return "utf-16-le" if head[1] == 0 and head[0] != 0 else "utf-16-be"
    return None


def system_code_page() -> str | None:
    """The code page programs on this machine save text in, when it is not UTF-8 (Windows: cp1252, cp1251, cp932...)."""
    name = locale.getpreferredencoding(False)
    try:
        return None if codecs.lookup(name).name in ("utf-8", "ascii") else codecs.lookup(name).name
    except LookupError:
        return None


def legacy_encoding(raw: bytes) -> str | None:
    """The legacy code page that reads `raw` (which is not UTF-8) best, or None if none reads it at all."""
    system = system_code_page()
    if system:
        try:
            raw.decode(system)
            return system
        except UnicodeDecodeError:
            pass
    matches = list(from_bytes(raw[:SAMPLE], cp_isolation=LEGACY_PAGES))
    if not matches:
        return None
    best = matches[0]  # charset-normalizer ranks by chaos, then by how well the text reads as a language
    # On text that is mostly ASCII the language guess is noise: Windows-1252 wins whenever it reads as cleanly.
    western = next((m for m in matches if "cp1252" in m.could_be_from_charset), None)
    return "cp1252" if western is not None and western.chaos <= best.chaos else best.encoding


def decode_text(raw: bytes) -> tuple[str, str] | None:
    """(text, encoding) for the whole of `raw`, or None when no encoding above reads it."""
    declared = bom_encoding(raw)
    for name in ([declared] if declared else ["utf-8"]):
        try:
            return raw.decode(name), name
        except UnicodeDecodeError:
            if declared:
                return None
    legacy = legacy_encoding(raw)
    if legacy is None:
        return None
    try:
        return raw.decode(legacy), legacy
    except UnicodeDecodeError:
        return None
