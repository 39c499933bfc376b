"""The README agrees with the code: every command and option of `--help`, every declared rule."""

import re
import shlex

import click
import pytest
from click.testing import CliRunner
from golden_files import README, assert_readme_section

from toolkit.cli import cli
from toolkit.review.rules import all_rules

COMMANDS = sorted(cli.commands)


def readme_usage() -> dict[str, str]:
    """Command name -> its usage block in the README's CLI reference (continuation lines included)."""
    reference = README.read_text(encoding="utf-8").split("## CLI reference", 1)[1]
    found = {}
    for block in re.finditer(r"^    tracker (\w[\w-]*)\b(.*(?:\n {6,}\S.*)*)", reference, re.M):
        found.setdefault(block.group(1), block.group(2))
    return found


def options_of(command: click.Command) -> set[str]:
    return {name for param in command.params if isinstance(param, click.Option)
            for name in param.opts if name.startswith("--") and name != "--help"}


def test_every_command_is_in_the_readme():
    """Each command of the CLI has a usage line in the README's CLI reference, and no other is listed."""
    assert sorted(readme_usage()) == COMMANDS


@pytest.mark.parametrize("name", COMMANDS)
def test_readme_usage_lists_exactly_the_options_of_help(name):
    """The README's usage line for a command names the same long options as its --help."""
    written = set(re.findall(r"--[a-z][a-z-]*", readme_usage()[name]))
    assert written == options_of(cli.commands[name])


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_help_with_an_example(name):
    """`tracker NAME --help` works and shows an example."""
    result = CliRunner().invoke(cli, [name, "--help"])
    assert result.exit_code == 0 and "Example" in result.output


def rule_table() -> str:
    lines = ["| rule | severity | listed under | what it means | points at |", "|---|---|---|---|---|"]
    for rule in all_rules():
        where = f"{rule.sheet} · {rule.column}" if rule.sheet else "the cell with the problem"
        lines.append(f"| `{rule.id}` | {rule.severity} | {rule.action} | {rule.explanation} | {where} |")
    return "\n".join(lines) + "\n"


def test_readme_rule_table_matches_the_registry():
    """The README's table of rules is the registry, rule for rule (`make golden` rewrites it)."""
    assert_readme_section("rules", rule_table())


def test_every_rule_is_fully_declared():
    """No rule lacks a severity, an action, an explanation or a place to point at."""
    from toolkit.review.registry import ACTIONS, RULES

    for rule in all_rules():
        assert rule.severity in ("error", "warning", "info") and rule.action in ACTIONS
        assert rule.explanation[-1] in ".?" and len(rule.explanation) > 20
        assert (rule.sheet is None) == (rule.column is None)
        assert rule.id in RULES or rule.id.startswith("data-"), f"{rule.id} has no function"


def test_the_readme_capture_example_is_what_the_commands_print(tmp_path, monkeypatch):
    """Every `$ tracker log/import` line of the worked example, run on a copy of the sample, prints what follows it."""
    text = README.read_text(encoding="utf-8")
    example = text[text.index("Touches and people can go in"):text.index("### A counselor's caseload")]
    steps = re.findall(r"^    \$ (tracker .+)\n((?:    (?!\$ ).*\n)*)", example, re.M)
    assert [command.split()[1] for command, _ in steps] == ["log", "log", "log", "import", "import", "import"]
    samples = README.parent / "samples"
    (tmp_path / "samples").mkdir()
    (tmp_path / "samples" / "Connections.csv").write_bytes((samples / "Connections.csv").read_bytes())
    (tmp_path / "my-tracker.xlsx").write_bytes((samples / "sample-tracker.xlsx").read_bytes())
    monkeypatch.chdir(tmp_path)
    for command, printed in steps:
        result = CliRunner().invoke(cli, shlex.split(command)[1:], prog_name="tracker")
        assert result.output == "".join(line[4:] + "\n" for line in printed.splitlines()), command
