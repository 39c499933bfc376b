"""Every note `check` says is owed is drafted: reminders of offers, one note per person, any medium, data findings said first."""

from email import message_from_bytes
from email.policy import default

import pytest
from builders import TODAY, contact, day, write_tracker
from click.testing import CliRunner

from toolkit.cli import cli
from toolkit.notes.drafts import LINKEDIN_MESSAGE_LIMIT, LINKEDIN_NOTE_LIMIT
from toolkit.notes.planner import plan_nudges
from toolkit.review.checker import review

SEEKER = {"Your Name": "Jordan Rivera", "Your Email": "jordan@example.com"}


def plan(path, kind="all", contact_name=None, today=TODAY):
    return plan_nudges(*review(path, today), kind, contact_name)


def body(draft) -> str:
    return message_from_bytes(draft.content, policy=default).get_content().replace("\r\n", "\n")


# ------------------------------------------------------------ their offer
def offer_tracker(tmp_path, thanked=True, made=-10):
    return write_tracker(tmp_path / "t.xlsx", {
        "Contacts": [contact("Ann Lee")],
        "Interviews": [{"Contact": "Ann Lee", "Date": day(made), "Thank-You Sent": day(made) if thanked else None,
                        "Key Takeaways": "Research ops is growing"}],
        "Promises": [{"Contact": "Ann Lee", "Made On": day(made), "Direction": "They offered", "Promise": "Introduce me to Marcus Webb"},
                     {"Contact": "Ann Lee", "Made On": day(-1), "Direction": "They offered", "Promise": "Send the guide"}],
    }, settings=SEEKER)


def test_an_offer_still_pending_after_the_thank_you_gets_a_gentle_reminder(tmp_path):
    """their-offer-pending once the thank-you has gone: a reminder naming only the offers past due, dated by the first due date."""
    report_rules = [f.rule for f in review(offer_tracker(tmp_path), TODAY)[1].findings]
    assert "their-offer-pending" in report_rules
    draft, = plan(offer_tracker(tmp_path)).drafts
    assert (draft.nudge, draft.file_name) == ("reminder", f"{day(-3).isoformat()} Ann Lee reminder.eml")  # Made On + 7 days
    text = body(draft)
    assert text.startswith(f"Dear Ann,\n\nI hope you are well. Thank you again for our conversation on {day(-10):%A}, {day(-10).day} "
                           f"{day(-10):%B}: I keep coming back to what you said, that research ops is growing.")
    assert ("When we spoke, you kindly offered to introduce me to Marcus Webb. I know how busy things get, so there is no rush: "
            "whenever it suits you, I would be very grateful.") in text
    assert "guide" not in text  # not due yet: no reminder


def test_before_the_thank_you_the_thank_you_carries_the_reminder(tmp_path):
    """An offer pending while the thank-you is still owed: one thank-you that mentions every open offer, no separate reminder."""
    path = offer_tracker(tmp_path, thanked=False)
    drafts = plan(path).drafts
    assert [d.nudge for d in drafts] == ["thank-you"]
    assert "You kindly offered to introduce me to Marcus Webb and send the guide." in body(drafts[0])
    assert plan(path, "reminder").drafts == []  # not even when asked for the kind alone


def test_no_reminder_before_the_offer_is_due(tmp_path):
    """An offer made today is not yet due: no reminder; asked for by name, it is drafted anyway."""
    path = offer_tracker(tmp_path, made=-1)
    assert plan(path).drafts == []
    draft, = plan(path, "reminder", "Ann Lee").drafts
    assert "you kindly offered to introduce me to Marcus Webb and send the guide" in body(draft)


# ---------------------------------------------------------- one note each
def test_a_report_back_and_an_update_to_one_person_are_one_note(tmp_path):
    """Due both a report-back and an update: one note, the report-back first, the update as 'also'; one file."""
    path = write_tracker(tmp_path / "t.xlsx", {
        "Contacts": [contact("Grace Kim")],
        "Interviews": [{"Contact": "Grace Kim", "Date": day(-200), "Thank-You Sent": day(-200), "Next Step I'll Take": "Learn SQL"}],
        "Leads": [{"Name": "Ravi Kapoor", "Suggested By": "Grace Kim", "Status": "Contacted", "Contacted On": day(-190)}],
    }, settings=SEEKER)
    assert {f.rule for f in review(path, TODAY)[1].findings} >= {"report-back", "follow-up-due"}
    draft, = plan(path).drafts
    assert draft.nudge == "report-back and update" and draft.file_name == f"{day(-190).isoformat()} Grace Kim report-back and update.eml"
    text = body(draft)
    assert text.index("suggesting I talk to Ravi Kapoor") < text.index("I also wanted to let you know how things are going. Since we spoke")
    assert text.count("Dear Grace") == 1 and text.count("Best regards") == 1


