"""Every rule of the spec on fixed dates, at its boundaries."""

import pytest
from builders import TODAY, contact, day, flat, write_tracker

from toolkit.review.checker import check


def run(tmp_path, settings=None, **sheets):
    sheets = {name.replace("_", "-").title() if name != "follow_ups" else "Follow-Ups": rows for name, rows in sheets.items()}
    return check(write_tracker(tmp_path / "t.xlsx", sheets, settings), today=TODAY)


# ------------------------------------------------------------------ thank-you
def test_thank_you_due_on_the_deadline_and_overdue_the_day_after(tmp_path):
    """Held yesterday: due today (warning). Held two days ago: overdue (error), due = Date + 1."""
    report = run(tmp_path, contacts=[contact("Ann Lee")], interviews=[
        {"Contact": "Ann Lee", "Date": day(-1)},
        {"Contact": "Ann Lee", "Date": day(-2)},
        {"Contact": "Ann Lee", "Date": day(0)},
    ])
    assert flat(report, "thank-you-due", "thank-you-overdue") == [
        ("thank-you-overdue", "Interviews", 3), ("thank-you-due", "Interviews", 2), ("thank-you-due", "Interviews", 4)]
    overdue = report.findings[0]
    assert (overdue.cell, overdue.due, overdue.days_overdue) == ("J3", day(-1), 1)


def test_thank_you_ignores_sent_cancelled_rescheduled_and_future(tmp_path):
    """Only held interviews without a Thank-You Sent date count."""
    report = run(tmp_path, contacts=[contact("Ann Lee")], interviews=[
        {"Contact": "Ann Lee", "Date": day(-5), "Thank-You Sent": day(-4)},
        {"Contact": "Ann Lee", "Date": day(-5), "Outcome": "Cancelled"},
        {"Contact": "Ann Lee", "Date": day(-5), "Outcome": "Rescheduled"},
        {"Contact": "Ann Lee", "Date": day(3)},
        {"Contact": "Ann Lee", "Date": day(-5), "Outcome": "Scheduled"},
    ])
    assert flat(report, "thank-you-due", "thank-you-overdue") == []


@pytest.mark.parametrize("hours, offset, expected", [(48, -2, "thank-you-due"), (48, -3, "thank-you-overdue"), (25, -2, "thank-you-due")])
def test_thank_you_window_rounds_hours_up_to_days(tmp_path, hours, offset, expected):
    """The window in days is ceil(hours / 24)."""
    report = run(tmp_path, settings={"Thank-You Window (hours)": hours}, contacts=[contact("Ann Lee")],
                 interviews=[{"Contact": "Ann Lee", "Date": day(offset)}])
    assert flat(report, "thank-you-due", "thank-you-overdue") == [(expected, "Interviews", 2)]


def test_outcome_held_counts_even_with_odd_case_and_spaces(tmp_path):
    """Choice values compare ignoring case and surrounding spaces."""
    report = run(tmp_path, contacts=[contact("Ann Lee")], interviews=[{"Contact": "Ann Lee", "Date": day(-3), "Outcome": "  held "}])
    assert flat(report, "thank-you-overdue") == [("thank-you-overdue", "Interviews", 2)]


# ------------------------------------------------------------ outcome, prep
def test_outcome_not_updated_from_the_day_after(tmp_path):
    """Scheduled with a past date is flagged on its Outcome cell; today's date is not."""
    report = run(tmp_path, contacts=[contact("Ann Lee")], interviews=[
        {"Contact": "Ann Lee", "Date": day(-1), "Outcome": "Scheduled"},
        {"Contact": "Ann Lee", "Date": day(0), "Outcome": "Scheduled", "Prepared": "Yes"},
    ])
    assert flat(report, "outcome-not-updated") == [("outcome-not-updated", "Interviews", 2)]
    assert report.findings[0].cell == "E2" and report.findings[0].days_overdue == 1


