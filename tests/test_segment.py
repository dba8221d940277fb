from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from pledgewatch.evaluate import score_segmentation
from pledgewatch.ingest import document_from_bytes, read_document
from pledgewatch.segment import segment, split_sentences

from .conftest import CORPUS

# Floor pinned from the measured share (1.000 on 2026-11-22); never lower it silently.
SEGMENTATION_FLOOR = 0.98


def _texts(text: str) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text)]


def test_segment_abbreviations_do_not_split():
    text = "President Joseph R. Biden, Jr. met the U.S.-ROK team in the U.S. capital. No. 2 is Dr. Kim's office."
    assert _texts(text) == [
        "President Joseph R. Biden, Jr. met the U.S.-ROK team in the U.S. capital.",
        "No. 2 is Dr. Kim's office.",
    ]


def test_segment_missing_space_splits():
    assert _texts("They fund programs.Both leaders agree.") == ["They fund programs.", "Both leaders agree."]


def test_segment_lead_in_and_bullets():
    raw = b"Joint Statement\n\nThe leaders met today.\n\nTogether, the two countries will:\n\n- Launch a fund.\n- Hold talks. They will report. Then review. And publish.\n\nHeading Here\n\nAnother sentence.\n"
    doc = document_from_bytes(raw, name="x.md")
    units = segment(doc)
    kinds = [(u.kind, u.text, u.lead_in) for u in units]
    assert kinds[1] == ("lead_in", "Together, the two countries will:", None)
    assert kinds[2] == ("bullet", "Launch a fund.", 1)
    # a bullet of more than three sentences is cut into its sentences
    assert [k[1] for k in kinds[3:7]] == ["Hold talks.", "They will report.", "Then review.", "And publish."]
    assert all(k[2] == 1 for k in kinds[3:7])
    assert units[-1].section == "Heading Here" and units[-1].lead_in is None


def test_segment_spans_slice_the_text(corpus_files):
    for path in corpus_files:
        doc = read_document(path)
        for u in segment(doc):
            assert doc.text[u.start : u.end] == u.text
            assert u.text == u.text.strip() and u.text


def test_segment_gold_share_floor(gold_dir):
    scores = score_segmentation(gold_dir, CORPUS)
    matched = sum(s.matched for s in scores)
    total = sum(s.gold_units for s in scores)
    assert total == 344
    assert matched / total >= SEGMENTATION_FLOOR, [(s.doc, s.share) for s in scores]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400))
def test_segment_spans_in_bounds_ordered_disjoint(text):
    spans = split_sentences(text)
    last = 0
    for s, e in spans:
        assert 0 <= last <= s < e <= len(text)
        last = e


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(["The U.S. will act.", "- item one", "Heading", "", "Together we will:", "x.Y", "  \u00a0 ", "• bullet", "**Bold**", "No. 2 leads."]), max_size=25))
def test_segment_document_units_in_bounds(lines):
    raw = "\n".join(lines).encode()
    try:
        doc = document_from_bytes(raw, name="h.md")
    except Exception as exc:  # only the project's own errors may escape
        from pledgewatch.errors import PledgewatchError
        assert isinstance(exc, PledgewatchError)
        return
    last = 0
    for u in segment(doc):
        assert last <= u.start < u.end <= len(doc.text)
        assert doc.text[u.start : u.end] == u.text
        last = u.end
