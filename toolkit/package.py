"""Edit an .xlsx/.xlsm package part by part, keeping every other part byte-for-byte.

openpyxl and pandas rewrite the whole package and drop what they do not model
(extension lists, slicers, sparklines, shapes). Here a workbook is a mapping
of part names to bytes; edits are string insertions into the few
bookkeeping parts, and the result is written beside the original and moved
over it atomically.
"""

from __future__ import annotations

import io
import os
import posixpath
import re
import stat
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from xml.sax.saxutils import escape

from defusedxml import ElementTree as SafeTree

from toolkit.errors import OutputNotWritable, WorkbookLocked, WorkbookUnreadable
from toolkit.reader import MAX_UNPACKED_BYTES

NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
WORKSHEET_TYPE = NS_REL + "/worksheet"
WORKSHEET_CONTENT = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
TABLE_TYPE = NS_REL + "/table"
TABLE_CONTENT = "application/vnd.openxmlformats-officedocument.spreadsheetml.table+xml"
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

    def free_name(self, template: str) -> str:
        """The first part name `template.format(n)` (n = 1, 2, ...) that is not taken."""
        number = 1
        while template.format(number) in self.parts:
            number += 1
        return template.format(number)

    def office_document(self) -> str:
        """The workbook part, as the package's root relationships name it."""
        for rel_type, target in self.relationships("").values():
            if rel_type.endswith("/officeDocument"):
                return target
        raise WorkbookUnreadable(f"{self.path.name} has no workbook part; open it in Excel and save it again")

    def relationships(self, source: str) -> dict[str, tuple[str, str]]:
        """Relationship id -> (type, target part name) of a part ("" for the package itself)."""
        rels = rels_part(source)
        if rels not in self.parts:
            return {}
        found = {}
        for rel in self.parse(rels).iter(f"{{{NS_PKG_REL}}}Relationship"):
            target = rel.get("Target", "")
            if rel.get("TargetMode") != "External":
                target = resolve(source, target)
            found[rel.get("Id")] = (rel.get("Type", ""), target)
        return found

    def add_relationship(self, source: str, rel_type: str, target: str) -> str:
        """Relate `source` to the part `target`; return the new relationship id."""
        rels = rels_part(source)
        taken = self.relationships(source)
        number = 1
        while f"rId{number}" in taken:
            number += 1
        rel_id = f"rId{number}"
        relative = posixpath.relpath(target, posixpath.dirname(source) or ".")
        entry = f'<Relationship Id="{rel_id}" Type="{rel_type}" Target="{relative}"/>'
        if rels in self.parts:
            self.put(rels, insert_before(self.text(rels), r"</(?:\w+:)?Relationships>", entry))
        else:
            self.put(rels, '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                           f'<Relationships xmlns="{NS_PKG_REL}">{entry}</Relationships>')
        return rel_id

    def declare(self, part: str, content_type: str) -> None:
        """Give a part its content type in [Content_Types].xml, unless it already has one."""
        types = self.text("[Content_Types].xml")
        if f'PartName="/{part}"' not in types:
            self.put("[Content_Types].xml", insert_before(
                types, r"</(?:\w+:)?Types>", f'<Override PartName="/{part}" ContentType="{content_type}"/>'))

    def save(self) -> None:
        """Write beside the original, then replace it atomically with the same permissions."""
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            for part in self.parts.values():
                archive.writestr(part.info, part.data, compress_type=part.info.compress_type)
        write_file_atomically(self.path, buffer.getvalue())


def write_file_atomically(path: Path, data: bytes, keep_mode: bool = True) -> None:
    """Write beside `path` and rename over it, so a reader never sees half a file.

    A replaced file keeps its permissions when `keep_mode`; a new one gets the usual ones (umask).
    """
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise OutputNotWritable(f"{folder}: no such folder; create it first or choose another path")
    try:
        handle, temp_name = tempfile.mkstemp(prefix=".~tracker-", suffix=path.suffix, dir=folder)
    except OSError as error:
        raise OutputNotWritable(f"{folder}: cannot write here ({error.strerror}); choose a folder you can write to") from error
    temp = Path(temp_name)
    try:
        with os.fdopen(handle, "wb") as output:
            output.write(data)
        if keep_mode and path.exists():
            os.chmod(temp, stat.S_IMODE(os.stat(path).st_mode))
        else:
            os.chmod(temp, 0o666 & ~_umask())
        os.replace(temp, path)
    except OSError as error:
        raise OutputNotWritable(f"{path}: cannot write ({error.strerror}); choose a folder you can write to") from error
    finally:
        temp.unlink(missing_ok=True)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def rels_part(source: str) -> str:
    """Where the relationships of a part live: xl/workbook.xml -> xl/_rels/workbook.xml.rels."""
    return posixpath.join(posixpath.dirname(source), "_rels", posixpath.basename(source) + ".rels")


def resolve(source: str, target: str) -> str:
    """A relationship target, relative to its source part, as a part name."""
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(source), target))


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


def add_sheet_title(xml: str, sheet_names: list[str], title: str) -> str:
    """docProps/app.xml lists sheet names under a heading such as "Worksheets"; append one there.

    The heading's text is localised by Excel, so it is found by its entries matching the
    workbook's sheets. If no heading matches, the part is left as it was: it is informative only.
    """
    pairs = re.search(r"<((?:\w+:)?)HeadingPairs>(.*?)</\1HeadingPairs>", xml, re.S)
    titles = re.search(r"<((?:\w+:)?)TitlesOfParts>(.*?)</\1TitlesOfParts>", xml, re.S)
    if not pairs or not titles:
        return xml
    counts = [int(n) for n in re.findall(r"<(?:\w+:)?i4>(\d+)</(?:\w+:)?i4>", pairs.group(2))]
    entries = list(re.finditer(r"<((?:\w+:)?)lpstr>(.*?)</\1lpstr>", titles.group(2), re.S))
    names = [m.group(2) for m in entries]
    wanted = [escape(n) for n in sheet_names]
    offset = 0
    for index, count in enumerate(counts):
        if names[offset:offset + count] == wanted:
            break
        offset += count
    else:
        return xml
    at = titles.start(2) + (entries[offset + count - 1].end() if offset + count else 0)
    prefix = entries[0].group(1) if entries else "vt:"
    xml = xml[:at] + f"<{prefix}lpstr>{escape(title)}</{prefix}lpstr>" + xml[at:]
    xml = re.sub(r"(<(?:\w+:)?TitlesOfParts>\s*<(?:\w+:)?vector\b[^>]*?\bsize=\")(\d+)",
                 lambda m: m.group(1) + str(int(m.group(2)) + 1), xml, count=1)
    seen = {"n": -1}

    def bump(match):
        seen["n"] += 1
        return f"{match.group(1)}{int(match.group(2)) + 1}" if seen["n"] == index else match.group(0)

    heading = re.search(r"<((?:\w+:)?)HeadingPairs>.*?</\1HeadingPairs>", xml, re.S)
    updated = re.sub(r"(<(?:\w+:)?i4>)(\d+)", bump, heading.group(0))
    return xml[:heading.start()] + updated + xml[heading.end():]
