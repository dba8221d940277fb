"""Text features shared by the tracking stages: content stems, TF-IDF, the ladder rung.

Content stems are the stems (snowball, via ``extract.features.stem``) of the
words that say *what* is undertaken: function words, boilerplate
(``lexicon.BOILERPLATE``), party names and people's names after a title are
left out, so two units match on their substance, not on "the two Presidents
reaffirm".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer

from ..extract.features import stem
from ..parties import ALIASES
from . import lexicon as lex

_TOKEN = re.compile(r"[A-Za-z][A-Za-z’']*|\d[\d,.]*\d|\d")
_DROP = frozenset(ENGLISH_STOP_WORDS) | lex.BOILERPLATE
_NAME_PART = re.compile(r"^(?:[A-Z][\w’'\-]*|[A-Z]\.?)$")


@lru_cache(maxsize=200_000)
def _content_stem(word: str) -> str | None:
    low = word.lower().replace("’", "'")
    if low.endswith("'s"):
        low = low[:-2]
    if low in _DROP or len(low) < 2:
        return None
    s = stem(low)
    return None if s in _DROP else s


@lru_cache(maxsize=4096)
def party_words(parties: tuple[str, ...]) -> frozenset[str]:
    """Lower-cased words of the names of ``parties``: who speaks, not what is undertaken.
    Other countries' names stay content ("the DPRK" in a U.S.–ROK statement)."""
    words = set()
    for code in parties:
        for alias in ALIASES.get(code, ()):
            words.update(w.lower().replace("’", "'").removesuffix("'s") for w in _TOKEN.findall(alias.replace("-", " ")))
    return frozenset(words - lex.PARTY_NAME_CONTENT_WORDS)


def content_stems(text: str, parties: tuple[str, ...] = ()) -> list[str]:
    """The content stems of ``text`` in order (repeats kept); the names of ``parties`` are left out."""
    drop = party_words(tuple(parties)) if parties else frozenset()
    out: list[str] = []
    after_title = False
    for word in _TOKEN.findall(text.replace("-", " ")):
        if after_title and _NAME_PART.match(word):
            continue  # "President Yoon Suk Yeol": a name, not content
        low = _lower_word(word)
        after_title = low in lex.TITLES
        if low in drop:
            continue
        if word[0].isdigit():
            out.append(word.replace(",", ""))
            continue
        s = _content_stem(word)
        if s:
            out.append(s)
    return out


@lru_cache(maxsize=200_000)
def _lower_word(word: str) -> str:
    return word.lower().replace("’", "'").removesuffix("'s")


def analyzer(stems: Sequence[str]) -> list[str]:
    """TF-IDF terms of a unit: its content stems and adjacent pairs of them."""
    return [*stems, *(f"{a} {b}" for a, b in zip(stems, stems[1:]))]


def tfidf(stem_lists: Sequence[Sequence[str]]) -> sparse.csr_matrix:
    """L2-normalised TF-IDF rows (sublinear tf) over content stems and stem pairs."""
    if not stem_lists:
        return sparse.csr_matrix((0, 0))
    vec = TfidfVectorizer(analyzer=analyzer, sublinear_tf=True, norm="l2", dtype=np.float32)
    try:
        return vec.fit_transform(stem_lists).tocsr()
    except ValueError:  # every unit empty
        return sparse.csr_matrix((len(stem_lists), 1), dtype=np.float32)


def binary_rows(key_sets: Sequence[Iterable[str]], vocab: dict[str, int] | None = None) -> sparse.csr_matrix:
    """A 0/1 matrix, one row per key set (columns: the keys, numbered on first sight)."""
    vocab = {} if vocab is None else vocab
    indptr = [0]
    indices: list[int] = []
    for keys in key_sets:
        cols = {vocab.setdefault(k, len(vocab)) for k in keys}
        indices.extend(sorted(cols))
        indptr.append(len(indices))
    data = np.ones(len(indices), dtype=np.float32)
    return sparse.csr_matrix((data, np.array(indices, dtype=np.int64), np.array(indptr, dtype=np.int64)), shape=(len(key_sets), max(len(vocab), 1)))


def ladder_rung(text: str) -> tuple[int | None, str]:
    """The highest rung of the undertaking ladder ``text`` reaches, and the words that reach it.

    Clause by clause: a preparatory word ("explore", "initiate discussions
    to …") that no establish-or-higher word precedes makes its clause an
    exploration, whatever follows it ("agree to initiate discussions to expand
    X" is an exploration). Returns ``(None, "")`` when no ladder word occurs.
    """
    low = text.lower()
    hits = sorted((m.start(), i, m.group()) for i, _name, pattern in lex.LADDER_RE for m in pattern.finditer(low))
    bounds = [m.start() for m in lex.CLAUSE_BREAK.finditer(low)] + [len(low) + 1]
    best: tuple[int | None, str] = (None, "")
    k = 0
    for clause_end in bounds:
        clause = []
        while k < len(hits) and hits[k][0] < clause_end:
            clause.append(hits[k])
            k += 1
        if not clause:
            continue
        first_explore = next((h for h in clause if h[1] == 0), None)
        if first_explore and not any(h[1] >= 2 and h[0] < first_explore[0] for h in clause):
            found: tuple[int | None, str] = (0, first_explore[2])
        else:
            top = max(clause, key=lambda h: (h[1], -h[0]))
            found = (top[1], top[2])
        if best[0] is None or (found[0] is not None and found[0] > best[0]):
            best = found
    return best