def test_interview_prep_within_the_reminder(tmp_path):
    """Upcoming within Prep Reminder days and not Prepared: info on the Prepared cell."""
    report = run(tmp_path, contacts=[contact("Ann Lee")], interviews=[
        {"Contact": "Ann Lee", "Date": day(2), "Outcome": "Scheduled"},
        {"Contact": "Ann Lee", "Date": day(3), "Outcome": "Scheduled"},
        {"Contact": "Ann Lee", "Date": day(1), "Prepared": "Yes"},
        {"Contact": "Ann Lee", "Date": day(0), "Outcome": "Scheduled", "Prepared": "No"},
    ])
    assert flat(report, "interview-prep") == [("interview-prep", "Interviews", 5), ("interview-prep", "Interviews", 2)]
    assert report.findings[-1].cell == "F2" and report.findings[-1].days_overdue == -2


# ------------------------------------------------------------------ promises
def test_promises_due_date_boundary_both_directions(tmp_path):
    """Due yesterday is flagged (mine: error, theirs: warning); due today is not."""
    report = run(tmp_path, contacts=[contact("Ann Lee")], promises=[
        {"Contact": "Ann Lee", "Direction": "I offered", "Promise": "Send article", "Due Date": day(-1)},
        {"Contact": "Ann Lee", "Direction": "I offered", "Promise": "Send deck", "Due Date": day(0)},
        {"Contact": "Ann Lee", "Direction": "They offered", "Promise": "Intro to Bo", "Due Date": day(-1)},
        {"Contact": "Ann Lee", "Direction": "They offered", "Promise": "Intro to Cy", "Due Date": day(-9), "Done On": day(-8)},
    ])
    assert flat(report) == [("my-promise-overdue", "Promises", 2), ("their-offer-pending", "Promises", 4)]
    assert [f.cell for f in report.findings] == ["F2", "F4"]


def test_promise_without_due_date_uses_made_on_plus_window(tmp_path):
    """Made On + Promise Window (7): made 8 days ago is overdue, 7 days ago is due today."""
    report = run(tmp_path, contacts=[contact("Ann Lee")], promises=[
        {"Contact": "Ann Lee", "Direction": "I offered", "Promise": "A", "Made On": day(-8)},
        {"Contact": "Ann Lee", "Direction": "I offered", "Promise": "B", "Made On": day(-7)},
    ])
    assert flat(report) == [("my-promise-overdue", "Promises", 2)]
    assert report.findings[0].due == day(-1)


def test_promise_without_any_date_is_a_data_finding(tmp_path):
    """Neither Due Date nor Made On: data-missing-value on Due Date, no promise finding."""
    report = run(tmp_path, contacts=[contact("Ann Lee")], promises=[{"Contact": "Ann Lee", "Direction": "I offered", "Promise": "A"}])
    assert flat(report) == [("data-missing-value", "Promises", 2)]
    assert report.findings[0].cell == "E2"


# ----------------------------------------------------------------- follow-up
def held(name, offset, **extra):
    return {"Contact": name, "Date": day(offset), "Thank-You Sent": day(offset), **extra}


def test_follow_up_due_the_day_after_the_interval(tmp_path):
    """Last touch 120 days ago is due today (no finding); 121 days ago is a warning."""
    report = run(tmp_path, contacts=[contact("Ann Lee"), contact("Bo Diaz")],
                 interviews=[held("Ann Lee", -120), held("Bo Diaz", -121)])
    assert flat(report, "follow-up-due") == [("follow-up-due", "Contacts", 3)]
    finding = report.findings[0]
    assert (finding.severity, finding.cell, finding.due, finding.days_overdue) == ("warning", "A3", day(-1), 1)


def test_follow_up_escalates_past_twice_the_interval(tmp_path):
    """240 days since the last touch is a warning; 241 is an error."""
    report = run(tmp_path, contacts=[contact("Ann Lee"), contact("Bo Diaz")],
                 interviews=[held("Ann Lee", -240), held("Bo Diaz", -241)])
    assert [(f.severity, f.row) for f in report.findings if f.rule == "follow-up-due"] == [("error", 3), ("warning", 2)]


def test_follow_up_uses_the_contacts_own_interval_and_latest_touch(tmp_path):
    """Follow Up Every overrides the setting; a Follow-Ups row or a later thank-you is a touch."""
    report = run(tmp_path,
                 contacts=[contact("Ann Lee", **{"Follow Up Every (days)": 30}), contact("Bo Diaz"), contact("Cy Ng")],
                 interviews=[held("Ann Lee", -31), held("Bo Diaz", -300), {"Contact": "Cy Ng", "Date": day(-300), "Thank-You Sent": day(-100)}],
                 follow_ups=[{"Contact": "Bo Diaz", "Date": day(-10), "Type": "Catch-up"}])
    assert flat(report, "follow-up-due") == [("follow-up-due", "Contacts", 2)]


