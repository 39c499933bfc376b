"""The rules of `tracker check`, each a small function registered in RULES.

Every rule takes a `Context` (the workbook as read, the settings and today)
and yields findings. Nothing here reads the clock: `today` is passed in.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cached_property

import pandas as pd

from toolkit.findings import Finding
from toolkit.reader import SheetData, TrackerData
from toolkit.schema import normalize_name

RuleFunction = Callable[["Context"], Iterator[Finding]]
RULES: dict[str, RuleFunction] = {}

NO_REMINDERS = ("Dormant", "Do not contact")


def rule(*rule_ids: str):
    """Register a rule function under the rule ids it can yield."""

    def register(function: RuleFunction) -> RuleFunction:
        for rule_id in rule_ids:
            RULES[rule_id] = function
        return function

    return register


def days(n: int) -> dt.timedelta:
    return dt.timedelta(days=int(n))


def plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def named(name) -> str:
    """A person's name for a message; a row with the name left blank still reads sensibly."""
    return name if name else "(name missing)"


def lateness(today: dt.date, due: dt.date) -> str:
    """'4 days overdue', 'due today', 'due in 3 days'."""
    delta = (today - due).days
    if delta > 0:
        return f"{plural(delta, 'day')} overdue"
    if delta == 0:
        return "due today"
    return f"due in {plural(-delta, 'day')}"


