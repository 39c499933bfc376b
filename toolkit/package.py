"""Edit an .xlsx/.xlsm package part by part, keeping every other part byte-for-byte.

openpyxl and pandas rewrite the whole package and drop what they do not model
(extension lists, slicers, sparklines, shapes). Here a workbook is a mapping
of part names to bytes; edits are string insertions into the few
bookkeeping parts, and the result is written beside the original and moved
over it atomically.
"""

from __future__ import annotations

import os
import re
import stat
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from defusedxml import ElementTree as SafeTree

from toolkit.errors import WorkbookLocked, WorkbookUnreadable
from toolkit.reader import MAX_UNPACKED_BYTES

NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
WORKSHEET_TYPE = NS_REL + "/worksheet"
WORKSHEET_CONTENT = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
FIXED_TIME = (1980, 1, 1, 0, 0, 0)


@dataclass
class Part:
    info: zipfile.ZipInfo
    data: bytes


class Package:
    """The parts of a workbook package, in their original order."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.parts: dict[str, Part] = {}
        try:
            with zipfile.ZipFile(self.path) as archive:
                infos = archive.infolist()
                if sum(i.file_size for i in infos) > MAX_UNPACKED_BYTES:
                    raise WorkbookUnreadable(f"{self.path} would unpack to more than any tracker; it is not safe to open")
                for info in infos:
                    self.parts[info.filename] = Part(info, archive.read(info))
        except (zipfile.BadZipFile, OSError) as error:
            raise WorkbookUnreadable(f"{self.path} is damaged ({error}); open it in Excel and save it again") from error

    def text(self, name: str) -> str:
        return self.parts[name].data.decode("utf-8")

    def put(self, name: str, data: str | bytes) -> None:
        raw = data.encode("utf-8") if isinstance(data, str) else data
        if name in self.parts:
            self.parts[name].data = raw
        else:
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            self.parts[name] = Part(info, raw)

    def parse(self, name: str):
        """A part parsed safely (no entity expansion, no external entities)."""
        return SafeTree.fromstring(self.parts[name].data)

    def save(self) -> None:
        """Write beside the original, then replace it atomically with the same permissions."""
        folder = self.path.parent
        handle, temp_name = tempfile.mkstemp(prefix=".~tracker-", suffix=self.path.suffix, dir=folder)
        os.close(handle)
        temp = Path(temp_name)
        try:
            with zipfile.ZipFile(temp, "w") as archive:
                for name, part in self.parts.items():
                    archive.writestr(part.info, part.data, compress_type=part.info.compress_type)
            os.chmod(temp, stat.S_IMODE(os.stat(self.path).st_mode))
            os.replace(temp, self.path)
        finally:
            temp.unlink(missing_ok=True)


def refuse_if_open(path: Path) -> None:
    """Excel and LibreOffice leave a lock file beside a workbook they have open."""
    path = Path(path)
    for lock in (path.with_name("~$" + path.name), path.with_name(f".~lock.{path.name}#")):
        if lock.exists():
            raise WorkbookLocked(
                f"{path.name} is open in Excel or LibreOffice (found {lock.name}); close it and run again "
                f"(if it is not open, the lock file is stale and can be deleted)")


def insert_before(xml: str, closing_tag_pattern: str, addition: str) -> str:
    """Insert `addition` before the last match of a closing tag such as </sheets>."""
    matches = list(re.finditer(closing_tag_pattern, xml))
    if not matches:
        raise WorkbookUnreadable(f"the workbook's XML has no {closing_tag_pattern}; open it in Excel and save it again")
    at = matches[-1].start()
    return xml[:at] + addition + xml[at:]


def bump_count(xml: str, element: str, count: int) -> str:
    """Set the count attribute of <element ...> (if present)."""
    pattern = re.compile(rf"(<(?:\w+:)?{element}\b[^>]*?\bcount=\")(\d+)(\")")
    return pattern.sub(lambda m: f"{m.group(1)}{count}{m.group(3)}", xml, count=1)


def children(xml: str, element: str, child: str) -> tuple[list[str], re.Match | None]:
    """The child elements of the first <element> block, as strings."""
    block = re.search(rf"<((?:\w+:)?){element}\b[^>]*?(?:/>|>(.*?)</\1{element}>)", xml, re.S)
    if not block or block.group(2) is None:
        return [], block
    inner = block.group(2)
    items = re.findall(rf"<(?:\w+:)?{child}\b(?:[^>]*/>|[^>]*>.*?</(?:\w+:)?{child}>)", inner, re.S)
    return items, block
