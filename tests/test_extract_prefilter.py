"""The speed-ups in front of extraction's patterns find exactly what the bare patterns find."""

from __future__ import annotations

import random
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from pledgewatch.extract.features import Cues, Hit, find_cues
from pledgewatch.extract.lexicon import cues as lex
from pledgewatch.extract.prefilter import Guarded, Literals, NeedleScan, needles
from pledgewatch.ingest import document_from_bytes
from pledgewatch.segment import segment

LEXICON_PATTERNS = {
    **{f"new:{n}": p for n, p in lex.NEW_RE.items()},
    **{f"reaffirm:{n}": p for n, p in lex.REAFFIRMED_RE.items()},
    **{f"not:{n}": p for n, p in lex.NOT_RE.items()},
    "own_pledge_noun": lex.OWN_PLEDGE_NOUN,
    "own_pledge_of": lex.OWN_PLEDGE_OF,
    "own_pledge_to_act": lex.OWN_PLEDGE_TO_ACT,
    "welcome_own_act": lex.WELCOME_OWN_ACT,
}


def _span(m: re.Match[str] | None) -> tuple[int, int] | None:
    return m.span() if m else None


def test_extract_prefilter_needles_of_simple_patterns():
    assert needles(re.compile(r"\b(?:launch(?:es|ed)?|establish(?:es|ed)?)\b")) == {"launch", "establish"}
    # zero-width parts join the literals around them
    assert needles(re.compile(r"(?<!that )will\b(?! not)")) == {"will"}
    # the longest literal run of a sequence is taken
    assert needles(re.compile(r"(?:is|are) going to")) == {" going to"}
    # a needle containing another adds nothing
    assert needles(re.compile(r"commit|commitment")) == {"commit"}
    # no requirement: an optional part, an empty alternative, a class, case-insensitivity
    assert needles(re.compile(r"(?:abc)?\d+")) is None
    assert needles(re.compile(r"abc|")) is None
    assert needles(re.compile(r"[a-z]+")) is None
    # a small class is its characters
    assert needles(re.compile(r"[0-9][0-9,.]*|million")) == {*"0123456789", "million"}
    assert needles(re.compile(r"[^0-9]")) is None
    assert needles(re.compile(r"abc", re.I)) is None
    assert needles(re.compile(r"x(?i:abc)")) == {"x"}


def test_extract_prefilter_guarded_lexicon_finds_what_the_pattern_finds(corpus_files):
    texts = _lexicon_texts(corpus_files)
    for name, pattern in LEXICON_PATTERNS.items():
        guarded = Guarded.of(pattern)
        for text in texts:
            assert _span(guarded.search(text)) == _span(pattern.search(text)), (name, text)


def _lexicon_texts(corpus_files, n: int = 2000, seed: int = 0) -> list[str]:
    """The corpus's units, and invented texts made of the lexicon's needles (glued, at the edges)."""
    texts = []
    for path in corpus_files:
        doc = document_from_bytes(path.read_bytes(), name=path.name)
        texts += [u.text.lower() for u in segment(doc)]
    words = sorted({n for p in LEXICON_PATTERNS.values() for n in (needles(p) or ())})
    rng = random.Random(seed)
    for _ in range(n):
        texts.append(" ".join(rng.choice([*words, "the", "to", "a", "not", "our", "that", "s", "’s"]) for _ in range(rng.randint(1, 8))))
    return texts


def test_extract_prefilter_needle_scan_answers_like_each_guard(corpus_files):
    scan = NeedleScan.of(LEXICON_PATTERNS)
    guards = {key: Guarded.of(p) for key, p in LEXICON_PATTERNS.items()}
    for text in _lexicon_texts(corpus_files):
        assert scan.may_match(text) == {key for key, g in guards.items() if g.may_match(text)}, text
    assert NeedleScan.of({"any": re.compile(r"[a-z]+"), "abc": re.compile("abc")}).may_match("xyz") == {"any"}
    assert NeedleScan({"ab": ["a", "b"], "c": ["c"], "empty": [""], "none": None}).may_match("bcd") == {"ab", "c", "empty", "none"}
    assert NeedleScan({"none": None}).may_match("bcd") == {"none"}


