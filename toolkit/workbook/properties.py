"""The custom document properties that say which of our commands wrote a workbook.

`tracker new` marks a tracker with the template's schema version;
`tracker summary` marks its caseload, so that no command mistakes a caseload
for a tracker or replaces a workbook it did not write. Both marks sit in
docProps/custom.xml, which Excel and LibreOffice keep when they save.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

SCHEMA_PROPERTY = "Tracker Schema Version"
CASELOAD_PROPERTY = "Tracker Caseload"


def is_caseload(path: Path) -> bool:
    """True for a workbook `tracker summary` wrote (it carries our custom document property)."""
    try:
        with zipfile.ZipFile(path) as archive:
            return CASELOAD_PROPERTY.encode() in archive.read("docProps/custom.xml")
    except (OSError, KeyError, zipfile.BadZipFile):
        return False
