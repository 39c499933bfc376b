"""An .xlsx/.xlsm package opened once: its parts, relationships and content types.

Parts keep their zip entry order, names and compression. A part is inflated
and parsed only when asked for, and written back only when it was edited
(`edit`) or replaced (`put`); every other part is copied byte for byte, still compressed,
never inflated: a 100,000-interview tracker unpacks to 170 MB, which no command needs at once.
"""

from __future__ import annotations

import copy
import io
import posixpath
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from toolkit.errors import WorkbookUnreadable
from toolkit.xlsx import trees
from toolkit.xlsx.userfile import FileState, read_when_free, real_path, refuse_if_open, write_file_atomically

# A 100,000-interview tracker unpacks to about 70 MB, almost all of it one worksheet, compressed
# about 12 to 1. These limits leave room above that and refuse a zip bomb before it inflates.
MAX_ENTRIES = 10_000
MAX_UNPACKED_BYTES = 512 << 20
MAX_PART_BYTES = 256 << 20
MAX_RATIO = 200  # deflate tops out near 1000 to 1; real workbook XML stays far below 200
RATIO_FREE_BYTES = 1 << 20  # tiny parts of one repeated character may compress better; they cannot hurt
CONTENT_TYPES = "[Content_Types].xml"
FIXED_TIME = (1980, 1, 1, 0, 0, 0)
# What zipfile and zlib raise for a damaged package; NotImplementedError is zipfile's for a compression it lacks.
DAMAGE = (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, OSError, zlib.error)
WRITE_LEVEL = 3  # the parts we write: a Status sheet of 15,000 findings deflates in 0.05 s, not 0.13 s, 11 % larger


@dataclass(frozen=True)
class Relationship:
    """One entry of a .rels part; `target` is a part name, or a URL when `external`."""

    id: str
    type: str
    target: str
    external: bool = False


def check_archive(archive: zipfile.ZipFile, path: Path) -> None:
    """Refuse an archive whose declared sizes are more than any workbook needs (a zip bomb)."""
    infos = archive.infolist()
    unsafe = f"{Path(path).name} is not safe to open:"
    if len(infos) > MAX_ENTRIES:
        raise WorkbookUnreadable(f"{unsafe} it holds {len(infos)} files, far more than any workbook")
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > MAX_PART_BYTES:
            raise WorkbookUnreadable(f"{unsafe} its part {info.filename} would unpack to {info.file_size >> 20} MB, "
                                     f"far more than any workbook needs")
        if total > MAX_UNPACKED_BYTES:
            raise WorkbookUnreadable(f"{unsafe} it would unpack to more than {MAX_UNPACKED_BYTES >> 20} MB, far more than any tracker")
        if info.file_size > RATIO_FREE_BYTES and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise WorkbookUnreadable(f"{unsafe} its part {info.filename} is compressed {info.file_size // max(info.compress_size, 1)} "
                                     f"to 1, as only a zip bomb is")


def read_capped(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: int, path: Path) -> bytes:
    """A zip entry's bytes, stopping as soon as it inflates past its declared size or the budget left."""
    limit = min(info.file_size, budget)
    chunks, size = [], 0
    with archive.open(info) as stream:
        while chunk := stream.read(1 << 20):
            size += len(chunk)
            if size > limit:
                raise WorkbookUnreadable(f"{Path(path).name} is not safe to open: {info.filename} inflates past its declared size")
            chunks.append(chunk)
    return b"".join(chunks)