def _plain_find_cues(text: str) -> Cues:
    """The reference: every family searched, no literal checks."""
    low = text.lower()
    found = Cues()
    masked = low
    for name, pattern in lex.REAFFIRMED_RE.items():
        if m := pattern.search(low):
            found.reaffirmed[name] = Hit(m.group(0).strip(), m.start())
            masked = pattern.sub(lambda mm: " " * len(mm.group(0)), masked)
    for name, pattern in lex.NEW_RE.items():
        if m := pattern.search(masked):
            found.new[name] = Hit(m.group(0).strip(), m.start())
    for name, pattern in lex.NOT_RE.items():
        if m := pattern.search(low):
            found.negative[name] = Hit(m.group(0).strip(), m.start())
    return found


def test_extract_prefilter_find_cues_finds_what_plain_searches_find(corpus_files):
    for text in _lexicon_texts(corpus_files, seed=3):
        fast, plain = find_cues(text), _plain_find_cues(text)
        # the same hits in the same order (features and explanations follow it)
        for got, want in ((fast.new, plain.new), (fast.reaffirmed, plain.reaffirmed), (fast.negative, plain.negative)):
            assert list(got.items()) == list(want.items()), text


def test_extract_prefilter_cues_unchanged_on_invented_sentences():
    cues = find_cues("The two leaders reaffirm that they will continue to expand cooperation, and commit to launch a fund.")
    assert set(cues.reaffirmed) >= {"reaffirm", "reaffirm_that", "continue"}
    assert {"commit", "launch"} <= set(cues.new)


def test_extract_actors_title_search_finds_what_finditer_finds(corpus_files):
    from pledgewatch.extract.actors import _LEADER_OF, _TITLED, TITLES, _from_titles

    texts = [path.read_text(encoding="utf-8") for path in corpus_files]
    rng = random.Random(2)
    words = [*TITLES, "Vice", "Joseph", "R.", "Biden", "Jr.,", "Yoon", "of", "the", "Republic", "Korea", "United", "States", ",", "\n"]
    texts += [" ".join(rng.choice(words) for _ in range(rng.randint(1, 20))) for _ in range(2000)]
    for pattern in (_LEADER_OF, _TITLED):
        for text in texts:
            assert [(m.span(), m.groupdict()) for m in _from_titles(pattern, text)] == [
                (m.span(), m.groupdict()) for m in pattern.finditer(text)
            ]


def test_extract_values_scan_never_skips_a_finder_that_matches(corpus_files):
    from pledgewatch.extract import values as V
    from pledgewatch.extract.lexicon import values as L

    texts = []
    for path in corpus_files:
        doc = document_from_bytes(path.read_bytes(), name=path.name)
        texts += [u.text for u in segment(doc)]
    words = [*L.MONTHS, *L.SEASONS, *L.RECURRENCES, *L.VAGUE_TIME, *L.EVENT_HEADS, *L.SCALE_WORDS, *L.CURRENCY_NAMES,
             "by", "the", "next", "every", "two", "years", "COP26", "$5", "2030", "in", "of", "Summit"]
    rng = random.Random(4)
    texts += [" ".join(rng.choice(words) for _ in range(rng.randint(1, 8))) for _ in range(3000)]
    finders = {"time": V._ANCHOR_RE, "amount": V._AMOUNT_ANCHOR_RE}  # sought in lower-cased text
    whole = {"recur": V._RECUR_RE, "vague": V._VAGUE_RE, "event": V._EVENT_RE}  # sought in the text as written
    for text in texts:
        lower, possible = V._scanned(text)
        for key, pattern in finders.items():
            assert key in possible or not pattern.search(lower), (key, text)
        for key, pattern in whole.items():
            assert key in possible or not pattern.search(text), (key, text)


def test_extract_mechanisms_literal_checks_drop_no_mention(corpus_files, monkeypatch):
    from pledgewatch.extract import mechanisms as M
    from pledgewatch.extract.lexicon import mechanisms as L
    from pledgewatch.extract.mechanisms import names as N

    texts = []
    for path in corpus_files:
        doc = document_from_bytes(path.read_bytes(), name=path.name)
        texts += [u.text for u in segment(doc)]
    heads = sorted(L.PROPER_HEADS | {w for p in L.PHRASE_HEADS for w in p.split()})
    words = [*(h.title() for h in heads), *(h + "s" for h in heads[:10]), *L.CONNECTORS, "the", "The", "NCG", "(NCG)", "G7",
             "2+2", "U.S.", "ROK", "Korea’s", "President", "Biden", "Korea", "United", "States", "program", "working", "group",
             "establish", "a", "new", ",", "Indo-Pacific", "Act-Accelerator", "Review", "resolutions"]
    rng = random.Random(5)
    texts += [" ".join(rng.choice(words) for _ in range(rng.randint(1, 12))) for _ in range(3000)]
    known = {"NCG": "Nuclear Consultative Group"}
    fast = [M.find_mechanisms(text, 7, known) for text in texts]
    # each check is patched where it is called: _may_name in names, _HEAD_SCAN in find_mechanisms' module
    monkeypatch.setattr(N, "_may_name", lambda *args: True)
    monkeypatch.setattr(M, "_HEAD_SCAN", NeedleScan({"tail": None, "body": None}))  # every unit may hold a head
    assert fast == [M.find_mechanisms(text, 7, known) for text in texts]
    assert sum(map(len, fast)) > 1000  # the invented texts name plenty


