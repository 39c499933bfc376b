"""Update, news and report-back drafts: parsed back with the email package and compared with the workbook."""

from email import message_from_bytes
from email.policy import default

import pytest
from builders import TODAY, contact, day, write_tracker
from click.testing import CliRunner

from toolkit.cli import cli
from toolkit.errors import ContactUnknown
from toolkit.notes.planner import plan_nudges
from toolkit.review.checker import review

SEEKER = {"Your Name": "Jordan Rivera", "Your Email": "jordan@example.com", "Your LinkedIn": "https://www.linkedin.com/in/jordan"}


def plan(path, kind="all", contact_name=None):
    return plan_nudges(*review(path, TODAY), kind, contact_name)


def body(draft) -> str:
    return message_from_bytes(draft.content, policy=default).get_content().replace("\r\n", "\n")


def header(draft, name: str):
    return message_from_bytes(draft.content, policy=default)[name]


def recipient(draft) -> str:
    return header(draft, "To").addresses[0].addr_spec


# ------------------------------------------------------------------ update
def follow_up_tracker(tmp_path, **interview):
    """Ann met 121 days ago (follow-up due), Bo 119 days ago (not yet)."""
    return write_tracker(tmp_path / "t.xlsx", {
        "Contacts": [contact("Ann Lee", Organization="Northwind"), contact("Bo Diaz")],
        "Interviews": [{"Contact": "Ann Lee", "Date": day(-121), "Thank-You Sent": day(-121), **interview},
                       {"Contact": "Bo Diaz", "Date": day(-119), "Thank-You Sent": day(-119)}],
    }, settings=SEEKER)


def test_update_goes_to_contacts_whose_follow_up_is_due(tmp_path):
    """Recalls when you met and one takeaway; what you did since is a placeholder pre-filled from Next Step I'll Take."""
    path = follow_up_tracker(tmp_path, **{"Key Takeaways": "Managers hire for curiosity; show how you learn",
                                          "Next Step I'll Take": "Build a small project."})
    draft, = plan(path, "update").drafts
    assert (draft.nudge, recipient(draft), header(draft, "Subject")) == ("update", "ann@example.com", "A quick update since we spoke – Jordan Rivera")
    text = body(draft)
    assert text.startswith(f"Dear Ann,\n\nI hope you are well. Thank you again for our conversation in {day(-121):%B %Y}: "
                           "one thing you told me has stayed with me, that managers hire for curiosity.")
    assert "Since we spoke, [what you have done since we spoke (you planned to build a small project)]." in text
    assert "[optional: a link to an article you think they would enjoy]" in text
    assert "I would love to hear how things are going at Northwind, and I will keep you posted on how my search goes." in text
    assert text.rstrip().endswith("Best regards,\nJordan Rivera\njordan@example.com\nhttps://www.linkedin.com/in/jordan")
    assert any("Interviews!H2" in w and "your plan is in" in w for w in draft.warnings) and len(draft.warnings) == 2
    assert draft.file_name == f"{day(-121).isoformat()} Ann Lee update.eml"  # dated by the last touch


def test_update_without_takeaways_names_the_cell(tmp_path):
    """A blank Key Takeaways is a marked placeholder and a warning naming Interviews!G2."""
    draft, = plan(follow_up_tracker(tmp_path), "update").drafts
    assert "that [one thing you learned from Ann]." in body(draft)
    assert any(w.startswith("Ann Lee: Interviews!G2 is blank") for w in draft.warnings)
    assert any("your plan is blank in Interviews!H2" in w for w in draft.warnings)


# -------------------------------------------------------------------- news
def news_tracker(tmp_path, settings=None):
    return write_tracker(tmp_path / "t.xlsx", {
        "Contacts": [contact("Ann Lee"), contact("Bo Diaz"), contact("Cy Ng", Relationship="Do not contact"), contact("Di Ho")],
        "Interviews": [{"Contact": "Ann Lee", "Date": day(-30), "Thank-You Sent": day(-30),
                        "Key Takeaways": "Research ops is growing; portfolios matter"},
                       {"Contact": "Bo Diaz", "Date": day(-30), "Thank-You Sent": day(-30)},
                       {"Contact": "Cy Ng", "Date": day(-30), "Thank-You Sent": day(-30)},
                       {"Contact": "Di Ho", "Date": day(-20), "Thank-You Sent": day(-20), "Key Takeaways": "Ask for a project"}],
        "Promises": [{"Contact": "Ann Lee", "Made On": day(-30), "Direction": "They offered", "Promise": "Introduce me to Marcus",
                      "Done On": day(-25)},
                     {"Contact": "Ann Lee", "Made On": day(-30), "Direction": "They offered", "Promise": "Send the guide",
                      "Due Date": day(40)},
                     {"Contact": "Ann Lee", "Made On": day(-30), "Direction": "I offered", "Promise": "Review her talk", "Done On": day(-28)}],
        "Follow-Ups": [{"Contact": "Di Ho", "Date": day(-2), "Type": "Job news"}],
    }, settings={**SEEKER, "Landed Job On": day(-3), **(settings or {})})


