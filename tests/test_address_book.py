"""Reading LinkedIn, vCard and Google Contacts exports into people, and refusing what is not one."""

import pytest

from toolkit.capture.address_book import Person, read_people
from toolkit.capture.contacts_import import normalized_url
from toolkit.errors import ImportFileUnreadable

LINKEDIN = """Notes:
"When exporting your connection data, you may notice that some of the email addresses are missing. You will only see email addresses for connections who have allowed their connections to see or download their email address using this setting https://www.linkedin.com/psettings/privacy/email. You can learn more about this feature here: https://www.linkedin.com/help/linkedin/answer/261"

First Name,Last Name,URL,Email Address,Company,Position,Connected On
Ann,Lee,https://www.linkedin.com/in/ann-lee,,Acme,Engineer,12 Nov 2026
Zoë,Quinn,https://www.linkedin.com/in/zoequinn,zoe@example.com,"Quinn, Inc.",CEO,01 Oct 2026
"""

VCARDS = """BEGIN:VCARD
VERSION:3.0
N:Lee;Ann;;;
FN:Ann Lee
ORG:Acme Corp;Research
TITLE:Senior Res
 earcher
EMAIL;TYPE=INTERNET,WORK:ann@acme.example
EMAIL;TYPE=HOME:ann@home.example
TEL;TYPE=CELL:+1 555 0100
URL:https://www.linkedin.com/in/ann-lee/
ADR;TYPE=WORK:;;1 Main St;Springfield;IL;62701;USA
END:VCARD
BEGIN:VCARD
VERSION:4.0
FN:José Müller
EMAIL;TYPE=work:jose@example.com
TEL;VALUE=uri:tel:+49-30-1234
X-SOCIALPROFILE;TYPE=linkedin:https://linkedin.com/in/jose
END:VCARD
BEGIN:VCARD
VERSION:3.0
N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=C3=96zt=C3=BCrk;Ay=C5=9Fe;;;
FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Ay=C5=9Fe =C3=96zt=C3=BC=
rk
END:VCARD
"""

GOOGLE_OLD = """Name,Given Name,Family Name,E-mail 1 - Type,E-mail 1 - Value,Phone 1 - Type,Phone 1 - Value,Organization 1 - Name,Organization 1 - Title,Website 1 - Type,Website 1 - Value
Max Roy,Max,Roy,* Work,max@roy.example ::: max2@roy.example,Mobile,555-0101,Roy LLC,Founder,Profile,http://linkedin.com/in/maxroy?trk=x
"""

GOOGLE_NEW = """First Name,Middle Name,Last Name,Organization Name,Organization Title,E-mail 1 - Label,E-mail 1 - Value,Phone 1 - Label,Phone 1 - Value
Ivy,,Ng,Ng & Co,Partner,Work,ivy@ng.example,,
"""


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_linkedin_export_with_its_notes_preamble_and_blank_email(tmp_path):
    """The header after LinkedIn's Notes paragraph is found; a blank email is no email; lines are numbered."""
    people = read_people(write(tmp_path, "Connections.csv", LINKEDIN))
    assert people == [
        Person("Ann Lee", (), "https://www.linkedin.com/in/ann-lee", None, "Acme", "Engineer", None, True, "Connections.csv line 5"),
        Person("Zoë Quinn", ("zoe@example.com",), "https://www.linkedin.com/in/zoequinn", None, "Quinn, Inc.", "CEO", None, True,
               "Connections.csv line 6"),
    ]


def test_vcards_3_and_4_folded_quoted_printable_several_per_file(tmp_path):
    """Three cards: a folded 3.0 line, a 4.0 social profile and tel: URI, a quoted-printable UTF-8 name."""
    ann, jose, ayse = read_people(write(tmp_path, "contacts.vcf", VCARDS))
    assert ann == Person("Ann Lee", ("ann@acme.example", "ann@home.example"), "https://www.linkedin.com/in/ann-lee/",
                         "+1 555 0100", "Acme Corp", "Senior Researcher", "1 Main St, Springfield, IL 62701, USA",
                         False, "contacts.vcf card 1")
    assert (jose.name, jose.linkedin, jose.phone) == ("José Müller", "https://linkedin.com/in/jose", "+49-30-1234")
    assert ayse.name == "Ayşe Öztürk" and ayse.emails == ()


@pytest.mark.parametrize("text, expected", [
    (GOOGLE_OLD, Person("Max Roy", ("max@roy.example", "max2@roy.example"), "http://linkedin.com/in/maxroy?trk=x",
                        "555-0101", "Roy LLC", "Founder", None, False, "google.csv line 2")),
    (GOOGLE_NEW, Person("Ivy Ng", ("ivy@ng.example",), None, None, "Ng & Co", "Partner", None, False, "google.csv line 2")),
])
def test_google_contacts_old_and_new_exports(tmp_path, text, expected):
    """Both Google CSV layouts; ' ::: ' separates several values in one cell."""
    assert read_people(write(tmp_path, "google.csv", text)) == [expected]


@pytest.mark.parametrize("name, text, message", [
    ("Connections.csv", LINKEDIN.replace('"Quinn, Inc."', '"Quinn, Inc.""x'), "Connections.csv line 6"),
    ("Connections.csv", LINKEDIN + "Bo,Chen,https://x,,A,B,C,extra,more\n", "Connections.csv line 7: 9 fields"),
    ("contacts.vcf", VCARDS.replace("TITLE:Senior Res", "this line is junk\nTITLE:Senior Res"), "contacts.vcf line 6"),
    ("contacts.vcf", "BEGIN:VCARD\nVERSION:3.0\nFN:Ann\n", "contacts.vcf line 3"),
    ("people.csv", "Who,When\nAnn,today\n", "people.csv line 1: not a LinkedIn Connections.csv"),
])
def test_unreadable_files_name_the_file_and_line(tmp_path, name, text, message):
    """A broken quote, a long row, a junk vCard line, an unclosed card or an unknown CSV: one line naming file and line."""
    with pytest.raises(ImportFileUnreadable, match=message):
        read_people(write(tmp_path, name, text))


def test_text_that_is_not_utf8_names_the_line(tmp_path):
    """A Latin-1 export is refused at the line holding the first byte that is not UTF-8."""
    path = tmp_path / "Connections.csv"
    path.write_bytes(LINKEDIN.replace("Zoë", "Zo\udcEB", 1).encode("utf-8", "surrogateescape"))
    with pytest.raises(ImportFileUnreadable, match="Connections.csv line 6: not UTF-8"):
        read_people(path)


@pytest.mark.parametrize("url", ["https://www.linkedin.com/in/Ann-Lee/", "http://linkedin.com/in/ann-lee",
                                 "linkedin.com/in/ann-lee?trk=people", "WWW.LINKEDIN.COM/in/ann-lee#top"])
def test_linkedin_addresses_compare_without_scheme_www_slash_case_or_query(url):
    """Every spelling of one profile normalises to the same text."""
    assert normalized_url(url) == "linkedin.com/in/ann-lee"
