"""The rules of `tracker check`, each a small function registered with its declaration.

Every rule takes a `Tracker` (the workbook as of a day, `model.py`) and yields
findings. Its `RuleInfo` says what the rule is, what a seeker should do, and
which cell its findings point at; `found` builds a finding from it. Nothing
here reads the clock: `today` is passed in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator

import pandas as pd

from toolkit.review.findings import Finding
from toolkit.review.model import Tracker, name_key_list, named, records, shifted
from toolkit.review.names import match_name
from toolkit.review.registry import RULE_INFO, RULES, RuleInfo, action_for, checks, info, rule
from toolkit.workbook.schema import load_template

SUGGESTED_NAMES = 500  # distinct unknown names given the closest one: difflib over every contact costs per name


def by_default(setting: str, unit: str) -> str:
    """'24 hours by default', from the template, where every default is defined."""
    return f"{load_template().setting(setting).default} {unit} by default"


def plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def lateness(today: dt.date, due: dt.date) -> str:
    """'4 days overdue', 'due today', 'due in 3 days'."""
    delta = (today - due).days
    if delta > 0:
        return f"{plural(delta, 'day')} overdue"
    if delta == 0:
        return "due today"
    return f"due in {plural(-delta, 'day')}"


def within(dates: pd.Series, first: dt.date | None = None, last: dt.date | None = None) -> pd.Series:
    """True where a column of dates holds one from `first` to `last`, both included (None: open); blank is False."""
    inside = dates.notna()
    if first is not None:
        inside &= dates >= first
    if last is not None:
        inside &= dates <= last
    return inside


def found(t: Tracker, rule_id: str, contact: str | None, row: int, message: str, due: dt.date | None = None,
          severity: str | None = None, where: tuple[str, str] | None = None) -> Finding:
    """A finding of a declared rule, at the cell its declaration names (or `where`: sheet and header)."""
    declared = info(rule_id)
    sheet_name, header = where or (declared.sheet, declared.column)
    sheet, row = t.sheet(sheet_name), int(row)
    overdue = (t.today - due).days if due is not None else None
    return Finding(rule_id, severity or declared.severity, contact, sheet.name, row, sheet.cell(header, row), message, due, overdue)


# ------------------------------------------------------------------ Interviews
@rule(
    RuleInfo("thank-you-overdue", "error", "Send thank-you notes",
             f"A held interview whose thank-you did not go out within the Thank-You Window "
             f"({by_default('Thank-You Window (hours)', 'hours')}).",
             "Interviews", "Thank-You Sent",
             flags="a held interview with Thank-You Sent blank, after the window has passed",
             due="Date + window"),
    RuleInfo("thank-you-due", "warning", "Send thank-you notes",
             "A held interview whose thank-you is still within its window: send it today.",
             "Interviews", "Thank-You Sent",
             flags="a held interview with Thank-You Sent blank, while the window is still open",
             due="Date + window"),
)
def thank_you(t: Tracker) -> Iterator[Finding]:
    """A held interview whose thank-you has not gone out."""
    for row, due in t.pending_thank_yous:
        name = named(row["Contact"])
        if t.today > due:
            yield found(t, "thank-you-overdue", row["Contact"], row["_row"],
                        f"Thank-you to {name} is {lateness(t.today, due)} (interview on {row['Date']})", due)
        else:
            yield found(t, "thank-you-due", row["Contact"], row["_row"],
                        f"Send your thank-you to {name}: {lateness(t.today, due)} (interview on {row['Date']})", due)


@rule(RuleInfo("outcome-not-updated", "warning", "Update your tracker",
               "An interview still marked Scheduled after its date: was it held, cancelled or moved?",
               "Interviews", "Outcome",
               flags="an interview still marked Scheduled after its Date",
               due="Date"))
def outcome_not_updated(t: Tracker) -> Iterator[Finding]:
    """An interview still marked Scheduled after its date."""
    iv = t.interviews
    stale = (iv["Outcome"] == "Scheduled") & within(iv["Date"], last=shifted(t.today, -1))
    for row in records(iv[stale]):
        yield found(t, "outcome-not-updated", row["Contact"], row["_row"],
                    f"Interview with {named(row['Contact'])} on {row['Date']} is still marked Scheduled: "
                    "mark it Held, Cancelled or Rescheduled", row["Date"])


@rule(RuleInfo("interview-prep", "info", "Prepare",
               "An interview coming up within the Prep Reminder days that is not marked Prepared.",
               "Interviews", "Prepared",
               flags="an upcoming interview within Prep Reminder days that is not marked Prepared Yes",
               due="Date"))
def interview_prep(t: Tracker) -> Iterator[Finding]:
    """An upcoming interview within the prep reminder that is not marked Prepared."""
    for row, starts in t.unprepared_interviews:
        if t.today >= starts:
            when = "today" if row["Date"] == t.today else f"on {row['Date']}"
            yield found(t, "interview-prep", row["Contact"], row["_row"],
                        f"Prepare for your interview with {named(row['Contact'])} {when}: research them and write your questions",
                        row["Date"])


# -------------------------------------------------------------------- Promises
@rule(
    RuleInfo("my-promise-overdue", "error", "Keep your promises",
             "Something the seeker offered to do for a contact that is past its due date.",
             "Promises", "Done On",
             flags='a promise Direction "I offered", Done On blank, past due',
             due="Due Date, else Made On + Promise Window"),
    RuleInfo("their-offer-pending", "warning", "Remind them gently",
             "Something a contact offered (an introduction, say) that has not happened by its due date.",
             "Promises", "Done On",
             flags='a promise Direction "They offered", Done On blank, past due: time for a gentle reminder',
             due="Due Date, else Made On + Promise Window"),
)
def promises(t: Tracker) -> Iterator[Finding]:
    """Open promises past due, in both directions; undated promises are a data finding."""
    sheet = t.sheet("Promises")
    frame, bad = sheet.frame, sheet.bad
    undated = frame["Due Date"].isna() & frame["Made On"].isna() & ~bad["Due Date"] & ~bad["Made On"]
    for contact, excel_row in zip(frame["Contact"][undated].tolist(), frame["_row"][undated].tolist()):
        yield found(t, "data-missing-value", contact, excel_row,
                    "This promise has neither a Due Date nor a Made On date; add one so it can be tracked",
                    where=("Promises", "Due Date"))
    for row, due in t.open_promises:
        if not due < t.today:
            continue
        what = row["Promise"] or "a promise"
        if row["Direction"] == "I offered":
            yield found(t, "my-promise-overdue", row["Contact"], row["_row"],
                        f"You promised {named(row['Contact'])}: {what} ({lateness(t.today, due)})", due)
        else:
            yield found(t, "their-offer-pending", row["Contact"], row["_row"],
                        f"{named(row['Contact'])} offered: {what} ({lateness(t.today, due)}); a gentle reminder is fine", due)


# -------------------------------------------------------------------- Contacts
@rule(RuleInfo("follow-up-due", "warning", "Get back in touch",
               "A contact not touched for their follow-up interval (about three touches a year); "
               "an error past twice the interval.",
               "Contacts", "Name",
               flags=("a contact with a held interview, not Dormant or Do not contact, no upcoming interview, not "
                      "snoozed (Snooze Until blank or before today), past due; an error once today is past last touch "
                      "+ twice the interval. The interval is the contact's Follow Up Every, else the setting"),
               due="last touch + interval"))
def follow_up_due(t: Tracker) -> Iterator[Finding]:
    """A met contact not touched for the follow-up interval (error past twice the interval)."""
    for contact, last, due in t.follow_up_schedule:
        snooze = contact["Snooze Until"]
        if (snooze is not None and snooze >= t.today) or not t.today > due:
            continue
        severity = "error" if t.today > shifted(last, 2 * t.interval(contact)) else "warning"
        yield found(t, "follow-up-due", contact["Name"], contact["_row"],
                    f"Get back in touch with {contact['Name']}: last touch {last}, follow-up {lateness(t.today, due)}",
                    due, severity=severity)


@rule(RuleInfo("too-many-follow-ups", "warning", "Give them some room",
               "More follow-ups with one contact in the last 12 months than Max Follow-Ups per Year: "
               "keeping in touch should not become pushy.",
               "Contacts", "Name",
               flags=("more Follow-Ups rows (other than thank-you notes) in the 365 days ending today than Max "
                      "Follow-Ups per Year"),
               due="none"))
def too_many_follow_ups(t: Tracker) -> Iterator[Finding]:
    """More follow-ups in the last 365 days than the yearly maximum."""
    counts = t.follow_ups_last_year
    limit = t.setting("Max Follow-Ups per Year")
    for key, count in counts.items():
        contact = t.contacts_by_key.get(key)
        if count > limit and contact is not None:
            yield found(t, "too-many-follow-ups", contact["Name"], contact["_row"],
                        f"{plural(int(count), 'follow-up')} with {contact['Name']} in the last 12 months "
                        f"(the norm is {limit}); give them some room")


@rule(RuleInfo("missing-contact-details", "warning", "Add contact details",
               "A contact with an interview but no email, mailing address or LinkedIn: nowhere to send a thank-you.",
               "Contacts", "Email",
               flags=("a contact with an interview that was not cancelled, and no Email, Mailing Address or LinkedIn: "
                      "nowhere to send a thank-you"),
               due="none"))
def missing_contact_details(t: Tracker) -> Iterator[Finding]:
    """A contact you are interviewing with no email, mailing address or LinkedIn."""
    iv = t.interviews
    active = set(iv.loc[iv["Outcome"] != "Cancelled", "key"].dropna())
    for contact in t.contact_records:
        key = contact["key"]
        if key in active and all(contact[h] is None for h in ("Email", "Mailing Address", "LinkedIn")):
            yield found(t, "missing-contact-details", contact["Name"], contact["_row"],
                        f"No email, mailing address or LinkedIn for {contact['Name']}: nowhere to send a thank-you")


@rule(RuleInfo("share-the-news", "warning", "Share your news",
               "The seeker has landed a job (Landed Job On) and a contact who helped before it has not heard yet.",
               "Contacts", "Name",
               flags=("once Landed Job On has come: a contact with a held interview before it, not Do not contact, "
                      "with no Follow-Ups row dated on or after it"),
               due="Landed Job On"))
def share_the_news(t: Tracker) -> Iterator[Finding]:
    """After landing a job, everyone you interviewed with before it should hear the news."""
    landed = t.setting("Landed Job On")
    if landed is None or landed > t.today:
        return
    iv, fu = t.interviews, t.follow_ups
    helped = set(iv.loc[iv["held"] & within(iv["Date"], last=shifted(landed, -1)), "key"].dropna())
    told = set(fu.loc[within(fu["Date"], first=landed), "key"].dropna())
    for contact in t.contact_records:
        key = contact["key"]
        if key in helped and key not in told and contact["Relationship"] != "Do not contact":
            yield found(t, "share-the-news", contact["Name"], contact["_row"],
                        f"Tell {contact['Name']} about your new job (landed on {landed}) and thank them", landed)


@rule(RuleInfo("linkedin-not-connected", "info", "Connect on LinkedIn",
               "A contact the seeker has thanked but not yet connected with on LinkedIn.",
               "Contacts", "Connected on LinkedIn",
               flags=("a contact who has been thanked (a Thank-You Sent date) but is not Connected on LinkedIn Yes, "
                      "and is not Do not contact"),
               due="none"))
def linkedin_not_connected(t: Tracker) -> Iterator[Finding]:
    """A contact you have thanked but not connected with on LinkedIn."""
    iv = t.interviews
    thanked = set(iv.loc[iv["Thank-You Sent"].notna(), "key"].dropna())
    for contact in t.contact_records:
        key = contact["key"]
        if contact["bad:Connected on LinkedIn"] or contact["bad:Relationship"]:
            continue
        if key in thanked and contact["Connected on LinkedIn"] != "Yes" and contact["Relationship"] != "Do not contact":
            yield found(t, "linkedin-not-connected", contact["Name"], contact["_row"],
                        f"Connect with {contact['Name']} on LinkedIn (you have thanked them; mark Yes once connected)")


# ----------------------------------------------------------------------- Leads
@rule(RuleInfo("lead-not-contacted", "warning", "Reach out to leads",
               f"Someone a contact suggested talking to, not contacted within the Lead Window "
               f"({by_default('Lead Window (days)', 'days')}).",
               "Leads", "Status",
               flags="a lead whose Status is blank or To contact, past due",
               due="Suggested On (else the latest held interview with Suggested By) + Lead Window"))
def lead_not_contacted(t: Tracker) -> Iterator[Finding]:
    """A suggested person not contacted within the lead window."""
    for lead, start, due in t.open_leads:
        if t.today > due:
            yield found(t, "lead-not-contacted", lead["Name"], lead["_row"],
                        f"Reach out to {named(lead['Name'])}, suggested by {lead['Suggested By']} on {start} "
                        f"({lateness(t.today, due)})", due)


@rule(RuleInfo("report-back", "warning", "Report back",
               "The seeker reached out to someone a contact suggested, and has not told that contact how it went "
               f"within the Promise Window ({by_default('Promise Window (days)', 'days')}).",
               "Leads", "Contacted On",
               flags=("a lead contacted on or before today whose Suggested By is a contact (not Do not contact) who "
                      "has not been told how it went: no Follow-Ups row with them dated on or after Contacted On whose "
                      "Type is Report back or whose Summary names the lead (as names are matched); past due"),
               due="Contacted On + Promise Window"))
def report_back(t: Tracker) -> Iterator[Finding]:
    """A contacted lead whose suggester has not heard how it went."""
    for lead, suggester, due in t.reports_owed:
        if t.today > due:
            yield found(t, "report-back", suggester["Name"], lead["_row"],
                        f"Tell {suggester['Name']} how it went with {named(lead['Name'])} (contacted on {lead['Contacted On']}): "
                        f"report back {lateness(t.today, due)}", due)


# ------------------------------------------------------------ data consistency
@checks("data-duplicate-contact", "data-unknown-contact")
def contact_names(t: Tracker) -> Iterator[Finding]:
    """Names repeated in Contacts, and names elsewhere that are not in Contacts."""
    # On plain lists, and rows made only for the names found wanting: a tracker usually has none, and a caseload
    # of small trackers spent a tenth of its review on masks and filtered frames here.
    contacts = t.sheet("Contacts").frame
    known: set[str] = set()
    repeated = []
    for index, key in enumerate(name_key_list(contacts["Name"].tolist())):
        if key is not None:
            if key in known:
                repeated.append(index)
            known.add(key)
    for row in records(contacts.iloc[repeated]) if repeated else ():
        yield found(t, "data-duplicate-contact", row["Name"], row["_row"],
                    f"{row['Name']} is already in Contacts above; merge the two rows (the first one counts)",
                    where=("Contacts", "Name"))
    hints: dict[str, str] = {}  # one suggestion per distinct unknown name: a big tracker repeats its typos
    for sheet_name, column in t.template.contact_columns:
        header, person = column.header, t.template.sheet(sheet_name).person_column.header
        frame = t.sheet(sheet_name).frame
        unknown = [index for index, key in enumerate(name_key_list(frame[header].tolist()))
                   if key is not None and key not in known]
        for row in records(frame.iloc[unknown]) if unknown else ():
            typed = row[header]
            if typed not in hints:
                hints[typed] = match_name(typed, contacts["Name"]).hint if len(hints) < SUGGESTED_NAMES else ""
            yield found(t, "data-unknown-contact", row[person], row["_row"],
                        f"{header} '{typed}' is not in Contacts{hints[typed] or '; add them there or fix the spelling'}",
                        where=(sheet_name, header))


# ------------------------------------------------------------ what is registered
__all__ = ["action_for", "all_rules", "rule_functions"]  # what the views ask of the registered rules


def rule_functions() -> list[Callable]:
    """Each registered function once, in registration order (one function may yield several rules)."""
    return list(dict.fromkeys(RULES.values()))


def all_rules() -> list[RuleInfo]:
    """Every declared rule, the data findings first, then the rules in the order they are defined."""
    return list(RULE_INFO.values())