def test_news_thanks_each_helper_for_what_they_did(tmp_path):
    """share-the-news contacts get the new role and employer, their kept offers and a takeaway; others get nothing."""
    drafts = plan(news_tracker(tmp_path, {"New Role": "UX Researcher", "New Employer": "Northwind Health"}), "news").drafts
    assert [(d.nudge, recipient(d)) for d in drafts] == [("news", "ann@example.com"), ("news", "bo@example.com")]
    ann, bo = drafts
    assert header(ann, "Subject") == "Some good news, and thank you – Jordan Rivera"
    text = body(ann)
    assert text.startswith("Dear Ann,\n\nThank you again for the help you gave me during my job search. "
                           "I am delighted to tell you that I have accepted a position as UX Researcher at Northwind Health.")
    assert "I am especially grateful that you took the time to introduce me to Marcus." in text
    assert "Your advice stayed with me throughout: research ops is growing." in text
    assert "guide" not in text and "talk" not in text  # an open offer and my own promise are not thanked for
    assert ann.warnings == [] and ann.file_name == f"{day(-3).isoformat()} Ann Lee news.eml"
    assert "[something Bo did that helped you]" in body(bo) and bo.warnings[0].startswith("Bo Diaz: Interviews!G3 is blank")


def test_news_without_role_or_employer_uses_placeholders(tmp_path):
    """Blank New Role and New Employer settings become placeholders with warnings naming the settings."""
    ann = plan(news_tracker(tmp_path), "news").drafts[0]
    assert "a position as [your new role] at [your new employer]." in body(ann)
    assert [w.split(" is blank")[0] for w in ann.warnings] == ["Ann Lee: Settings: New Role", "Ann Lee: Settings: New Employer"]


# ------------------------------------------------------------- report-back
def lead_tracker(tmp_path, **more):
    sheets = {
        "Contacts": [contact("Grace Kim"), contact("Ravi Kapoor"), contact("Ann Lee")],
        "Leads": [{"Name": "Ravi Kapoor", "Suggested By": "Grace Kim", "Organization": "St. Brigid's", "Status": "Contacted",
                   "Contacted On": day(-10)},
                  {"Name": "Sam Wu", "Suggested By": "Ann Lee", "Status": "Contacted", "Contacted On": day(-9)}],
        "Follow-Ups": [{"Contact": "Ann Lee", "Date": day(-9), "Type": "Report back"}],
    }
    for name, rows in more.items():
        sheets[name.replace("_", "-").title()] = rows
    return write_tracker(tmp_path / "t.xlsx", sheets, settings=SEEKER)


def test_report_back_tells_the_suggester_about_the_conversation(tmp_path):
    """To the suggester (not the lead); says you spoke, what you learned, and thanks them; a told suggester gets none."""
    path = lead_tracker(tmp_path, interviews=[{"Contact": "Ravi Kapoor", "Date": day(-5), "Thank-You Sent": day(-5),
                                               "Key Takeaways": "Portals live or die by nurses"}])
    draft, = plan(path, "report-back").drafts
    assert recipient(draft) == "grace@example.com"
    assert header(draft, "Subject") == "Thank you for suggesting I talk to Ravi Kapoor – Jordan Rivera"
    text = body(draft)
    assert text.startswith("Dear Grace,\n\nThank you again for suggesting I talk to Ravi Kapoor at St. Brigid's. "
                           f"I wanted to let you know that I followed up: I reached out to Ravi on {day(-10):%A}, {day(-10).day}")
    assert f"We spoke on {day(-5):%A}, {day(-5).day} {day(-5):%B}, and one thing I learned is that portals live or die by nurses." in text
    assert draft.warnings == [] and draft.file_name == f"{day(-10).isoformat()} Grace Kim report-back on Ravi Kapoor.eml"


