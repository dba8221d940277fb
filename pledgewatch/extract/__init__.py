"""Units → Commitments: detection, kind, actors, domain, mechanisms, amounts, timeframes.

``extract_commitments(doc, units)`` labels every unit (``commitment`` or
``other``) — no unit is dropped silently — and fills a commitment's
attributes, each value with its exact character span. Rules from the lexicon
produce the features and the explanation; small trained linear models
(``classifier``) weigh them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from ..model import NOT_ENGLISH, Commitment, Correction, Document, Extractor, Unit, Value, value_fields
from .actors import Mention, find_mentions, has_party_subject, leader_map, resolve_actors
from .classifier import Models, load_models
from .features import Cues, Hit, UnitContext, choose_domain, find_cues, lead_in_is_commissive, opening_subject, subject_verbs, unit_features
from .lexicon.cues import LEXICON_VERSION
from .mechanisms import find_mechanisms, to_values
from .values import find_amounts, find_timeframes

__all__ = ["commitment_record", "extract_commitments", "extractor_for", "kind_of", "unit_context", "value_record"]

# Cue families that name the content of a reaffirmed commitment as often as a new act.
_WEAK_NEW = {"expand", "provide", "support_act", "work_to"}


def extractor_for(models: Models) -> Extractor:
    return Extractor("pledgewatch", f"lex{LEXICON_VERSION}-model{models.version}")


def unit_context(
    unit: Unit,
    units: list[Unit],
    parties: tuple[str, ...],
    leaders: dict[str, str],
    cues: Cues,
    *,
    verb_hits: list[Hit] | None = None,
    mentions: list[Mention] | None = None,
) -> UnitContext:
    """``verb_hits`` and ``mentions``: the unit's ``cues.verb_hits()`` and ``find_mentions`` when the caller has them."""
    lead = units[unit.lead_in].text if unit.lead_in is not None and unit.lead_in < len(units) else None
    if verb_hits is None:
        verb_hits = cues.verb_hits()
    if mentions is None:
        mentions = find_mentions(unit.text, leaders)
    return UnitContext(
        is_bullet=unit.kind == "bullet",
        is_lead_in=unit.kind == "lead_in",
        lead_in_text=lead,
        party_subject=has_party_subject(unit.text, parties, leaders, verb_hits, mentions),
        subject_verbs=subject_verbs(unit.text, mentions),
        opening_subject=opening_subject(unit.text, mentions),
        is_first=unit.index == 0,
    )


def kind_of(cues: Cues, lead_in_kind: str | None) -> tuple[str, str]:
    """``new`` when any undertaking is made here; ``reaffirmed`` when only restated.

    A new-undertaking word inside what is being reaffirmed ("reaffirm their
    commitment to expand …") is the content of the old pledge, not a new one:
    it counts only before the first restating words, or when the guide's
    strong markers (commit, agree, will, launch …) open a clause of their own.
    """
    first_reaffirm = min((h.start for h in cues.reaffirmed.values()), default=None)
    for name, hit in sorted(cues.new.items(), key=lambda x: x[1].start):
        if first_reaffirm is None or hit.start < first_reaffirm:
            return "new", f"new undertaking: '{hit.words}'"
        if name not in _WEAK_NEW and name != "intent_noun":
            return "new", f"new undertaking beside a restated one: '{hit.words}'"
    if cues.reaffirmed:
        hit = min(cues.reaffirmed.values(), key=lambda h: h.start)
        return "reaffirmed", f"restated: '{hit.words}'"
    if lead_in_kind:
        return lead_in_kind, "modality of its lead-in"
    return "new", "no restating words"


