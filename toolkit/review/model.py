"""The tracker as of a day: what the rules, drafts, reminders and overviews read.

`Tracker(data, today)` wraps the workbook as read (`reader.TrackerData`) and
derives, once each, the frames and schedules everything else uses: contacts
keyed by normalised name, interviews marked held or upcoming, last touches,
and what is owed by when (thank-yous, promises, follow-ups, prep, leads).
Nothing here decides what is a finding; `rules.py` does that.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

from toolkit.review.reader import SheetData, TrackerData, bad_flags, column_flags, records_with_bad, with_bad
from toolkit.workbook.schema import Template, load_template, normalize_name

NO_REMINDERS = load_template().quiet_relationships  # relationships that get no keep-in-touch reminders
NOT_IN_WORDS = re.compile(r"[\W_]+")
REPORT_BACK = "Report back"  # the Follow-Ups Type that tells a suggester how it went
FIRST_ORDINAL, LAST_ORDINAL = dt.date.min.toordinal(), dt.date.max.toordinal()


def shifted(day: dt.date, by_days: int) -> dt.date:
    """`day` moved by a whole number of days, held at the calendar's ends instead of overflowing.

    Every date sum goes through here: a value typed as 9999-12-31 or a window
    of 99999999 days must give a far-off date, never an OverflowError.
    """
    ordinal = day.toordinal() + int(by_days)
    return dt.date.fromordinal(min(max(ordinal, FIRST_ORDINAL), LAST_ORDINAL))


def _words(text) -> str:
    """Text as names are matched, its words between single spaces, to find a name inside it: ' told ravi kapoor it went well '."""
    words = NOT_IN_WORDS.sub(" ", normalize_name(text)).split()
    return f" {' '.join(words)} " if words else ""


def named(name) -> str:
    """A person's name for a message; a row with the name left blank still reads sensibly."""
    return name if name else "(name missing)"


def records(frame: pd.DataFrame) -> list[dict]:
    """Rows as dicts, through one object array: ten times faster than DataFrame.to_dict("records") on small frames."""
    columns = list(frame.columns)
    return [dict(zip(columns, values)) for values in frame.to_numpy(dtype=object).tolist()]


def name_keys(names: pd.Series) -> pd.Series:
    """Each name normalised (a blank stays None), kept as plain Python objects.

    pandas 3 would store the keys as its own string type, whose values it hands
    out one by one through slow indexing, and whose blank is NaN, not None.
    """
    return pd.Series(name_key_list(names.tolist()), index=names.index, dtype=object)


def name_key_list(names: list) -> list[str | None]:
    """`name_keys` of a plain list: each distinct name normalised once."""
    keys = {name: normalize_name(name) for name in set(names) if name is not None} | {None: None}
    return [keys[name] for name in names]


