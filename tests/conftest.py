import datetime as dt
from pathlib import Path

import pytest

from toolkit.generator import create_tracker
from toolkit.sample import sample_rows

FIXED_TODAY = dt.date(2026, 11, 22)


@pytest.fixture(scope="session")
def blank_tracker(tmp_path_factory) -> Path:
    return create_tracker(tmp_path_factory.mktemp("blank") / "tracker.xlsx")


@pytest.fixture(scope="session")
def sample_tracker(tmp_path_factory) -> Path:
    """The sample as of the fixed test date."""
    rows, settings = sample_rows(FIXED_TODAY)
    return create_tracker(tmp_path_factory.mktemp("sample") / "sample.xlsx", rows, settings, today=FIXED_TODAY)


@pytest.fixture
def tracker_copy(tmp_path, sample_tracker) -> Path:
    """A private copy of the sample, for tests that write into the workbook."""
    path = tmp_path / "tracker.xlsx"
    path.write_bytes(sample_tracker.read_bytes())
    return path


@pytest.fixture(scope="session")
def default_libreoffice_profile(tmp_path_factory) -> Path:
    """One LibreOffice profile left at its defaults, shared because setting one up costs half a minute."""
    return tmp_path_factory.mktemp("lo-default-profile")
