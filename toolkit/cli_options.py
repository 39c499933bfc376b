"""What every `tracker` command shares: its error, its printing, its --today and --debug options."""

from __future__ import annotations

import codecs
import contextlib
import datetime as dt
import errno
import functools
import gc
import os
import sys
import unicodedata
from pathlib import Path

import click

from toolkit.errors import TrackerError
from toolkit.safe_text import one_line, visible

EXIT_CANNOT_RUN = 2


class CannotRun(click.ClickException):
    """A one-line failure that exits 2, as the contract (docs/cli.md) asks for unusable input."""

    exit_code = EXIT_CANNOT_RUN

    def __init__(self, message: str):
        super().__init__(one_line(message))  # it may quote a cell or a file name: one line, nothing a terminal obeys


class OneLineGroup(click.Group):
    """A mistake on the command line gets one line too; click's own usage errors print the usage block first."""

    def make_context(self, info_name, args, parent=None, **extra):
        with _usage_in_one_line():
            return super().make_context(info_name, args, parent, **extra)

    def invoke(self, ctx):
        with _usage_in_one_line():
            return super().invoke(ctx)


@contextlib.contextmanager
def _usage_in_one_line():
    try:
        yield
    except click.exceptions.NoArgsIsHelpError:  # plain `tracker`: the help is what was asked for
        raise
    except click.UsageError as error:
        command = error.ctx.command_path if error.ctx is not None else "tracker"
        message = _usage_message(error)
        ending = "" if message.endswith(("?", ".")) else "."
        raise CannotRun(f"{message}{ending} See {command} --help.") from None


@contextlib.contextmanager
def progress_bar(label: str, total: int):
    """A progress bar on a terminal's stderr for `total` units of work, giving its update(n); nothing elsewhere or for 0."""
    if not total or not sys.stderr.isatty():  # a bar on a pipe or in a log is noise
        yield lambda n: None
        return
    with click.progressbar(length=total, label=visible(label), file=sys.stderr) as bar:
        yield bar.update


def imap_password(address) -> str:
    """The IMAP password from TRACKER_IMAP_PASSWORD, else typed at a terminal (never echoed); never printed or kept."""
    if os.environ.get("TRACKER_IMAP_PASSWORD"):
        return os.environ["TRACKER_IMAP_PASSWORD"]
    if not sys.stdin.isatty():
        raise CannotRun(f"no password for {address.user}@{address.host}: set TRACKER_IMAP_PASSWORD, or run sync in a terminal to type it")
    return click.prompt(f"Password for {address.user}@{address.host}", hide_input=True, err=True)


STAND_IN_ERRORS = "tracker-stand-in"


class OutputClosed(Exception):
    """Whoever read our output has gone (`| head`, a closed window): nothing more can be told."""


def _usage_message(error: click.UsageError) -> str:
    """click's words for a mistake, in one form across click's versions (their wording of a bad option differs)."""
    if isinstance(error, click.NoSuchOption):
        message = f"No such option '{error.option_name}'."
        if error.possibilities:
            message += f" Did you mean {' or '.join(repr(p) for p in sorted(error.possibilities)[:2])}?"
        return message
    return error.format_message().strip()


def say(text: str) -> None:
    """Print for the user; text from the workbook is in it, so control characters are made visible."""
    emit(visible(text))


def emit(text: str) -> None:
    """Print text that is already safe to show; a reader that has gone is OutputClosed, on every system."""
    try:
        click.echo(text)
    except OSError as error:
        # Linux and macOS say EPIPE (BrokenPipeError); Windows says EINVAL for a pipe whose reader has gone.
        if isinstance(error, BrokenPipeError) or error.errno in (errno.EPIPE, errno.EINVAL):
            raise OutputClosed from error
        raise


def collect_less_often() -> None:
    """Run Python's cycle collector after 50,000 new objects, not 700.

    A command reads a whole tracker into a few hundred thousand objects that live until it ends, and makes
    almost no cyclic garbage, yet at the default the collector walked its young objects again and again: 3 to 5 %
    of the CPU of check, draft and remind at 20,000 interviews, for the same peak memory (docs/benchmarks.md).
    """
    gc.set_threshold(50_000, 10, 10)


def use_stand_ins(*streams) -> None:
    """Let the terminal or pipe show what it can: a character its code page lacks gets a stand-in, never an error.

    The work is done by the time anything is printed (a row written, a Status sheet saved), so failing to
    print "Łukasz" on a cp1252 console must not turn a finished command into an error that invites a retry.
    """
    for stream in streams:
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors=STAND_IN_ERRORS)


def _stand_in(error: UnicodeError):
    """"é" becomes "e" where the code page has no é; a character with no plain letter in it becomes "?"."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    replacement = []
    for character in error.object[error.start:error.end]:
        plain = unicodedata.normalize("NFKD", character).encode("ascii", "ignore").decode("ascii")
        replacement.append(plain or "?")
    return "".join(replacement), error.end


codecs.register_error(STAND_IN_ERRORS, _stand_in)


# Paths are plain: whether PATH is a file, a folder or readable is the library's to say, in one line
# (click's own checks answer with a three-line usage error).
PATH = click.Path(path_type=Path)


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
        except (OutputClosed, BrokenPipeError):  # whoever read the output stopped: nothing more to tell them, quietly
            _silence_stdout()
            raise SystemExit(1) from None
        except Exception as error:  # an unexpected bug must still end in one line
            if debug:
                raise
            raise CannotRun(f"unexpected problem: {type(error).__name__}: {error} (run again with --debug and report it)") from error

    return wrapper


def _silence_stdout() -> None:
    """Point standard output at the null device, so that Python's flush at exit has nowhere to fail."""
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # no real file behind it (a test runner's buffer)
        pass


def parse_today(ctx, param, value: str | None) -> dt.date:
    return dt.date.today() if value is None else parse_date(ctx, param, value)


def parse_date(_ctx, _param, value: str | None) -> dt.date | None:
    if value is None:
        return None
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
