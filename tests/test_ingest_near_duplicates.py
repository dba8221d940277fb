"""ingest.near_duplicates: MinHash fingerprints that recognise the same statement from another outlet."""

from __future__ import annotations

import itertools
import random
from pathlib import Path

from pledgewatch.ingest import read_document
from pledgewatch.ingest import near_duplicates as nd

from .conftest import CORPUS

DATA = Path(__file__).parent / "data" / "ingest"


def _edit(text: str, n: int, seed: int) -> str:
    """n word-level edits: substitutions, deletions and insertions."""
    rng = random.Random(seed)
    words = text.split(" ")
    for _ in range(n):
        i = rng.randrange(len(words))
        op = rng.choice("sdi")
        if op == "s":
            words[i] = words[i].upper() + "x"
        elif op == "d":
            words[i] = ""
        else:
            words[i] += " also"
    return " ".join(words)


def test_near_duplicates_markdown_and_news_repost_are_one_statement():
    a = read_document(DATA / "jp_au_statement.md")
    b = read_document(DATA / "daily_herald_repost.txt")
    assert a.sha256 != b.sha256  # not the same text…
    assert nd.similarity(nd.fingerprint(a.text), nd.fingerprint(b.text)) >= nd.THRESHOLD  # …but the same statement
    assert set(nd.band_keys(nd.fingerprint(a.text))) & set(nd.band_keys(nd.fingerprint(b.text)))


def test_near_duplicates_small_edits_stay_above_the_threshold():
    text = read_document(CORPUS / "002_4ae3d24060ec3165.txt").text
    fp = nd.fingerprint(text)
    words = len(text.split())
    for seed in range(3):
        edited = _edit(text, words // 33, seed)  # 3 % of the words edited
        other = nd.fingerprint(edited)
        assert nd.similarity(fp, other) >= nd.THRESHOLD
        assert set(nd.band_keys(fp)) & set(nd.band_keys(other))  # and they are LSH candidates


def test_near_duplicates_different_statements_of_the_same_parties_stay_apart():
    texts = [read_document(p).text for p in sorted(CORPUS.glob("0*.txt"))]
    fps = [nd.fingerprint(t) for t in texts]
    for a, b in itertools.combinations(fps, 2):
        assert nd.similarity(a, b) < nd.THRESHOLD / 2


def test_near_duplicates_fingerprint_round_trips_through_bytes():
    fp = nd.fingerprint("The ministers will meet in Lima next year to review the plan.")
    raw = nd.to_bytes(fp)
    assert len(raw) == nd.NUM_PERM * 4
    back = nd.from_bytes(raw)
    assert nd.similarity(fp, back) == 1.0
    assert nd.band_keys(back) == nd.band_keys(fp)
    assert len(nd.band_keys(fp)) == nd.BANDS and nd.BANDS * nd.ROWS == nd.NUM_PERM


def test_near_duplicates_fingerprint_ignores_case_and_punctuation_only():
    a = nd.fingerprint("The Ministers will meet, in Lima, next year.")
    assert nd.similarity(a, nd.fingerprint("the ministers will meet in lima next year")) == 1.0
    assert nd.similarity(a, nd.fingerprint("The ministers will not meet in Quito this year.")) < nd.THRESHOLD


def test_near_duplicates_short_and_empty_texts_do_not_crash():
    for text in ("", "One.", "Two words"):
        fp = nd.fingerprint(text)
        assert len(nd.band_keys(fp)) == nd.BANDS