def test_report_back_before_any_conversation_leaves_how_it_went_to_you(tmp_path):
    """No interview with the lead: a placeholder and a warning naming the lead's cell; an upcoming one is named."""
    draft, = plan(lead_tracker(tmp_path), "report-back").drafts
    assert "\n\n[how it went with Ravi] Thank you for pointing me to them.\n\n" in body(draft)
    assert draft.warnings == ["Grace Kim: Interviews has no conversation with Ravi Kapoor (the lead in Leads!A2), "
                              "so the draft says [how it went with Ravi]; fill it in before sending"]
    upcoming = lead_tracker(tmp_path, interviews=[{"Contact": "Ravi Kapoor", "Date": day(3), "Outcome": "Scheduled", "Prepared": "Yes"}])
    draft, = plan(upcoming, "report-back").drafts
    assert f"We are speaking on {day(3):%A}, {day(3).day} {day(3):%B}. Thank you" in body(draft) and draft.warnings == []


# ------------------------------------------------------------- all, --contact, CLI
def test_all_drafts_every_nudge_check_flags_and_news_replaces_the_update(tmp_path):
    """Thank-you, report-back and news at once; the news stands for the update; Cy's news and report-back are one note."""
    path = write_tracker(tmp_path / "t.xlsx", {
        "Contacts": [contact("Ann Lee"), contact("Bo Diaz"), contact("Cy Ng"), contact("Lee Park")],
        "Interviews": [{"Contact": "Ann Lee", "Date": day(-1)},
                       {"Contact": "Bo Diaz", "Date": day(-200), "Thank-You Sent": day(-200)},
                       {"Contact": "Cy Ng", "Date": day(-10), "Thank-You Sent": day(-10)}],
        "Leads": [{"Name": "Lee Park", "Suggested By": "Cy Ng", "Status": "Contacted", "Contacted On": day(-8)}],
    }, settings={**SEEKER, "Landed Job On": day(-1), "New Role": "Analyst", "New Employer": "Acme"})
    drafts = plan(path).drafts
    assert [(d.nudge, d.contact) for d in drafts] == [("thank-you", "Ann Lee"), ("news", "Bo Diaz"), ("news and report-back", "Cy Ng")]
    assert drafts[2].file_name == f"{day(-1).isoformat()} Cy Ng news and report-back.eml"
    assert [d.nudge for d in plan(path, "update").drafts] == ["update"]  # Bo's update, when asked for by name
    assert [d.nudge for d in plan(path, "all", " bo  DIAZ").drafts] == ["news"]


def test_contact_with_a_kind_drafts_it_even_when_not_due(tmp_path):
    """--contact with --kind update drafts for a contact not yet due; a report-back needs a contacted lead."""
    path = follow_up_tracker(tmp_path)
    draft, = plan(path, "update", "Bo Diaz").drafts
    assert recipient(draft) == "bo@example.com"
    with pytest.raises(ContactUnknown, match="^no lead suggested by Bo Diaz has a Contacted On date in Leads"):
        plan(path, "report-back", "Bo Diaz")


def test_cli_kind_option_writes_only_that_kind(tmp_path):
    """`tracker draft --kind report-back` writes one file and lists it; nothing due for a kind says so and exits 0."""
    path = lead_tracker(tmp_path)
    runner = CliRunner()
    result = runner.invoke(cli, ["draft", str(path), "--kind", "report-back", "--today", TODAY.isoformat(), "--out", str(tmp_path / "d")])
    assert result.exit_code == 0, result.output
    name = f"{day(-10).isoformat()} Grace Kim report-back on Ravi Kapoor.eml"
    assert sorted(p.name for p in (tmp_path / "d").iterdir()) == [".tracker-drafts.json", name]
    assert f"  {name}  (report-back email draft, written)" in result.output and "Before sending:" in result.output
    result = runner.invoke(cli, ["draft", str(path), "--kind", "news", "--today", TODAY.isoformat(), "--out", str(tmp_path / "e")])
    assert result.exit_code == 0 and result.output.startswith("No news is due") and not (tmp_path / "e").exists()
    result = runner.invoke(cli, ["draft", str(path), "--kind", "letters"])
    assert result.exit_code == 2 and "'letters' is not one of" in result.output


def test_a_contact_without_email_gets_a_card_for_any_kind(tmp_path):
    """The card fallback is shared: a report-back to a suggester with only a Mailing Address is a card text."""
    path = write_tracker(tmp_path / "t.xlsx", {
        "Contacts": [{"Name": "Grace Kim", "Mailing Address": "1 Main St, Galway"}],
        "Leads": [{"Name": "Ravi Kapoor", "Suggested By": "Grace Kim", "Contacted On": day(-10)}],
    }, settings=SEEKER)
    draft, = plan(path, "report-back").drafts
    text = draft.content.decode("utf-8")
    assert draft.medium == "card" and draft.file_name.endswith("report-back on Ravi Kapoor card.txt")
    assert text.startswith("Handwritten report-back card for Grace Kim") and "Address:\nGrace Kim\n1 Main St\nGalway\n" in text
    assert text.rstrip().endswith("With thanks,\nJordan Rivera")
