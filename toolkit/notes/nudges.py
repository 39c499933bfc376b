"""What each nudge says, and to whom: thank-you, update, news and report-back drafts.

Whom to write to comes from what `check` flags, so no rule is computed twice:
thank-yous from `Tracker.pending_thank_yous` (every one is due or overdue),
updates from follow-up-due findings, news from share-the-news findings, and
report-backs from report-back findings with their lead from
`Tracker.reports_owed`. Every note follows the shape the career advice gives
a thank-you: gratitude first, one or two specifics from the workbook, a soft
forward-looking close, and the seeker's name, email and LinkedIn
(`drafts.Letter`).
"""

from __future__ import annotations

import datetime as dt
import re

from toolkit.errors import ContactUnknown
from toolkit.notes.drafts import DraftPlan, Letter, joined, long_date, one_line, phrase, safe_file_part, split_takeaways
from toolkit.review.findings import Report
from toolkit.review.model import Tracker, named, records
from toolkit.workbook.schema import closest, normalize_name

KINDS = ("thank-you", "report-back", "update", "news")  # the order drafts are listed in
FLAGGED_BY = {"update": "follow-up-due", "news": "share-the-news", "report-back": "report-back"}  # kind -> rule
FORMAT_PHRASES = {"In person": "meet with me", "Video": "speak with me by video", "Phone": "speak with me on the phone"}
NEXT_STEP = "Next Step I'll Take"


class AfterAConversation(Letter):
    """A note that draws on one held interview with the contact (dated by it unless another date is given)."""

    def __init__(self, ctx: Tracker, person: dict, interview: dict, date: dt.date | None = None):
        super().__init__(ctx, person, date or interview["Date"])
        self.interview = interview


class ThankYou(AfterAConversation):
    """Thanks for one held interview: takeaways, the next step, a gentle reminder of their open offers."""

    nudge = "thank-you"

    def subject(self) -> str:
        return f"Thank you for our conversation on {long_date(self.date)} – {self.seeker()}"

    def paragraphs(self) -> list[str]:
        interview, row = self.interview, self.interview["_row"]
        how = FORMAT_PHRASES.get(interview["Format"] or "", "speak with me")
        parts = [f"Thank you for taking the time to {how} on {long_date(self.date)}. "
                 "I really appreciated your openness and the advice you shared."]
        takeaways = split_takeaways(interview["Key Takeaways"])[:2]
        if not takeaways:
            takeaways = [self.blank(f"[one thing you learned from {self.greeting_name}]", "Interviews", "Key Takeaways", row)]
        if len(takeaways) == 1:
            parts.append(f"One thing I am taking away from our conversation: {takeaways[0]}.")
        else:
            parts.append("Two things I am taking away from our conversation:\n" + "\n".join(f"- {t[0].upper()}{t[1:]}" for t in takeaways))
        step = interview[NEXT_STEP]
        step = one_line(step).rstrip(".") if step else self.blank("[the next step you will take]", "Interviews", NEXT_STEP, row)
        if re.match(r"I\b", step):  # already a sentence of the seeker's own: "I will email Sam"
            parts.append(f"{step}.")
        else:
            parts.append(f"My next step is to {phrase(step)}.")
        offers = [phrase(row["Promise"]) for row, _due in self.ctx.open_promises
                  if row["Direction"] == "They offered" and _is(row["Contact"], self.person) and row["Promise"]]
        if offers:
            parts.append(f"You kindly offered to {joined(offers)}. Whenever it suits you, I would be very grateful.")
        parts.append("If there is anything I can do to help you in return, please let me know. "
                     "I will keep you posted on how my search goes.")
        return parts


class Update(AfterAConversation):
    """A keep-in-touch note: when you met, one takeaway, what you have done since, an optional article."""

    nudge = "update"
    card_close = "Best wishes,"

    def subject(self) -> str:
        return f"A quick update since we spoke – {self.seeker()}"

    def paragraphs(self) -> list[str]:
        interview, row = self.interview, self.interview["_row"]
        takeaways = split_takeaways(interview["Key Takeaways"])
        takeaway = phrase(takeaways[0]) if takeaways else self.blank(
            f"[one thing you learned from {self.greeting_name}]", "Interviews", "Key Takeaways", row)
        step, step_cell = interview[NEXT_STEP], self.cell("Interviews", NEXT_STEP, row)
        plan = f" (you planned to {phrase(step)})" if step else ""
        since = self.placeholder(
            f"[what you have done since we spoke{plan}]",
            f"what you have done since is not in the workbook ({'your plan is in' if step else 'and your plan is blank in'} {step_cell})")
        article = self.placeholder("[optional: a link to an article you think they would enjoy]",
                                   "an article to share is up to you", "add one or delete that line before sending")
        where = f" at {one_line(self.person['Organization'])}" if self.person["Organization"] else ""
        return [f"I hope you are well. Thank you again for our conversation in {self.date:%B %Y}: "
                f"one thing you told me has stayed with me, that {takeaway}.",
                f"I wanted to let you know how things are going. Since we spoke, {since}.",
                f"I came across this and thought of you: {article}",
                f"I would love to hear how things are going{where}. Thank you again for your help."]