def test_two_report_backs_to_one_suggester_are_one_note(tmp_path):
    """Two leads from one person, both owed a report-back: one note that tells them about both."""
    path = write_tracker(tmp_path / "t.xlsx", {
        "Contacts": [contact("Grace Kim")],
        "Leads": [{"Name": "Ravi Kapoor", "Suggested By": "Grace Kim", "Contacted On": day(-20)},
                  {"Name": "Sam Wu", "Suggested By": "Grace Kim", "Contacted On": day(-12)}],
    }, settings=SEEKER)
    draft, = plan(path).drafts
    text = body(draft)
    assert "Thank you again for suggesting I talk to Ravi Kapoor" in text and "Thank you also for suggesting I talk to Sam Wu" in text


# ------------------------------------------------------------------ letters
@pytest.mark.parametrize("days_ago, late", [(1, False), (2, True)])
def test_a_late_thank_you_says_so_in_one_line(tmp_path, days_ago, late):
    """Due the day after the interview: on time then, and one line of apology the day after that."""
    path = write_tracker(tmp_path / "t.xlsx", {"Contacts": [contact("Ann Lee")],
                                               "Interviews": [{"Contact": "Ann Lee", "Date": day(-days_ago)}]}, settings=SEEKER)
    text = body(plan(path).drafts[0])
    assert text.startswith("Dear Ann,\n\nI am sorry this note comes later than it should have. Thank you for taking the time") == late
    assert text.count("sorry") == int(late)


def test_the_seekers_note_is_reworded_to_speak_to_the_reader(tmp_path):
    """'Take the free SQL course she recommended' to Priya reads 'you recommended'; a doubtful one is kept and the seeker asked."""
    path = write_tracker(tmp_path / "t.xlsx", {
        "Contacts": [contact("Priya Natarajan"), contact("Rachel Goldberg")],
        "Interviews": [{"Contact": "Priya Natarajan", "Date": day(-1), "Key Takeaways": "Rachel's team hires juniors; she said to apply",
                        "Next Step I'll Take": "Take the free SQL course she recommended."}],
    }, settings=SEEKER)
    draft, = plan(path).drafts
    text = body(draft)
    assert "My next step is to take the free SQL course you recommended." in text
    assert "She said to apply" in text
    assert [w for w in draft.warnings if "third person" in w] == ["Priya Natarajan: Interviews!G2 speaks of someone in the third person (“she” may mean Rachel), so the "
                              "draft keeps it as written; reword it as you would say it to Priya"]


def test_after_landing_a_job_no_close_promises_news_of_the_search(tmp_path):
    """Once Landed Job On has come, every close looks forward without 'how my search goes'."""
    path = offer_tracker(tmp_path)
    before = body(plan(path).drafts[0])
    landed = write_tracker(tmp_path / "l.xlsx", {"Contacts": [contact("Ann Lee")],
                                                 "Interviews": [{"Contact": "Ann Lee", "Date": day(-1)}]},
                           settings={**SEEKER, "Landed Job On": day(5)})
    assert "how my search goes" in before and "how my search goes" in body(plan(landed).drafts[0])
    assert "how my search goes" not in body(plan(landed, today=day(6)).drafts[-1])


# -------------------------------------------------------------------- media
def linkedin_tracker(tmp_path, connected=None, takeaways="Council projects move slowly"):
    return write_tracker(tmp_path / "t.xlsx", {
        "Contacts": [{"Name": "Kwame Mensah", "LinkedIn": "https://www.linkedin.com/in/kwame", "Connected on LinkedIn": connected}],
        "Interviews": [{"Contact": "Kwame Mensah", "Date": day(-1), "Key Takeaways": takeaways, "Next Step I'll Take": "Read the report"}],
    }, settings=SEEKER)


