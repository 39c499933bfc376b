"""`tracker draft`: every draft is parsed back and compared with the row it came from."""

from email import message_from_bytes
from email.policy import default

import pytest
from builders import TODAY, contact, day, write_tracker
from click.testing import CliRunner

from toolkit.cli import cli
from toolkit.errors import ContactUnknown
from toolkit.notes.draft_files import write_drafts
from toolkit.notes.drafts import split_takeaways
from toolkit.notes.planner import plan_nudges
from toolkit.review.checker import review

SEEKER = {"Your Name": "Jordan Rivera", "Your Email": "jordan@example.com", "Your LinkedIn": "https://www.linkedin.com/in/jordan"}


def plan(path, contact_name=None, kind=None):
    """Drafts as `tracker draft` plans them; a named contact gets a thank-you unless another kind is asked for."""
    kind = kind or ("thank-you" if contact_name else "all")
    return plan_nudges(*review(path, TODAY), kind, contact_name)


def drafts_in(folder) -> list[str]:
    """The drafts in a folder, without the record of what `draft` wrote."""
    return sorted(p.name for p in folder.iterdir() if p.name != ".tracker-drafts.json")


def parsed(draft):
    return message_from_bytes(draft.content, policy=default)


def text_of(message) -> str:
    """The body with the wire format's CRLF line ends read as newlines."""
    return message.get_content().replace("\r\n", "\n")


def test_email_draft_is_unsent_and_built_from_the_row(tmp_path):
    """To, Subject, X-Unsent and every part of the body come from the workbook."""
    path = write_tracker(tmp_path / "t.xlsx", {
        "Contacts": [contact("Ann Lee")],
        "Interviews": [{"Contact": "Ann Lee", "Date": day(-1), "Format": "Video",
                        "Key Takeaways": "Research ops is growing; case studies beat certificates; network early",
                        "Next Step I'll Take": "Rewrite my case study."}],
        "Promises": [{"Contact": "Ann Lee", "Made On": day(-1), "Direction": "They offered", "Promise": "Introduce me to Marcus Webb"},
                     {"Contact": "Ann Lee", "Made On": day(-1), "Direction": "I offered", "Promise": "Send the article"},
                     {"Contact": "Ann Lee", "Made On": day(-9), "Direction": "They offered", "Promise": "Old", "Done On": day(-2)}],
    }, settings=SEEKER)
    draft, = plan(path).drafts
    message = parsed(draft)
    assert message["X-Unsent"] == "1"
    assert message["To"].addresses[0].addr_spec == "ann@example.com" and message["To"].addresses[0].display_name == "Ann Lee"
    assert message["From"].addresses[0].addr_spec == "jordan@example.com"
    assert message["Subject"] == f"Thank you for our conversation on {day(-1):%A}, {day(-1).day} {day(-1):%B} – Jordan Rivera"
    body = text_of(message)
    assert body.startswith("Dear Ann,\n\nThank you for taking the time to speak with me by video")
    assert "- Research ops is growing\n- Case studies beat certificates\n" in body and "network early" not in body
    assert "My next step is to rewrite my case study." in body
    assert "You kindly offered to introduce me to Marcus Webb." in body
    assert "Send the article" not in body and "Old" not in body
    assert body.rstrip().endswith("Best regards,\nJordan Rivera\njordan@example.com\nhttps://www.linkedin.com/in/jordan")
    assert draft.warnings == [] and draft.file_name == f"{day(-1).isoformat()} Ann Lee thank-you.eml"


def test_only_thank_yous_due_or_overdue_are_drafted(tmp_path):
    """Sent, upcoming and cancelled interviews get no draft; due today and overdue do."""
    path = write_tracker(tmp_path / "t.xlsx", {
        "Contacts": [contact("Ann Lee"), contact("Ben Ode"), contact("Cy Park"), contact("Di Wu"), contact("Ed Fox")],
        "Interviews": [{"Contact": "Ann Lee", "Date": day(-1)},  # due today (24 h window)
                       {"Contact": "Ben Ode", "Date": day(-2)},  # overdue
                       {"Contact": "Cy Park", "Date": day(-2), "Thank-You Sent": day(-1)},
                       {"Contact": "Di Wu", "Date": day(2)},
                       {"Contact": "Ed Fox", "Date": day(-2), "Outcome": "Cancelled"}],
    }, settings=SEEKER)
    assert [d.contact for d in plan(path).drafts] == ["Ben Ode", "Ann Lee"]