class News(AfterAConversation):
    """The job news, thanking them for what they did: offers they kept, advice they gave."""

    nudge = "news"

    def subject(self) -> str:
        return f"Some good news, and thank you – {self.seeker()}"

    def paragraphs(self) -> list[str]:
        role = self.setting("New Role", "[your new role]")
        employer = self.setting("New Employer", "[your new employer]")
        parts = [f"Thank you again for the help you gave me during my job search. I am delighted to tell you "
                 f"that I have accepted a position as {role} at {employer}."]
        kept = [phrase(row["Promise"]) for row in self.ctx.promises_by_contact.get(self.person["key"], [])
                if row["Direction"] == "They offered" and row["Done On"] is not None and row["Promise"]]
        if kept:
            parts.append(f"I am especially grateful that you took the time to {joined(kept)}.")
        takeaways = split_takeaways(self.interview["Key Takeaways"])
        if takeaways:
            parts.append(f"Your advice stayed with me throughout: {phrase(takeaways[0])}.")
        elif not kept:
            parts.append(self.blank(f"[something {self.greeting_name} did that helped you]",
                                    "Interviews", "Key Takeaways", self.interview["_row"]))
        parts.append("I hope we can stay in touch, and if there is ever anything I can do for you, please let me know.")
        return parts


class ReportBack(Letter):
    """To the contact who suggested a lead: you followed their suggestion, how it went, and thanks."""

    nudge = "report-back"

    def __init__(self, ctx: Tracker, person: dict, lead: dict):
        super().__init__(ctx, person, lead["Contacted On"])
        self.lead = lead
        self.lead_name = one_line(named(lead["Name"]))

    def file_name(self, suffix: str) -> str:
        return super().file_name(f" on {safe_file_part(self.lead_name)}{suffix}")

    def subject(self) -> str:
        return f"Thank you for suggesting I talk to {self.lead_name} – {self.seeker()}"

    def paragraphs(self) -> list[str]:
        lead, first = self.lead, self.lead_name.split()[0]
        at = f" at {one_line(lead['Organization'])}" if lead["Organization"] else ""
        parts = [f"Thank you again for suggesting I talk to {self.lead_name}{at}. "
                 f"I wanted to let you know that I followed up: I reached out to {first} on {long_date(self.date)}."]
        held, upcoming = _interviews_with(self.ctx, lead["Name"])
        if held:
            spoke = held[-1]
            takeaways = split_takeaways(spoke["Key Takeaways"])
            learned = phrase(takeaways[0]) if takeaways else self.blank(
                f"[one thing you learned from {first}]", "Interviews", "Key Takeaways", spoke["_row"])
            parts.append(f"We spoke on {long_date(spoke['Date'])}, and one thing I learned is that {learned}.")
        elif upcoming:
            parts.append(f"We are speaking on {long_date(upcoming[0]['Date'])}.")
        else:
            parts.append(self.placeholder(
                f"[how it went with {first}]",
                f"Interviews has no conversation with {self.lead_name} (the lead in {self.cell('Leads', 'Name', lead['_row'])})"))
        parts.append("Thank you for pointing me to them. I will keep you posted on how my search goes, "
                     "and if there is anything I can do for you, please let me know.")
        return parts


def plan_nudges(ctx: Tracker, report: Report, kind: str = "all", contact: str | None = None) -> DraftPlan:
    """Drafts for every nudge of `kind` that `check` flags as due, or with `contact` (and a kind) for that contact anyway."""
    kinds = KINDS if kind == "all" else (kind,)
    key = _known_key(ctx, contact) if contact is not None else None
    letters: list[Letter | str] = []  # a str: why a note that is due cannot be drafted
    if key is None or kind == "all":
        for nudge in kinds:
            letters += [item for item in _due(ctx, report, nudge) if key is None or _to(item) == key]
        if kind == "all":  # the news is the update: one note, not two
            news_to = {_to(item) for item in letters if isinstance(item, News)}
            letters = [item for item in letters if not (isinstance(item, Update) and _to(item) in news_to)]
    else:
        letters.append(_forced(ctx, kind, key))
    drafts, unreachable = [], []
    for letter in letters:
        if isinstance(letter, str):
            unreachable.append(letter)
        elif letter.person["Email"] or letter.person["Mailing Address"]:
            drafts.append(letter.draft())
        else:
            unreachable.append(f"No {letter.nudge} draft for {letter.name}: {letter.cell('Contacts', 'Email', letter.person['_row'])} "
                               "has no Email and there is no Mailing Address; add one and run again")
    return DraftPlan(drafts, unreachable)


