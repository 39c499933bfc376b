"""The declarative template agrees with the spec's contract."""

from toolkit.workbook.schema import load_template, normalize_header, normalize_name

SPEC_COLUMNS = {
    "Contacts": ["Name", "Pronunciation", "Title", "Organization", "Industry", "Email", "Phone", "LinkedIn", "Mailing Address",
                 "How We Met", "Referred By", "Relationship", "Connected on LinkedIn", "Follow Up Every (days)", "Snooze Until", "Private Notes"],
    "Interviews": ["Contact", "Date", "Time", "Format", "Outcome", "Prepared", "Key Takeaways", "Next Step I'll Take", "Still Interested",
                   "Thank-You Sent", "Thank-You Medium", "Private Notes", "Source"],
    "Questions": ["Contact", "Question", "Answer", "Surprised?"],
    "Promises": ["Contact", "Made On", "Direction", "Promise", "Due Date", "Done On", "Notes"],
    "Follow-Ups": ["Contact", "Date", "Type", "Channel", "Summary", "Source"],
    "Leads": ["Name", "Suggested By", "Suggested On", "Organization", "Why", "Status", "Contacted On"],
}
SPEC_REQUIRED = {
    "Contacts": ["Name"], "Interviews": ["Contact", "Date"], "Questions": ["Question"],
    "Promises": ["Contact", "Direction", "Promise"], "Follow-Ups": ["Contact", "Date"], "Leads": ["Name", "Suggested By"],
}
SPEC_DEFAULTS = {
    "Your Name": None, "Your Email": None, "Your LinkedIn": None, "Thank-You Window (hours)": 24, "Promise Window (days)": 7,
    "Follow Up Every (days)": 120, "Max Follow-Ups per Year": 3, "Lead Window (days)": 14, "Prep Reminder (days)": 2, "Landed Job On": None,
    "New Role": None, "New Employer": None,
}


def test_sheets_and_columns_follow_the_spec_in_order():
    """Every sheet has the spec's columns in the spec's order (computed columns come after)."""
    template = load_template()
    for sheet_name, headers in SPEC_COLUMNS.items():
        sheet = template.sheet(sheet_name)
        assert [c.header for c in sheet.read_columns] == headers


def test_required_columns_match_the_spec():
    """The spec's * columns are exactly the template's required ones."""
    template = load_template()
    for sheet_name, required in SPEC_REQUIRED.items():
        assert list(template.sheet(sheet_name).required_headers) == required


def test_settings_defaults_match_the_spec():
    """Settings and their defaults are the spec's."""
    template = load_template()
    assert {s.setting: s.default for s in template.settings} == SPEC_DEFAULTS


def test_choice_lists_match_the_spec():
    """Spot-check the choice lists, including the Outcome list the rules depend on."""
    choices = load_template().choices
    assert choices["Outcome"] == ("Scheduled", "Held", "Cancelled", "Rescheduled")
    assert choices["Direction"] == ("They offered", "I offered")
    assert choices["Relationship"][-2:] == ("Dormant", "Do not contact")
    assert choices["Yes/No"] == ("Yes", "No")
    assert choices["Follow-Up Type"] == ("Career update", "Article or link", "LinkedIn connection", "Catch-up", "Job news",
                                         "Thank-you note", "Report back", "Other")


def test_header_and_name_normalisation():
    """Headers and names compare ignoring case and surrounding or repeated spaces."""
    assert normalize_header("  Thank-You   SENT ") == normalize_header("Thank-You Sent")
    assert normalize_name(" ann  LEE") == normalize_name("Ann Lee")
