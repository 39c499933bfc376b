"""The `tracker` command line: parse options, call the library, render, exit."""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path

import click

from toolkit import __version__
from toolkit.cli_options import (
    PATH,
    CannotRun,
    OneLineGroup,
    collect_less_often,
    debug_option,
    emit,
    imap_password,
    parse_date,
    progress_bar,
    say,
    today_option,
    use_stand_ins,
)
from toolkit.safe_text import counted, shown


@click.group(cls=OneLineGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="tracker")
def cli():
    """Informational Interview Tracker: follow through after every conversation.

    \b
    Example:
      tracker new my-tracker.xlsx --sample
    """


@cli.command()
@click.argument("path", type=PATH)
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
    from toolkit.review.new_tracker import create_tracker

    rows, settings = None, None
    if sample:
        from toolkit.workbook.sample import sample_rows

        rows, settings = sample_rows(today)
    written = create_tracker(path, rows, settings, force=force, today=today)
    kind = "sample tracker" if sample else "tracker"
    say(f"Created {kind} {shown(written)}. Open it in your spreadsheet program and start with the Start Here sheet.")


@cli.command("check")
@click.argument("path", type=PATH)
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
    from toolkit.review.checker import review
    from toolkit.review.render import render_json, render_text
    from toolkit.xlsx import file_state

    read_as = file_state(path)  # if another program saves the file while we check, its save wins
    context, report = review(path, today=today, overview=not no_write)  # the overview is the Status sheet's alone
    if not no_write:
        from toolkit.notes.links import status_links
        from toolkit.review.status_sheet import write_status
        notes = status_links(context, report, path, path.parent / "drafts")  # "What to do" opens each note owed
        del context  # the sheets as read, freed before the Status sheet is made: 100 MiB at 100,000 interviews
        write_status(path, report, read_as=read_as, notes=notes)
    if output_format == "json":
        emit(render_json(report))
    else:
        colour = sys.stdout.isatty() and not os.environ.get("NO_COLOR")
        emit(render_text(report, colour=colour))  # its own text made safe before colouring
    if report.reaches(fail_on):
        raise SystemExit(1)


@cli.command()
@click.argument("path", type=PATH)
@click.option("--kind", type=click.Choice(["thank-you", "reminder", "update", "news", "report-back", "all"]), default="all",
              show_default=True, help="Which notes to draft; all: every one that check flags as due.")
@click.option("--contact", metavar="NAME",
              help="Only this contact. With a --kind other than all, draft it for them even when it is not due.")
@click.option("--out", "out_dir", type=PATH,
              help="Folder for the drafts (default: a drafts folder beside PATH).")
@today_option
@debug_option
def draft(path: Path, kind: str, contact: str | None, out_dir: Path | None, today: dt.date):
    """Write a draft of every note that is due: thank-yous, reminders, updates, news and report-backs.

    A thank-you for each held interview not yet thanked (with a gentle
    reminder of what they offered); a reminder of an offer still open once
    the thank-you has gone; an update for each contact due for a follow-up;
    your job news for everyone who helped (Landed Job On in Settings); and a
    report-back to each contact whose suggestion you followed. Two notes
    owed to one person become one. Each draft is built only from what you
    wrote in the workbook; anything missing is a [marked placeholder] and a
    warning naming the cell. A contact with an Email gets an .eml file to
    open in your mail program (Outlook opens it as an unsent message); with
    only a Mailing Address, a text for a card; with only a LinkedIn profile,
    a message to paste into LinkedIn; with none of these, an email with no
    recipient for you to address. A draft you have not edited is refreshed
    on the next run; one you edited is never overwritten.

    \b
    Example:
      tracker draft my-tracker.xlsx
      tracker draft my-tracker.xlsx --kind news --out ~/Desktop/notes
      tracker draft my-tracker.xlsx --kind thank-you --contact "Ann Lee"
    """
    from toolkit.notes.draft_files import listing, write_drafts
    from toolkit.notes.planner import plan_nudges
    from toolkit.review.checker import review
    from toolkit.review.names import contact_meant

    context, report = review(path, today=today, overview=False)  # a note needs no Status overview
    contact = contact_meant(contact, context.contacts["Name"]) if contact else None  # "Dana": the only Dana
    plan = plan_nudges(context, report, kind, contact)
    folder = out_dir or path.parent / "drafts"
    write_drafts(plan, folder)
    nothing = f"No {'note' if kind == 'all' else kind}{f' for {shown(contact)}' if contact else ''} is due, so there is nothing to draft."
    say(listing(plan, folder, nothing + " To draft one anyway, name a --kind and a --contact."))  # one write: quick for thousands
    if plan.unreachable:
        raise SystemExit(1)


