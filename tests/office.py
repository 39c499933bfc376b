"""Drive real spreadsheet programs (LibreOffice, Gnumeric) from tests."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

RECALC_PROFILE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


def require(program: str) -> str:
    """The program's path; in CI a missing program fails the test instead of skipping it."""
    found = shutil.which(program)
    if found:
        return found
    message = f"{program} is not installed (apt-get install libreoffice-calc-nogui gnumeric poppler-utils)"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message)
    pytest.skip(message)


def libreoffice_convert(sources: list[Path], out_dir: Path, profile_dir: Path, target: str = "xlsx", recalc: bool = True) -> list[Path]:
    """Open each file in LibreOffice, recalculating every formula, and save it as `target`."""
    soffice = require("soffice")
    user = profile_dir / "user"
    user.mkdir(parents=True, exist_ok=True)
    if recalc:
        (user / "registrymodifications.xcu").write_text(RECALC_PROFILE, encoding="utf-8")
    out_dir.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(
        [soffice, f"-env:UserInstallation={profile_dir.as_uri()}", "--headless", "--convert-to", target, "--outdir", str(out_dir), *map(str, sources)],
        capture_output=True, text=True, timeout=300,
    )
    outputs = [out_dir / (Path(s).stem + "." + target.split(":")[0]) for s in sources]
    missing = [str(o) for o in outputs if not o.exists()]
    assert not missing, f"LibreOffice did not write {missing}: {result.stdout} {result.stderr}"
    return outputs


def gnumeric_convert(source: Path, target: Path, recalc: bool = False) -> subprocess.CompletedProcess:
    """Open a file in Gnumeric and save it as `target` (format from its extension)."""
    ssconvert = require("ssconvert")
    args = [ssconvert, *(["--recalc"] if recalc else []), str(source), str(target)]
    result = subprocess.run(args, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0 and target.exists(), f"ssconvert failed: {result.stderr}"
    return result