@dataclass
class Context:
    data: TrackerData
    today: dt.date

    def sheet(self, name: str) -> SheetData:
        return self.data.sheets[name]

    def setting(self, name: str):
        return self.data.settings[name]

    def finding(self, rule_id: str, severity: str, contact: str | None, sheet: SheetData, row: int, header: str,
                message: str, due: dt.date | None = None) -> Finding:
        overdue = (self.today - due).days if due is not None else None
        return Finding(rule_id, severity, contact, sheet.name, int(row), sheet.cell(header, int(row)), message, due, overdue)

    # ------------------------------------------------------------ derived data
    @cached_property
    def contacts(self) -> pd.DataFrame:
        """Contacts rows that are the contact (first occurrence of each name), keyed by normalised name."""
        sheet = self.sheet("Contacts")
        frame = sheet.frame.join(sheet.bad.add_prefix("bad:"))
        frame = frame[frame["Name"].notna()].copy()
        frame["key"] = frame["Name"].map(normalize_name)
        return frame.drop_duplicates("key", keep="first").set_index("key", drop=False)

    @cached_property
    def interviews(self) -> pd.DataFrame:
        """Interviews with their contact key and whether each is held or upcoming (rows without a readable Date are neither)."""
        sheet = self.sheet("Interviews")
        frame = sheet.frame.copy()
        frame["key"] = frame["Contact"].map(lambda v: normalize_name(v) if v is not None else None)
        has_date = frame["Date"].notna()
        outcome = frame["Outcome"]
        outcome_blank = outcome.isna() & ~sheet.bad["Outcome"].to_numpy()
        date = frame["Date"].where(has_date, dt.date.max)
        frame["held"] = has_date & ((outcome == "Held") | (outcome_blank & (date <= self.today)))
        frame["upcoming"] = has_date & (((outcome == "Scheduled") & (date >= self.today)) | (outcome_blank & (date > self.today)))
        return frame

    @cached_property
    def follow_ups(self) -> pd.DataFrame:
        frame = self.sheet("Follow-Ups").frame.copy()
        frame["key"] = frame["Contact"].map(lambda v: normalize_name(v) if v is not None else None)
        return frame

    def latest(self, series: pd.Series) -> dict[str, dt.date]:
        """Latest date per contact key from a Series of dates indexed by key."""
        # A plain loop: groupby().max() on object dates falls back to Python anyway, with far more overhead.
        series = series.dropna()
        found: dict[str, dt.date] = {}
        for key, date in zip(series.index, series):
            if key is not None and key == key and (key not in found or date > found[key]):  # key == key: not NaN
                found[key] = date
        return found

    @cached_property
    def last_touch(self) -> dict[str, dt.date]:
        """Per contact: latest held-interview Date, Thank-You Sent or Follow-Ups Date up to today."""
        iv, fu, today = self.interviews, self.follow_ups, self.today
        parts = [
            iv.loc[iv["held"] & iv["Date"].map(lambda d: d is not None and d <= today), ["key", "Date"]].set_index("key")["Date"],
            iv.loc[iv["Thank-You Sent"].map(lambda d: d is not None and d <= today), ["key", "Thank-You Sent"]].set_index("key")["Thank-You Sent"],
            fu.loc[fu["Date"].map(lambda d: d is not None and d <= today), ["key", "Date"]].set_index("key")["Date"],
        ]
        combined = pd.concat([p.dropna() for p in parts])
        return self.latest(combined)

    @cached_property
    def held_keys(self) -> set[str]:
        return set(self.interviews.loc[self.interviews["held"], "key"].dropna())

    @cached_property
    def upcoming_keys(self) -> set[str]:
        return set(self.interviews.loc[self.interviews["upcoming"], "key"].dropna())

    def interval(self, contact: pd.Series) -> int:
        every = contact["Follow Up Every (days)"]
        return int(every) if every is not None else int(self.setting("Follow Up Every (days)"))

    def next_follow_up(self, contact: pd.Series) -> dt.date | None:
        """Last touch + interval for a contact that gets reminders at all, else None."""
        key = contact["key"]
        if key not in self.held_keys or contact["Relationship"] in NO_REMINDERS:
            return None
        last = self.last_touch.get(key)
        return last + days(self.interval(contact)) if last else None

    @cached_property
    def thank_you_window(self) -> dt.timedelta:
        """The thank-you window in whole days: ceil(hours / 24)."""
        return days(math.ceil(self.setting("Thank-You Window (hours)") / 24))

    @cached_property
    def follow_ups_last_year(self) -> dict[str, int]:
        """Per contact: Follow-Ups rows dated in the 365 days ending today, thank-you notes and unreadable Types excluded."""
        fu = self.follow_ups
        start = self.today - days(364)
        counted = fu["Type"].map(lambda t: t is not None and t != "Thank-you note") | (fu["Type"].isna() & ~_bad(self.sheet("Follow-Ups"), "Type"))
        in_year = fu["Date"].map(lambda d: d is not None and start <= d <= self.today)
        return fu[counted & in_year].groupby("key").size().to_dict()

    def promise_due(self, row) -> dt.date | None:
        if row["Due Date"] is not None:
            return row["Due Date"]
        if row["Made On"] is not None:
            return row["Made On"] + days(self.setting("Promise Window (days)"))
        return None

    # ------------------------------------------------------------- schedules
    # What is owed and by when, whatever today is. Each rule flags the part of
    # its schedule that today has reached; drafts and reminders use the same
    # schedules, so no rule is computed twice.

    @cached_property
    def pending_thank_yous(self) -> list[tuple[dict, dt.date]]:
        """Held interviews whose thank-you has not gone out, with the date it is due by."""
        iv = self.interviews
        pending = iv["held"] & iv["Thank-You Sent"].isna() & ~_bad(self.sheet("Interviews"), "Thank-You Sent")
        return [(row, row["Date"] + self.thank_you_window) for row in records(iv[pending])]

    @cached_property
    def open_promises(self) -> list[tuple[dict, dt.date]]:
        """Promises with a Direction and no Done On, with their due date; undatable ones are left out."""
        found = []
        for row in records(with_bad(self.sheet("Promises"))):
            if row["Direction"] is None or row["Done On"] is not None or row["bad:Done On"] or row["bad:Due Date"]:
                continue
            if row["Due Date"] is None and row["bad:Made On"]:
                continue
            due = self.promise_due(row)
            if due is not None:
                found.append((row, due))
        return found

    @cached_property
    def follow_up_schedule(self) -> list[tuple[dict, dt.date, dt.date]]:
        """(contact, last touch, due) for every contact who gets keep-in-touch reminders, snoozed or not."""
        found = []
        for contact in records(self.contacts):
            if contact["bad:Relationship"] or contact["bad:Snooze Until"]:
                continue  # the rule needs these values
            key = contact["key"]
            if key not in self.held_keys or key in self.upcoming_keys or contact["Relationship"] in NO_REMINDERS:
                continue
            last = self.last_touch.get(key)
            if last is not None:
                found.append((contact, last, last + days(self.interval(contact))))
        return found

    @cached_property
    def unprepared_interviews(self) -> list[tuple[dict, dt.date]]:
        """Upcoming interviews not marked Prepared, with the day the prep reminder starts."""
        iv = self.interviews
        unprepared = iv["upcoming"] & (iv["Prepared"] != "Yes") & ~_bad(self.sheet("Interviews"), "Prepared")
        lead_time = days(self.setting("Prep Reminder (days)"))
        return [(row, row["Date"] - lead_time) for row in records(iv[unprepared])]

    @cached_property
    def open_leads(self) -> list[tuple[dict, dt.date, dt.date]]:
        """(lead, start, due) for leads still to contact: start is Suggested On, else the suggester's latest held interview."""
        iv = self.interviews
        latest_held = self.latest(iv.loc[iv["held"], ["key", "Date"]].set_index("key")["Date"])
        window = days(self.setting("Lead Window (days)"))
        found = []
        for lead in records(with_bad(self.sheet("Leads"))):
            if lead["bad:Status"] or lead["bad:Suggested On"] or lead["Status"] not in (None, "To contact"):
                continue
            start = lead["Suggested On"]
            if start is None and lead["Suggested By"] is not None:
                start = latest_held.get(normalize_name(lead["Suggested By"]))
            if start is not None:
                found.append((lead, start, start + window))
        return found


