"""Shape 2: bodies being set up but not yet named, read from a lower-case head.

"establish a bilateral investment screening cooperation working group",
"launch an economic security dialogue", or a definite one the action runs
through ("through the bilateral space policy dialogue"): the mention is the
head with the modifiers before it. When nothing before its head says which
body it is, what it is for or between whom does: "a dialogue on critical
minerals", "announced a new Dialogue between the … Office and the …
Institute" (``_postmodifier_end``; ``_being_created`` tells such a head
written alone from a reference to one met before). A head needs an
article (or "new"), a creation word or the "through the" of an action, and
something that says which body it is: "the existing mechanisms", "a new
partnership" and the parties' relationship ("a comprehensive strategic
partnership") are none.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from ..lexicon import mechanisms as lex
from .shapes import MechanismMention, _singular, longest_first

# Lower-case heads of a body being created (not the tail-only ones).
_LOWER_BODY_HEAD = re.compile(
    r"(?<![\w\-])(?:[a-z][\w]*-)?(?P<head>" + longest_first(lex.LOWER_HEADS | lex.LOWER_PHRASE_HEADS) + r")\b(?![\-’'])"
)
_WORD_OR_MARK = re.compile(r"[\w][\w\-’'/]*|[,;:()\[\]—–]")
_CREATION = re.compile(r"\b(?:" + "|".join(lex.CREATION_WORDS) + r")\b")
_APPOSITION = re.compile(r"[^\S\n]*,[^\S\n]*(?:the[^\S\n]+)?")
_WORD = re.compile(r"[\w][\w\-’']*")
_PM_WORD = re.compile(r"[^\S\n]+([\w][\w\-]*(?:[.’'][\w\-]+)*)")
_PM_FUNCTION_WORDS = frozenset({"the", "a", "an"}) | lex.POSTMODIFIER_PREPOSITIONS


class _Spans:
    """Spans already taken by names, asked "does [s, e) overlap one?" in log time."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        spans = sorted(spans)
        self.starts = [s for s, _ in spans]
        self.max_end: list[int] = []  # the furthest end among the spans up to each index
        for _, e in spans:
            self.max_end.append(max(e, self.max_end[-1]) if self.max_end else e)

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect_left(self.starts, end)  # spans starting before ``end``
        return i > 0 and self.max_end[i - 1] > start


def _lower_bodies(
    text: str, taken: _Spans, proper_starts: set[int], heads: set[str], other_starts: list[int]
) -> list[MechanismMention]:
    """``heads``: the unit's ``_HEAD_SCAN``; ``other_starts``: where the unit's other mentions start.

    A body is named by what stands before its head ("a bilateral law-enforcement
    dialogue on …" → "bilateral law-enforcement dialogue"); only when nothing
    there says which body it is does its post-modifier name it ("a dialogue on
    critical minerals", "a joint task force on illicit finance")."""
    out: list[MechanismMention] = []
    if "body" not in heads:
        return out
    for m in _LOWER_BODY_HEAD.finditer(text):
        hs, he = m.start(), m.end()
        if taken.overlaps(hs, he):
            continue
        window_start = max(0, hs - 200)
        marks = [(x.start() + window_start, x.group()) for x in _WORD_OR_MARK.finditer(text[window_start:hs])]
        # walk back over the modifiers; a comma or "and"/"or" inside them
        # ends an adjective list, and the name starts after it
        mods: list[tuple[int, str]] = []
        i = len(marks) - 1
        name_from = 0
        while i >= 0:
            pos, w = marks[i]
            if w in (",", "and", "or") and mods:
                if i > 0 and marks[i - 1][1][:1].islower() and marks[i - 1][1] not in lex.NP_STOPS:
                    name_from = name_from or len(mods)  # the name starts after the last one
                    i -= 1
                    continue
                break
            if not w[:1].islower() or w in lex.NP_STOPS or not w.replace("-", "").isalpha():
                break
            if w != "new" and _CREATION.fullmatch(w):
                break  # "establish …": the verb, not a modifier
            mods.append((pos, w))
            if w == "new":
                break  # "establish new mechanisms": "new" stands where the article would
            i -= 1
        mods.reverse()
        all_mods = [w for _, w in mods]
        kept = mods[len(mods) - name_from:] if name_from else mods
        while kept and kept[0][1] in lex.NOT_NAME_ADJECTIVES:
            kept = kept[1:]
        content = [w for _, w in kept if w not in lex.GENERIC_ADJECTIVES]
        prefix = m.group()[: m.start("head") - m.start()]  # "cyber-" of "cyber-working group"
        # a bare "working group" or "task force" is specific enough when it is being set up
        compound = m.group("head") in lex.LOWER_PHRASE_HEADS
        end = he if content or prefix else _postmodifier_end(text, he, _next_start(other_starts, he))
        if not content and not prefix and not compound and end == he:
            continue  # "a new partnership", "the existing mechanisms": not one specific body
        if m.group("head") in lex.RELATIONSHIP_HEADS and all(w in lex.RELATIONSHIP_WORDS for _, w in kept):
            continue  # "a comprehensive strategic partnership": the relationship
        np_start = mods[0][0] if mods else hs
        before = text[max(0, np_start - 60):np_start]
        generic_phrase = next((p for p in lex.GENERIC_ADJECTIVE_PHRASES if before.rstrip().endswith(p)), None)
        if generic_phrase:
            before = before.rstrip()[: -len(generic_phrase)]
        prev_words = _WORD.findall(before)[-6:]
        det = prev_words[-1].lower() if prev_words else ""
        has_det = det in lex.DETERMINERS or (all_mods and all_mods[0] == "new") or bool(generic_phrase)
        created = bool(generic_phrase) or bool(_CREATION.search(" ".join(prev_words + all_mods).lower()))
        through = det == "the" and len(prev_words) >= 2 and prev_words[-2].lower() in lex.THROUGH_WORDS
        if not has_det or not (created or (through and (kept or prefix))):
            continue
        # "a senior-level experts group, the KORUS … Experts Group": the named one is the mechanism
        appos = _APPOSITION.match(text, he)
        if appos and appos.end() in proper_starts:
            continue
        start = kept[0][0] if kept else hs
        words = text[start:end]
        name = " ".join(words.split())
        out.append(MechanismMention(start, end, words, name, None, _singular(m.group("head"))))
    return out


