"""The docs agree with the code: every command and option of `--help`, every declared rule, the template."""

import re
import shlex

import click
import pytest
from click.testing import CliRunner
from doc_sections import GENERATED, condition_table, help_text, rule_table, sheet_tables
from golden_files import DOCS, README, ROOT, assert_doc_section

from toolkit.cli import cli
from toolkit.review.rules import all_rules

COMMANDS = sorted(cli.commands)
CLI_DOC = DOCS / "cli.md"
WORKBOOK_DOC = DOCS / "workbook.md"


def documented_usage() -> dict[str, str]:
    """Command name -> its usage block in docs/cli.md (continuation lines included), outside the generated --help."""
    reference = GENERATED.sub("", CLI_DOC.read_text(encoding="utf-8"))
    found = {}
    for block in re.finditer(r"^    tracker (\w[\w-]*)\b(.*(?:\n {6,}\S.*)*)", reference, re.M):
        found.setdefault(block.group(1), block.group(2))
    return found


def options_of(command: click.Command) -> set[str]:
    return {name for param in command.params if isinstance(param, click.Option)
            for name in param.opts if name.startswith("--") and name != "--help"}


def test_every_command_is_in_the_cli_reference():
    """Each command of the CLI has a usage line in docs/cli.md, and no other is listed."""
    assert sorted(documented_usage()) == COMMANDS


@pytest.mark.parametrize("name", COMMANDS)
def test_documented_usage_lists_exactly_the_options_of_help(name):
    """The usage line of a command in docs/cli.md names the same long options as its --help."""
    written = set(re.findall(r"--[a-z][a-z-]*", documented_usage()[name]))
    assert written == options_of(cli.commands[name])


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_help_with_an_example(name):
    """`tracker NAME --help` works and shows an example."""
    result = CliRunner().invoke(cli, [name, "--help"])
    assert result.exit_code == 0 and "Example" in result.output


@pytest.mark.parametrize("name", ["tracker", *COMMANDS])
def test_cli_reference_shows_each_help_as_printed(name):
    """docs/cli.md holds every command's --help exactly as it prints (`make golden` rewrites it)."""
    assert_doc_section(CLI_DOC, f"help-{name}", help_text(cli, name))


def test_workbook_doc_rule_table_matches_the_registry():
    """The table of rules in docs/workbook.md is the registry, rule for rule (`make golden` rewrites it)."""
    assert_doc_section(WORKBOOK_DOC, "rules", rule_table())


def test_workbook_doc_rule_conditions_match_the_declarations():
    """What docs/workbook.md says each rule flags, and when it is due, is what its declaration says."""
    assert_doc_section(WORKBOOK_DOC, "conditions", condition_table())


def test_workbook_doc_sheets_match_the_template():
    """The sheets, columns and settings in docs/workbook.md are the template's (`make golden` rewrites them)."""
    assert_doc_section(WORKBOOK_DOC, "sheets", sheet_tables())


def test_every_rule_is_fully_declared():
    """No rule lacks a severity, an action, an explanation or a place to point at."""
    from toolkit.review.registry import ACTIONS, RULES

    for rule in all_rules():
        assert rule.severity in ("error", "warning", "info") and rule.action in ACTIONS
        assert rule.explanation[-1] in ".?" and len(rule.explanation) > 20
        assert (rule.sheet is None) == (rule.column is None)
        assert rule.id in RULES or rule.id.startswith("data-"), f"{rule.id} has no function"
        assert rule.id.startswith("data-") or (rule.flags and rule.due), f"{rule.id} does not say what it flags and when it is due"


def test_the_guide_capture_example_is_what_the_commands_print(tmp_path, monkeypatch):
    """Every `$ tracker log/import` line of the seeker's guide, run on a copy of the sample, prints what follows it."""
    text = (DOCS / "seeker-guide.md").read_text(encoding="utf-8")
    start = text.index("Touches and people can go in")
    example = text[start:text.index("\n## ", start)]
    steps = re.findall(r"^    \$ (tracker .+)\n((?:    (?!\$ ).*\n)*)", example, re.M)
    assert [command.split()[1] for command, _ in steps] == ["log", "log", "log", "import", "import", "import"]
    samples = ROOT / "samples"
    (tmp_path / "samples").mkdir()
    (tmp_path / "samples" / "Connections.csv").write_bytes((samples / "Connections.csv").read_bytes())
    (tmp_path / "my-tracker.xlsx").write_bytes((samples / "sample-tracker.xlsx").read_bytes())
    monkeypatch.chdir(tmp_path)
    for command, printed in steps:
        result = CliRunner().invoke(cli, shlex.split(command)[1:], prog_name="tracker")
        assert result.output == "".join(line[4:] + "\n" for line in printed.splitlines()), command