def test_missing_pieces_become_marked_placeholders_and_warnings(tmp_path):
    """No takeaways, next step or settings: bracketed placeholders, one warning each naming where to fill in."""
    path = write_tracker(tmp_path / "t.xlsx", {
        "Contacts": [contact("Ann Lee")],
        "Interviews": [{"Contact": "Ann Lee", "Date": day(0), "Outcome": "Held"}],
    })
    draft, = plan(path).drafts
    message = parsed(draft)
    body = text_of(message)
    assert "One thing I am taking away from our conversation: [one thing you learned from Ann]." in body
    assert "My next step is to [the next step you will take]." in body
    assert body.rstrip().endswith("Best regards,\n[your name]\n[your email]\n[your LinkedIn profile]")
    assert message["Subject"].endswith("– [your name]") and message["From"] is None
    assert "You kindly offered" not in body
    assert len(draft.warnings) == 5
    assert any("Interviews!G2" in w and "[one thing you learned from Ann]" in w for w in draft.warnings)
    assert any("Interviews!H2" in w for w in draft.warnings)
    assert any("Settings: Your Name" in w for w in draft.warnings)


def test_non_ascii_names_quotes_and_line_breaks_survive_encoding(tmp_path):
    """Accented names, quotes in names and multi-line takeaways parse back exactly."""
    name = 'Zoë "Z" Müller-Łukasiewicz'
    path = write_tracker(tmp_path / "t.xlsx", {
        "Contacts": [{"Name": name, "Email": "zoe@example.com"}],
        "Interviews": [{"Contact": name, "Date": day(-1), "Key Takeaways": "• Hospitals buy “outcomes”\n• Pilots first",
                        "Next Step I'll Take": "I will email Søren next week"}],
    }, settings={**SEEKER, "Your Name": "José Núñez"})
    draft, = plan(path).drafts
    assert b"?q??=" not in draft.content and all(len(line) <= 998 for line in draft.content.split(b"\r\n"))
    message = parsed(draft)
    assert message["To"].addresses[0].display_name == name
    assert message["Subject"].endswith("– José Núñez")
    body = text_of(message)
    assert body.startswith("Dear Zoë,") and "- Hospitals buy “outcomes”\n- Pilots first" in body
    assert "I will email Søren next week." in body and "My next step is to" not in body
    assert body.rstrip().endswith("José Núñez\njordan@example.com\nhttps://www.linkedin.com/in/jordan")


def test_no_email_but_an_address_gets_a_card_text(tmp_path):
    """A contact with a Mailing Address and no Email gets a card text headed with the address."""
    path = write_tracker(tmp_path / "t.xlsx", {
        "Contacts": [{"Name": "Grace O'Connor", "Mailing Address": "12 Harbour Road, Galway"}],
        "Interviews": [{"Contact": "Grace O'Connor", "Date": day(-3), "Key Takeaways": "Shadow a clinician",
                        "Next Step I'll Take": "Ask about shadowing"}],
    }, settings=SEEKER)
    draft, = plan(path).drafts
    text = draft.content.decode("utf-8")
    assert draft.medium == "card" and draft.file_name.endswith("Grace O'Connor thank-you card.txt")
    assert "Address:\nGrace O'Connor\n12 Harbour Road\nGalway\n" in text
    assert "Dear Grace," in text and "One thing I am taking away from our conversation: shadow a clinician." in text
    assert text.rstrip().endswith("With thanks,\nJordan Rivera")