def test_only_a_linkedin_profile_gets_a_message_to_paste_within_the_limits(tmp_path):
    """Not yet connected: a connection note within 200 characters, then the message within 1,900, and where to send them."""
    path = linkedin_tracker(tmp_path)
    assert "missing-contact-details" not in {f.rule for f in review(path, TODAY)[1].findings}  # check agrees: somewhere to send
    draft, = plan(path).drafts
    text = draft.content.decode("utf-8")
    assert (draft.medium, draft.file_name) == ("linkedin", f"{day(-1).isoformat()} Kwame Mensah thank-you LinkedIn.txt")
    assert "Send it from their profile: https://www.linkedin.com/in/kwame\n" in text
    note = text.split("characters):\n\n", 1)[1].split("\n\n", 1)[0]
    message = text.split("-" * 40 + "\n\n", 1)[1].rstrip("\n")
    assert note.startswith("Hi Kwame,") and len(note) <= LINKEDIN_NOTE_LIMIT and f"({len(note)} of 200 characters)" in text
    assert message.startswith("Dear Kwame,") and message.endswith("Best regards,\nJordan Rivera")
    assert len(message) <= LINKEDIN_MESSAGE_LIMIT and f"({len(message):,} of 1,900 characters)" in text
    assert draft.warnings == []


def test_a_connected_contact_gets_the_message_alone_and_a_long_one_is_flagged(tmp_path):
    """Connected: no connection note; a message over LinkedIn's limit says so in a warning."""
    draft, = plan(linkedin_tracker(tmp_path, connected="Yes")).drafts
    assert "connection request" not in draft.content.decode("utf-8") and draft.warnings == []
    long, = plan(linkedin_tracker(tmp_path, connected="Yes", takeaways="word " * 400)).drafts
    assert any("more than the 1,900 LinkedIn takes; shorten it before sending" in w for w in long.warnings)


def test_check_and_draft_agree_on_somewhere_to_send(tmp_path):
    """missing-contact-details exactly for the contacts whose draft has no recipient."""
    path = write_tracker(tmp_path / "t.xlsx", {
        "Contacts": [{"Name": "Ann Lee", "Email": "ann@example.com"}, {"Name": "Bo Diaz", "Mailing Address": "1 Main St"},
                     {"Name": "Cy Ng", "LinkedIn": "linkedin.com/in/cy"}, {"Name": "Di Ho", "Phone": "555"}],
        "Interviews": [{"Contact": name, "Date": day(-1)} for name in ("Ann Lee", "Bo Diaz", "Cy Ng", "Di Ho")],
    }, settings=SEEKER)
    flagged = {f.contact for f in review(path, TODAY)[1].findings if f.rule == "missing-contact-details"}
    drafts = plan(path).drafts
    assert {d.contact: d.medium for d in drafts} == {"Ann Lee": "email", "Bo Diaz": "card", "Cy Ng": "linkedin", "Di Ho": "email"}
    assert flagged == {d.contact for d in drafts if not d.recipient} == {"Di Ho"}


def test_the_sample_drafts_every_note_check_says_is_owed(sample_tracker):
    """Mei Chen (no address at all) gets her news; every contact check says is owed a note gets exactly one draft."""
    context, report = review(sample_tracker, TODAY)
    owed = {f.contact for f in report.findings if f.rule in ("thank-you-due", "thank-you-overdue", "follow-up-due", "share-the-news",
                                                              "report-back", "their-offer-pending")}
    drafts = plan_nudges(context, report).drafts
    assert sorted(d.contact for d in drafts) == sorted(owed)
    mei, = (d for d in drafts if d.contact == "Mei Chen")
    assert (mei.nudge, mei.recipient) == ("news", False)


# ----------------------------------------------------------------- notices
def test_a_misspelled_promise_contact_is_said_before_the_list(tmp_path):
    """The promise to 'Ann Le' is in nobody's thank-you: draft says so first, naming the cell and what it changes."""
    path = write_tracker(tmp_path / "t.xlsx", {
        "Contacts": [contact("Ann Lee")],
        "Interviews": [{"Contact": "Ann Lee", "Date": day(-1)}],
        "Promises": [{"Contact": "Ann Le", "Made On": day(-1), "Direction": "They offered", "Promise": "Introduce me to Marcus"}],
    }, settings=SEEKER)
    result = CliRunner().invoke(cli, ["draft", str(path), "--today", TODAY.isoformat(), "--out", str(tmp_path / "d")])
    assert result.exit_code == 0, result.output
    first, notice, listing = result.output.splitlines()[:3]
    assert first == "check found data problems that change what these drafts say:"
    assert notice.startswith("  - Promises!A2: Contact 'Ann Le' is not in Contacts") and notice.endswith(
        "; until then, no draft mentions this promise")
    assert listing.startswith("Drafts in ")
    assert "Marcus" not in (tmp_path / "d" / f"{day(-1).isoformat()} Ann Lee thank-you.eml").read_bytes().decode("ascii")


