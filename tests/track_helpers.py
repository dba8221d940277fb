"""Hand-made commitments and documents for the tracking tests (invented statements)."""

from __future__ import annotations

import datetime as dt
import re

from pledgewatch.model import Commitment, Extractor, Unit, Value
from pledgewatch.track.meetings import DocInfo

EXTRACTOR = Extractor("test", "1")
_MONEY = re.compile(r"\$(\d+(?:\.\d+)?) (million|billion)")


def mech(text: str, start: int = 0, *, acronym: str | None = None, long_name: str | None = None) -> Value:
    return Value("mechanism", start, start + len(text), text, {"name": text, "acronym": acronym, "long_name": long_name, "head": "group"})


def commitment(doc_id: str, index: int, text: str, *, domain: str = "regional", actors: tuple[str, ...] = (),
               mechanisms: tuple[Value, ...] = (), timeframes: tuple[str, ...] = (), kind: str = "new") -> Commitment:
    """A commitment unit as the extractor would label it: money found in the text, offsets within a fake document."""
    start = index * 1000
    unit = Unit(doc_id, index, start, start + len(text), text, "sentence")
    amounts = []
    for m in _MONEY.finditer(text):
        value = float(m.group(1)) * (1e6 if m.group(2) == "million" else 1e9)
        amounts.append(Value("amount", start + m.start(), start + m.end(), m.group(), {"type": "money", "value": value, "currency": "USD"}))
    tfs = []
    for tf in timeframes:
        at = text.find(tf)
        tfs.append(Value("timeframe", start + at, start + at + len(tf), tf, {"type": "date", "value": "2030-12-31"}))
    mechs = []
    for v in mechanisms:
        at = text.find(v.text)
        mechs.append(Value("mechanism", start + at, start + at + len(v.text), v.text, dict(v.normalised)))
    return Commitment(doc_id, unit, "commitment", kind, actors, domain, tuple(mechs), tuple(amounts), tuple(tfs), 0.9, EXTRACTOR, ("test",))


def other(doc_id: str, index: int, text: str) -> Commitment:
    start = index * 1000
    unit = Unit(doc_id, index, start, start + len(text), text, "sentence")
    return Commitment(doc_id, unit, "other", None, (), None, (), (), (), 0.9, EXTRACTOR, ("test",))


def doc(doc_id: str, date: str | None, parties: tuple[str, ...], doc_type: str = "joint_statement", title: str | None = None) -> DocInfo:
    return DocInfo(doc_id, f"{doc_id}.md", dt.date.fromisoformat(date) if date else None, parties, doc_type, title or doc_id)
