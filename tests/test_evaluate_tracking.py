"""Scoring tracking against gold: pairwise thread F1, change accuracy, lifecycle triples, bad gold lines."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pledgewatch.errors import MalformedGold
from pledgewatch.evaluate_tracking import TRACKING_GOLD, check_tracking_gold, evaluate_tracking, score_mechanisms, score_threads
from pledgewatch.model import Mechanism, MechanismEvent, Meeting, Thread, ThreadMember

from .conftest import CORPUS


def _write(path: Path, rows: list) -> Path:
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in rows), encoding="utf-8")
    return path


def _member(doc: str, idx: int, text: str, change: str) -> ThreadMember:
    return ThreadMember(doc, "m", idx, 0, len(text), text, change)


GOLD = [
    {"thread": "minerals", "members": [
        {"doc": "a.md", "meeting": "2022", "text": "We will cooperate on critical minerals", "change": "new"},
        {"doc": "b.md", "meeting": "2023", "text": "We reaffirm cooperation on critical minerals", "change": "reiterated"},
        {"doc": "c.md", "meeting": "2024", "text": "We will fund critical minerals with $5 million", "change": "strengthened"}]},
    {"thread": "patrols", "members": [{"doc": "a.md", "meeting": "2022", "text": "We will hold maritime patrols together", "change": "new"}]},
]


def test_score_threads_perfect_split_and_wrong_change(tmp_path: Path) -> None:
    gold = _write(tmp_path / "threads.jsonl", GOLD)
    units = {"a.md": "A", "b.md": "B", "c.md": "C"}
    good = [Thread("t1", (_member("A", 0, "We will cooperate on critical minerals", "new"),
                          _member("B", 0, "We reaffirm cooperation on critical minerals", "reiterated"),
                          _member("C", 0, "We will fund critical minerals with $5 million", "strengthened")), ("JP",), None),
            Thread("t2", (_member("A", 1, "We will hold maritime patrols together", "new"),), ("JP",), None)]
    s = score_threads(gold, good, units)
    assert (s.pairs.tp, s.pairs.fp, s.pairs.fn) == (3, 0, 0) and s.change_accuracy == 1.0 and s.matched_members == 4
    split = [Thread("t1", good[0].members[:2], ("JP",), None),
             Thread("t3", (_member("C", 0, "We will fund critical minerals with $5 million", "new"),), ("JP",), None), good[1]]
    s = score_threads(gold, split, units)
    assert (s.pairs.tp, s.pairs.fp, s.pairs.fn) == (1, 0, 2) and s.change_accuracy == 0.75
    merged = [Thread("t1", (*good[0].members, _member("A", 1, "We will hold maritime patrols together", "new")), ("JP",), None)]
    s = score_threads(gold, merged, units)
    assert s.pairs.fp == 2  # patrols–b, patrols–c (patrols–a is the same document: not a pair)
    unmatched = [Thread("t1", (good[0].members[0], _member("B", 5, "Something else entirely different here", "new")), ("JP",), None)]
    assert score_threads(gold, unmatched, units).unjudged_pairs == 1


def test_score_mechanisms_triples_with_lenient_names(tmp_path: Path) -> None:
    gold = _write(tmp_path / "mechanisms.jsonl", [
        {"name": "Nuclear Consultative Group", "aliases": ["NCG"], "events": [
            {"doc": "a.md", "meeting": "2023-04-26", "event": "established", "text": "…"},
            {"doc": "b.md", "meeting": "2024-04-26", "event": "convened", "text": "…"}]},
        {"name": "Paris Agreement", "aliases": [], "events": [{"doc": "a.md", "meeting": "2023-04-26", "event": "referenced", "text": "…"}]},
    ])
    meetings = [Meeting("m1", __import__("datetime").date(2023, 4, 26), ("US",), ("A",)), Meeting("m2", __import__("datetime").date(2024, 4, 26), ("US",), ("B",))]
    ev = lambda m, e: MechanismEvent(m, None, e, "A", 0, 0, 0, "")  # noqa: E731
    registry = [Mechanism("ncg", "NCG", (), ("US",), None, (ev("m1", "established"), ev("m2", "strengthened"))),
                Mechanism("x", "Quad", (), ("US",), None, (ev("m1", "referenced"),))]
    s = score_mechanisms(gold, registry, meetings)
    assert (s.triples.tp, s.triples.fp, s.triples.fn) == (1, 2, 2) and s.matched_mechanisms == 1


@pytest.mark.parametrize(
    ("line", "message"),
    [("{not json", "line 2: not JSON"), (json.dumps({"thread": "x", "members": []}), "line 2: needs"),
     (json.dumps({"thread": "x", "members": [{"doc": "a", "text": "t", "change": "kept"}]}), "line 2: member 1: change 'kept'")],
)
def test_malformed_gold_names_file_and_line(tmp_path: Path, line: str, message: str) -> None:
    path = _write(tmp_path / "threads.jsonl", [GOLD[1], line])
    with pytest.raises(MalformedGold) as err:
        score_threads(path, [], {})
    assert str(path) in str(err.value) and message in str(err.value) and err.value.code == "PW401"
    bad_event = _write(tmp_path / "mechanisms.jsonl", ['{"name": "X", "aliases": [], "events": [{"doc": "a", "meeting": "m", "event": "born"}]}'])
    with pytest.raises(MalformedGold, match="line 1: event 1: 'born'"):
        score_mechanisms(bad_event, [], [])


def test_evaluate_tracking_on_the_gold(gold_dir: Path) -> None:
    """End to end on the bundled corpus: well-formed figures (the floors are pinned elsewhere)."""
    for source in ("extracted", "gold"):
        report = evaluate_tracking(gold_dir, CORPUS, source=source)
        # the undated fact sheet joins the 2021-05-21 meeting by content; the declaration its statement's
        groups = [sorted(m["docs"]) for m in report["meetings"]]
        assert ["002_4ae3d24060ec3165.txt", "003_a9605a6f17e006e0.txt"] in groups
        assert ["000_d2d98a496d566f4a.txt", "004_7f0367b61bf4e2de.txt"] in groups
        threads, mechanisms = report["threads"], report["mechanisms"]
        assert 0 < threads["pairs"]["f1"] <= 1 and 0 < threads["change_accuracy"] <= 1
        assert threads["matched_members"] <= threads["gold_members"] == 220
        assert 0 < mechanisms["triples"]["f1"] <= 1


def test_only_the_parts_asked_for_need_their_gold_file(tmp_path: Path, gold_dir: Path) -> None:
    for name in ("mechanisms.jsonl", *(p.name for p in gold_dir.glob("*.txt.jsonl"))):
        (tmp_path / name).write_bytes((gold_dir / name).read_bytes())  # no threads.jsonl
    check_tracking_gold(tmp_path, ["mechanisms"])
    with pytest.raises(MalformedGold, match=f"no {TRACKING_GOLD['threads']} here"):
        check_tracking_gold(tmp_path, ["mechanisms", "threads"])
    report = evaluate_tracking(tmp_path, CORPUS, source="gold", parts=["mechanisms"])
    assert "mechanisms" in report and "mechanism_errors" in report and "threads" not in report
