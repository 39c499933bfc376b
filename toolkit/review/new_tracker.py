"""A new tracker whose formulas store the results `tracker check` computes (`tracker new`).

The generator (`toolkit.workbook.generator`) lays the workbook out from the
template. What its formulas store beside them must be what the checker says
(see `toolkit.workbook.cached_values`), so a tracker is built twice: once
plain, then again with the results the checker reads from the first build.
That second step runs the checker, so it lives here, in the review layer.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from toolkit.errors import OutputExists, OutputNotWritable
from toolkit.review.checker import review
from toolkit.workbook.cached_values import CachedValues, serial, stored_value
from toolkit.workbook.generator import build_workbook
from toolkit.xlsx.userfile import write_file_atomically


def build_tracker(rows: dict[str, list[dict]] | None = None, settings: dict[str, object] | None = None,
                  today: dt.date | None = None) -> bytes:
    """A tracker as bytes; with `today`, every formula stores its result as of that day."""
    draft = build_workbook(rows, settings)
    if today is None:
        return draft
    return build_workbook(rows, settings, cached_values(draft, today))


def create_tracker(path: Path, rows: dict[str, list[dict]] | None = None, settings: dict[str, object] | None = None,
                   force: bool = False, today: dt.date | None = None) -> Path:
    """Create a tracker at `path`, refusing to overwrite unless `force`; written atomically.

    `today` is the build day the formulas' stored results are computed for.
    """
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise OutputNotWritable(f"{path}: a tracker must be an .xlsx file; choose a name ending in .xlsx")
    if path.is_dir():
        raise OutputNotWritable(f"{path} is a folder; give the path of the .xlsx file to create, such as {path / 'tracker.xlsx'}")
    if path.exists() and not force:
        raise OutputExists(f"{path} already exists; choose another name, or add --force to replace it")
    write_file_atomically(path, build_tracker(rows, settings, today), keep_mode=False)
    return path


def cached_values(workbook: bytes, today: dt.date) -> CachedValues:
    """What the formulas of `workbook` (built by the generator) give on `today`, as `tracker check` sees it."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "tracker.xlsx"
        path.write_bytes(workbook)
        context, _report = review(path, today)
    settings = {name: stored_value(value) for name, value in context.data.settings.items()}
    last_touch = {key: serial(day) for key, day in context.last_touch.items()}
    next_follow_up = {}
    for key, contact in context.contacts.iterrows():
        due = context.next_follow_up(contact)
        if due is not None:
            next_follow_up[key] = serial(due)
    return CachedValues(settings, last_touch, next_follow_up)