def test_card_address_lines_from_other_programs(tmp_path):
    """Line breaks pasted from Word (vertical tab) or typed on an old Mac (CR) start lines; other controls show."""
    # Excel's escapes stand for the controls XML forbids; U+2028 is the Unicode line separator.
    address = "12 Harbour Road_x000B_Galway\r\nH91 X2Y\rIreland_x001B_[2J\u2028_x001F_Attn: Grace\t, "
    path = write_tracker(tmp_path / "t.xlsx", {
        "Contacts": [{"Name": "Grace O'Connor", "Mailing Address": address}],
        "Interviews": [{"Contact": "Grace O'Connor", "Date": day(-3)}],
    }, settings=SEEKER)
    text = plan(path).drafts[0].content.decode("utf-8")
    assert "Address:\nGrace O'Connor\n12 Harbour Road\nGalway\nH91 X2Y\nIreland\u241b[2J\n\u241fAttn: Grace\n\n" in text
    assert "\x1b" not in text and "\r" not in text and "\v" not in text


def test_contact_with_nowhere_to_send_gets_an_email_without_a_recipient(tmp_path):
    """No Email, Mailing Address or LinkedIn: an email with no To, a warning naming the Email cell, and the listing says so; exit 0."""
    path = write_tracker(tmp_path / "t.xlsx", {
        "Contacts": [{"Name": "Mei Chen", "Phone": "555"}, contact("Ann Lee")],
        "Interviews": [{"Contact": "Mei Chen", "Date": day(-1)}, {"Contact": "Ann Lee", "Date": day(-1)}],
    }, settings=SEEKER)
    result = plan(path)
    mei = result.drafts[0]
    assert [d.contact for d in result.drafts] == ["Mei Chen", "Ann Lee"] and result.unreachable == []
    assert (mei.medium, mei.recipient, parsed(mei)["To"]) == ("email", False, None)
    assert ("Mei Chen: Contacts has no Email, Mailing Address or LinkedIn for them (Contacts!F2), so the draft has no recipient; "
            "add their address in your mail program before sending, and in Contacts") in mei.warnings
    cli_result = CliRunner().invoke(cli, ["draft", str(path), "--today", TODAY.isoformat(), "--out", str(tmp_path / "d")])
    assert cli_result.exit_code == 0, cli_result.output
    assert f"  {day(-1).isoformat()} Mei Chen thank-you.eml  (thank-you email draft, no recipient, written)" in cli_result.output
    assert drafts_in(tmp_path / "d") == [f"{day(-1).isoformat()} Ann Lee thank-you.eml", f"{day(-1).isoformat()} Mei Chen thank-you.eml"]


def test_an_email_cell_that_is_not_an_address_is_left_out_with_a_warning(tmp_path):
    """'ann at acme' is not put in To; the warning names the cell."""
    path = write_tracker(tmp_path / "t.xlsx", {
        "Contacts": [{"Name": "Ann Lee", "Email": "ann at acme"}],
        "Interviews": [{"Contact": "Ann Lee", "Date": day(-1), "Key Takeaways": "x", "Next Step I'll Take": "y"}],
    }, settings=SEEKER)
    draft, = plan(path).drafts
    assert parsed(draft)["To"] is None
    assert draft.warnings == ["Ann Lee: Contacts!F2 holds 'ann at acme', which is not an email address this draft can use; "
                              "the draft leaves it out, so add it in your mail program"]


def test_your_email_that_is_not_an_address_is_left_out_of_every_draft_with_a_warning(tmp_path):
    """The From address is made once for all the drafts; each draft without it still says why."""
    path = write_tracker(tmp_path / "t.xlsx", {
        "Contacts": [contact("Ann Lee"), contact("Ben Ode")],
        "Interviews": [{"Contact": "Ann Lee", "Date": day(-1)}, {"Contact": "Ben Ode", "Date": day(-2)}],
    }, settings=SEEKER | {"Your Email": " jordan at home "})
    drafts = plan(path).drafts
    assert [parsed(draft)["From"] for draft in drafts] == [None, None]
    for draft in drafts:
        assert (f"{draft.contact}: Settings: Your Email holds 'jordan at home', which is not an email address this draft "
                "can use; the draft leaves it out, so add it in your mail program") in draft.warnings