def test_readme_fits_a_screen_or_two():
    """The README stays short (about 150 lines); everything else is in docs/."""
    assert len(README.read_text(encoding="utf-8").splitlines()) <= 150


MARKDOWN = [README, *sorted(DOCS.glob("*.md"))]


@pytest.mark.parametrize("doc", MARKDOWN, ids=lambda p: p.name)
def test_every_link_stays_in_the_repository_and_exists(doc):
    """Each relative link of the README and docs/ names a file (and heading) in this repository; none leaves it."""
    text = doc.read_text(encoding="utf-8")
    broken = []
    for target in re.findall(r"\]\(([^)\s]+)\)", text):
        if re.match(r"[a-z]+:", target):
            continue  # a web address, not a file
        path, _, anchor = target.partition("#")
        linked = (doc.parent / path).resolve() if path else doc
        if ROOT not in linked.parents or not linked.exists():
            broken.append(target)
        elif anchor and linked.suffix == ".md" and anchor not in heading_anchors(linked):
            broken.append(target)
    assert broken == []


def heading_anchors(doc) -> set[str]:
    """The anchors GitHub gives a file's headings: lower case, punctuation dropped, spaces as hyphens."""
    headings = re.findall(r"^#+ (.+)$", doc.read_text(encoding="utf-8"), re.M)
    return {re.sub(r"[^\w\- ]", "", h.strip().lower()).replace(" ", "-") for h in headings}


@pytest.mark.parametrize("doc", MARKDOWN, ids=lambda p: p.name)
def test_no_doc_points_outside_the_repository(doc):
    """No doc sends a reader to a file or contract the repository does not hold."""
    text = doc.read_text(encoding="utf-8")
    assert not re.search(r"\.\./shared|SPEC\.md|product contract|the spec\b", text)


def printed_like(expected: list[str], actual: list[str]) -> bool:
    """`actual` lines match `expected`, where a line `...` stands for any run of lines."""
    if not expected:
        return not actual
    if expected[0] == "...":
        return any(printed_like(expected[1:], actual[skip:]) for skip in range(len(actual) + 1))
    return bool(actual) and actual[0] == expected[0] and printed_like(expected[1:], actual[1:])


def test_the_readme_example_is_what_the_commands_print(tmp_path, monkeypatch):
    """Every `$ tracker` line of the README's worked example, run in order in an empty folder, prints what follows it."""
    text = README.read_text(encoding="utf-8")
    example = text[text.index("## A worked example"):text.index("## Documentation")]
    steps = re.findall(r"^    \$ (tracker .+)\n((?:    (?!\$ ).*\n|\n)*)", example, re.M)
    assert len(steps) == 6
    (tmp_path / "samples").mkdir()  # the sync step reads the sample mail and calendar
    for name in ("Takeout-mail.mbox", "calendar.ics"):
        (tmp_path / "samples" / name).write_bytes((ROOT / "samples" / name).read_bytes())
    monkeypatch.chdir(tmp_path)
    for command, printed in steps:
        result = CliRunner().invoke(cli, shlex.split(command)[1:], prog_name="tracker")
        expected = [line[4:] for line in printed.rstrip("\n").splitlines()]
        assert printed_like(expected, result.output.rstrip("\n").splitlines()), command


def names_a_module_or_test(reference: str) -> bool:
    """`toolkit/x.py`, `tests/t.py::test_name` or `toolkit.review.model.shifted` names something that exists."""
    if "/" in reference:
        path, _, test = reference.partition("::")
        file = ROOT / path
        return file.exists() and (not test or f"def {test}(" in file.read_text(encoding="utf-8"))
    import importlib

    parts = reference.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            found = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        for name in parts[cut:]:
            if not hasattr(found, name):
                return False
            found = getattr(found, name)
        return True
    return False


@pytest.mark.parametrize("doc", MARKDOWN, ids=lambda p: p.name)
def test_every_module_and_test_a_doc_names_exists(doc):
    """Each file, module or test a doc names in code spans is in the repository under that name."""
    text = doc.read_text(encoding="utf-8")
    named = re.findall(r"`((?:toolkit|tests|benchmarks|workbook_templates|samples)/[\w./-]+(?:::\w+)?)`", text)
    named += re.findall(r"`(toolkit(?:\.\w+)+)`", text)
    assert [reference for reference in named if not names_a_module_or_test(reference)] == []
