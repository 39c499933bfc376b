"""Reading LinkedIn, vCard and Google Contacts exports into people, and refusing what is not one."""

import pytest

from toolkit.capture.address_book import FORMATS, Person, read_address_book, read_people
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
                         False, "contacts.vcf line 1")
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
    ("contacts.vcf", "BEGIN:VCARD\nVERSION:3.0\nFN:Ann\n", "contacts.vcf line 3"),
    ("people.csv", "Who,When\nAnn,today\n", "people.csv line 1: no header row naming contacts' columns"),
])
def test_unreadable_files_name_the_file_and_line(tmp_path, name, text, message):
    """A broken quote, a long row, a junk vCard line, an unclosed card or an unknown CSV: one line naming file and line."""
    with pytest.raises(ImportFileUnreadable, match=message):
        read_people(write(tmp_path, name, text))


def test_a_legacy_code_page_export_is_read_in_it(tmp_path):
    """A LinkedIn export saved in Windows-1252 (as Excel does) is read, Zoë and all, without a word about it."""
    path = tmp_path / "Connections.csv"
    path.write_bytes(LINKEDIN.encode("cp1252"))
    assert [p.name for p in read_people(path)] == ["Ann Lee", "Zoë Quinn"]


@pytest.mark.parametrize("url", ["https://www.linkedin.com/in/Ann-Lee/", "http://linkedin.com/in/ann-lee",
                                 "linkedin.com/in/ann-lee?trk=people", "WWW.LINKEDIN.COM/in/ann-lee#top"])
def test_linkedin_addresses_compare_without_scheme_www_slash_case_or_query(url):
    """Every spelling of one profile normalises to the same text."""
    assert normalized_url(url) == "linkedin.com/in/ann-lee"


PHONE_21 = (b"BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=SHIFT_JIS:" + "安藤;ロイド".encode("shift_jis") + b"\r\n"
            b"FN;CHARSET=SHIFT_JIS:" + "安藤ロイド".encode("shift_jis") + b"\r\n"
            b"TITLE:Head of Design, EMEA\r\nORG:Acme, Inc.;R&D\r\n"
            b"NOTE;ENCODING=QUOTED-PRINTABLE:first=\r\n second=\r\nthird\r\n"
            b"ADR;WORK;ENCODING=QUOTED-PRINTABLE;CHARSET=UTF-8:;;Hauptstra=C3=9F=\r\ne 1;Z=C3=BCrich;;8001;Schweiz\r\n"
            b"TEL;CELL;PREF:+81 3 0000\r\nPHOTO;ENCODING=BASE64;TYPE=JPEG:qgEPAAIAAAAH:ASDF==\r\n AAAA\r\n\r\n"
            b"EMAIL;INTERNET:\"Ando\" <ando@example.jp>\r\nend:vCard\r\n")

APPLE_30 = """BEGIN:VCARD
VERSION:3.0
PROFILE:VCard
PRODID:-//Apple Inc.//iPhone OS 17.0//EN
N:Okafor;Samuel;;;
FN:Samuel Okafor
TITLE:VP\\, Growth
item1.URL;type=pref:https://www.linkedin.com/in/samuel-okafor
item1.X-ABLabel:LinkedIn
X-SOCIALPROFILE;type=twitter:https://twitter.com/sam
PHOTO;ENCODING=b;TYPE=JPEG:not*base64*at*all
KEY;ENCODING=b:%%%
X-messaging/twitter-All:sam
# a comment line a phone left
END:VCARD
"""


def test_a_phone_s_vcard_2_1_keeps_commas_charsets_soft_breaks_and_skips_the_photo(tmp_path):
    """Shift_JIS name, TITLE and ORG whole with their commas, a QP address over a soft break, a malformed photo, lowercase END."""
    path = tmp_path / "phone.vcf"
    path.write_bytes(PHONE_21)
    [ando] = read_people(path)
    assert ando == Person("安藤ロイド", ("ando@example.jp",), None, "+81 3 0000", "Acme, Inc.", "Head of Design, EMEA",
                          "Hauptstraße 1, Zürich, 8001, Schweiz", False, "phone.vcf line 1")


def test_an_iphone_card_with_profile_groups_bad_photo_and_unknown_lines(tmp_path):
    """PROFILE, itemN.URL, an escaped comma, a photo that is not base64, unknown properties: read; the comment is noted."""
    book = read_address_book(write(tmp_path, "iphone.vcf", APPLE_30))
    [sam] = book.people
    assert (sam.name, sam.title, sam.linkedin) == ("Samuel Okafor", "VP, Growth", "https://www.linkedin.com/in/samuel-okafor")
    assert book.notes == ["iphone.vcf line 14: not a vCard line, skipped ('# a comment line a phone left')"]


@pytest.mark.parametrize("break_", ["\n", "\r\n", "\r", "\r\r\n"])
def test_any_line_break_counts_as_one_line_and_a_nel_byte_as_none(tmp_path, break_):
    """LF, CR LF, a lone CR (old Macs) and CR CR LF (one iPhone export) are each one break; Latin-1's NEL is a letter."""
    lines = ["BEGIN:VCARD", "VERSION:3.0", "FN:Åsa Öberg", "TITLE:Senior", "  Designer", "% left by a phone",
             "END:VCARD", "BEGIN:VCARD", "VERSION:3.0", "FN:Bo Ek", "END:VCARD"]
    book = read_address_book(write(tmp_path, "breaks.vcf", break_.join(lines) + break_))
    assert [(p.name, p.title, p.where) for p in book.people] == [
        ("Åsa Öberg", "Senior Designer", "breaks.vcf line 1"), ("Bo Ek", None, "breaks.vcf line 8")]
    assert book.notes == ["breaks.vcf line 6: not a vCard line, skipped ('% left by a phone')"]