def test_named_contact_gets_their_latest_held_interview(tmp_path):
    """--contact drafts for the latest held interview even when its thank-you was sent; names match loosely."""
    path = write_tracker(tmp_path / "t.xlsx", {
        "Contacts": [contact("Ann Lee")],
        "Interviews": [{"Contact": "Ann Lee", "Date": day(-30), "Thank-You Sent": day(-30)},
                       {"Contact": "Ann Lee", "Date": day(-10), "Thank-You Sent": day(-9), "Key Takeaways": "latest"},
                       {"Contact": "Ann Lee", "Date": day(5)}],
    }, settings=SEEKER)
    draft, = plan(path, "  ann   LEE ").drafts
    assert draft.date == day(-10) and "latest" in text_of(parsed(draft))


@pytest.mark.parametrize("name, message", [("Anne Lee", '"Anne Lee" is not in Contacts; did you mean "Ann Lee"?'),
                                           ("Ben Ode", "Ben Ode has no held interview in Interviews to thank them for")])
def test_named_contact_problems_exit_2_with_one_line(tmp_path, name, message):
    """An unknown name suggests the closest; a contact never met is explained."""
    path = write_tracker(tmp_path / "t.xlsx", {"Contacts": [contact("Ann Lee"), contact("Ben Ode")],
                                               "Interviews": [{"Contact": "Ann Lee", "Date": day(-1)}]})
    with pytest.raises(ContactUnknown, match="^" + message.replace("?", r"\?") + "$"):
        plan(path, name)
    result = CliRunner().invoke(cli, ["draft", str(path), "--kind", "thank-you", "--contact", name, "--today", TODAY.isoformat()])
    assert result.exit_code == 2 and result.output.strip() == f"Error: {message}"


def test_edited_draft_is_kept_and_unchanged_one_is_reported(tmp_path):
    """Running twice changes nothing; a draft the seeker edited is never overwritten."""
    path = write_tracker(tmp_path / "t.xlsx", {"Contacts": [contact("Ann Lee"), contact("Ben Ode")],
                                               "Interviews": [{"Contact": "Ann Lee", "Date": day(-1)},
                                                              {"Contact": "Ben Ode", "Date": day(-1)}]}, settings=SEEKER)
    folder = tmp_path / "drafts"
    write_drafts(plan(path), folder)
    edited = folder / f"{day(-1).isoformat()} Ann Lee thank-you.eml"
    edited.write_bytes(b"my own words")
    again = plan(path)
    write_drafts(again, folder)
    assert [d.status for d in again.drafts] == ["kept", "unchanged"]
    assert edited.read_bytes() == b"my own words"
    assert "delete it to get a fresh draft" in again.drafts[0].warnings[-1]


def test_cli_prints_what_it_wrote_and_defaults_to_a_folder_beside_the_workbook(tmp_path):
    """Without --out the drafts go into drafts/ next to the tracker; warnings are listed."""
    path = write_tracker(tmp_path / "t.xlsx", {"Contacts": [contact("Ann Lee")],
                                               "Interviews": [{"Contact": "Ann Lee", "Date": day(-1)}]}, settings=SEEKER)
    result = CliRunner().invoke(cli, ["draft", str(path), "--today", TODAY.isoformat()])
    assert result.exit_code == 0, result.output
    name = f"{day(-1).isoformat()} Ann Lee thank-you.eml"
    assert (tmp_path / "drafts" / name).exists()
    assert f"  {name}  (thank-you email draft, written)" in result.output and "Before sending:" in result.output


def test_nothing_due_says_so(tmp_path):
    """No thank-you owed: nothing written, a hint about --contact, exit 0."""
    path = write_tracker(tmp_path / "t.xlsx", {"Contacts": [contact("Ann Lee")]})
    result = CliRunner().invoke(cli, ["draft", str(path), "--today", TODAY.isoformat()])
    assert result.exit_code == 0 and "--contact" in result.output and not (tmp_path / "drafts").exists()
    assert result.output.startswith("No note is due")


