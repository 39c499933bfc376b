"""The seeker's own notes, put into a letter to the person they are about.

The seeker writes notes about a contact: "Take the free SQL course she
recommended". Pasted into a letter to her, that reads as if someone else
were writing. `to_reader` turns the note into the seeker's voice speaking to
the reader: she/he/him/his/her become you/your (with the verb after "she"
agreeing: "she says" -> "you say"), and the reader's own name becomes
"you". Where the note also names someone else the pronoun might mean, it is
not reworded: the draft keeps the note as written and a warning asks the
seeker to reword it. "they" is left alone: in notes it more often means an
organisation or a group than the reader.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
SUBJECTS = {"she", "he"}
ALWAYS = {"him": "you", "his": "your", "hers": "yours", "herself": "yourself", "himself": "yourself"}
PRONOUNS = SUBJECTS | ALWAYS.keys() | {"her"}  # made once: a draft of thousands of notes looked at every word
POSSESSIVE_ENDS = ("'s", "’s")
BETWEEN_WORDS = re.compile(r"(\W+)")
# Every pronoun with and without a possessive "'s", lower case: a note none of whose words, lowered, is one of
# these holds no pronoun, and is told so by a set in C, not a list made per word.
PRONOUN_FORMS = PRONOUNS | {pronoun + end for pronoun in PRONOUNS for end in POSSESSIVE_ENDS}
# After "her", these words mean it is the object ("send her the link", "told her about"), not a possessive ("her team").
OBJECT_BEFORE = {
    "a", "about", "again", "all", "an", "and", "any", "as", "at", "back", "both", "but", "by", "first", "for", "from", "how",
    "if", "in", "into", "know", "later", "my", "next", "of", "on", "once", "or", "our", "over", "some", "soon", "that", "the",
    "these", "this", "those", "through", "to", "too", "up", "what", "when", "whether", "why", "with", "your",
}
IRREGULAR = {"is": "are", "was": "were", "has": "have", "does": "do", "goes": "go", "says": "say",
             "isn": "aren", "wasn": "weren", "hasn": "haven", "doesn": "don"}  # the n of "isn't": the split stops at the apostrophe
ADVERBS = {"also", "always", "often", "never", "really", "usually", "sometimes", "just", "still", "even", "only", "kindly"}
NOT_VERBS = ADVERBS | {"perhaps", "thus", "as", "its", "this", "plus", "us"}


@dataclass(frozen=True)
class Rewording:
    text: str
    unsure: str | None = None  # the pronoun left as written because someone else is named too


def to_reader(text: str, reader: str, others: set[str]) -> Rewording:
    """`text` written to `reader` (a contact's name); `others`: first names of people the note may mention (the
    reader's own names among them are not counted)."""
    names = [n for n in {reader, reader.split()[0] if reader.split() else ""} if n]
    words = WORD.findall(text)
    pronouns, bare = ([], set()) if PRONOUN_FORMS.isdisjoint(map(str.lower, words)) else _pronouns(words)
    named_reader = any(_mentions(text, n) for n in names)
    if not pronouns and not named_reader:
        return Rewording(text)
    mentioned = sorted({w for w in bare if w[0].isupper() and w in others and w not in reader.split()})
    if pronouns and mentioned:
        return Rewording(text, f"“{pronouns[0]}” may mean {mentioned[0]}")
    for name in sorted(names, key=len, reverse=True):  # the full name before the first name alone
        if _mentions(text, name):  # "Ann's" -> "your", "Ann" -> "you"
            text = _named(name).sub(lambda m: _at_start("your" if m[1] else "you", m), text)
    return Rewording(_second_person(text))


def _pronouns(words: list[str]) -> tuple[list[str], set[str]]:
    """The pronouns among a note's words, as written, and its words without a possessive "'s"."""
    unpossessed = [w[:-2] if w[-2:] in POSSESSIVE_ENDS else w for w in words]  # "Ann's" -> "Ann"
    return [w for w, b in zip(words, map(str.lower, unpossessed)) if b in PRONOUNS], set(unpossessed)


@lru_cache(maxsize=None)
def _named(name: str) -> re.Pattern:
    """A name as a whole word in any case, possessive or not (group 1: the "'s"); compiled once per name: re's
    own cache of 512 thrashed on thousands of contacts."""
    return re.compile(rf"(?<!\w){re.escape(name)}(['’]s)?(?!\w)", re.IGNORECASE)


def _mentions(text: str, name: str) -> bool:
    """Whether `text` names `name` as a whole word, in any case.

    Most notes never name their reader, and compiling a pattern for each of thousands of names cost more than
    the rest of their drafts: where both are ASCII (where any case is plain lower case), a name that is not in
    the text at all is told without one.
    """
    if text.isascii() and name.isascii() and name.lower() not in text.lower():
        return False
    return _named(name).search(text) is not None


def _second_person(text: str) -> str:
    pieces = BETWEEN_WORDS.split(text)  # words at even positions, what lies between them at odd ones
    words = [i for i in range(0, len(pieces), 2) if pieces[i]]
    # Only pronouns change, so only they are visited (a long note has hundreds of words and a few pronouns);
    # a verb made to agree ("shes" -> "she") may become one, and is then visited in its turn.
    pending = [place for place, index in enumerate(words) if pieces[index].lower() in PRONOUNS]  # no call per word
    scheduled = set(pending)
    turn = 0
    while turn < len(pending):
        place = pending[turn]
        turn += 1
        index = words[place]
        word = pieces[index]
        lower = word.lower()
        following = pieces[words[place + 1]].lower() if place + 1 < len(words) else ""
        between = pieces[index + 1] if index + 1 < len(pieces) else ""
        if lower in SUBJECTS:
            pieces[index] = _cased("you", word)
            verb = place + 1
            while verb + 1 < len(words) and pieces[words[verb]].lower() in ADVERBS:  # "she also recommends"
                verb += 1
            if following and between == " " and verb < len(words):
                pieces[words[verb]] = _agreeing(pieces[words[verb]])
                if verb not in scheduled and pieces[words[verb]].lower() in PRONOUNS:
                    scheduled.add(verb)
                    bisect.insort(pending, verb, lo=turn)
            elif following == "s" and between in ("'", "’"):  # she's -> you're
                pieces[words[place + 1]] = "re"
        elif lower in ALWAYS:
            pieces[index] = _cased(ALWAYS[lower], word)
        elif lower == "her":
            owned = following and between == " " and following not in OBJECT_BEFORE
            pieces[index] = _cased("your" if owned else "you", word)
    return "".join(pieces)


def _agreeing(verb: str) -> str:
    """The verb after 'you' where it followed 'she': 'recommends' -> 'recommend', 'is' -> 'are'; 'recommended' stays."""
    lower = verb.lower()
    if lower in IRREGULAR:
        return _cased(IRREGULAR[lower], verb)
    if lower in NOT_VERBS or not lower.endswith("s") or lower.endswith("ss") or len(lower) < 3:
        return verb
    if lower.endswith("ies"):
        return verb[:-3] + "y"
    if lower.endswith(("sses", "shes", "ches", "xes", "zes", "oes")):
        return verb[:-2]
    return verb[:-1]


def _at_start(word: str, match: re.Match) -> str:
    """`word` in place of a name: capitalised where a sentence starts."""
    before = match.string[:match.start()].rstrip()
    return word[0].upper() + word[1:] if not before or before[-1] in ".!?" else word


def _cased(word: str, like: str) -> str:
    return word[0].upper() + word[1:] if like[:1].isupper() else word
