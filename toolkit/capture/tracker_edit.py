"""Write records into a tracker's sheets, columns found by header, through the package layer.

Only the sheets written to, their Tables and the package's bookkeeping parts
change; the save is atomic and refuses when the file is open in Excel or
LibreOffice, read-only, or saved by another program since it was read.
"""

from __future__ import annotations

from pathlib import Path

from toolkit.errors import HeaderMissing, SheetMissing
from toolkit.review.reader import TrackerData
from toolkit.workbook.schema import load_template
from toolkit.xlsx import FileState, Package, Workbook, Worksheet, cell_position
from toolkit.xlsx.rows import RecordWriter
from toolkit.xlsx.userfile import refuse_if_open, refuse_if_unwritable


class TrackerEdit:
    """Pending edits to the tracker that `data` was read from; nothing is written until `save`."""

    def __init__(self, data: TrackerData, read_as: FileState | None = None):
        self.path = Path(data.path)
        self.data = data
        refuse_if_open(self.path)
        refuse_if_unwritable(self.path)
        self.package = Package(self.path)
        if read_as is not None:  # the file as it was when `data` was read: a save since then wins
            self.package.state = read_as
        self.book = Workbook(self.package)
        self.styles_part = self.book.related_part("styles")
        self.left_out: dict[str, set[str]] = {}  # sheet -> headers it lacks, whose values were not written
        self._writers: dict[str, RecordWriter] = {}
        self._columns: dict[str, dict[str, int]] = {}  # sheet -> header -> column index

    def add_rows(self, sheet_name: str, records: list[dict[str, object]], strict: bool = True) -> list[int]:
        """Write each record (header -> value) in a new row; return the Excel row numbers used.

        With `strict`, a value for a column the sheet lacks stops everything; otherwise it is left out and noted.
        """
        writer = self._writer(sheet_name)
        return writer.add([self._by_column(sheet_name, record, strict) for record in records])

    def fill_cells(self, sheet_name: str, row: int, values: dict[str, object]) -> None:
        """Set cells of an existing row (header -> value); the caller makes sure they are blank."""
        self._writer(sheet_name).fill(row, self._by_column(sheet_name, values, strict=True))

    def save(self) -> None:
        """Write the workbook back, atomically, unless it is open, read-only or changed since it was read."""
        self.package.save()

    def _writer(self, sheet_name: str) -> RecordWriter:
        if sheet_name not in self._writers:
            entry = self.book.sheet(sheet_name)
            sheet_data = self.data.sheets.get(sheet_name)
            if entry is None or entry.part is None or entry.kind != "worksheet" or sheet_data is None or not sheet_data.present:
                headers = ", ".join(load_template().sheet(sheet_name).required_headers)
                raise SheetMissing(f"{self.path.name} has no '{sheet_name}' sheet to write to; add one with the "
                                   f"headers {headers} in its first row (see `tracker new`) and run again")
            sheet = Worksheet(self.package, entry.part, entry.name)
            # The template's computed columns (Last Touch, Next Follow-Up) hold formulas in rows nobody has filled yet.
            computed = {cell_position(f"{sheet_data.letters[c.header]}1")[1] for c in load_template().sheet(sheet_name).columns
                        if c.type == "computed" and sheet_data.letters.get(c.header)}
            self._writers[sheet_name] = RecordWriter(sheet, sheet_data.header_row, self.styles_part, self.book.date_serial,
                                                     computed)
        return self._writers[sheet_name]

    def _by_column(self, sheet_name: str, values: dict[str, object], strict: bool) -> dict[int, object]:
        if sheet_name not in self._columns:  # asked once per record: ten thousand of them in an import
            self._columns[sheet_name] = {header: cell_position(f"{letter}1")[1]
                                         for header, letter in self.data.sheets[sheet_name].letters.items() if letter}
        columns = self._columns[sheet_name]
        found = {}
        for header, value in values.items():
            if value is None or value == "":
                continue
            column = columns.get(header)
            if column is None:
                if strict:
                    raise HeaderMissing(f"{self.path.name}: sheet '{sheet_name}' has no '{header}' column, so "
                                        f"'{value}' cannot be recorded; add a '{header}' column and run again")
                self.left_out.setdefault(sheet_name, set()).add(header)
                continue
            found[column] = value
        return found