def records(frame: pd.DataFrame) -> list[dict]:
    """Rows as dicts, through one object array: ten times faster than DataFrame.to_dict("records") on small frames."""
    columns = list(frame.columns)
    return [dict(zip(columns, values)) for values in frame.to_numpy(dtype=object).tolist()]


def with_bad(sheet: SheetData) -> pd.DataFrame:
    """A sheet's values beside its bad-cell flags, named 'bad:<header>'."""
    return sheet.frame.join(sheet.bad.add_prefix("bad:"))


def _bad(sheet: SheetData, header: str) -> pd.Series:
    return sheet.bad[header] if header in sheet.bad else pd.Series(False, index=sheet.frame.index)


# ------------------------------------------------------------------ Interviews
@rule("thank-you-overdue", "thank-you-due")
def thank_you(ctx: Context) -> Iterator[Finding]:
    """A held interview whose thank-you has not gone out."""
    sheet = ctx.sheet("Interviews")
    for row, due in ctx.pending_thank_yous:
        name = named(row["Contact"])
        if ctx.today > due:
            yield ctx.finding("thank-you-overdue", "error", row["Contact"], sheet, row["_row"], "Thank-You Sent",
                              f"Thank-you to {name} is {lateness(ctx.today, due)} (interview on {row['Date']})", due)
        else:
            yield ctx.finding("thank-you-due", "warning", row["Contact"], sheet, row["_row"], "Thank-You Sent",
                              f"Send your thank-you to {name}: {lateness(ctx.today, due)} (interview on {row['Date']})", due)


@rule("outcome-not-updated")
def outcome_not_updated(ctx: Context) -> Iterator[Finding]:
    """An interview still marked Scheduled after its date."""
    sheet = ctx.sheet("Interviews")
    iv = ctx.interviews
    stale = (iv["Outcome"] == "Scheduled") & iv["Date"].map(lambda d: d is not None and d < ctx.today)
    for row in records(iv[stale]):
        yield ctx.finding("outcome-not-updated", "warning", row["Contact"], sheet, row["_row"], "Outcome",
                          f"Interview with {named(row['Contact'])} on {row['Date']} is still marked Scheduled: mark it Held, Cancelled or Rescheduled",
                          row["Date"])