def test_unwritable_folder_is_one_line(tmp_path):
    """A --out that is a file is refused with exit 2."""
    path = write_tracker(tmp_path / "t.xlsx", {"Contacts": [contact("Ann Lee")],
                                               "Interviews": [{"Contact": "Ann Lee", "Date": day(-1)}]})
    (tmp_path / "taken").write_text("x")
    result = CliRunner().invoke(cli, ["draft", str(path), "--today", TODAY.isoformat(), "--out", str(tmp_path / "taken" / "d")])
    assert result.exit_code == 2 and "cannot write drafts" in result.output


@pytest.mark.parametrize("text, points", [
    ("One; two; three", ["One", "two", "three"]),
    ("- first\n- second.\n", ["first", "second"]),
    ("1. a\n2) b", ["a", "b"]),
    ("Just one idea.", ["Just one idea"]),
    ("", []),
])
def test_takeaways_split_into_points(text, points):
    """Lines or semicolons separate points; list markers and trailing full stops go."""
    assert split_takeaways(text) == points


def test_every_sample_draft_matches_its_contact_row(sample_tracker, tmp_path):
    """On the sample, each draft's To is that contact's Email as openpyxl reads it, one per thank-you owed."""
    import openpyxl

    context, report = review(sample_tracker, TODAY)
    result = plan_nudges(context, report, "thank-you")
    write_drafts(result, tmp_path)
    owed = [f.contact for f in report.findings if f.rule in ("thank-you-due", "thank-you-overdue")]
    contacts = {r[0]: r for r in openpyxl.load_workbook(sample_tracker)["Contacts"].iter_rows(min_row=2, values_only=True) if r[0]}
    email_column = [c.value for c in openpyxl.load_workbook(sample_tracker)["Contacts"][1]].index("Email")
    assert sorted(d.contact for d in result.drafts) == sorted(owed)
    for draft in result.drafts:
        message = message_from_bytes(draft.path.read_bytes(), policy=default)
        assert message["To"].addresses[0].addr_spec == contacts[draft.contact][email_column]


def test_interview_with_an_unknown_contact_is_reported(tmp_path):
    """An Interviews row naming someone not in Contacts gets no draft and a line saying why."""
    path = write_tracker(tmp_path / "t.xlsx", {"Contacts": [contact("Ann Lee")],
                                               "Interviews": [{"Contact": "Zed Nobody", "Date": day(-1)}]})
    result = plan(path)
    assert result.drafts == [] and result.unreachable == [
        "No draft for Zed Nobody (Interviews row 2): they are not in Contacts; add them there"]


def test_file_names_are_safe_for_any_name(tmp_path):
    """Slashes, colons and quotes in a name never leave the drafts folder or break the file name."""
    name = 'A/B: "C"'
    path = write_tracker(tmp_path / "t.xlsx", {"Contacts": [{"Name": name, "Email": "a@example.com"}],
                                               "Interviews": [{"Contact": name, "Date": day(-1)}]})
    result = plan(path)
    write_drafts(result, tmp_path / "out")
    assert drafts_in(tmp_path / "out") == [f"{day(-1).isoformat()} A-B- -C thank-you.eml"]


@pytest.mark.parametrize("name, greeting", [("Ann Lee", "Dear Ann,"), ("Dr. Maya Chen", "Dear Dr. Chen,"),
                                            ("Prof. Okafor", "Dear Prof. Okafor,"), ("Cher", "Dear Cher,")])
def test_greeting_uses_the_first_name_or_title_and_family_name(tmp_path, name, greeting):
    """A first name, or a title with the family name, never a title with a first name."""
    path = write_tracker(tmp_path / "t.xlsx", {"Contacts": [{"Name": name, "Email": "x@example.com"}],
                                               "Interviews": [{"Contact": name, "Date": day(-1)}]})
    draft, = plan(path).drafts
    assert text_of(parsed(draft)).startswith(greeting + "\n")


