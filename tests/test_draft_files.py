"""Draft files: names that fit Windows and never collide, untouched drafts refreshed, edited ones kept, bytes the same everywhere."""

import builtins
import io
import json
import os
import pathlib
import unicodedata

import pytest
from builders import TODAY, contact, day, write_tracker
from click.testing import CliRunner

from toolkit.cli import cli
from toolkit.notes.draft_files import LONGEST_NAME, RECORD, WINDOWS_MAX_PATH, Draft, DraftPlan, file_names, write_drafts
from toolkit.notes.planner import plan_nudges
from toolkit.review.checker import review

SEEKER = {"Your Name": "Jordan Rivera", "Your Email": "jordan@example.com"}


def draft_for(name: str, kind: str = "thank-you", content: bytes = b"x") -> Draft:
    return Draft(name, kind, day(-1), "email", f"{day(-1).isoformat()} {name} {kind}.eml", content, person_part=name)


def drafts_in(folder) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name != RECORD)


# -------------------------------------------------------------------- names
def test_names_that_differ_only_in_how_e_acute_is_encoded_get_two_files(tmp_path):
    """José composed (NFC) and decomposed (NFD) are two contacts: two files, each named in NFC, told apart by a tag."""
    composed, decomposed = unicodedata.normalize("NFC", "José Díaz"), unicodedata.normalize("NFD", "José Díaz")
    assert composed != decomposed
    names = file_names([draft_for(composed), draft_for(decomposed)], tmp_path)
    assert len(set(names)) == 2 and all(unicodedata.is_normalized("NFC", n) for n in names)
    assert len({n.casefold() for n in names}) == 2  # still two on a case-insensitive, normalising file system
    assert all(n.startswith(f"{day(-1).isoformat()} José Díaz ") and n.endswith(" thank-you.eml") for n in names)


def test_names_that_differ_only_in_case_get_two_files(tmp_path):
    """Leads 'Ravi Kapoor' and 'ravi kapoor' reported back to one suggester would be one file on NTFS or APFS: they are two."""
    first, second = draft_for("Grace Kim", "report-back on Ravi Kapoor"), draft_for("Grace Kim", "report-back on ravi kapoor")
    names = file_names([first, second], tmp_path)
    assert len({n.casefold() for n in names}) == 2
    assert file_names([first, second], tmp_path) == names  # the same every run


def test_a_name_without_a_look_alike_is_left_as_it_is(tmp_path):
    """Tags are only for names that would collide."""
    assert file_names([draft_for("Ann Lee"), draft_for("Bo Diaz")], tmp_path) == [
        f"{day(-1).isoformat()} Ann Lee thank-you.eml", f"{day(-1).isoformat()} Bo Diaz thank-you.eml"]


def test_long_names_are_shortened_and_stay_unique(tmp_path):
    """Two long names that share their first 100 characters get two names of at most 100 characters, kind and suffix kept."""
    stem = "Maximiliana " + "Wolfeschlegelsteinhausenbergerdorff " * 4
    names = file_names([draft_for(stem + "Senior"), draft_for(stem + "Junior")], tmp_path)
    assert len(set(names)) == 2 and all(len(n) <= LONGEST_NAME for n in names)
    assert all(n.startswith(f"{day(-1).isoformat()} Maximiliana Wolfe") and n.endswith(" thank-you.eml") for n in names)


def test_names_fit_the_windows_path_limit_in_a_deep_folder(tmp_path):
    """In a folder whose path is 180 characters long, folder and name together stay within 259 characters."""
    deep = tmp_path / ("d" * (180 - len(str(tmp_path)) - 1))
    assert len(str(deep)) == 180
    name, = file_names([draft_for("Alexandra Konstantinopoulou-Papadimitriou")], deep)
    assert len(str(deep / name)) <= WINDOWS_MAX_PATH and name.endswith(" thank-you.eml") and "Alexandra" in name


