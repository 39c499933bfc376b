"""The layout shows the architecture: layers point down, nothing imports in a circle, files stay readable."""

from __future__ import annotations

import ast
from pathlib import Path

import grimp
from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "toolkit"
MAX_MODULE_LINES = 350
MAX_FOLDER_MODULES = 12


def test_import_contracts_hold():
    """The layers and acyclic-siblings contracts in pyproject.toml are kept (`lint-imports`)."""
    assert lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True, no_logo=True) == 0


def test_no_module_imports_itself_back():
    """No import circle between any two modules, counting imports inside functions and for type checking."""
    graph = grimp.build_graph("toolkit", cache_dir=None)
    circles = []
    for importer in sorted(graph.modules):
        for imported in sorted(graph.find_modules_directly_imported_by(importer)):
            back = graph.find_shortest_chain(importer=imported, imported=importer)
            if back:
                circles.append((importer, *back))
    assert circles == []


def _modules(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.py") if p.name != "__init__.py")


def test_modules_and_folders_are_small():
    """No module over about 350 lines, and no folder over about 12 modules."""
    long = {str(p.relative_to(ROOT)): n for p in PACKAGE.rglob("*.py") if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES}
    crowded = {str(f.relative_to(ROOT)): len(_modules(f)) for f in [PACKAGE, *PACKAGE.iterdir()]
               if f.is_dir() and f.name != "__pycache__" and len(_modules(f)) > MAX_FOLDER_MODULES}
    assert (long, crowded) == ({}, {})


def test_every_folder_says_what_it_holds_and_may_import():
    """Each subpackage's __init__.py has a docstring naming what the folder may import."""
    folders = sorted(p.parent for p in PACKAGE.glob("*/__init__.py"))
    assert {f.name for f in folders} == {"capture", "counselor", "notes", "review", "workbook", "xlsx"}
    for folder in folders:
        tree = ast.parse((folder / "__init__.py").read_text(encoding="utf-8"))
        docstring = ast.get_docstring(tree) or ""
        assert "May import" in docstring, folder.name
        named = {p.stem for p in _modules(folder)}
        mentioned = {word.strip(".,:;()`") for word in docstring.split()}
        assert named <= mentioned, (folder.name, sorted(named - mentioned))


def test_the_wheel_takes_every_folder_of_the_package():
    """pyproject.toml's package search includes every folder of toolkit/: pip and pipx install only what it finds."""
    import fnmatch
    import tomllib

    settings = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    include = settings["tool"]["setuptools"]["packages"]["find"]["include"]
    packages = {".".join(p.parent.relative_to(ROOT).parts) for p in PACKAGE.rglob("__init__.py")}
    assert {"toolkit", "toolkit.review", "toolkit.xlsx"} <= packages
    assert sorted(p for p in packages if not any(fnmatch.fnmatchcase(p, pattern) for pattern in include)) == []
