"""Excel formulas that make the workbook flag what is slipping on its own.

These mirror the rules in `toolkit.review.rules` (the CLI is authoritative; these
give the same answer for clean data so the seeker sees problems in Excel
before anyone runs `tracker check`). Column letters come from the template,
never from fixed positions. Settings are referenced by their defined names,
which hold the value in use (the user's value, or the default).

Name matching in formulas uses Excel's criteria matching: any case, but not
trimmed. The CLI also forgives stray spaces; the dropdowns keep names exact.
"""

from __future__ import annotations

from dataclasses import dataclass

from xlsxwriter.utility import xl_col_to_name

from toolkit.workbook.schema import Template

# Excel stores functions newer than 2007 with this prefix; without it Excel shows #NAME?. Written here rather
# than left to xlsxwriter, whose releases before 3.3.1 leave it out of conditional formats (3.1.7: of Tables).
MAXIFS = "_xlfn.MAXIFS"


def quote_sheet(name: str) -> str:
    """A sheet name as it must appear in a formula."""
    if name.replace("_", "").isalnum():
        return name
    return "'" + name.replace("'", "''") + "'"


@dataclass(frozen=True)
class Columns:
    """Letters of one sheet's columns in the generated workbook."""

    template: Template
    sheet: str

    def letter(self, header: str) -> str:
        return xl_col_to_name(self.template.sheet(self.sheet).index(header))

    def cell(self, header: str, row: int) -> str:
        """A column-absolute, row-relative reference such as $B2 for conditional formats."""
        return f"${self.letter(header)}{row}"

    def whole(self, header: str) -> str:
        """A whole-column reference on this sheet, e.g. Interviews!$B:$B."""
        letter = self.letter(header)
        return f"{quote_sheet(self.sheet)}!${letter}:${letter}"


def thank_you_window_days() -> str:
    return "ROUNDUP(ThankYouWindowHours/24,0)"


class InterviewFlags:
    """Conditional-format formulas for an Interviews row (written for row `row`)."""

    def __init__(self, template: Template, row: int = 2):
        c = Columns(template, "Interviews")
        self.date = c.cell("Date", row)
        self.outcome = c.cell("Outcome", row)
        self.sent = c.cell("Thank-You Sent", row)
        self.prepared = c.cell("Prepared", row)

    def held(self) -> str:
        return f'OR(TRIM({self.outcome})="Held",AND(TRIM({self.outcome})="",{self.date}<=TODAY()))'

    def upcoming(self) -> str:
        return (
            f'OR(AND(TRIM({self.outcome})="Scheduled",{self.date}>=TODAY()),'
            f'AND(TRIM({self.outcome})="",{self.date}>TODAY()))'
        )

    def thank_you_overdue(self) -> str:
        return (
            f'AND(ISNUMBER({self.date}),{self.held()},TRIM({self.sent})="",'
            f"TODAY()>{self.date}+{thank_you_window_days()})"
        )

    def thank_you_due(self) -> str:
        return (
            f'AND(ISNUMBER({self.date}),{self.held()},TRIM({self.sent})="",'
            f"TODAY()<={self.date}+{thank_you_window_days()})"
        )

    def outcome_not_updated(self) -> str:
        return f'AND(ISNUMBER({self.date}),TRIM({self.outcome})="Scheduled",{self.date}<TODAY())'

    def interview_prep(self) -> str:
        return (
            f"AND(ISNUMBER({self.date}),{self.upcoming()},"
            f'{self.date}<=TODAY()+PrepReminderDays,TRIM({self.prepared})<>"Yes")'
        )


class PromiseFlags:
    """Conditional-format formulas for a Promises row."""

    def __init__(self, template: Template, row: int = 2):
        c = Columns(template, "Promises")
        self.made = c.cell("Made On", row)
        self.direction = c.cell("Direction", row)
        self.due_date = c.cell("Due Date", row)
        self.done = c.cell("Done On", row)

    def _overdue(self, direction: str) -> str:
        due = f"IF(ISNUMBER({self.due_date}),{self.due_date},{self.made}+PromiseWindowDays)"
        return (
            f'AND(TRIM({self.direction})="{direction}",TRIM({self.done})="",'
            f'OR(ISNUMBER({self.due_date}),AND(TRIM({self.due_date})="",ISNUMBER({self.made}))),'
            f"{due}<TODAY())"
        )

    def my_promise_overdue(self) -> str:
        return self._overdue("I offered")

    def their_offer_pending(self) -> str:
        return self._overdue("They offered")


