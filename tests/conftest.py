import datetime as dt
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from toolkit.review.new_tracker import create_tracker
from toolkit.workbook.sample import sample_rows

FIXED_TODAY = dt.date(2026, 11, 22)

# Property tests: CI runs a fixed, repeatable set of 300 examples; a local run tries fewer, new ones each time.
# No deadline: one example reads and writes a workbook several times, and the machine is shared.
settings.register_profile("ci", max_examples=300, derandomize=True, deadline=None, print_blob=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("ci" if os.environ.get("CI") == "true" else "dev")


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