def _invented(alphabet: list[str], n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 15))) for _ in range(n)]


def test_extract_mechanism_runs_found_like_the_plain_look_behind(corpus_files):
    from pledgewatch.extract.mechanisms import shapes as M

    # the reference: the look-behind first, as one would write it
    plain = re.compile(rf"(?<![\w’'.\-]){M._CAP}(?:{M._WS}(?:{M._CONN}{M._WS}(?:the{M._WS})?)?{M._CAP})*")
    texts = [path.read_text(encoding="utf-8") for path in corpus_files]
    texts += _invented(["A", "b", "Ab", "U.S.", "-", ".", "'", "’", " ", "\n", "of", "the", "9", "x", "X’s", "_"], 20000, 6)
    for text in texts:
        assert [m.span() for m in M._RUN.finditer(text)] == [m.span() for m in plain.finditer(text)], text


def test_segment_sentence_repairs_found_like_the_plain_patterns(corpus_files):
    import importlib

    seg = importlib.import_module("pledgewatch.segment")  # the package exports a function of that name
    plain_no_break = re.compile(r"(?:^|[\s(])(?:" + "|".join(map(re.escape, seg.NO_BREAK_WORDS)) + r")\.$")
    plain_missing_space = re.compile(r"(?<=[a-z]{2}[.!?])(?=[A-Z][a-z])")
    texts = [path.read_text(encoding="utf-8") for path in corpus_files]
    texts += _invented([*seg.NO_BREAK_WORDS, "x", "e", "g", "(", " ", "\n", ".", "ab", "Ab", "B", "!", "?"], 20000, 7)
    rng = random.Random(8)
    for text in texts:
        for tail in (text, text[-40:]):
            assert seg._ends_in_no_break_word(tail) == bool(plain_no_break.search(tail)), tail
        start = rng.randint(0, len(text))
        end = rng.randint(start, len(text))
        # a cut at the very start of the span would only make an empty sentence
        want = [m.start() for m in plain_missing_space.finditer(text, start, end) if m.start() != start]
        assert [m.end() for m in seg.MISSING_SPACE.finditer(text, start, end)] == want, (text, start, end)


def test_extract_domain_cues_found_like_the_alternation(corpus_files):
    from pledgewatch.extract.features import _CUE_DOMAINS, _WHOLE_WORD_CUES, domain_counts
    from pledgewatch.extract.lexicon.domains import DOMAIN_CUES

    # the reference: one alternation of every cue, longest first, not inside a word
    plain = re.compile(r"(?<![a-z])(?:" + "|".join(re.escape(c) for c in sorted(_CUE_DOMAINS, key=len, reverse=True)) + ")")
    texts = [u for u in _lexicon_texts(corpus_files, n=0)]
    cues = sorted(_CUE_DOMAINS)
    rng = random.Random(9)
    texts += ["".join(rng.choice([*cues, " ", "a", "s", "-", "x"]) for _ in range(rng.randint(0, 10))) for _ in range(5000)]
    for text in texts:
        want = dict.fromkeys(DOMAIN_CUES, 0)
        padded = f" {text.lower()} "
        for m in plain.finditer(padded):
            if m.group(0) in _WHOLE_WORD_CUES and padded[m.end()].isalpha():
                continue  # a whole-word cue followed by a letter is inside a longer word
            for domain in _CUE_DOMAINS[m.group(0)]:
                want[domain] += 1
        assert domain_counts(text) == want, text
    assert Literals([]).finditer("abc") == []


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet="ab -.", min_size=1, max_size=4), min_size=1, max_size=12, unique=True), st.text(alphabet="ab -.c", max_size=60))
def test_extract_prefilter_literals_match_like_the_alternation(literals, text):
    longest_first = sorted(literals, key=len, reverse=True)
    plain = re.compile(r"(?<![a.])(?:" + "|".join(re.escape(x) for x in longest_first) + ")")
    assert Literals(literals).finditer(text, not_after="a.") == [(m.start(), m.group()) for m in plain.finditer(text)]