@cli.command()
@click.argument("path", type=PATH)
@click.option("-o", "--output", type=PATH, required=True,
              help="The calendar file to write (.ics); replaced if it exists.")
@today_option
@debug_option
def remind(path: Path, output: Path, today: dt.date):
    """Write calendar reminders for every dated action, ahead or overdue.

    Thank-you deadlines, promises both ways, each contact's next follow-up,
    interview prep, leads to contact, report-backs owed, outcomes to update
    and job news to share become all-day entries in an iCalendar file;
    overdue ones are placed on today. Import the file into
    your calendar; importing a newer one updates the same entries instead
    of adding copies.

    \b
    Example:
      tracker remind my-tracker.xlsx -o reminders.ics
    """
    from toolkit.notes.reminders import calendar_bytes, plan_reminders, write_calendar
    from toolkit.review.checker import review

    context, report = review(path, today=today, overview=False)  # nor does a calendar
    reminders = plan_reminders(context, report)
    del context  # the sheets as read, freed before the calendar is made
    if not reminders:
        say(f"Nothing dated to remind you of, so {shown(output)} was not written.")
        return
    write_calendar(output, calendar_bytes(reminders, today, report.seeker))
    overdue = sum(1 for r in reminders if r.due < today)
    say(f"Wrote {counted(len(reminders), 'reminder')} to {shown(output)} ({overdue} overdue, placed on {today}). "
               "Import it into your calendar; a newer file updates these entries.")


@cli.command("share")
@click.argument("path", type=PATH)
@click.option("-o", "--output", type=PATH, required=True,
              help="The copy to write for your counselor (.xlsx, or .xlsm for a workbook with macros).")
@today_option
@click.option("--force", is_flag=True, help="Replace the output file if it already exists.")
@debug_option
def share_command(path: Path, output: Path, today: dt.date, force: bool):
    """Write a copy of the tracker for your counselor, without your private notes.

    The copy has every Private Notes cell emptied (and their text removed
    from everything the file keeps, such as comments on those cells), a
    fresh Status sheet, and a line on Start Here saying it is a shared copy
    and as of when. PATH itself is never changed.

    \b
    Example:
      tracker share my-tracker.xlsx -o for-my-counselor.xlsx
    """
    from toolkit.counselor.share import share

    result = share(path, output, today=today, force=force)
    say(result.describe(path))


@cli.command()
@click.argument("path", type=PATH)
@click.argument("contact")
@click.option("--date", "touch_date", metavar="YYYY-MM-DD", callback=parse_date,
              help="When it happened (default: today).")
@click.option("--type", "touch_type", metavar="TYPE", help="Career update, Article or link, Thank-you note, ... (the Follow-Up Type list).")
@click.option("--channel", metavar="CHANNEL", help="Email, Letter, LinkedIn, Phone, In person or Other.")
@click.option("--summary", metavar="TEXT", help="What you said or sent.")
@today_option
@debug_option
def log(path: Path, contact: str, touch_date: dt.date | None, touch_type: str | None, channel: str | None,
        summary: str | None, today: dt.date):
    """Record a touch with CONTACT as a new Follow-Ups row in PATH.

    A Thank-you note also marks the thank-you sent on the contact's latest
    held interview still waiting for one. Prints what was recorded and when
    to follow up next. Close the workbook in Excel first.

    \b
    Example:
      tracker log my-tracker.xlsx "Ann Lee" --type "Career update" --channel Email --summary "Sent my portfolio"
      tracker log my-tracker.xlsx "Ann Lee" --type "Thank-you note" --channel Email
    """
    from toolkit.capture.log import log_touch

    logged = log_touch(path, contact, today, touch_date, touch_type, channel, summary)
    say(logged.describe())


@cli.command("import")
@click.argument("path", type=PATH)
@click.argument("files", nargs=-1, required=True, type=PATH)
@click.option("--dry-run", is_flag=True, help="Only list who would be added, filled or skipped; write nothing.")
@today_option
@debug_option
def import_command(path: Path, files: tuple[Path, ...], dry_run: bool, today: dt.date):
    """Add people from address-book exports to Contacts in PATH.

    FILES are vCards and LinkedIn, Google, Outlook or Thunderbird CSV exports,
    told by content. Someone already in Contacts (same LinkedIn URL, email or
    name) only has blanks filled; LinkedIn's export marks them connected.

    \b
    Example:
      tracker import my-tracker.xlsx Connections.csv contacts.vcf
      tracker import my-tracker.xlsx google.csv --dry-run
    """
    from toolkit.capture.contacts_import import import_contacts

    del today  # accepted like every command's; what an import does does not depend on the date
    result = import_contacts(path, list(files), dry_run=dry_run)
    for line in result.lines(verbose=dry_run):
        say(line)


