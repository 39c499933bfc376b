"""Zip bombs built in a second: a tracker whose shared strings inflate to a gigabyte.

Deflating a gigabyte takes far too long for a test, so the bomb's stream is
one compressed block repeated: after a full flush a deflate block refers to
nothing before it, so the same block bytes can follow themselves. The zip is
then written by hand so the sizes it declares can be honest, or lie.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from pathlib import Path

CHUNK = (b"<si><t>" + b"a" * 1000 + b"</t></si>") * 1024  # a megabyte that deflates to a kilobyte
STRINGS_HEAD = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')


def _repeated_deflate(head: bytes, chunk: bytes, times: int) -> tuple[bytes, int, int]:
    """(raw deflate stream, crc32, size) of `head` then `chunk` repeated `times` times, in about a second."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    start = compressor.compress(head) + compressor.flush(zlib.Z_FULL_FLUSH)
    block = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    crc = zlib.crc32(head)
    for _ in range(times):
        crc = zlib.crc32(chunk, crc)
    return start + block * times + compressor.flush(zlib.Z_FINISH), crc, len(head) + len(chunk) * times


def bomb(source: Path, target: Path, inflated_bytes: int = 10**9, declared_bytes: int | None = None) -> Path:
    """`source` with xl/sharedStrings.xml replaced by one that inflates to about `inflated_bytes`.

    `declared_bytes` makes the zip headers claim that size instead (a bomb that lies).
    """
    with zipfile.ZipFile(source) as archive:
        entries = [(info.filename, archive.read(info)) for info in archive.infolist()]
    strings = _repeated_deflate(STRINGS_HEAD, CHUNK, inflated_bytes // len(CHUNK))
    out, central = bytearray(), bytearray()
    for name, data in entries:
        if name == "xl/sharedStrings.xml":
            raw, crc, size = strings
            size_declared = declared_bytes if declared_bytes is not None else size
        else:
            compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
            raw, crc, size = compressor.compress(data) + compressor.flush(), zlib.crc32(data), len(data)
            size_declared = size
        encoded = name.encode()
        offset = len(out)
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x21, crc, len(raw), size_declared, len(encoded), 0)
        out += encoded + raw
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0x21, crc, len(raw), size_declared,
                               len(encoded), 0, 0, 0, 0, 0, offset)
        central += encoded
    out += central + struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(central), len(out), 0)
    target.write_bytes(bytes(out))
    return target