REORDERED_LINKEDIN = """Company,Position,URL,Connected On,Email Address,Last Name,First Name
"Quinn, Inc.",CEO,https://www.linkedin.com/in/zoequinn,01 Oct 2026,zoe@example.com,Quinn,Zoë
"""
OUTLOOK = ('"First Name","Middle Name","Last Name","Title","Suffix","Company","Department","Job Title",'
           '"Business Street","Business City","Business State","Business Postal Code","Business Country/Region",'
           '"Business Phone","Mobile Phone","E-mail Address","E-mail 2 Address","Web Page"\n'
           '"Grace","","O\'Connor","Dr.","","St. Mary\'s Hospital","IT","Director, Patient Systems",'
           '"1 Main St","Boston","MA","02110","United States","+1 617 555 0100","","grace@stmarys.example",'
           '"g.oconnor@home.example","https://www.linkedin.com/in/grace-oconnor"\n')
GERMAN_OUTLOOK = ("Vorname;Weitere Vornamen;Nachname;Firma;Position;E-Mail-Adresse;Mobiltelefon;Straße geschäftlich;"
                  "Ort geschäftlich;Postleitzahl geschäftlich;Land geschäftlich\n"
                  "Jürgen;;Groß;Müller & Söhne GmbH;Leiter Einkauf;jg@mueller.example;+49 170 000;Königsallee 1;"
                  "Düsseldorf;40212;Deutschland\n")
THUNDERBIRD = ("First Name,Last Name,Display Name,Nickname,Primary Email,Secondary Email,Work Phone,Job Title,"
               "Organization,Web Page 1\nMei,Chen,Mei Chen,,mei@example.com,,555-0199,Analyst,Chen Labs,\n")


@pytest.mark.parametrize("name, raw, expected", [
    ("Connections.csv", REORDERED_LINKEDIN.encode(), Person(
        "Zoë Quinn", ("zoe@example.com",), "https://www.linkedin.com/in/zoequinn", None, "Quinn, Inc.", "CEO", None, True,
        "Connections.csv line 2")),
    ("contacts.csv", OUTLOOK.encode("cp1252"), Person(
        "Grace O'Connor", ("grace@stmarys.example", "g.oconnor@home.example"), "https://www.linkedin.com/in/grace-oconnor",
        "+1 617 555 0100", "St. Mary's Hospital", "Director, Patient Systems", "1 Main St, Boston, MA 02110, United States",
        False, "contacts.csv line 2")),
    ("Kontakte.CSV", GERMAN_OUTLOOK.encode("cp1252"), Person(
        "Jürgen Groß", ("jg@mueller.example",), None, "+49 170 000", "Müller & Söhne GmbH", "Leiter Einkauf",
        "Königsallee 1, Düsseldorf, 40212, Deutschland", False, "Kontakte.CSV line 2")),
    ("unicode.csv", OUTLOOK.replace('","', '"\t"').encode("utf-16"), Person(
        "Grace O'Connor", ("grace@stmarys.example", "g.oconnor@home.example"), "https://www.linkedin.com/in/grace-oconnor",
        "+1 617 555 0100", "St. Mary's Hospital", "Director, Patient Systems", "1 Main St, Boston, MA 02110, United States",
        False, "unicode.csv line 2")),
    ("abook.csv", ("\ufeff" + THUNDERBIRD).encode(), Person(
        "Mei Chen", ("mei@example.com",), None, "555-0199", "Chen Labs", "Analyst", None, False, "abook.csv line 2")),
])
def test_csv_exports_by_content_any_order_separator_and_encoding(tmp_path, name, raw, expected):
    """LinkedIn reordered without preamble; Outlook in Windows-1252; German Outlook with semicolons; UTF-16 tabs; Thunderbird."""
    path = tmp_path / name
    path.write_bytes(raw)
    assert read_people(path) == [expected]


@pytest.mark.parametrize("name, raw, message", [
    ("nohead.csv", b"John Doe,John,Doe,john@doe.invalid\n", "nohead.csv line 1: no header row naming contacts' columns "
     "(it begins 'John Doe,John,Doe,john@doe.invalid'). tracker import takes vCard files (.vcf) and CSV exports"),
    ("empty.csv", b"\n\n", "empty.csv line 1: the file is empty."),
    ("cut.vcf", b"BEGIN:VCARD\nVERSION:3.0\nFN:Ann\nBEGIN:VCARD\n", "cut.vcf line 4: the file ends inside the card that "
     "begins at line 1"),
    ("notes.vcf", b"Call Ann back\n", "notes.vcf line 1: not a vCard file: it begins 'Call Ann back', not BEGIN:VCARD."),
])
def test_what_cannot_be_read_is_refused_in_one_line_with_the_formats(tmp_path, name, raw, message):
    """Each refusal is one line: file, line, what was wrong, and the formats import takes."""
    path = tmp_path / name
    path.write_bytes(raw)
    with pytest.raises(ImportFileUnreadable) as caught:
        read_people(path)
    assert str(caught.value).startswith(message) and "\n" not in str(caught.value)
    assert str(caught.value).endswith(FORMATS)
