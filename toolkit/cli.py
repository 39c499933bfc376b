"""The `tracker` command line: parse options, call the library, render, exit."""

from __future__ import annotations

import datetime as dt
import functools
import os
import sys
from pathlib import Path

import click

from toolkit import __version__
from toolkit.errors import TrackerError

EXIT_CANNOT_RUN = 2


class CannotRun(click.ClickException):
    """A one-line failure that exits 2, as the spec asks for unusable input."""

    exit_code = EXIT_CANNOT_RUN


def debug_option(command):
    """Add --debug and turn library failures into one-line errors (tracebacks only with --debug)."""

    @click.option("--debug", is_flag=True, help="Show the full traceback when something goes wrong.")
    @functools.wraps(command)
    def wrapper(*args, debug: bool, **kwargs):
        try:
            return command(*args, **kwargs)
        except TrackerError as error:
            if debug:
                raise
            raise CannotRun(str(error)) from error
        except (click.ClickException, click.exceptions.Exit, click.Abort, SystemExit):
            raise
        except Exception as error:  # an unexpected bug must still end in one line
            if debug:
                raise
            raise CannotRun(f"unexpected problem: {type(error).__name__}: {error} (run again with --debug and report it)") from error

    return wrapper


def parse_today(_ctx, _param, value: str | None) -> dt.date:
    if value is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date; use YYYY-MM-DD, for example 2026-11-22") from None


today_option = click.option(
    "--today",
    metavar="YYYY-MM-DD",
    callback=parse_today,
    help="Pretend today is this date (default: the computer's date).",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="tracker")
def cli():
    """Informational Interview Tracker: follow through after every conversation.

    \b
    Example:
      tracker new my-tracker.xlsx --sample
    """


@cli.command()
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--sample", is_flag=True, help="Fill the tracker with a realistic example job search.")
@click.option("--force", is_flag=True, help="Replace PATH if it already exists.")
@today_option
@debug_option
def new(path: Path, sample: bool, force: bool, today: dt.date):
    """Create a fresh tracker workbook at PATH (an .xlsx file).

    \b
    Example:
      tracker new my-tracker.xlsx
      tracker new demo.xlsx --sample --force
    """
    from toolkit.generator import create_tracker

    rows, settings = None, None
    if sample:
        from toolkit.sample import sample_rows

        rows, settings = sample_rows(today)
    written = create_tracker(path, rows, settings, force=force)
    kind = "sample tracker" if sample else "tracker"
    click.echo(f"Created {kind} {written}. Open it in Excel or LibreOffice and start with the Start Here sheet.")


@cli.command("check")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@today_option
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text for people, json for programs.")
@click.option("--no-write", is_flag=True, help="Only report; do not write the Status sheet into PATH.")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info", "never"]), default="warning", show_default=True,
              help="Exit 1 when a finding is at least this severe.")
@debug_option
def check_command(path: Path, today: dt.date, output_format: str, no_write: bool, fail_on: str):
    """Check the tracker at PATH and list what is slipping.

    Exit 0 when no finding reaches --fail-on, 1 when one does, 2 when the
    workbook cannot be checked.

    \b
    Example:
      tracker check my-tracker.xlsx
      tracker check my-tracker.xlsx --today 2026-11-22 --format json --no-write
    """
    from toolkit.checker import check
    from toolkit.render import render_json, render_text

    report = check(path, today=today)
    if not no_write:
        from toolkit.status_sheet import write_status

        write_status(path, report)
    if output_format == "json":
        click.echo(render_json(report))
    else:
        colour = sys.stdout.isatty() and not os.environ.get("NO_COLOR")
        click.echo(render_text(report, colour=colour))
    if report.reaches(fail_on):
        raise SystemExit(1)


def main() -> None:
    cli(prog_name="tracker")


if __name__ == "__main__":
    sys.exit(main())
