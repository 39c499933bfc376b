"""The seeker's notes about a contact, reworded to speak to them, or left for the seeker when it is unclear whom they mean."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit.notes.voice import PRONOUN_FORMS, WORD, _pronouns, to_reader

OTHERS = {"Rachel", "Marcus"}


@pytest.mark.parametrize("note, letter", [
    ("Take the free SQL course she recommended.", "Take the free SQL course you recommended."),
    ("Send her the article on patient-portal adoption we discussed", "Send you the article on patient-portal adoption we discussed"),
    ("Ask her team about a shadowing day", "Ask your team about a shadowing day"),
    ("Thank her", "Thank you"),
    ("She says portfolios matter", "You say portfolios matter"),
    ("He also recommends it", "You also recommend it"),
    ("She is right; he was kind; she has a point; he does it", "You are right; you were kind; you have a point; you do it"),
    ("She doesn't hire juniors", "You don't hire juniors"),
    ("she's right", "you're right"),
    ("Read the report he mentioned", "Read the report you mentioned"),
    ("His advice: ask him again", "Your advice: ask you again"),
    ("Priya's advice was to ask Priya Natarajan", "Your advice was to ask you"),
    ("Managers hire for curiosity; show how I learn.", "Managers hire for curiosity; show how I learn."),
    ("Shelter the team", "Shelter the team"),  # "she" inside a word is not a pronoun
])
def test_notes_about_the_reader_speak_to_them(note, letter):
    """she/he/her/him/his and the reader's own name become you/your, with the verb agreeing."""
    assert to_reader(note, "Priya Natarajan", OTHERS).text == letter


def test_a_pronoun_beside_another_persons_name_is_left_for_the_seeker():
    """'Read Rachel's paper she wrote': she may be Rachel, so the note stays as written and says why."""
    reworded = to_reader("Read Rachel's paper she wrote", "Priya Natarajan", OTHERS)
    assert (reworded.text, reworded.unsure) == ("Read Rachel's paper she wrote", "“she” may mean Rachel")


def test_another_name_without_a_pronoun_is_no_doubt():
    """A note that names someone else but no pronoun is kept, with nothing to ask."""
    assert to_reader("Ask Rachel Goldberg about shadowing", "Priya Natarajan", OTHERS) == to_reader(
        "Ask Rachel Goldberg about shadowing", "Ann Lee", OTHERS)
    assert to_reader("Ask Rachel Goldberg about shadowing", "Priya Natarajan", OTHERS).unsure is None


PRONOUN_LIKE = st.sampled_from(["she", "He", "HIM", "his", "Her", "hers", "herself", "Himself", "she's", "her’s", "he'll",
                                "Shelter", "the", "other", "o’her", "ſhe", "HİM", "x", "2", "_", " ", "'", "’", ".", "é"])


@settings(max_examples=400)
@given(st.lists(st.one_of(PRONOUN_LIKE, st.text(max_size=4)), max_size=12).map("".join))
def test_the_quick_look_for_pronouns_misses_none(text):
    """A note passed over at once (none of its words, lowered, is a pronoun's form) holds no pronoun as the words are
    read one by one, possessives and all."""
    words = WORD.findall(text)
    pronouns, _bare = _pronouns(words)
    if pronouns:
        assert not PRONOUN_FORMS.isdisjoint(map(str.lower, words)), pronouns
