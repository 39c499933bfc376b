"""What each nudge says: thank-you, reminder of their offer, update, news and report-back, and several as one note.

Every note follows the shape the career advice gives a thank-you: gratitude
first, one or two specifics from the workbook, a forward-looking close, and
the seeker's name, email and LinkedIn (`drafts.Letter`). The seeker's own
notes about the reader are put in the seeker's voice (`voice.py`). Whom each
note goes to is decided in `planner.py`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping

from toolkit.notes.drafts import Drafting, Letter, joined, long_date, one_line, phrase, safe_file_part, split_takeaways
from toolkit.review.model import named
from toolkit.workbook.schema import normalize_name

# The order drafts are listed in, and lead a note that holds several: news of the seeker before a request of them.
KINDS = ("thank-you", "news", "report-back", "update", "reminder")
FORMAT_PHRASES = {"In person": "meet with me", "Video": "speak with me by video", "Phone": "speak with me on the phone"}
NEXT_STEP = "Next Step I'll Take"


class AfterAConversation(Letter):
    """A note that draws on one held interview with the contact (dated by it unless another date is given)."""

    def __init__(self, book: Drafting, person: Mapping, interview: dict | None, date: dt.date | None = None):
        super().__init__(book, person, date or interview["Date"])
        self.interview = interview

    def takeaways(self) -> list[str]:
        """The interview's Key Takeaways, each in the seeker's voice speaking to the contact."""
        if self.interview is None:
            return []
        text = self.interview["Key Takeaways"]  # reworded whole: a name in one point may be whom a pronoun in the next means
        return split_takeaways(self.own(text, "Interviews", "Key Takeaways", self.interview["_row"], lines=True) if text else None)

    def their_offers(self, past_due: bool = False) -> str | None:
        """What the contact offered and has not done yet (only what is past due, if asked), as one phrase: 'introduce me to Marcus Webb'."""
        offers = [phrase(self.own(row["Promise"], "Promises", "Promise", row["_row"]))
                  for row, due in self.book.offers.get(self.person["key"], []) if not past_due or due < self.ctx.today]
        return joined(offers) if offers else None


class ThankYou(AfterAConversation):
    """Thanks for one held interview: takeaways, the next step, a gentle reminder of their open offers."""

    nudge = "thank-you"

    def __init__(self, book: Drafting, person: Mapping, interview: dict, due: dt.date | None = None):
        super().__init__(book, person, interview)
        self.due = due

    def subject(self) -> str:
        return f"Thank you for our conversation on {long_date(self.date)} – {self.seeker()}"

    def paragraphs(self, also: bool = False) -> list[str]:
        row = self.interview["_row"]
        if also:
            parts = [f"Thank you also for our conversation on {long_date(self.date)}."]
        else:
            how = FORMAT_PHRASES.get(self.interview["Format"] or "", "speak with me")
            late = "I am sorry this note comes later than it should have. " if self.due is not None and self.ctx.today > self.due else ""
            parts = [f"{late}Thank you for taking the time to {how} on {long_date(self.date)}. "
                     "I really appreciated your openness and the advice you shared."]
        takeaways = self.takeaways()[:2]
        if not takeaways:
            takeaways = [self.blank(f"[one thing you learned from {self.greeting_name}]", "Interviews", "Key Takeaways", row)]
        if len(takeaways) == 1:
            parts.append(f"One thing I am taking away from our conversation: {phrase(takeaways[0])}.")
        else:
            parts.append("Two things I am taking away from our conversation:\n" + "\n".join(f"- {t[0].upper()}{t[1:]}" for t in takeaways))
        step = self.interview[NEXT_STEP]
        step = self.own(step, "Interviews", NEXT_STEP, row).rstrip(".") if step else self.blank(
            "[the next step you will take]", "Interviews", NEXT_STEP, row)
        parts.append(f"{step}." if re.match(r"I\b", step) else f"My next step is to {phrase(step)}.")  # "I will email Sam" stays
        offers = None if also else self.their_offers()
        if offers:
            parts.append(f"You kindly offered to {offers}. Whenever it suits you, I would be very grateful.")
        return parts


class Reminder(AfterAConversation):
    """Once the thank-you has gone: a gentle reminder of what they offered and have not done yet."""

    nudge = "reminder"

    def subject(self) -> str:
        return f"Following up on your kind offer – {self.seeker()}"

    def paragraphs(self, also: bool = False) -> list[str]:
        offers = self.their_offers(past_due=self.date < self.ctx.today) or self.their_offers() or "[what they offered]"
        if also:
            return [f"When we spoke, you kindly offered to {offers}. Whenever it suits you, I would be very grateful."]
        parts = ["I hope you are well."]
        if self.interview is not None:
            takeaways = self.takeaways()
            parts[0] += f" Thank you again for our conversation on {long_date(self.interview['Date'])}"
            parts[0] += f": I keep coming back to what you said, that {phrase(takeaways[0])}." if takeaways else "."
        parts.append(f"When we spoke, you kindly offered to {offers}. I know how busy things get, so there is no rush: "
                     "whenever it suits you, I would be very grateful.")
        return parts


class Update(AfterAConversation):
    """A keep-in-touch note: when you met, one takeaway, what you have done since, an optional article."""

    nudge = "update"
    card_close = "Best wishes,"

    def subject(self) -> str:
        return f"A quick update since we spoke – {self.seeker()}"

    def _since(self) -> str:
        step, step_cell = self.interview[NEXT_STEP], self.cell("Interviews", NEXT_STEP, self.interview["_row"])
        plan = f" (you planned to {phrase(step)})" if step else ""
        return self.placeholder(
            f"[what you have done since we spoke{plan}]",
            f"what you have done since is not in the workbook ({'your plan is in' if step else 'and your plan is blank in'} {step_cell})")

    def paragraphs(self, also: bool = False) -> list[str]:
        if also:
            return [f"I also wanted to let you know how things are going. Since we spoke, {self._since()}."]
        takeaways = self.takeaways()
        takeaway = phrase(takeaways[0]) if takeaways else self.blank(
            f"[one thing you learned from {self.greeting_name}]", "Interviews", "Key Takeaways", self.interview["_row"])
        since = self._since()
        article = self.placeholder("[optional: a link to an article you think they would enjoy]",
                                   "an article to share is up to you", "add one or delete that line before sending")
        return [f"I hope you are well. Thank you again for our conversation in {self.interview['Date']:%B %Y}: "
                f"one thing you told me has stayed with me, that {takeaway}.",
                f"I wanted to let you know how things are going. Since we spoke, {since}.",
                f"I came across this and thought of you: {article}"]

    def close(self) -> str:
        where = f" at {one_line(self.person['Organization'])}" if self.person["Organization"] else ""
        what = "the new role" if self.book.landed else "my search"
        return f"I would love to hear how things are going{where}, and I will keep you posted on how {what} goes."


class News(AfterAConversation):
    """The job news, thanking them for what they did: offers they kept, advice they gave."""

    nudge = "news"

    def subject(self) -> str:
        return f"Some good news, and thank you – {self.seeker()}"

    def paragraphs(self, also: bool = False) -> list[str]:
        role = self.setting("New Role", "[your new role]")
        employer = self.setting("New Employer", "[your new employer]")
        if also:
            parts = [f"I also have some good news: I have accepted a position as {role} at {employer}."]
        else:
            parts = [f"Thank you again for the help you gave me during my job search. I am delighted to tell you "
                     f"that I have accepted a position as {role} at {employer}."]
        kept = [phrase(self.own(row["Promise"], "Promises", "Promise", row["_row"]))
                for row in self.ctx.promises_by_contact.get(self.person["key"], [])
                if row["Direction"] == "They offered" and row["Done On"] is not None and row["Promise"]]
        if kept:
            parts.append(f"I am especially grateful that you took the time to {joined(kept)}.")
        if also:
            return parts
        takeaways = self.takeaways()
        if takeaways:
            parts.append(f"Your advice stayed with me throughout: {phrase(takeaways[0])}.")
        elif not kept:
            parts.append(self.blank(f"[something {self.greeting_name} did that helped you]",
                                    "Interviews", "Key Takeaways", self.interview["_row"]))
        return parts


class ReportBack(Letter):
    """To the contact who suggested a lead: you followed their suggestion, how it went, and thanks."""

    nudge = "report-back"

    def __init__(self, book: Drafting, person: Mapping, lead: dict):
        super().__init__(book, person, lead["Contacted On"])
        self.lead = lead
        self.lead_name = one_line(named(lead["Name"]))

    def label(self) -> str:
        return f"{self.nudge} on {safe_file_part(self.lead_name)}"

    def subject(self) -> str:
        return f"Thank you for suggesting I talk to {self.lead_name} – {self.seeker()}"

    def paragraphs(self, also: bool = False) -> list[str]:
        lead, first = self.lead, self.lead_name.split()[0]
        at = f" at {one_line(lead['Organization'])}" if lead["Organization"] else ""
        if also:
            parts = [f"Thank you also for suggesting I talk to {self.lead_name}{at}: I reached out to {first} on {long_date(self.date)}."]
        else:
            parts = [f"Thank you again for suggesting I talk to {self.lead_name}{at}. "
                     f"I wanted to let you know that I followed up: I reached out to {first} on {long_date(self.date)}."]
        thanks = "" if also else " Thank you for pointing me to them."
        mine = self.ctx.interviews_of(normalize_name(lead["Name"])) if lead["Name"] else []
        held, upcoming = [r for r in mine if r["held"]], [r for r in mine if r["upcoming"]]
        if held:
            spoke = held[-1]
            takeaways = split_takeaways(spoke["Key Takeaways"])  # about the lead, not the reader: kept as written
            learned = phrase(takeaways[0]) if takeaways else self.blank(
                f"[one thing you learned from {first}]", "Interviews", "Key Takeaways", spoke["_row"])
            parts.append(f"We spoke on {long_date(spoke['Date'])}, and one thing I learned is that {learned}.{thanks}")
        elif upcoming:
            parts.append(f"We are speaking on {long_date(upcoming[0]['Date'])}.{thanks}")
        else:
            how = self.placeholder(
                f"[how it went with {first}]",
                f"Interviews has no conversation with {self.lead_name} (the lead in {self.cell('Leads', 'Name', lead['_row'])})")
            parts.append(f"{how}{thanks}")
        return parts


class Together(Letter):
    """Several notes owed to one person on one day, as one: the first kind leads, the others follow as 'also'."""

    def __init__(self, parts: list[Letter]):
        lead = parts[0]
        super().__init__(lead.book, lead.person, lead.date)
        self.parts = parts
        self.nudge = lead.nudge
        self.card_close = lead.card_close
        self._kinds = tuple(dict.fromkeys(part.nudge for part in parts))
        for part in parts:
            part.warnings = self.warnings  # one list, in the order the note reads

    @property
    def kinds(self) -> tuple[str, ...]:
        return self._kinds

    def label(self) -> str:
        return " and ".join(self.kinds)

    def subject(self) -> str:
        return self.parts[0].subject()

    def paragraphs(self, also: bool = False) -> list[str]:
        found = self.parts[0].paragraphs()
        for part in self.parts[1:]:
            found += part.paragraphs(also=True)
        return found

    def close(self) -> str:
        return self.parts[0].close()