class ContactFormulas:
    """Calculated columns of the Contacts table and its conditional formats."""

    def __init__(self, template: Template, row: int = 2):
        self.interviews = Columns(template, "Interviews")
        self.follow_ups = Columns(template, "Follow-Ups")
        contacts = Columns(template, "Contacts")
        self.table = template.sheet("Contacts").table
        self.quiet = template.quiet_relationships
        self.name_cell = contacts.cell("Name", row)
        self.snooze = contacts.cell("Snooze Until", row)
        self.last_touch_cell = contacts.cell("Last Touch", row)
        self.next_cell = contacts.cell("Next Follow-Up", row)
        self.every = template.sheet("Contacts").column("Follow Up Every (days)")

    def _held_dates_max(self, name: str, extra: str = "") -> str:
        """Latest held-interview Date for `name` (0 when none), optionally up to today."""
        iv = self.interviews
        date, contact, outcome = iv.whole("Date"), iv.whole("Contact"), iv.whole("Outcome")
        return (
            f'MAX({MAXIFS}({date},{contact},{name},{outcome},"Held"{extra}),'
            f'{MAXIFS}({date},{contact},{name},{outcome},"",{date},"<="&TODAY()))'
        )

    def held_count(self, name: str) -> str:
        iv = self.interviews
        date, contact, outcome = iv.whole("Date"), iv.whole("Contact"), iv.whole("Outcome")
        return (
            f'(COUNTIFS({contact},{name},{outcome},"Held",{date},">0")'
            f'+COUNTIFS({contact},{name},{outcome},"",{date},"<="&TODAY()))'
        )

    def upcoming_count(self, name: str) -> str:
        iv = self.interviews
        date, contact, outcome = iv.whole("Date"), iv.whole("Contact"), iv.whole("Outcome")
        return (
            f'(COUNTIFS({contact},{name},{outcome},"Scheduled",{date},">="&TODAY())'
            f'+COUNTIFS({contact},{name},{outcome},"",{date},">"&TODAY()))'
        )

    def last_touch(self) -> str:
        """Table formula: the latest held interview, thank-you or follow-up up to today (0: none)."""
        name = self.this_row("Name")
        iv, fu = self.interviews, self.follow_ups
        up_to_today = ',{date},"<="&TODAY()'
        held = self._held_dates_max(name, up_to_today.format(date=iv.whole("Date")))
        sent = iv.whole("Thank-You Sent")
        thanks = f'{MAXIFS}({sent},{iv.whole("Contact")},{name},{sent},"<="&TODAY())'
        fu_date = fu.whole("Date")
        touches = f'{MAXIFS}({fu_date},{fu.whole("Contact")},{name},{fu_date},"<="&TODAY())'
        return f"=MAX({held},{thanks},{touches})"

    def this_row(self, header: str) -> str:
        """A table-qualified this-row reference; LibreOffice needs the table name.

        Written in Excel 2007's [#This Row] form, which is what the file stores, so the
        generator can write the same formula into each cell with its stored result.
        """
        return f"{self.table}[[#This Row],[{header}]]"

    def interval(self, every: str) -> str:
        """The contact's own interval when it is a whole number in the template's range, else the setting."""
        low = self.every.min if self.every.min is not None else 0
        high = f",{every}<={self.every.max}" if self.every.max is not None else ""
        return f"IF(AND(ISNUMBER({every}),{every}>={low}{high},{every}=INT({every})),{every},FollowUpEveryDays)"

    def next_follow_up(self) -> str:
        """Table formula: Last Touch + interval, blank when no reminders apply."""
        name = self.this_row("Name")
        relationship = f'TRIM({self.this_row("Relationship")})'
        last = self.this_row("Last Touch")
        quiet = ",".join(f'{relationship}="{value}"' for value in self.quiet)
        return (
            f'=IF(OR({last}=0,{self.held_count(name)}=0,'
            f'{quiet}),"",'
            f"{last}+{self.interval(self.this_row('Follow Up Every (days)'))})"
        )

    def _follow_up_due(self) -> str:
        snooze_ok = f'OR(TRIM({self.snooze})="",AND(ISNUMBER({self.snooze}),{self.snooze}<TODAY()))'
        return (
            f"AND(ISNUMBER({self.next_cell}),{self.upcoming_count(self.name_cell)}=0,"
            f"{snooze_ok},TODAY()>{self.next_cell})"
        )

    def follow_up_overdue(self) -> str:
        """Past twice the interval since the last touch: the error level of follow-up-due."""
        # Next = Last + interval, so Last + 2 * interval = 2 * Next - Last.
        return f"AND({self._follow_up_due()},TODAY()>2*{self.next_cell}-{self.last_touch_cell})"

    def follow_up_due(self) -> str:
        return self._follow_up_due()


class LeadFlags:
    """Conditional-format formula for a Leads row."""

    def __init__(self, template: Template, row: int = 2):
        c = Columns(template, "Leads")
        self.contacts = ContactFormulas(template, row)
        self.suggested_by = c.cell("Suggested By", row)
        self.suggested_on = c.cell("Suggested On", row)
        self.status = c.cell("Status", row)

    def lead_not_contacted(self) -> str:
        start = (
            f"IF(ISNUMBER({self.suggested_on}),{self.suggested_on},"
            f"{self.contacts._held_dates_max(self.suggested_by)})"
        )
        return (
            f'AND(OR(TRIM({self.status})="",TRIM({self.status})="To contact"),'
            f"{start}>0,TODAY()>{start}+LeadWindowDays)"
        )


def setting_in_use(value_cell: str, kind: str, default: int | None, minimum: int | None, maximum: int | None = None) -> str:
    """Formula for a Settings row's In Use cell: the value if valid (in range), else the default."""
    if kind == "whole":
        number = f"--TRIM({value_cell})"
        low = minimum if minimum is not None else 0
        high = f",{number}<={maximum}" if maximum is not None else ""
        check = f"AND({number}>={low}{high},{number}=INT({number}))"
        return f"=IFERROR(IF({check},{number},{default}),{default})"
    if kind == "date":
        return f'=IF(ISNUMBER({value_cell}),{value_cell},IFERROR(DATEVALUE(TRIM({value_cell})),""))'
    return f"=TRIM({value_cell})"