@rule("interview-prep")
def interview_prep(ctx: Context) -> Iterator[Finding]:
    """An upcoming interview within the prep reminder that is not marked Prepared."""
    sheet = ctx.sheet("Interviews")
    for row, starts in ctx.unprepared_interviews:
        if ctx.today >= starts:
            when = "today" if row["Date"] == ctx.today else f"on {row['Date']}"
            yield ctx.finding("interview-prep", "info", row["Contact"], sheet, row["_row"], "Prepared",
                              f"Prepare for your interview with {named(row['Contact'])} {when}: research them and write your questions",
                              row["Date"])


# -------------------------------------------------------------------- Promises
@rule("my-promise-overdue", "their-offer-pending")
def promises(ctx: Context) -> Iterator[Finding]:
    """Open promises past due, in both directions; undated promises are a data finding."""
    sheet = ctx.sheet("Promises")
    for row in records(with_bad(sheet)):
        if row["Due Date"] is None and row["Made On"] is None and not row["bad:Due Date"] and not row["bad:Made On"]:
            yield ctx.finding("data-missing-value", "error", row["Contact"], sheet, row["_row"], "Due Date",
                              "This promise has neither a Due Date nor a Made On date; add one so it can be tracked")
    for row, due in ctx.open_promises:
        if not due < ctx.today:
            continue
        what = row["Promise"] or "a promise"
        if row["Direction"] == "I offered":
            yield ctx.finding("my-promise-overdue", "error", row["Contact"], sheet, row["_row"], "Done On",
                              f"You promised {named(row['Contact'])}: {what} ({lateness(ctx.today, due)})", due)
        else:
            yield ctx.finding("their-offer-pending", "warning", row["Contact"], sheet, row["_row"], "Done On",
                              f"{named(row['Contact'])} offered: {what} ({lateness(ctx.today, due)}); a gentle reminder is fine", due)


# -------------------------------------------------------------------- Contacts
@rule("follow-up-due")
def follow_up_due(ctx: Context) -> Iterator[Finding]:
    """A met contact not touched for the follow-up interval (error past twice the interval)."""
    sheet = ctx.sheet("Contacts")
    for contact, last, due in ctx.follow_up_schedule:
        snooze = contact["Snooze Until"]
        if (snooze is not None and snooze >= ctx.today) or not ctx.today > due:
            continue
        severity = "error" if ctx.today > last + days(2 * ctx.interval(contact)) else "warning"
        yield ctx.finding("follow-up-due", severity, contact["Name"], sheet, contact["_row"], "Name",
                          f"Get back in touch with {contact['Name']}: last touch {last}, follow-up {lateness(ctx.today, due)}", due)


@rule("too-many-follow-ups")
def too_many_follow_ups(ctx: Context) -> Iterator[Finding]:
    """More follow-ups in the last 365 days than the yearly maximum."""
    sheet = ctx.sheet("Contacts")
    counts = ctx.follow_ups_last_year
    limit = ctx.setting("Max Follow-Ups per Year")
    for key, count in counts.items():
        if count > limit and key in ctx.contacts.index:
            contact = ctx.contacts.loc[key]
            yield ctx.finding("too-many-follow-ups", "warning", contact["Name"], sheet, contact["_row"], "Name",
                              f"{plural(int(count), 'follow-up')} with {contact['Name']} in the last 12 months (the norm is {limit}); give them some room")


@rule("missing-contact-details")
def missing_contact_details(ctx: Context) -> Iterator[Finding]:
    """A contact you are interviewing with no email, mailing address or LinkedIn."""
    sheet = ctx.sheet("Contacts")
    iv = ctx.interviews
    active = set(iv.loc[iv["Outcome"] != "Cancelled", "key"].dropna())
    for contact in records(ctx.contacts):
        key = contact["key"]
        if key in active and all(contact[h] is None for h in ("Email", "Mailing Address", "LinkedIn")):
            yield ctx.finding("missing-contact-details", "warning", contact["Name"], sheet, contact["_row"], "Email",
                              f"No email, mailing address or LinkedIn for {contact['Name']}: nowhere to send a thank-you")