@cli.command("sync")
@click.argument("path", type=PATH)
@click.argument("sources", nargs=-1, required=True)
@click.option("--since", metavar="YYYY-MM-DD", callback=parse_date, help="Only mail and events from this date on.")
@click.option("--dry-run", is_flag=True, help="Only print what would be recorded; write nothing.")
@today_option
@debug_option
def sync_command(path: Path, sources: tuple[str, ...], since: dt.date | None, dry_run: bool, today: dt.date):
    """Record what your own mail and calendar show you did, read only.

    SOURCES: mbox files, Maildirs, .eml folders, .ics calendars, imaps://USER@HOST/FOLDER (password: TRACKER_IMAP_PASSWORD).
    Mail you sent a contact marks its thank-you sent or adds a Follow-Ups row; a meeting with a contact adds an Interviews
    row. Nothing goes in twice; --dry-run shows what would. Close the workbook in Excel first.

    \b
    Example:
      tracker sync my-tracker.xlsx ~/Downloads/Sent.mbox calendar.ics --since 2026-11-01 --dry-run
    """
    from toolkit.capture.sync import sync
    say("\n".join(sync(path, list(sources), today, since, dry_run, password=imap_password, progress=progress_bar).lines()))


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--output", type=PATH, required=True,
              help="The caseload workbook to write (.xlsx); a caseload written before is replaced, nothing else ever is.")
@today_option
@click.option("--since", metavar="YYYY-MM-DD", callback=parse_date,
              help="Count interviews held and thank-yous sent from this date (default: 30 days before today).")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text for people, json for programs.")
@click.option("--jobs", metavar="N", type=click.IntRange(min=1), help="How many trackers to read at once (default: one per core).")
@click.option("--force", is_flag=True, expose_value=False, help="Accepted for older scripts; changes nothing: see -o.")
@debug_option
def summary(paths: tuple[Path, ...], output: Path, today: dt.date, since: dt.date | None, output_format: str,
            jobs: int | None):
    """Roll up many trackers into one caseload workbook for a career counselor.

    PATHS are trackers, or folders searched (with their subfolders) for
    .xlsx and .xlsm files; lock files and OUTPUT itself are skipped. Every
    tracker is read as `check --no-write` reads it and none is changed.
    Prints one line per seeker, most urgent first. Exit 0 when every
    tracker was read, 1 when some could not be (each is a row saying why),
    2 when it cannot run.

    \b
    Example:
      tracker summary ~/seekers -o caseload.xlsx
      tracker summary ann.xlsx bo.xlsx -o caseload.xlsx --since 2026-11-01 --format json
    """
    from toolkit.counselor.caseload_sheet import check_output, write_caseload
    from toolkit.counselor.summary import find_trackers, render_json, render_text, summarise
    from toolkit.review.model import shifted

    since = since or shifted(today, -30)
    if since > today:
        raise click.BadParameter(f"{since} is after today ({today}); choose an earlier date", param_hint="--since")
    trackers = find_trackers(paths, output)  # first: a PATH that is not there is the likelier mistake
    check_output(output, list(paths))  # a caseload of ours is replaced; a tracker or any other file never is
    if not trackers:
        raise CannotRun(f"no trackers (.xlsx or .xlsm files) in {', '.join(map(str, paths))}; give a tracker or a folder that holds some")
    with progress_bar("Reading trackers", len(trackers) if len(trackers) > 5 else 0) as update:
        caseload = summarise(trackers, today, since, jobs, progress=update)
    if not caseload.trackers:
        raise CannotRun(f"no trackers to summarise: {', '.join(caseload.skipped)} are caseloads, not trackers")
    write_caseload(output, caseload)
    if output_format == "json":
        emit(render_json(caseload))
    else:
        emit(render_text(caseload, colour=sys.stdout.isatty() and not os.environ.get("NO_COLOR")))
        say(f"Caseload written to {shown(output)}.")
    if caseload.unreadable:
        raise SystemExit(1)


def main() -> None:
    collect_less_often()
    use_stand_ins(sys.stdout, sys.stderr)
    cli(prog_name="tracker")