def test_a_bad_date_is_said_and_a_finding_elsewhere_is_not(tmp_path):
    """A bad Thank-You Sent date changes the drafts and is listed; a bad Answer on Questions does not and is not."""
    path = write_tracker(tmp_path / "t.xlsx", {
        "Contacts": [contact("Ann Lee")],
        "Interviews": [{"Contact": "Ann Lee", "Date": day(-1), "Thank-You Sent": "yesterday"}],
        "Questions": [{"Contact": "Nobody Known", "Question": "Why?"}],
    }, settings=SEEKER)
    notices = plan(path).notices
    assert len(notices) == 1 and notices[0].startswith("Interviews!J2: ") and "leave this interview out" in notices[0]


def test_a_note_to_someone_owed_a_promise_keeps_it_or_says_when(tmp_path):
    """An overdue 'I offered' to the same person: the note says so in the seeker's voice, with a placeholder and the Done On cell."""
    path = write_tracker(tmp_path / "t.xlsx", {
        "Contacts": [contact("Grace Kim")],
        "Interviews": [{"Contact": "Grace Kim", "Date": day(-1)}],
        "Promises": [{"Contact": "Grace Kim", "Made On": day(-9), "Direction": "I offered", "Promise": "Send her the portal article"},
                     {"Contact": "Grace Kim", "Made On": day(-1), "Direction": "I offered", "Promise": "Share my notes"}],
    }, settings=SEEKER)
    draft, = plan(path).drafts
    text = body(draft)
    assert ("I have not forgotten my promise to send you the portal article: [add it here, or say when it will come]\n\n"
            "If there is anything I can do") in text
    assert "notes" not in text  # not due yet
    assert ("Grace Kim: your promise (Send her the portal article) is overdue, with Done On blank in Promises!F2, so the draft says "
            "[add it here, or say when it will come]; keep the promise in this note, or say when, and fill in Done On once it is done"
            ) in draft.warnings


def test_an_update_leads_and_the_reminder_of_their_offer_follows(tmp_path):
    """Due both an update and a reminder: the note opens with the update and asks about the offer after, gently, once."""
    path = write_tracker(tmp_path / "t.xlsx", {
        "Contacts": [contact("Ann Lee")],
        "Interviews": [{"Contact": "Ann Lee", "Date": day(-130), "Thank-You Sent": day(-130), "Key Takeaways": "Write often"}],
        "Promises": [{"Contact": "Ann Lee", "Made On": day(-130), "Direction": "They offered", "Promise": "Introduce me to Marcus"}],
    }, settings=SEEKER)
    draft, = plan(path).drafts
    text = body(draft)
    assert draft.nudge == "update and reminder"
    assert text.index("I wanted to let you know how things are going") < text.index(
        "When we spoke, you kindly offered to introduce me to Marcus. Whenever it suits you, I would be very grateful.")
    assert text.count("offered") == 1


def test_the_latest_held_interview_is_the_last_held_of_a_contacts_interviews(tmp_path):
    """Held by Outcome or by a past date with none; a cancelled or coming one is not; `before` a date, only earlier ones."""
    path = write_tracker(tmp_path / "t.xlsx", {
        "Contacts": [contact("Ann Lee"), contact("Bo Diaz")],
        "Interviews": [{"Contact": "Ann Lee", "Date": day(-40), "Outcome": "Held"}, {"Contact": "Ann Lee", "Date": day(-20)},
                       {"Contact": "Ann Lee", "Date": day(-10), "Outcome": "Cancelled"}, {"Contact": "Ann Lee", "Date": day(5)},
                       {"Contact": "Bo Diaz", "Date": day(3)}],
    })
    ctx, _report = review(path, TODAY)
    assert ctx.latest_held("ann lee")["Date"] == day(-20) and ctx.latest_held("ann lee", before=day(-20))["Date"] == day(-40)
    assert ctx.latest_held("ann lee", before=day(-40)) is None and ctx.latest_held("bo diaz") is None
    for key in ("ann lee", "bo diaz", "nobody"):
        for before in (None, day(-30), day(-15), day(10)):
            held = [row for row in ctx.interviews_of(key) if row["held"] and (before is None or row["Date"] < before)]
            assert ctx.latest_held(key, before) == (held[-1] if held else None)
