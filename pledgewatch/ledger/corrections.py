"""A person's correction of the extractor: checked, hashed, and matched to the units it is about.

Plain functions over ``model.Correction``. A correction is kept forever; a
later one about the same unit wins (``verdicts_for``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Sequence
from dataclasses import asdict, replace

from ..errors import BadLedgerInput
from ..model import DOMAINS, KINDS, Correction, Unit
from ..parties import normalise_party
from .anchors import anchor_of, find_unit
from .entries import MAX_NAME, MAX_NOTE, clean_text, utc

LABELS = ("commitment", "other")


def correction_id(c: Correction) -> str:
    """The SHA-256 of the correction's content (every field but the id)."""
    data = asdict(replace(c, correction_id=""))
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str, ensure_ascii=False).encode("utf-8")).hexdigest()


def new_correction(
    unit: Unit, *, label: str, kind: str | None = None, actors: Sequence[str] | None = None, domain: str | None = None,
    mechanisms: Sequence[str] | None = None, note: str | None = None, recorded_by: str, recorded_at: dt.datetime,
) -> Correction:
    """A checked verdict on ``unit`` (``BadLedgerInput``, PW601, on a value outside the guide's
    vocabularies, attributes given with ``other``, or a mechanism the unit does not name)."""
    if label not in LABELS:
        raise BadLedgerInput(f"label {label!r} is not commitment or other")
    if label == "other" and any(x is not None for x in (kind, actors, domain, mechanisms)):
        raise BadLedgerInput("--kind, --actors, --domain and --mechanisms describe a commitment; not with --label other")
    if kind is not None and kind not in KINDS:
        raise BadLedgerInput(f"kind {kind!r} is not one of {', '.join(KINDS)}")
    if domain is not None and domain not in DOMAINS:
        raise BadLedgerInput(f"domain {domain!r} is not one of {', '.join(DOMAINS)}")
    codes = None
    if actors is not None:
        codes = tuple(dict.fromkeys(normalise_party(a) or "" for a in actors))
        if not codes or "" in codes:
            raise BadLedgerInput(f"actors {', '.join(actors)!s}: each must be a party code or name (US, KR, EU, G7 …)")
    names = None
    if mechanisms is not None:
        names = tuple(dict.fromkeys(m.strip() for m in mechanisms))
        missing = [m for m in names if not m or m.lower() not in unit.text.lower()]
        if missing:
            raise BadLedgerInput(f"mechanism {missing[0]!r} is not in the unit's words (a mechanism is named as written)")
    who = clean_text(recorded_by, MAX_NAME, "name")
    if not who:
        raise BadLedgerInput("who records the correction is not empty (--by NAME)")
    draft = Correction("", anchor_of(unit), label, kind, codes, domain, names, clean_text(note, MAX_NOTE, "note"), who,
                       utc(recorded_at))
    return replace(draft, correction_id=correction_id(draft))


def verdicts_for(units: Sequence[Unit], corrections: Sequence[Correction]) -> dict[int, Correction]:
    """Unit index → the latest correction of that unit (found by its anchor)."""
    out: dict[int, Correction] = {}
    for c in sorted(corrections, key=lambda c: (c.recorded_at, c.correction_id)):
        u = find_unit(c.anchor, units)
        if u is not None:
            out[u.index] = c
    return out
