"""Print pip constraints that pin every declared dependency (runtime and test) to its lower bound.

`make minimum-versions` installs with them and runs the suite, so a floor in
pyproject.toml is a version the project has been seen to work with.
"""

import re
import sys
import tomllib
from pathlib import Path

FLOOR = re.compile(r"^\s*([A-Za-z0-9_.\-]+)(?:\[[^\]]*\])?\s*>=\s*([0-9][^,;\s]*)")


def floors(pyproject: Path) -> list[str]:
    """`name==version` for each requirement with a `>=` bound; a requirement without one is an error."""
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    requirements = list(project["dependencies"])
    for extra in project.get("optional-dependencies", {}).values():
        requirements += extra
    pins: dict[str, str] = {}
    for requirement in requirements:
        match = FLOOR.match(requirement)
        if match is None:
            sys.exit(f"{pyproject}: '{requirement}' has no lower bound (>=); give it one")
        name, version = match.group(1).lower(), match.group(2)
        # Named twice (a runtime need and a test extra's): installing with the extra holds both, so the higher counts.
        if name not in pins or _numbers(version) > _numbers(pins[name]):
            pins[name] = version
    return [f"{name}=={version}" for name, version in pins.items()]


def _numbers(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", version))


if __name__ == "__main__":
    print("\n".join(floors(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("pyproject.toml"))))