# ------------------------------------------------------------------ refresh
def two_thank_yous(tmp_path, takeaway="Portfolios matter"):
    return write_tracker(tmp_path / "t.xlsx", {
        "Contacts": [contact("Ann Lee"), contact("Ben Ode")],
        "Interviews": [{"Contact": "Ann Lee", "Date": day(-1), "Key Takeaways": takeaway},
                       {"Contact": "Ben Ode", "Date": day(-1), "Key Takeaways": takeaway}]}, settings=SEEKER)


def planned(path):
    return plan_nudges(*review(path, TODAY))


def test_an_untouched_draft_is_refreshed_when_the_tracker_changes(tmp_path):
    """After a takeaway is corrected, the drafts the seeker never touched are rewritten: 'refreshed', no warning."""
    folder = tmp_path / "drafts"
    write_drafts(planned(two_thank_yous(tmp_path, "Portfolios mater")), folder)
    fixed = planned(two_thank_yous(tmp_path, "Portfolios matter"))
    write_drafts(fixed, folder)
    assert [d.status for d in fixed.drafts] == ["refreshed", "refreshed"]
    assert all(d.path.read_bytes() == d.content and not any("edited" in w for w in d.warnings) for d in fixed.drafts)


def test_an_edited_draft_is_never_overwritten(tmp_path):
    """The seeker's edit is kept through any number of runs, and the output says how to get a fresh one."""
    folder = tmp_path / "drafts"
    write_drafts(planned(two_thank_yous(tmp_path, "Portfolios mater")), folder)
    edited = folder / f"{day(-1).isoformat()} Ann Lee thank-you.eml"
    edited.write_bytes(edited.read_bytes().replace(b"Dear Ann", b"Hi Ann"))
    mine = edited.read_bytes()
    for _run in range(2):
        again = planned(two_thank_yous(tmp_path, "Portfolios matter"))
        write_drafts(again, folder)
        assert edited.read_bytes() == mine and again.drafts[0].status == "kept"
        assert again.drafts[0].warnings[-1] == (f"{edited.name} was edited since `tracker draft` wrote it, so it was left as it is; "
                                                "delete it to get a fresh draft")
    assert again.drafts[1].status == "unchanged"


def test_a_file_the_record_does_not_know_is_kept(tmp_path):
    """A file of that name that `draft` did not write (or whose record is lost or damaged) is never replaced."""
    folder = tmp_path / "drafts"
    folder.mkdir()
    (folder / f"{day(-1).isoformat()} Ann Lee thank-you.eml").write_bytes(b"written by hand")
    (folder / RECORD).write_bytes(b"{not json")
    result = planned(two_thank_yous(tmp_path))
    write_drafts(result, folder)
    assert [d.status for d in result.drafts] == ["kept", "written"]
    assert (folder / f"{day(-1).isoformat()} Ann Lee thank-you.eml").read_bytes() == b"written by hand"
    record = json.loads((folder / RECORD).read_bytes())["written by tracker draft"]
    assert list(record) == [f"{day(-1).isoformat()} Ben Ode thank-you.eml"]


def test_the_cli_lists_refreshed_drafts(tmp_path):
    """The listing says 'refreshed' for a draft rewritten because the tracker changed."""
    path = two_thank_yous(tmp_path, "Portfolios mater")
    args = ["draft", str(path), "--today", TODAY.isoformat()]
    assert CliRunner().invoke(cli, args).exit_code == 0
    two_thank_yous(tmp_path, "Portfolios matter")
    result = CliRunner().invoke(cli, args)
    assert f"  {day(-1).isoformat()} Ann Lee thank-you.eml  (thank-you email draft, refreshed)" in result.output


