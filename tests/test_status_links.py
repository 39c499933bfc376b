"""From the Status sheet the seeker opens each owed note: its draft once drafted, else a mailto: with recipient and subject."""

import re
import shutil
import zipfile
from urllib.parse import parse_qs, unquote, urlsplit

from builders import TODAY, contact, day, write_tracker
from click.testing import CliRunner
from test_golden import status_parts

from toolkit.cli import cli
from toolkit.notes.links import HYPERLINK_LIMIT, status_links
from toolkit.review.checker import review

SEEKER = {"Your Name": "Jordan Rivera", "Your Email": "jordan@example.com"}
LINK = re.compile(r'<c r="B(\d+)" t="str"[^>]*><f>HYPERLINK\("(.*?)","(.*?)"\)</f><v>(.*?)</v></c>')


def links_on_status(path) -> dict[int, tuple[str, str]]:
    """{row: (link, text)} of the What to do cells that open a note."""
    sheet, _table = status_parts(path)
    return {int(row): (target, shown) for row, target, shown, _cached in LINK.findall(sheet)}


def tracker(tmp_path):
    return write_tracker(tmp_path / "t.xlsx", {
        "Contacts": [contact("Ann Lee"), contact("Bo Diaz")],
        "Interviews": [{"Contact": "Ann Lee", "Date": day(-1)}, {"Contact": "Bo Diaz", "Date": day(-30), "Thank-You Sent": day(-30)}],
        "Leads": [{"Name": "Cy Ng", "Suggested By": "Bo Diaz", "Suggested On": day(-30)}],
    }, settings=SEEKER)


def check(path):
    return CliRunner().invoke(cli, ["check", str(path), "--today", TODAY.isoformat()])


def test_before_drafting_the_note_opens_as_a_mailto_with_recipient_and_subject(tmp_path):
    """Ann's thank-you: What to do is a mailto: link to her address with the draft's subject; the lead finding has no link."""
    path = tracker(tmp_path)
    check(path)
    (row, (target, shown)), = links_on_status(path).items()
    url = urlsplit(target)
    assert (url.scheme, unquote(url.path), shown) == ("mailto", "ann@example.com", "Send thank-you notes")
    assert parse_qs(url.query)["subject"] == [f"Thank you for our conversation on {day(-1):%A}, {day(-1).day} {day(-1):%B} – Jordan Rivera"]
    assert len(target) <= HYPERLINK_LIMIT


def test_an_empty_drafts_folder_links_as_no_folder_does(tmp_path):
    """With the drafts folder made but nothing drafted in it yet, the note opens as the same mailto: as with no folder."""
    path = tracker(tmp_path)
    check(path)
    without_folder = links_on_status(path)
    (tmp_path / "drafts").mkdir()
    check(path)
    assert links_on_status(path) == without_folder and next(iter(without_folder.values()))[0].startswith("mailto:")


def test_once_drafted_the_note_opens_as_its_file_beside_the_workbook(tmp_path):
    """After `tracker draft`, the link is the draft's path relative to the workbook, and that file exists."""
    path = tracker(tmp_path)
    assert CliRunner().invoke(cli, ["draft", str(path), "--today", TODAY.isoformat()]).exit_code == 0
    check(path)
    (_row, (target, _shown)), = links_on_status(path).items()
    assert target == f"drafts/{day(-1).isoformat()} Ann Lee thank-you.eml" and (tmp_path / target).is_file()


