"""How many lines a cell's text takes when wrapped: the quick count of one paragraph agrees with the word-by-word one."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from toolkit.workbook.page_layout import wrapped_lines


def word_by_word(text: str, width: float) -> int:
    """Wrapping as a reader does it: each word after the last on its line while it fits, a long word broken anywhere."""
    capacity = max(1, int(width) - 1)
    lines = 0
    for paragraph in text.splitlines() or [""]:
        lines, used = lines + 1, 0
        for word in paragraph.split():
            if used and used + 1 + len(word) > capacity:
                lines, used = lines + 1, 0
            used = used + 1 + len(word) if used else len(word)
            while used > capacity:
                lines, used = lines + 1, used - capacity
    return lines


@pytest.mark.parametrize("text, width, lines", [
    ("", 10, 1),
    ("aaa bbb ccc", 8, 2),  # seven characters a line: "aaa bbb", then "ccc"
    ("aaa bbb ccc", 12, 1),
    ("aaa bbb cc dd", 8, 2),  # a line filled to its last character: "aaa bbb", then "cc dd"
    ("aaa bbbb", 8, 2),  # the space counts: "aaa bbbb" is eight
    ("abcdefghij", 5, 3),  # a word longer than the line breaks anywhere: abcd, efgh, ij
    ("ab abcdefghij cd", 5, 5),  # ab, abcd, efgh, ij, cd ("ij cd" is five)
    ("one\ntwo three", 8, 3),
    ("Thank-you to Ann Lee is 384 days overdue (interview on 2025-11-02)", 40, 2),
])
def test_known_texts_take_the_lines_a_reader_sees(text, width, lines):
    """Counted by hand: short lines, a line filled exactly, long words broken, line breaks."""
    assert wrapped_lines(text, width) == word_by_word(text, width) == lines


WORDS = st.lists(st.text("abc", min_size=1, max_size=14), max_size=16).map(" ".join)  # what the quick count is for


@given(WORDS | st.text(st.sampled_from("ab c.\n\u00a0\t"), max_size=90) | st.text(max_size=60), st.floats(0, 60))
def test_the_quick_count_agrees_with_the_word_by_word_count(text, width):
    """For any text and width, above all words one space apart, where the quick count is used."""
    assert wrapped_lines(text, width) == word_by_word(text, width)