@rule("share-the-news")
def share_the_news(ctx: Context) -> Iterator[Finding]:
    """After landing a job, everyone you interviewed with before it should hear the news."""
    landed = ctx.setting("Landed Job On")
    if landed is None or landed > ctx.today:
        return
    sheet = ctx.sheet("Contacts")
    iv, fu = ctx.interviews, ctx.follow_ups
    helped = set(iv.loc[iv["held"] & iv["Date"].map(lambda d: d is not None and d < landed), "key"].dropna())
    told = set(fu.loc[fu["Date"].map(lambda d: d is not None and d >= landed), "key"].dropna())
    for contact in records(ctx.contacts):
        key = contact["key"]
        if key in helped and key not in told and contact["Relationship"] != "Do not contact":
            yield ctx.finding("share-the-news", "warning", contact["Name"], sheet, contact["_row"], "Name",
                              f"Tell {contact['Name']} about your new job (landed on {landed}) and thank them", landed)


@rule("linkedin-not-connected")
def linkedin_not_connected(ctx: Context) -> Iterator[Finding]:
    """A contact you have thanked but not connected with on LinkedIn."""
    sheet = ctx.sheet("Contacts")
    iv = ctx.interviews
    thanked = set(iv.loc[iv["Thank-You Sent"].notna(), "key"].dropna())
    for contact in records(ctx.contacts):
        key = contact["key"]
        if contact["bad:Connected on LinkedIn"] or contact["bad:Relationship"]:
            continue
        if key in thanked and contact["Connected on LinkedIn"] != "Yes" and contact["Relationship"] != "Do not contact":
            yield ctx.finding("linkedin-not-connected", "info", contact["Name"], sheet, contact["_row"], "Connected on LinkedIn",
                              f"Connect with {contact['Name']} on LinkedIn (you have thanked them; mark Yes once connected)")


# ----------------------------------------------------------------------- Leads
@rule("lead-not-contacted")
def lead_not_contacted(ctx: Context) -> Iterator[Finding]:
    """A suggested person not contacted within the lead window."""
    sheet = ctx.sheet("Leads")
    for lead, start, due in ctx.open_leads:
        if ctx.today > due:
            yield ctx.finding("lead-not-contacted", "warning", lead["Name"], sheet, lead["_row"], "Status",
                              f"Reach out to {named(lead['Name'])}, suggested by {lead['Suggested By']} on {start} ({lateness(ctx.today, due)})", due)


# ------------------------------------------------------------ data consistency
@rule("data-duplicate-contact", "data-unknown-contact")
def contact_names(ctx: Context) -> Iterator[Finding]:
    """Names repeated in Contacts, and names elsewhere that are not in Contacts."""
    sheet = ctx.sheet("Contacts")
    seen: set[str] = set()
    for row in records(sheet.frame):
        if row["Name"] is None:
            continue
        key = normalize_name(row["Name"])
        if key in seen:
            yield ctx.finding("data-duplicate-contact", "error", row["Name"], sheet, row["_row"], "Name",
                              f"{row['Name']} is already in Contacts above; merge the two rows (the first one counts)")
        seen.add(key)
    for sheet_name, header in (("Interviews", "Contact"), ("Questions", "Contact"), ("Promises", "Contact"),
                               ("Follow-Ups", "Contact"), ("Leads", "Suggested By")):
        other = ctx.sheet(sheet_name)
        for row in records(other.frame):
            name = row[header]
            if name is not None and normalize_name(name) not in seen:
                who = row["Name"] if sheet_name == "Leads" else name
                yield ctx.finding("data-unknown-contact", "error", who, other, row["_row"], header,
                                  f"{header} '{name}' is not in Contacts; add them there or fix the spelling")