@dataclass
class Tracker:
    """The tracker as read, as of `today`."""

    data: TrackerData
    today: dt.date

    def sheet(self, name: str) -> SheetData:
        return self.data.sheets[name]

    @property
    def template(self) -> Template:
        return load_template()

    def setting(self, name: str):
        return self.data.settings[name]

    # ------------------------------------------------------------ derived data
    @cached_property
    def contacts(self) -> pd.DataFrame:
        """Contacts rows that are the contact (first occurrence of each name), keyed by normalised name."""
        sheet = self.sheet("Contacts")
        seen: set[str] = set()
        first, keys = [], []  # each name's first row, and its key
        for index, key in enumerate(name_key_list(sheet.frame["Name"].tolist())):
            if key is not None and key not in seen:
                seen.add(key)
                first.append(index)
                keys.append(key)
        frame = with_bad(sheet).iloc[first].assign(key=keys)
        frame.index = pd.Index(keys, name="key", dtype=object)
        return frame

    @cached_property
    def contact_records(self) -> list[dict]:
        """`contacts` as one dict per contact, made once for every rule and overview that walks them."""
        return records(self.contacts)

    @cached_property
    def contacts_by_key(self) -> dict[str, dict]:
        """Each contact's row by normalised name."""
        return {contact["key"]: contact for contact in self.contact_records}

    @cached_property
    def promises_by_contact(self) -> dict[str, list[dict]]:
        """Promises rows by the normalised name in Contact, in sheet order (read once for every draft)."""
        promises = self.sheet("Promises").frame
        found: dict[str, list[dict]] = {}
        for key, row in zip(name_keys(promises["Contact"]).tolist(), records(promises)):
            if key is not None:
                found.setdefault(key, []).append(row)
        return found

    @cached_property
    def interviews(self) -> pd.DataFrame:
        """Interviews with their contact key and whether each is held or upcoming (rows without a readable Date are neither)."""
        sheet, today = self.sheet("Interviews"), self.today
        frame = sheet.frame.copy()
        frame["key"] = name_key_list(frame["Contact"].tolist())
        # On lists: comparing dates in an object column is a Python loop inside pandas too, with more around it.
        held, upcoming = [], []
        for date, outcome, unreadable in zip(frame["Date"].tolist(), frame["Outcome"].tolist(),
                                             sheet.bad["Outcome"].tolist()):
            blank = outcome is None and not unreadable
            held.append(date is not None and (outcome == "Held" or blank and date <= today))
            upcoming.append(date is not None and (outcome == "Scheduled" and date >= today or blank and date > today))
        frame["held"] = held
        frame["upcoming"] = upcoming
        return frame

    @cached_property
    def follow_ups(self) -> pd.DataFrame:
        frame = self.sheet("Follow-Ups").frame.copy()
        frame["key"] = name_key_list(frame["Contact"].tolist())
        return frame

    @cached_property
    def last_touch(self) -> dict[str, dt.date]:
        """Per contact: latest held-interview Date, Thank-You Sent or Follow-Ups Date up to today."""
        # On plain lists: three masks, three frames and a concat cost more than the loop on any tracker a person keeps.
        iv, fu, today = self.interviews, self.follow_ups, self.today
        found: dict[str, dt.date] = {}

        def take(keys, dates) -> None:
            for key, date in zip(keys, dates):
                if key is not None and date is not None and date <= today and (key not in found or date > found[key]):
                    found[key] = date

        keys = iv["key"].tolist()
        take([key if held else None for key, held in zip(keys, iv["held"].tolist())], iv["Date"].tolist())
        take(keys, iv["Thank-You Sent"].tolist())
        take(fu["key"].tolist(), fu["Date"].tolist())
        return found

    @cached_property
    def _dated_interviews(self) -> tuple[dict[str, np.ndarray], dict[str, list[int]]]:
        """Interviews' columns, and per contact key the places of its dated rows in them, oldest first.

        Places, not rows: drafts recall a few contacts of thousands, and a copy of every row (20 MB at 100,000
        interviews, while the Status links were planned) cost more than the rest.
        """
        iv = self.interviews
        columns = {header: iv[header].to_numpy(dtype=object) for header in iv.columns}  # no copy for text and dates
        dates, rows, keys = columns["Date"], columns["_row"], columns["key"]
        dated = np.flatnonzero((iv["key"].notna() & iv["Date"].notna()).to_numpy()).tolist()
        found: dict[str, list[int]] = {}
        for at in sorted(dated, key=lambda at: (dates[at], rows[at])):
            found.setdefault(keys[at], []).append(at)
        return columns, found

    def interviews_of(self, key: str | None) -> list[dict]:
        """A contact's dated Interviews rows, oldest first (what the drafts recall); fresh dicts on every call."""
        columns, found = self._dated_interviews
        return [{header: values[at] for header, values in columns.items()} for at in found.get(key, ())]

    def latest_held(self, key: str | None, before: dt.date | None = None) -> dict | None:
        """The last of `interviews_of` that was held (before a date, if given), the one row made a dict."""
        columns, found = self._dated_interviews
        held, dates = columns["held"], columns["Date"]
        at = next((at for at in reversed(found.get(key, ())) if held[at] and (before is None or dates[at] < before)), None)
        return None if at is None else {header: values[at] for header, values in columns.items()}

    @cached_property
    def held_keys(self) -> set[str]:
        return self._keys_where("held")

    @cached_property
    def upcoming_keys(self) -> set[str]:
        return self._keys_where("upcoming")

    def _keys_where(self, flag: str) -> set[str]:
        """The contact keys of interviews whose `flag` column is True."""
        iv = self.interviews
        return {key for key, yes in zip(iv["key"].tolist(), iv[flag].tolist()) if yes and key is not None}

    def interval(self, contact: pd.Series) -> int:
        every = contact["Follow Up Every (days)"]
        return int(every) if every is not None else int(self.setting("Follow Up Every (days)"))

    def next_follow_up(self, contact: pd.Series) -> dt.date | None:
        """Last touch + interval for a contact that gets reminders at all, else None."""
        key = contact["key"]
        if key not in self.held_keys or contact["Relationship"] in NO_REMINDERS:
            return None
        last = self.last_touch.get(key)
        return shifted(last, self.interval(contact)) if last else None

    @cached_property
    def thank_you_window(self) -> int:
        """The thank-you window in whole days: ceil(hours / 24)."""
        return -(-self.setting("Thank-You Window (hours)") // 24)  # integer ceil: exact for any size

    @cached_property
    def follow_ups_last_year(self) -> dict[str, int]:
        """Per contact: Follow-Ups rows dated in the 365 days ending today, thank-you notes and unreadable Types excluded."""
        fu, today = self.follow_ups, self.today
        start = shifted(today, -364)
        counts: dict[str, int] = {}
        for key, kind, unreadable, date in zip(fu["key"].tolist(), fu["Type"].tolist(),
                                               bad_flags(self.sheet("Follow-Ups"), "Type").tolist(), fu["Date"].tolist()):
            counted = kind != "Thank-you note" if kind is not None else not unreadable
            if key is not None and counted and date is not None and start <= date <= today:
                counts[key] = counts.get(key, 0) + 1
        return dict(sorted(counts.items()))  # by key, as a groupby gave them

    def promise_due(self, row) -> dt.date | None:
        if row["Due Date"] is not None:
            return row["Due Date"]
        if row["Made On"] is not None:
            return shifted(row["Made On"], self.setting("Promise Window (days)"))
        return None

    # ------------------------------------------------------------- schedules
    # What is owed and by when, whatever today is. Each rule flags the part of
    # its schedule that today has reached; drafts and reminders use the same
    # schedules, so no rule is computed twice.

    @cached_property
    def pending_thank_yous(self) -> list[tuple[dict, dt.date]]:
        """Held interviews whose thank-you has not gone out, with the date it is due by."""
        iv = self.interviews
        pending = (column_flags(iv, "held") & iv["Thank-You Sent"].isna().to_numpy()
                   & ~bad_flags(self.sheet("Interviews"), "Thank-You Sent").to_numpy())
        return [(row, shifted(row["Date"], self.thank_you_window)) for row in records(iv.iloc[np.flatnonzero(pending)])]

    @cached_property
    def open_promises(self) -> list[tuple[dict, dt.date]]:
        """Promises with a Direction and no Done On, with their due date; undatable ones are left out."""
        sheet = self.sheet("Promises")
        frame, bad = sheet.frame, sheet.bad
        datable = (~column_flags(bad, "Done On") & ~column_flags(bad, "Due Date")
                   & (frame["Due Date"].notna().to_numpy() | ~column_flags(bad, "Made On")))
        open_ = frame["Direction"].notna().to_numpy() & frame["Done On"].isna().to_numpy() & datable
        found = []
        for row in records_with_bad(sheet, np.flatnonzero(open_)):
            due = self.promise_due(row)
            if due is not None:
                found.append((row, due))
        return found

    @cached_property
    def follow_up_schedule(self) -> list[tuple[dict, dt.date, dt.date]]:
        """(contact, last touch, due) for every contact who gets keep-in-touch reminders, snoozed or not."""
        found = []
        for contact in self.contact_records:
            if contact["bad:Relationship"] or contact["bad:Snooze Until"]:
                continue  # the rule needs these values
            key = contact["key"]
            if key not in self.held_keys or key in self.upcoming_keys or contact["Relationship"] in NO_REMINDERS:
                continue
            last = self.last_touch.get(key)
            if last is not None:
                found.append((contact, last, shifted(last, self.interval(contact))))
        return found

    @cached_property
    def unprepared_interviews(self) -> list[tuple[dict, dt.date]]:
        """Upcoming interviews not marked Prepared, with the day the prep reminder starts."""
        iv = self.interviews
        unprepared = (column_flags(iv, "upcoming") & (iv["Prepared"] != "Yes").to_numpy()
                      & ~bad_flags(self.sheet("Interviews"), "Prepared").to_numpy())
        lead_time = self.setting("Prep Reminder (days)")
        return [(row, shifted(row["Date"], -lead_time)) for row in records(iv.iloc[np.flatnonzero(unprepared)])]

    @cached_property
    def open_leads(self) -> list[tuple[dict, dt.date, dt.date]]:
        """(lead, start, due) for leads still to contact: start is Suggested On, else the suggester's latest held interview."""
        iv = self.interviews
        latest_held: dict[str, dt.date] = {}
        for key, held, date in zip(iv["key"].tolist(), iv["held"].tolist(), iv["Date"].tolist()):
            if held and key is not None and (key not in latest_held or date > latest_held[key]):
                latest_held[key] = date
        window = self.setting("Lead Window (days)")
        found = []
        for lead in records_with_bad(self.sheet("Leads")):
            if lead["bad:Status"] or lead["bad:Suggested On"] or lead["Status"] not in (None, "To contact"):
                continue
            start = lead["Suggested On"]
            if start is None and lead["Suggested By"] is not None:
                start = latest_held.get(normalize_name(lead["Suggested By"]))
            if start is not None:
                found.append((lead, start, shifted(start, window)))
        return found

    @cached_property
    def reports_owed(self) -> list[tuple[dict, dict, dt.date]]:
        """(lead, suggester, due) for contacted leads whose suggester has not been told how it went.

        Only leads contacted by today, suggested by someone in Contacts who is not
        marked Do not contact. What settles one is a Follow-Ups row with the
        suggester dated on or after Contacted On that reports back: Type Report
        back, or a Summary naming the lead (as names are matched). An article
        link or a catch-up does not: nobody told them how it went. Due is
        Contacted On + Promise Window.
        """
        contacted = []
        for lead in records(self.sheet("Leads").frame):
            if lead["Contacted On"] is not None and lead["Contacted On"] <= self.today and lead["Suggested By"] is not None:
                key = normalize_name(lead["Suggested By"])
                if key in self.contacts_by_key:  # else data-unknown-contact says so
                    contacted.append((lead, key))
        if not contacted:
            return []
        fu = self.follow_ups
        touches: dict[str, list[tuple[dt.date, bool, str]]] = {}  # per suggester: (date, a Report back?, the Summary as names are matched)
        for row in records(fu[fu["key"].isin({key for _lead, key in contacted}) & fu["Date"].notna()]):
            summary = _words(row["Summary"]) if row["Summary"] is not None else ""
            touches.setdefault(row["key"], []).append((row["Date"], row["Type"] == REPORT_BACK, summary))
        window = self.setting("Promise Window (days)")
        found = []
        for lead, key in contacted:
            suggester = self.contacts_by_key[key]
            if suggester["bad:Relationship"] or suggester["Relationship"] == "Do not contact":
                continue  # the rule needs to know they may be contacted
            named_lead = _words(lead["Name"]) if lead["Name"] is not None else ""
            if not any(day >= lead["Contacted On"] and (reports or (named_lead != "" and named_lead in summary))
                       for day, reports, summary in touches.get(key, ())):
                found.append((lead, suggester, shifted(lead["Contacted On"], window)))
        return found