@pytest.mark.parametrize("extra, interviews, fires", [
    ({"Relationship": "Dormant"}, [], False),
    ({"Relationship": "Do not contact"}, [], False),
    ({"Relationship": "Keeping in touch"}, [], True),
    ({"Snooze Until": day(0)}, [], False),
    ({"Snooze Until": day(-1)}, [], True),
    ({}, [{"Contact": "Ann Lee", "Date": day(5), "Outcome": "Scheduled", "Prepared": "Yes"}], False),
    ({}, [{"Contact": "Ann Lee", "Date": day(5), "Outcome": "Cancelled"}], True),
])
def test_follow_up_exceptions(tmp_path, extra, interviews, fires):
    """Dormant, Do not contact, a snooze through today and an upcoming interview each hold reminders back."""
    report = run(tmp_path, contacts=[contact("Ann Lee", **extra)], interviews=[held("Ann Lee", -200), *interviews])
    assert (flat(report, "follow-up-due") != []) is fires


def test_follow_up_needs_a_held_interview(tmp_path):
    """A prospect with only follow-ups and no held interview gets no follow-up reminder."""
    report = run(tmp_path, contacts=[contact("Ann Lee")], follow_ups=[{"Contact": "Ann Lee", "Date": day(-300)}])
    assert flat(report, "follow-up-due") == []


def test_too_many_follow_ups_in_the_365_days_ending_today(tmp_path):
    """Four touches within the year fire; a touch 365 days ago and thank-you notes do not count."""
    dates = [-364, -200, -100, -1]
    report = run(tmp_path, contacts=[contact("Ann Lee"), contact("Bo Diaz")],
                 interviews=[held("Ann Lee", -370), held("Bo Diaz", -370)],
                 follow_ups=[*({"Contact": "Ann Lee", "Date": day(d), "Type": "Catch-up"} for d in dates),
                             *({"Contact": "Bo Diaz", "Date": day(d), "Type": "Catch-up"} for d in (-365, -200, -100)),
                             {"Contact": "Bo Diaz", "Date": day(-1), "Type": "Thank-you note"}])
    assert flat(report, "too-many-follow-ups") == [("too-many-follow-ups", "Contacts", 2)]
    assert report.findings[0].due is None and report.findings[0].days_overdue is None


# --------------------------------------------------------------------- leads
def test_lead_not_contacted_after_the_window(tmp_path):
    """Suggested 14 days ago is due today; 15 days ago fires; Contacted never fires."""
    report = run(tmp_path, contacts=[contact("Ann Lee")], leads=[
        {"Name": "Bo", "Suggested By": "Ann Lee", "Suggested On": day(-14)},
        {"Name": "Cy", "Suggested By": "Ann Lee", "Suggested On": day(-15), "Status": "To contact"},
        {"Name": "Di", "Suggested By": "Ann Lee", "Suggested On": day(-40), "Status": "Contacted"},
    ])
    assert flat(report, "lead-not-contacted") == [("lead-not-contacted", "Leads", 3)]
    assert report.findings[0].contact == "Cy" and report.findings[0].cell == "F3"


def test_lead_without_date_starts_at_the_latest_held_interview(tmp_path):
    """No Suggested On: the window runs from the latest held interview with the person who suggested it."""
    report = run(tmp_path, contacts=[contact("Ann Lee")],
                 interviews=[held("Ann Lee", -40), held("Ann Lee", -15)],
                 leads=[{"Name": "Bo", "Suggested By": "Ann Lee"}])
    assert flat(report, "lead-not-contacted") == [("lead-not-contacted", "Leads", 2)]
    assert report.findings[0].due == day(-1)


# --------------------------------------------------------------- report back
def lead(name, by, contacted, **values):
    return {"Name": name, "Suggested By": by, "Status": "Contacted", "Contacted On": None if contacted is None else day(contacted), **values}