@pytest.mark.parametrize("count, sentence", [
    (2, "You kindly offered to send the guide and introduce me to Ravi."),
    (3, "You kindly offered to send the guide; introduce me to Ravi; and forward the posting, if it opens."),
])
def test_several_offers_read_as_one_sentence(tmp_path, count, sentence):
    """Two offers are joined with 'and'; three or more with semicolons, since offers may hold commas."""
    offers = ["Send the guide", "Introduce me to Ravi", "Forward the posting, if it opens"][:count]
    path = write_tracker(tmp_path / "t.xlsx", {
        "Contacts": [contact("Ann Lee")], "Interviews": [{"Contact": "Ann Lee", "Date": day(-1)}],
        "Promises": [{"Contact": "Ann Lee", "Made On": day(-1), "Direction": "They offered", "Promise": o} for o in offers]})
    draft, = plan(path).drafts
    assert sentence in text_of(parsed(draft))


def test_no_suggestion_when_no_contact_is_close(tmp_path):
    """A name like nobody in Contacts is refused without a misleading guess."""
    path = write_tracker(tmp_path / "t.xlsx", {"Contacts": [contact("Ann Lee")],
                                               "Interviews": [{"Contact": "Ann Lee", "Date": day(-1)}]})
    with pytest.raises(ContactUnknown, match=r'^"Xavier Quint" is not in Contacts$'):
        plan(path, "Xavier Quint")


def test_a_tracker_without_settings_says_so_instead_of_blank_name(tmp_path):
    """With the Settings sheet deleted, the draft's warning says there is no Settings sheet."""
    import openpyxl

    path = write_tracker(tmp_path / "t.xlsx", {"Contacts": [contact("Ann Lee")],
                                               "Interviews": [{"Contact": "Ann Lee", "Date": day(-1), "Outcome": "Held"}]})
    book = openpyxl.load_workbook(path)
    del book["Settings"]
    book.save(path)
    context, report = review(path, TODAY)
    warnings = [w for d in plan_nudges(context, report).drafts for w in d.warnings]
    assert any("no Settings sheet" in w and "[your name]" in w for w in warnings)
    assert not any("Your Name is blank" in w for w in warnings)


def test_two_interviews_on_one_day_with_one_person_give_one_note(tmp_path):
    """Two thank-yous due for the same person and day are one note that thanks for both conversations."""
    path = write_tracker(tmp_path / "t.xlsx", {"Contacts": [contact("Ann Lee")],
                                               "Interviews": [{"Contact": "Ann Lee", "Date": day(-1), "Key Takeaways": "One"},
                                                              {"Contact": "Ann Lee", "Date": day(-1), "Key Takeaways": "Two"}]},
                         settings=SEEKER)
    notes = plan(path)
    write_drafts(notes, tmp_path / "drafts")
    draft, = notes.drafts
    assert draft.status == "written" and draft.file_name == f"{day(-1).isoformat()} Ann Lee thank-you.eml"
    text = text_of(parsed(draft))
    assert "taking away from our conversation: one." in text and "Thank you also for our conversation on" in text
    assert "taking away from our conversation: two." in text


def test_each_thank_you_recalls_only_its_own_contacts_offers(tmp_path):
    """Offers are found by the contact's normalised name: Ann's, spelt loosely, in sheet order; Ben's stay in Ben's note."""
    path = write_tracker(tmp_path / "t.xlsx", {
        "Contacts": [contact("Ann Lee"), contact("Ben Ode")],
        "Interviews": [{"Contact": "Ann Lee", "Date": day(-1)}, {"Contact": "Ben Ode", "Date": day(-1)}],
        "Promises": [{"Contact": "ann  LEE", "Made On": day(-1), "Direction": "They offered", "Promise": "Send the guide"},
                     {"Contact": "Ben Ode", "Made On": day(-1), "Direction": "They offered", "Promise": "Introduce me to Ravi"},
                     {"Contact": "Ann Lee", "Made On": day(-1), "Direction": "They offered", "Promise": "Forward the posting"}]})
    bodies = {draft.contact: text_of(parsed(draft)) for draft in plan(path, kind="thank-you").drafts}
    assert "You kindly offered to send the guide and forward the posting." in bodies["Ann Lee"]
    assert "You kindly offered to introduce me to Ravi." in bodies["Ben Ode"] and "Ravi" not in bodies["Ann Lee"]
