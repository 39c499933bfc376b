"""The `tracker` command line: parse options, call the library, render, exit."""

from __future__ import annotations

import datetime as dt
import functools
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


def main() -> None:
    cli(prog_name="tracker")


if __name__ == "__main__":
    sys.exit(main())