def test_report_back_due_on_the_last_day_of_the_window_and_flagged_the_day_after(tmp_path):
    """Contacted 7 days ago: due today, quiet. Contacted 8 days ago: one day overdue, on the Contacted On cell, about the suggester."""
    report = run(tmp_path, contacts=[contact("Ann Lee"), contact("Bo Diaz")],
                 leads=[lead("Cy Ng", "ann  lee", -7), lead("Di Ho", "Bo Diaz", -8)])
    assert flat(report, "report-back") == [("report-back", "Leads", 3)]
    finding = report.findings[0]
    assert (finding.contact, finding.cell, finding.due, finding.days_overdue) == ("Bo Diaz", "G3", day(-1), 1)
    assert finding.message == f"Tell Bo Diaz how it went with Di Ho (contacted on {day(-8)}): report back 1 day overdue"


def test_report_back_follows_the_promise_window(tmp_path):
    """Promise Window (days) sets how long the seeker has to report back."""
    report = run(tmp_path, settings={"Promise Window (days)": 3}, contacts=[contact("Ann Lee")], leads=[lead("Cy Ng", "Ann Lee", -4)])
    assert flat(report, "report-back") == [("report-back", "Leads", 2)] and report.findings[0].due == day(-1)


def test_report_back_settled_by_a_report_back_on_or_after_contacted_on(tmp_path):
    """A Report back row with the suggester on the day of contact (or later) settles it; one the day before does not."""
    report = run(tmp_path, contacts=[contact("Ann Lee"), contact("Bo Diaz")],
                 leads=[lead("Cy Ng", "Ann Lee", -20), lead("Di Ho", "Bo Diaz", -20)],
                 follow_ups=[{"Contact": "Ann Lee", "Date": day(-20), "Type": "report BACK"},
                             {"Contact": "Bo Diaz", "Date": day(-21), "Type": "Report back"}])
    assert flat(report, "report-back") == [("report-back", "Leads", 3)]


def test_report_back_not_settled_by_an_article_or_a_catch_up(tmp_path):
    """Any other touch to the suggester (an article link, a catch-up) leaves the report-back owed: nobody told them how it went."""
    report = run(tmp_path, contacts=[contact("Ann Lee")], leads=[lead("Cy Ng", "Ann Lee", -20)],
                 follow_ups=[{"Contact": "Ann Lee", "Date": day(-5), "Type": "Article or link", "Summary": "Sent the Ng article"},
                             {"Contact": "Ann Lee", "Date": day(-4), "Type": "Catch-up", "Summary": "Coffee"}])
    assert flat(report, "report-back") == [("report-back", "Leads", 2)]


@pytest.mark.parametrize("summary, settled", [
    ("Told her how it went with  cy NG.", True),        # the lead's name as names are matched, punctuation around it
    ("Cy Ng's advice was great", True),
    ("Talked about Cy", False),                          # a first name alone is not the name
    ("Mentioned Cy Nguyen", False),                      # a longer name is someone else
    (None, False),
])
def test_report_back_settled_by_a_summary_that_names_the_lead(tmp_path, summary, settled):
    """A Follow-Ups row of any Type whose Summary names the lead settles it; a part of the name does not."""
    report = run(tmp_path, contacts=[contact("Ann Lee")], leads=[lead("Cy Ng", "Ann Lee", -20)],
                 follow_ups=[{"Contact": "Ann Lee", "Date": day(-3), "Type": "Catch-up", "Summary": summary}])
    assert flat(report, "report-back") == ([] if settled else [("report-back", "Leads", 2)])


def test_report_back_skips_do_not_contact_future_and_uncontacted_leads(tmp_path):
    """Do not contact, a Contacted On in the future, and a lead not contacted yet: nothing to report."""
    report = run(tmp_path, contacts=[contact("Ann Lee", Relationship="Do not contact"), contact("Bo Diaz")],
                 leads=[lead("Cy Ng", "Ann Lee", -30), lead("Di Ho", "Bo Diaz", 3), lead("Ed Fox", "Bo Diaz", None, Status="To contact")])
    assert flat(report, "report-back") == []


def test_report_back_for_an_unknown_suggester_is_only_a_data_finding(tmp_path):
    """A Suggested By not in Contacts is data-unknown-contact on that cell, with no report-back guess."""
    report = run(tmp_path, contacts=[contact("Ann Lee")], leads=[lead("Cy Ng", "Zed Nobody", -30)])
    assert flat(report) == [("data-unknown-contact", "Leads", 2)] and report.findings[0].cell == "B2"


