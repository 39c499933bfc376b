"""The benchmark scripts run end to end at a tiny size (their figures are not checked: see docs/benchmarks.md)."""

import os
import subprocess
import sys
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


def run(tmp_path, script: str, *options: str) -> str:
    environment = {**os.environ, "TRACKER_BENCH_CACHE": str(tmp_path / "cache")}
    result = subprocess.run([sys.executable, str(BENCHMARKS / script), *options], capture_output=True, text=True,
                            env=environment, timeout=600)
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def test_ratios_measure_every_command_on_each_shape_and_name_the_worst(tmp_path):
    """Two shapes (plain ranges by xlsxwriter, long text by the generator) at 40 interviews: every ratio is printed."""
    out = run(tmp_path, "ratios.py", "--shapes", "plain,long-text", "--sizes", "40", "--rounds", "1")
    assert "plain, 40 interviews" in out and "long-text, 40 interviews" in out
    assert out.count("check with write / read") == 3  # once per shape, once in the worst-shape table
    assert "Worst shape per ratio" in out and "peak memory of check with write" in out


def test_scaling_doubles_each_sheet_alone(tmp_path):
    """Each sheet doubled alone, then all: a line for each, and the product test for each command."""
    out = run(tmp_path, "scaling.py", "--interviews", "20", "--rounds", "1")
    for label in ("base", "Contacts", "Interviews", "Questions", "Promises", "Follow-Ups", "Leads", "all"):
        assert f"\n  {label} " in out
    assert out.count(" s = ") + out.count("too small to tell") >= 4