class Package:
    """The parts of one workbook package, read once from `path` (through a symlink)."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.state: FileState | None = None
        self._infos: list[zipfile.ZipInfo] = []
        self._entries: dict[str, zipfile.ZipInfo] = {}  # part name -> its zip entry, inflated on demand into _data
        self._data: dict[str, bytes] = {}
        self._trees: dict = {}
        self._edited: set[str] = set()
        self._original = b""  # the file as read: untouched entries are copied from it still compressed
        self._pristine: set[str] = set()
        self._read(real_path(self.path))
        if self.name_of(CONTENT_TYPES) is None:
            raise WorkbookUnreadable(f"{self.path.name} has no {CONTENT_TYPES}, so it is not a complete Excel workbook; "
                                     f"open it in your spreadsheet program and save it again")

    def _read(self, real: Path) -> None:
        try:
            raw, self.state = read_when_free(real)
            self._archive = zipfile.ZipFile(io.BytesIO(raw))
            check_archive(self._archive, self.path)  # declared sizes; each part is held to its own when inflated
            for info in self._archive.infolist():
                name = _logical(info.filename)
                if name in self._entries:
                    raise WorkbookUnreadable(f"{self.path.name} holds two parts named {info.filename}; open it in your spreadsheet program and save it again")
                self._entries[name] = info
                self._infos.append(info)
            self._original, self._pristine = raw, set(self._entries)
        except DAMAGE as error:
            raise self._damaged(error) from error
        self._lower = {name.lower(): name for name in self._entries}
        # Some old producers store "xl\\workbook.xml"; new zip entries follow the package's own habit.
        stored = [info.filename for info in self._infos]
        self._separator = "\\" if any("\\" in n for n in stored) and not any("/" in n for n in stored) else "/"

    # -- parts ----------------------------------------------------------------------------------

    def names(self) -> list[str]:
        """Every part name (with forward slashes), in zip order."""
        return [_logical(info.filename) for info in self._infos]

    def name_of(self, part: str) -> str | None:
        """The stored name of a part, matched case-insensitively as OPC names are; None if absent."""
        return self._lower.get(_logical(part).lower())

    def read(self, part: str) -> bytes:
        """A part's current bytes."""
        name = self._required(part)
        if name in self._trees and name in self._edited:
            return trees.serialize(self._trees[name], self._inflated(name))
        return self._inflated(name)

    def chunks(self, part: str, size: int = 1 << 20):
        """A part's bytes as stored, a piece at a time and kept nowhere: for looking through a large part once."""
        name = self._required(part)
        if name in self._data or name not in self._pristine:
            yield self.read(name)
            return
        info, seen = self._entries[name], 0
        try:
            with self._archive.open(info) as stream:
                while chunk := stream.read(size):
                    seen += len(chunk)
                    if seen > info.file_size:
                        raise WorkbookUnreadable(f"{self.path.name} is not safe to open: {info.filename} inflates past its declared size")
                    yield chunk
        except DAMAGE as error:
            raise self._damaged(error) from error

    def _inflated(self, name: str) -> bytes:
        """An untouched part's bytes, inflated the first time they are asked for (held to the size its entry declares)."""
        if name not in self._data:
            try:
                self._data[name] = read_capped(self._archive, self._entries[name], MAX_PART_BYTES, self.path)
            except DAMAGE as error:
                raise self._damaged(error) from error
        if callable(data := self._data[name]):  # a part put as pieces, read before it is written: joined now
            self._data[name] = b"".join(data())
        return self._data[name]

    def _damaged(self, error: Exception) -> WorkbookUnreadable:
        return WorkbookUnreadable(f"{self.path} is damaged ({error}); open it in your spreadsheet program and save it again, or restore a backup")

    def xml(self, part: str):
        """A part's root element, parsed once; do not change it without `edit`."""
        name = self._required(part)
        if name not in self._trees:
            self._trees[name] = trees.parse(self._inflated(name), name)
        return self._trees[name]

    def edit(self, part: str):
        """A part's root element, to be changed in place and written back on save."""
        root = self.xml(part)
        self._edited.add(self._required(part))
        self._pristine.discard(self._required(part))
        return root

    def put(self, part: str, data: bytes | str | Callable[[], Iterable[bytes]]) -> None:
        """Replace a part's bytes, or add a new part at the end of the package; `data` may be a function giving the part
        in pieces as the package is written, so a large part we make is never held whole (called again for each save)."""
        raw = data.encode("utf-8") if isinstance(data, str) else data
        name = self.name_of(part)
        if name is None:
            name = part
            info = zipfile.ZipInfo(part.replace("/", self._separator), date_time=FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            self._infos.append(info)
            self._lower[name.lower()] = name
        self._data[name] = raw
        self._trees.pop(name, None)
        self._edited.discard(name)
        self._pristine.discard(name)

    def free_name(self, template: str) -> str:
        """The first part name `template.format(n)` (n = 1, 2, ...) that is not taken."""
        number = 1
        while self.name_of(template.format(number)) is not None:
            number += 1
        return template.format(number)

    def _required(self, part: str) -> str:
        name = self.name_of(part)
        if name is None:
            raise WorkbookUnreadable(f"{self.path.name} has no part {part}; open it in your spreadsheet program and save it again")
        return name

    # -- relationships and content types --------------------------------------------------------

    def relationships(self, source: str) -> list[Relationship]:
        """The relationships of a part ("" for the package itself), targets resolved to part names."""
        rels = self.name_of(rels_part(source))
        if rels is None:
            return []
        found = []
        for rel in self.xml(rels).iter(f"{{{trees.NS_PACKAGE_RELS}}}Relationship"):
            external = rel.get("TargetMode") == "External"
            target = rel.get("Target", "")
            found.append(Relationship(rel.get("Id", ""), rel.get("Type", ""), target if external else resolve(source, target), external))
        return found

    def related(self, source: str, kind: str) -> list[Relationship]:
        """The internal relationships of a part of one kind ("worksheet", "styles", ...) in either dialect."""
        return [r for r in self.relationships(source) if not r.external and r.type.endswith("/" + kind)]

    def add_relationship(self, source: str, rel_type: str, target: str) -> str:
        """Relate `source` to the part `target`; return the new relationship id."""
        rels = rels_part(source)
        taken = {r.id for r in self.relationships(source)}
        number = 1
        while f"rId{number}" in taken:
            number += 1
        rel_id = f"rId{number}"
        if self.name_of(rels) is None:
            self.put(rels, f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="{trees.NS_PACKAGE_RELS}"/>')
            self.declare_default("rels", "application/vnd.openxmlformats-package.relationships+xml")
        root = self.edit(rels)
        relative = posixpath.relpath(target, posixpath.dirname(source) or ".")
        trees.make(root, "Relationship", {"Id": rel_id, "Type": rel_type, "Target": relative})
        return rel_id

    def office_document(self) -> str:
        """The workbook part, as the package's root relationships name it."""
        for rel in self.relationships(""):
            if rel.type.endswith("/officeDocument") and self.name_of(rel.target) is not None:
                return self.name_of(rel.target)
        raise WorkbookUnreadable(f"{self.path.name} has no workbook part; open it in your spreadsheet program and save it again")

    def content_type(self, part: str) -> str | None:
        """A part's content type: its Override, else the Default for its extension."""
        overrides, defaults = self._content_types()
        return overrides.get(part.lower(), defaults.get(part.rpartition(".")[2].lower()))

    def parts_of_type(self, content_type: str) -> list[str]:
        """Every part present whose content type is `content_type`, in zip order."""
        overrides, defaults = self._content_types()
        return [name for name in self.names()
                if overrides.get(name.lower(), defaults.get(name.rpartition(".")[2].lower())) == content_type]

    def _content_types(self) -> tuple[dict[str, str], dict[str, str]]:
        """Overrides by lower-case part name and Defaults by lower-case extension."""
        types = self.xml(CONTENT_TYPES)
        overrides = {o.get("PartName", "").lstrip("/").lower(): o.get("ContentType")
                     for o in types.iter(f"{{{trees.NS_CONTENT_TYPES}}}Override")}
        defaults = {d.get("Extension", "").lower(): d.get("ContentType") for d in types.iter(f"{{{trees.NS_CONTENT_TYPES}}}Default")}
        return overrides, defaults

    def declare(self, part: str, content_type: str) -> None:
        """Give a part its content type with an Override, unless it already has exactly that one."""
        if self._content_types()[0].get(part.lower()) == content_type:
            return
        trees.make(self.edit(CONTENT_TYPES), "Override", {"PartName": "/" + part, "ContentType": content_type})

    def declare_default(self, extension: str, content_type: str) -> None:
        """Give an extension a Default content type unless it has one."""
        if extension not in self._content_types()[1]:
            trees.make(self.edit(CONTENT_TYPES), "Default", {"Extension": extension, "ContentType": content_type}, index=0)

    # -- saving ---------------------------------------------------------------------------------

    def to_bytes(self) -> bytes:
        """The package as a zip: same entry order, names and compression; untouched parts byte for byte."""
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            for info in self._infos:
                name = _logical(info.filename)
                if name in self._pristine and _copy_compressed(archive, info, self._original):
                    continue
                if callable(pieces := self._data.get(name)):
                    info._compresslevel = WRITE_LEVEL  # what writestr sets; zipfile has no public way to pass it to open
                    with archive.open(info, "w") as part:
                        part.writelines(pieces())
                else:
                    archive.writestr(info, self.read(name), compress_type=info.compress_type, compresslevel=WRITE_LEVEL)
        return buffer.getvalue()

    def save(self, read_as: FileState | None = None) -> None:
        """Replace the file atomically, unless it is open, read-only, or saved by someone since it was read
        (or since `read_as`, an earlier state to hold it to: say, when a report was computed from it)."""
        refuse_if_open(self.path)
        write_file_atomically(self.path, self.to_bytes(), expected=read_as or self.state)

    def save_as(self, target: Path) -> None:
        """Write the package to another file, atomically; a file already there is replaced keeping its owner and mode."""
        refuse_if_open(target)
        write_file_atomically(Path(target), self.to_bytes())


def _copy_compressed(archive: zipfile.ZipFile, info: zipfile.ZipInfo, original: bytes) -> bool:
    """Copy an entry's local header and compressed bytes as they were (fast, and exact at the zip level too).

    zipfile has no public call for this, so the entry is appended to the archive's list of entries the way
    ZipFile.write records one, and close() writes the central directory for it. False when the stored entry
    does not look as expected, so the caller recompresses it instead.
    """
    start = info.header_offset
    header = original[start:start + 30]
    if len(header) < 30 or header[:4] != b"PK\x03\x04":
        return False
    name_length, extra_length = struct.unpack("<HH", header[26:30])
    end = start + 30 + name_length + extra_length + info.compress_size
    if info.flag_bits & 0x08:  # a data descriptor follows the data, with or without its signature
        end += 16 if original[end:end + 4] == b"PK\x07\x08" else 12
    if end > len(original):
        return False
    copied = copy.copy(info)
    copied.header_offset = archive.fp.tell()
    archive.fp.write(original[start:end])
    archive.filelist.append(copied)
    archive.NameToInfo[copied.filename] = copied
    archive.start_dir = archive.fp.tell()
    return True


def _logical(name: str) -> str:
    """A zip entry's part name: some old producers separate folders with a backslash."""
    return name.replace("\\", "/")


def rels_part(source: str) -> str:
    """Where the relationships of a part live: xl/workbook.xml -> xl/_rels/workbook.xml.rels."""
    return posixpath.join(posixpath.dirname(source), "_rels", posixpath.basename(source) + ".rels")


def resolve(source: str, target: str) -> str:
    """A relationship target (absolute, or relative to its source part) as a part name."""
    if target.startswith("/"):
        return posixpath.normpath(target).lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(source), target))