def extract_commitments(doc: Document, units: list[Unit], models: Models | None = None,
                        verdicts: Mapping[int, Correction] | None = None) -> list[Commitment]:
    """Label every unit; ``verdicts`` (unit index → a person's ``Correction``) win over the model.

    A unit a person calls a commitment gets the attributes the extractor would
    give it, except those the person set; its confidence is 1.0 and its
    extractor the person.
    """
    if any(getattr(w, "code", None) == NOT_ENGLISH for w in doc.warnings):  # the cues are English: nothing to read
        return []
    verdicts = verdicts or {}
    models = models or load_models()
    extractor = extractor_for(models)
    leaders = leader_map(doc.text, doc.parties)
    known_acronyms: dict[str, str] = {}
    lead_in_info: dict[int, tuple[tuple[str, ...], str | None]] = {}
    out: list[Commitment] = []
    for unit in units:
        cues = find_cues(unit.text)
        # Computed once per unit, used by the subject test, the actors and both models.
        verb_hits = cues.verb_hits()
        party_mentions = find_mentions(unit.text, leaders)
        ctx = unit_context(unit, units, doc.parties, leaders, cues, verb_hits=verb_hits, mentions=party_mentions)
        features = unit_features(unit.text, ctx, cues)
        p_commit = 0.0 if unit.kind == "lead_in" else models.p_commitment(features)
        # Attributes are worked out only where they are used: a unit that can be a commitment,
        # a lead-in (its bullets inherit its actors) and an acronym's definition ("… (NCG)"),
        # which later units' mechanisms need.
        can_commit = p_commit >= models.threshold and unit.kind != "lead_in"
        verdict = verdicts.get(unit.index)
        if verdict is not None:
            can_commit = verdict.label == "commitment"
        mentions = find_mechanisms(unit.text, unit.start, known_acronyms, doc.parties) if can_commit or "(" in unit.text else []
        for m in mentions:
            if m.acronym and m.long_name:
                known_acronyms.setdefault(m.acronym, m.long_name)
        inherited = lead_in_info.get(unit.lead_in) if unit.lead_in is not None else None
        actors, actor_why = (), ""
        if can_commit or unit.text.endswith(":"):
            actors, actor_why = resolve_actors(
                unit.text, doc.parties, leaders, verb_hits, inherited[0] if inherited else None, mentions=party_mentions
            )
        if unit.text.endswith(":"):
            lead_kind = None
            if lead_in_is_commissive(unit.text):
                lead_kind = "reaffirmed" if cues.reaffirmed and not cues.new else "new"
            lead_in_info[unit.index] = (actors, lead_kind)
        is_commitment = can_commit and (bool(actors) or not doc.parties or verdict is not None)
        why: list[str] = [f"{'+' if w > 0 else '−'} {name}" for name, w in models.detect.contributions(features)]
        if ctx.lead_in_text:
            why.append(f"under lead-in: {ctx.lead_in_text[:80]!r}")
        if verdict is not None:
            why = [_verdict_why(verdict), f"the model said P(commitment) = {p_commit:.3f}", *why]
        if not is_commitment:
            reason = "lead-in (its bullets carry the undertakings)" if unit.kind == "lead_in" else "no undertaking by the parties"
            if verdict is not None:
                out.append(Commitment(doc.id, unit, "other", None, (), None, (), (), (), 1.0, _person(verdict), tuple(why)))
                continue
            out.append(Commitment(doc.id, unit, "other", None, (), None, (), (), (), round(1 - p_commit, 3), extractor, (reason, *why)))
            continue
        kind, kind_why = kind_of(cues, inherited[1] if inherited else None)
        domain, domain_why = choose_domain(unit.text, cues, doc.parties)
        mechanisms = tuple(to_values(mentions))
        amounts = tuple(find_amounts(unit.text, unit.start))
        timeframes = tuple(find_timeframes(unit.text, doc.date, unit.start))
        why = [kind_why, f"actors: {actor_why}", f"domain {domain}: {domain_why}", *why]
        found = Commitment(doc.id, unit, "commitment", kind, tuple(actors) or tuple(doc.parties), domain, mechanisms, amounts,
                           timeframes, round(p_commit, 3), extractor, tuple(why))
        out.append(found if verdict is None else _with_verdict(found, verdict))
    return out


# The stored extractor is "name-version" in 64 characters: "person-" and at most this much of the name.
_PERSON_NAME = 57


def _person(verdict: Correction) -> Extractor:
    return Extractor("person", verdict.recorded_by[:_PERSON_NAME])


def _verdict_why(verdict: Correction) -> str:
    note = f": {verdict.note}" if verdict.note else ""
    return f"{verdict.label} by {verdict.recorded_by}'s correction of {verdict.recorded_at:%Y-%m-%d}{note}"


def _with_verdict(found: Commitment, verdict: Correction) -> Commitment:
    """The extractor's commitment with the fields the person set."""
    mechanisms = found.mechanisms
    if verdict.mechanisms is not None:
        low = found.unit.text.lower()
        mechanisms = tuple(
            Value("mechanism", found.unit.start + at, found.unit.start + at + len(name), found.unit.text[at : at + len(name)],
                  {"name": name, "source": "person"})
            for name in verdict.mechanisms if (at := low.find(name.lower())) >= 0
        )
    return replace(
        found,
        kind=verdict.kind or found.kind,
        actors=tuple(verdict.actors) if verdict.actors is not None else found.actors,
        domain=verdict.domain or found.domain,
        mechanisms=mechanisms,
        confidence=1.0,
        extractor=_person(verdict),
    )


def values_of(commitment: Commitment) -> list[Value]:
    return [*commitment.mechanisms, *commitment.amounts, *commitment.timeframes]


def value_record(v: Value) -> dict:
    return value_fields(v.text, v.start, v.end, v.normalised)


def commitment_record(doc_name: str, c: Commitment, *, with_label: bool = False) -> dict:
    """A commitment as the plain record every output (JSON, CSV, web) is made from."""
    record = {
        "doc": doc_name,
        "text": c.text,
        "start": c.start,
        "end": c.end,
        "unit": c.unit.index,
        "section": c.unit.section,
        "kind": c.kind,
        "actors": list(c.actors),
        "domain": c.domain,
        "mechanisms": [value_record(v) for v in c.mechanisms],
        "amounts": [value_record(v) for v in c.amounts],
        "timeframes": [value_record(v) for v in c.timeframes],
        "confidence": c.confidence,
        "extractor": {"name": c.extractor.name, "version": c.extractor.version},
        "why": list(c.why),
    }
    if with_label:
        record["label"] = c.label
    return record