# -------------------------------------------------------------------- bytes
def test_every_file_notes_writes_is_bytes_whatever_the_platform_line_end(tmp_path, monkeypatch):
    """With os.linesep as on Windows and text-mode opens refused, draft and remind write the same bytes: CRLF in mail and calendar."""
    path = write_tracker(tmp_path / "t.xlsx", {
        "Contacts": [contact("Ann Lee"), {"Name": "Grace O'Connor", "Mailing Address": "1 Main St"},
                     {"Name": "Kwame Mensah", "LinkedIn": "https://www.linkedin.com/in/k"}],
        "Interviews": [{"Contact": name, "Date": day(-1), "Key Takeaways": "One\ntwo"} for name in ("Ann Lee", "Grace O'Connor", "Kwame Mensah")],
    }, settings=SEEKER)
    review(path, TODAY)  # read the workbook before text-mode opens are refused: the reader is not under test
    opened_as_text = []
    real_open, real_io_open = builtins.open, io.open

    def binary_only(opener):
        def checked(file, mode="r", *args, **kwargs):
            if "w" in mode or "a" in mode or "x" in mode:
                if "b" not in mode:
                    opened_as_text.append(str(file))
            return opener(file, mode, *args, **kwargs)
        return checked

    monkeypatch.setattr(builtins, "open", binary_only(real_open))
    monkeypatch.setattr(io, "open", binary_only(real_io_open))
    monkeypatch.setattr(pathlib.Path, "write_text", lambda *a, **k: opened_as_text.append("write_text"))
    monkeypatch.setattr(os, "linesep", "\r\n")
    runner = CliRunner()
    assert runner.invoke(cli, ["draft", str(path), "--today", TODAY.isoformat(), "--out", str(tmp_path / "d")]).exit_code == 0
    assert runner.invoke(cli, ["remind", str(path), "--today", TODAY.isoformat(), "-o", str(tmp_path / "r.ics")]).exit_code == 0
    assert opened_as_text == []
    for written in [*(tmp_path / "d").iterdir(), tmp_path / "r.ics"]:
        data = written.read_bytes()
        assert b"\r\r" not in data, written.name
        if written.suffix in (".eml", ".ics"):
            assert data.count(b"\n") == data.count(b"\r\n") > 0, written.name  # every line ends in CRLF, none in CR CR LF
        else:
            assert b"\r" not in data, written.name  # texts to paste: LF, the same on every system


@pytest.mark.parametrize("record", [b"[]", b'{"written by tracker draft": 3}', b"\xff\xfe"])
def test_a_damaged_record_means_nothing_is_overwritten(tmp_path, record):
    """Any unreadable record knows no draft, so an existing file is kept rather than guessed untouched."""
    folder = tmp_path / "drafts"
    folder.mkdir()
    target = folder / f"{day(-1).isoformat()} Ann Lee thank-you.eml"
    target.write_bytes(b"old")
    (folder / RECORD).write_bytes(record)
    write_drafts(DraftPlan([draft_for("Ann Lee", content=b"new")], []), folder)
    assert target.read_bytes() == b"old"


def test_a_draft_no_longer_owed_and_never_edited_is_removed(tmp_path):
    """Once Ann's thank-you is logged, her untouched draft goes (so it is not sent twice); Ben's edited one stays; --kind removes nothing."""
    path = two_thank_yous(tmp_path)
    args = ["draft", str(path), "--today", TODAY.isoformat()]
    assert CliRunner().invoke(cli, args).exit_code == 0
    folder = tmp_path / "drafts"
    ann, ben = (folder / f"{day(-1).isoformat()} {name} thank-you.eml" for name in ("Ann Lee", "Ben Ode"))
    ben.write_bytes(b"my own words")
    for name in ("Ann Lee", "Ben Ode"):
        assert CliRunner().invoke(cli, ["log", str(path), name, "--type", "Thank-you note", "--today", TODAY.isoformat()]).exit_code == 0
    assert CliRunner().invoke(cli, [*args, "--kind", "news"]).exit_code == 0 and ann.exists()  # a part of the notes: nothing is stale
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert f"No longer owed, and never edited, so removed from {folder}:\n  {ann.name}\n" in result.output
    assert not ann.exists() and ben.read_bytes() == b"my own words"
