"""The reader's quick path for a column never disagrees with the full conversion of a cell."""

from __future__ import annotations

import datetime as dt

from builders import TEMPLATE
from hypothesis import given
from hypothesis import strategies as st

from toolkit.review.coerce import SLOW, Coercer, quick_column, quick_path
from toolkit.review.sheet_rows import ErrorValue

COLUMNS = [column for sheet in TEMPLATE.sheets for column in sheet.read_columns]
CELL = st.one_of(
    st.just(""),
    st.text(max_size=12),
    st.sampled_from([" ", "\u00a0", "Held", "held ", "HELD", "Yes", "yes", "No", "2026-11-22", " 2026-11-22 ", "30", "30.0"]),
    st.sampled_from(sorted({value for column in COLUMNS if column.type in ("choice", "yesno")
                            for value in TEMPLATE.choice_values(column)})),
    st.integers(-5, 60000),
    st.floats(allow_nan=False),
    st.booleans(),
    st.dates(),
    st.datetimes(),
    st.times(),
    st.sampled_from([ErrorValue("#N/A"), ErrorValue("#"), None]),
)


@given(column=st.sampled_from(COLUMNS), raw=CELL)
def test_quick_path_agrees_with_the_full_conversion(column, raw):
    """Whatever a cell holds, the quick path either hands it on or gives the full conversion's value without a finding."""
    quick = quick_path(column, TEMPLATE)(raw)
    findings = []
    value, is_bad = Coercer(TEMPLATE, "Sheet", findings).convert(column, raw, 2, "A2", None)
    if quick is not SLOW:
        assert (quick, False, []) == (value, is_bad, findings)
        assert type(quick) is type(value)


def test_quick_path_takes_the_cells_a_tracker_mostly_holds():
    """Dates, dropdown words, text and blanks never need the slow path (else the reader is slow, not wrong)."""
    kinds = {column.type: column for column in COLUMNS}
    assert quick_path(kinds["date"], TEMPLATE)(dt.date(2026, 11, 22)) == dt.date(2026, 11, 22)
    assert quick_path(kinds["date"], TEMPLATE)(dt.datetime(2026, 11, 22, 9, 30)) == dt.date(2026, 11, 22)
    assert quick_path(kinds["choice"], TEMPLATE)(TEMPLATE.choice_values(kinds["choice"])[0]) is not SLOW
    assert quick_path(kinds["text"], TEMPLATE)("  a note ") == "a note"
    assert [quick_path(column, TEMPLATE)("") for column in kinds.values()] == [None] * len(kinds)


@given(column=st.sampled_from(COLUMNS), cells=st.lists(CELL, max_size=8))
def test_a_whole_column_gets_what_each_of_its_cells_would(column, cells):
    """The column-at-once quick path gives, cell for cell, the value and type the per-cell quick path gives."""
    whole = quick_column(column, TEMPLATE)(cells)
    each = [quick_path(column, TEMPLATE)(raw) for raw in cells]
    assert [(type(v), v) if v is not SLOW else SLOW for v in whole] == [(type(v), v) if v is not SLOW else SLOW for v in each]


@given(column=st.sampled_from(COLUMNS), cells=st.lists(st.sampled_from(["", " note ", "Held", "Yes"]) | st.dates(), max_size=8))
def test_a_column_of_usual_cells_is_mapped_the_same(column, cells):
    """Columns of only blanks, text and dates (the built-in maps' case) agree with the per-cell path too."""
    assert quick_column(column, TEMPLATE)(cells) == [quick_path(column, TEMPLATE)(raw) for raw in cells]


def test_repeated_names_and_dates_share_one_object_each():
    """A contact's name on each of their rows, and a day on many rows, are kept once (memory); other text is not looked at."""
    contact_column = TEMPLATE.sheet("Interviews").column("Contact")
    date_column = TEMPLATE.sheet("Interviews").column("Date")
    notes_column = TEMPLATE.sheet("Interviews").column("Key Takeaways")
    names = ["".join(["Ann ", "Lee"]) for _ in range(3)] + ["", " Ben Ode "]
    assert len({id(name) for name in names[:3]}) == 3  # three objects that are equal, as calamine gives them
    read = quick_column(contact_column, TEMPLATE)(names)
    assert read == ["Ann Lee"] * 3 + [None, "Ben Ode"] and read[0] is read[1] is read[2]
    days = [dt.date(2026, 11, day) for day in (3, 3, 4)] + [""]
    read = quick_column(date_column, TEMPLATE)(days)
    assert read == [dt.date(2026, 11, 3)] * 2 + [dt.date(2026, 11, 4), None] and read[0] is read[1]
    notes = quick_column(notes_column, TEMPLATE)(names[:2])
    assert notes == ["Ann Lee"] * 2 and notes[0] is not notes[1]
