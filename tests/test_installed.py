"""The package as users install it: the built wheel alone, run from a folder far from the checkout."""

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_wheel_alone_runs_every_step_of_a_first_session(tmp_path):
    """Built and unpacked without the checkout on the path, `tracker` makes, checks and drafts a sample tracker."""
    # From a copy without build/: setuptools would put whatever a former build left in build/lib into the wheel.
    source = tmp_path / "source"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(".git", ".venv", "build", "*.egg-info", "__pycache__"))
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", str(source), "-w", str(tmp_path / "wheel")],
                   check=True, capture_output=True)
    (wheel,) = (tmp_path / "wheel").glob("*.whl")
    installed = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(installed)  # what pip puts in site-packages, without pip's other bookkeeping
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    # -I: no user site, no PYTHONPATH, no current folder; the venv's site-packages gives the dependencies only.
    site_packages = next(Path(p) for p in sys.path if p.endswith("site-packages"))
    # The checkout's editable install hooks into the import system at start-up; take it out, or it hides a missing module.
    bootstrap = ("import sys; sys.meta_path[:] = [f for f in sys.meta_path if '__editable__' not in str(f)]; "
                 "sys.path_hooks[:] = [h for h in sys.path_hooks if '__editable__' not in str(h)]; sys.path_importer_cache.clear(); "
                 f"sys.path[:0] = [{str(installed)!r}, {str(site_packages)!r}]; "
                 "import toolkit, toolkit.cli; assert toolkit.__file__.startswith({!r}), toolkit.__file__; "
                 "sys.argv[0] = 'tracker'; toolkit.cli.main()").format(str(installed))

    def tracker(*args):
        return subprocess.run([sys.executable, "-I", "-c", bootstrap, *args], cwd=elsewhere, capture_output=True, text=True,
                              env={**os.environ, "NO_COLOR": "1"})

    for args, allowed in ((["new", "t.xlsx", "--sample"], {0}), (["check", "t.xlsx"], {1}),
                          (["draft", "t.xlsx", "--out", "drafts"], {0, 1}), (["remind", "t.xlsx", "-o", "r.ics"], {0})):
        result = tracker(*args)
        assert result.returncode in allowed, (args, result.stdout, result.stderr)
        assert "unexpected problem" not in result.stdout + result.stderr
    assert list((elsewhere / "drafts").glob("*.eml")) and (elsewhere / "r.ics").is_file()