def test_a_contact_with_only_linkedin_links_to_the_profile_and_a_card_waits_for_its_draft(tmp_path):
    """LinkedIn only: the link is the profile (with https:// added); a card to post has no link until it is drafted."""
    path = write_tracker(tmp_path / "t.xlsx", {
        "Contacts": [{"Name": "Kwame Mensah", "LinkedIn": "linkedin.com/in/kwame"}, {"Name": "Grace Kim", "Mailing Address": "1 Main St"}],
        "Interviews": [{"Contact": "Kwame Mensah", "Date": day(-1)}, {"Contact": "Grace Kim", "Date": day(-1)}],
    }, settings=SEEKER)
    context, report = review(path, TODAY)
    links = status_links(context, report, path, tmp_path / "drafts")
    assert set(links.values()) == {"https://linkedin.com/in/kwame"}
    CliRunner().invoke(cli, ["draft", str(path), "--today", TODAY.isoformat()])
    links = status_links(context, report, path, tmp_path / "drafts")
    assert sorted(links.values()) == [f"drafts/{day(-1).isoformat()} Grace Kim thank-you card.txt",
                                      f"drafts/{day(-1).isoformat()} Kwame Mensah thank-you LinkedIn.txt"]


def test_every_finding_of_one_persons_note_opens_the_same_note(sample_tracker, tmp_path):
    """Ann is owed a thank-you, the news and a reminder of her offer: all three findings open her one note."""
    path = shutil.copy(sample_tracker, tmp_path / "sample.xlsx")
    context, report = review(path, TODAY)
    links = status_links(context, report, path, tmp_path / "drafts")
    ann = {rule: link for (rule, _sheet, _row), link in links.items()
           if any(f.rule == rule and f.contact == "Ann Lee" for f in report.findings) and "ann.lee" in link}
    assert set(ann) == {"thank-you-overdue", "their-offer-pending", "share-the-news"} and len(set(ann.values())) == 1


def test_a_shared_copy_has_no_links_to_drafts(sample_tracker, tmp_path):
    """The counselor's copy carries no note links: drafts are the seeker's, on the seeker's computer."""
    out = tmp_path / "shared.xlsx"
    assert CliRunner().invoke(cli, ["share", str(sample_tracker), "-o", str(out), "--today", TODAY.isoformat()]).exit_code == 0
    with zipfile.ZipFile(out) as archive:
        assert not any(b"HYPERLINK(" in archive.read(name) for name in archive.namelist() if name.startswith("xl/worksheets/"))


def test_a_draft_is_found_whatever_the_case_of_its_name_and_a_drafts_path_that_is_a_file_links_nothing_drafted(tmp_path):
    """The folder is listed once: a draft renamed only in case (as macOS and Windows match names) still links where the
    file system finds it; where 'drafts' is a file, not a folder, each note is looked for itself and none is drafted."""
    path = tracker(tmp_path)
    assert CliRunner().invoke(cli, ["draft", str(path), "--today", TODAY.isoformat()]).exit_code == 0
    context, report = review(path, TODAY)
    drafted = tmp_path / "drafts" / f"{day(-1).isoformat()} Ann Lee thank-you.eml"
    assert list(status_links(context, report, path, tmp_path / "drafts").values()) == [f"drafts/{drafted.name}"]
    drafted.rename(drafted.with_name(drafted.name.upper()))
    found = (tmp_path / "drafts" / drafted.name).is_file()  # True where names match in any case, False on Linux
    (link,) = status_links(context, report, path, tmp_path / "drafts").values()
    assert link == f"drafts/{drafted.name}" if found else link.startswith("mailto:ann@example.com?subject=")
    shutil.rmtree(tmp_path / "drafts")
    (tmp_path / "drafts").write_text("not a folder")
    (link,) = status_links(context, report, path, tmp_path / "drafts").values()
    assert link.startswith("mailto:ann@example.com?subject=")


def test_the_drafts_listing_matches_names_in_any_case_and_unicode_form(tmp_path):
    """macOS's HFS+ lists a name decomposed ("e" and a combining diaeresis) that we wrote composed: still a match."""
    import unicodedata

    from toolkit.notes.draft_files import folded_name
    from toolkit.notes.links import _listed

    (tmp_path / unicodedata.normalize("NFD", "2026-12-06 Zoë Lee thank-you.eml")).write_bytes(b"")
    assert folded_name("2026-12-06 ZOË LEE thank-you.eml") in _listed(tmp_path)
    assert _listed(tmp_path / "nowhere") == set()