def _due(ctx: Tracker, report: Report, nudge: str) -> list[Letter | str]:
    """Each note of this kind that check flags, oldest first (a str for one that cannot be drafted)."""
    found: list[Letter | str] = []
    if nudge == "thank-you":
        for interview, _due in sorted(ctx.pending_thank_yous, key=lambda item: (item[0]["Date"], item[0]["_row"])):
            if interview["key"] in ctx.contacts.index:
                found.append(ThankYou(ctx, _person(ctx, interview["key"]), interview))
            else:
                found.append(f"No draft for {named(interview['Contact'])} (Interviews row {interview['_row']}): "
                             "they are not in Contacts; add them there")
        return found
    flagged = sorted((f for f in report.findings if f.rule == FLAGGED_BY[nudge]), key=lambda f: (f.due, f.row))
    leads = {lead["_row"]: lead for lead, _suggester, _due in ctx.reports_owed}
    for finding in flagged:
        key = normalize_name(finding.contact)
        if nudge == "report-back":
            found.append(ReportBack(ctx, _person(ctx, key), leads[finding.row]))
        else:
            landed = ctx.setting("Landed Job On") if nudge == "news" else None
            found.append(_letter(ctx, nudge, _person(ctx, key), _latest_held(ctx, key, before=landed)))
    return found


def _to(item: Letter | str) -> str | None:
    """The contact key a note goes to (None for a note that cannot be drafted)."""
    return None if isinstance(item, str) else item.person["key"]


def _letter(ctx: Tracker, nudge: str, person: dict, interview: dict) -> Letter:
    """A thank-you for the interview; an update dated by the last touch; the news dated by Landed Job On."""
    if nudge == "update":
        return Update(ctx, person, interview, ctx.last_touch.get(person["key"]))
    if nudge == "news":
        return News(ctx, person, interview, ctx.setting("Landed Job On"))
    return ThankYou(ctx, person, interview)


def _forced(ctx: Tracker, nudge: str, key: str) -> Letter:
    """The note of this kind for one contact, whether or not it is due."""
    person = _person(ctx, key)
    if nudge == "report-back":
        leads = [lead for lead in records(ctx.sheet("Leads").frame) if lead["Contacted On"] is not None
                 and lead["Contacted On"] <= ctx.today and _is(lead["Suggested By"], person)]
        if not leads:
            raise ContactUnknown(f"no lead suggested by {person['Name']} has a Contacted On date in Leads, so there is nothing to report back")
        return ReportBack(ctx, person, max(leads, key=lambda lead: (lead["Contacted On"], lead["_row"])))
    interview = _latest_held(ctx, key)
    if interview is None:
        why = "to thank them for" if nudge == "thank-you" else f"for a {nudge} draft to recall"
        raise ContactUnknown(f"{person['Name']} has no held interview in Interviews {why}")
    return _letter(ctx, nudge, person, interview)


def _known_key(ctx: Tracker, name: str) -> str:
    key = normalize_name(name)
    if key not in ctx.contacts.index:
        meant = closest(name, ctx.contacts["Name"])
        hint = f"; did you mean {meant!r}?" if meant else ""
        raise ContactUnknown(f"no contact named {name!r} in Contacts{hint}")
    return key


def _person(ctx: Tracker, key: str) -> dict:
    return dict(ctx.contacts_by_key[key])  # a copy: a letter may not change what other letters read


def _is(name, person: dict) -> bool:
    return bool(name) and normalize_name(name) == person["key"]


def _latest_held(ctx: Tracker, key: str, before: dt.date | None = None) -> dict | None:
    """The contact's latest held interview (before a date, if given)."""
    held = [r for r in ctx.interviews_of(key) if r["held"] and (before is None or r["Date"] < before)]
    return held[-1] if held else None


def _interviews_with(ctx: Tracker, name) -> tuple[list[dict], list[dict]]:
    """Held interviews (oldest first) and upcoming ones (soonest first) with someone named like a lead."""
    mine = ctx.interviews_of(normalize_name(name)) if name else []
    return [r for r in mine if r["held"]], [r for r in mine if r["upcoming"]]