def _next_start(starts: list[int], pos: int) -> int:
    """The first of ``starts`` at or after ``pos`` (a post-modifier stops before another mention)."""
    i = bisect_left(starts, pos)
    return starts[i] if i < len(starts) else 1 << 62


def _postmodifier_end(text: str, pos: int, limit: int) -> int:
    """The end of the prepositional phrase that says what a body is for or between whom
    ("between the … Office and the … Institute", "on critical minerals"), or ``pos``.

    It opens with one of ``POSTMODIFIER_PREPOSITIONS`` and runs over words
    until a clause goes on (``POSTMODIFIER_STOPS``), a mark, ``limit`` or
    ``POSTMODIFIER_MAX_WORDS`` content words; "and" joins only the two sides
    of "between" or a capitalised word ("on Trade and Technology"). The
    sides of "between" are the body's members, part of its name even when
    they are names themselves ("between the … Agency and the … Agency"):
    ``limit`` does not stop it."""
    m = _PM_WORD.match(text, pos)
    if not m or m.group(1) not in lex.POSTMODIFIER_PREPOSITIONS:
        return pos
    between = m.group(1) == "between"
    if between:
        limit = len(text)
    end, cur, content, ands = pos, m.end(), 0, 0
    while content < lex.POSTMODIFIER_MAX_WORDS:
        w = _PM_WORD.match(text, cur)
        if not w or w.end() > limit:
            break
        word = w.group(1)
        low = word.lower()
        if low in lex.POSTMODIFIER_STOPS or low in lex.DATE_WORDS or word.isdigit():
            break
        if low == "and":
            nxt = _PM_WORD.match(text, w.end())
            if not ((between and not ands) or (nxt and nxt.group(1)[:1].isupper())):
                break
            ands += 1
        elif low not in _PM_FUNCTION_WORDS:
            end = w.end()
            content += 1
        cur = w.end()
    return end


def _being_created(text: str, start: int) -> bool:
    """Whether a head written alone is a body being set up: after "a"/"an" or "new" (with at
    most a few lower-case adjectives) and a creation word ("announced a new Dialogue …")."""
    before = text[max(0, start - 80) : start]
    if not before.endswith((" ", "\n")):
        return False
    prev = _WORD.findall(before)[-7:]
    i = len(prev) - 1
    while i >= 0 and len(prev) - 1 - i < 3 and prev[i][:1].islower() and prev[i] not in lex.NP_STOPS:
        i -= 1  # the adjectives: "a new bilateral Dialogue"
    if i < 0 or (prev[i].lower() not in ("a", "an") and "new" not in prev[i + 1 :]):
        return False
    return bool(_CREATION.search(" ".join(prev).lower()))