# ------------------------------------------------------------ contact level
def test_missing_contact_details_unless_only_cancelled(tmp_path):
    """No email, address or LinkedIn is flagged on the Email cell when an interview is not Cancelled."""
    report = run(tmp_path, contacts=[{"Name": "Ann Lee"}, {"Name": "Bo Diaz"}, {"Name": "Cy Ng", "LinkedIn": "https://x.example"}],
                 interviews=[{"Contact": "Ann Lee", "Date": day(5), "Prepared": "Yes"},
                             {"Contact": "Bo Diaz", "Date": day(5), "Outcome": "Cancelled"},
                             {"Contact": "Cy Ng", "Date": day(5), "Prepared": "Yes"}])
    assert flat(report, "missing-contact-details") == [("missing-contact-details", "Contacts", 2)]
    assert report.findings[0].cell == "F2"


def test_share_the_news_after_landing(tmp_path):
    """Everyone interviewed before Landed Job On hears the news; a follow-up on or after it settles it."""
    report = run(tmp_path, settings={"Landed Job On": day(-3)},
                 contacts=[contact("Ann Lee"), contact("Bo Diaz"), contact("Cy Ng", Relationship="Do not contact"), contact("Di Ho")],
                 interviews=[held("Ann Lee", -30), held("Bo Diaz", -30), held("Cy Ng", -30), held("Di Ho", -3)],
                 follow_ups=[{"Contact": "Bo Diaz", "Date": day(-3), "Type": "Job news"}])
    assert flat(report, "share-the-news") == [("share-the-news", "Contacts", 2)]
    assert report.findings[0].due == day(-3) and report.findings[0].days_overdue == 3


def test_share_the_news_waits_for_the_landing_date(tmp_path):
    """A Landed Job On in the future fires nothing yet."""
    report = run(tmp_path, settings={"Landed Job On": day(1)}, contacts=[contact("Ann Lee")], interviews=[held("Ann Lee", -30)])
    assert flat(report, "share-the-news") == []


def test_linkedin_not_connected_after_a_thank_you(tmp_path):
    """Thanked but not connected: info on the Connected on LinkedIn cell."""
    report = run(tmp_path, contacts=[contact("Ann Lee", **{"Connected on LinkedIn": "No"}), contact("Bo Diaz"),
                                     contact("Cy Ng", **{"Connected on LinkedIn": None, "Relationship": "Do not contact"})],
                 interviews=[held("Ann Lee", -5), held("Bo Diaz", -5), held("Cy Ng", -5)])
    assert flat(report, "linkedin-not-connected") == [("linkedin-not-connected", "Contacts", 2)]
    assert report.findings[0].cell == "M2"


def test_findings_are_ordered_by_severity_then_lateness(tmp_path):
    """Errors first, most overdue first; info last."""
    report = run(tmp_path, contacts=[contact("Ann Lee")], interviews=[held("Ann Lee", -5, **{"Thank-You Sent": None}),
                                                                    {"Contact": "Ann Lee", "Date": day(1), "Outcome": "Scheduled"}],
                 promises=[{"Contact": "Ann Lee", "Direction": "I offered", "Promise": "A", "Due Date": day(-30)}])
    assert [(f.severity, f.days_overdue) for f in report.findings] == [("error", 30), ("error", 4), ("info", -1)]


def test_rows_with_the_name_left_blank_read_sensibly(tmp_path):
    """A blank Contact or lead Name is a data finding, and the rule's message says the name is missing, not 'None'."""
    path = write_tracker(tmp_path / "t.xlsx", {
        "Contacts": [contact("Ann Lee")],
        "Interviews": [{"Date": day(-3)}],
        "Promises": [{"Direction": "I offered", "Promise": "Send it", "Made On": day(-30)}],
        "Leads": [{"Suggested By": "Ann Lee", "Suggested On": day(-30)}],
    })
    report = check(path, TODAY)
    messages = [f.message for f in report.findings if not f.rule.startswith("data-")]
    assert len(messages) == 3 and all("None" not in m and "(name missing)" in m for m in messages)
    assert len([f for f in report.findings if f.rule == "data-missing-value"]) == 3

