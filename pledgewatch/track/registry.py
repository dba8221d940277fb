"""Mechanism mentions → a registry: one entry per mechanism, with aliases and a dated lifecycle.

Mentions are the ``mechanisms`` values of commitments. They are put together
by name (``names.name_key``):

1. an acronym written alone takes the long form the recogniser linked it to,
   in this document or any other (``the NCG`` → Nuclear Consultative Group);
2. mentions with the same key are one entry ("ROK-U.S. Mutual Defense Treaty"
   and "U.S.-ROK Mutual Defense Treaty");
3. a name without designators joins the one entry with the same core whose
   designators are all among the meeting's parties ("Mutual Defense Treaty"
   in a U.S.–ROK statement); with two such entries (U.S. and ROK Strategic
   Command) it stays apart;
4. an acronym with no long form in sight joins the one entry whose initials
   it spells (three letters or more).

A name that matches nothing stays its own entry.

Each mention records one lifecycle event, read from the verbs of its unit
around the mention (``classify_event``; cue words in ``lexicon.EVENT_CUES``).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from ..model import Commitment, Mechanism, MechanismEvent, Meeting, Value
from ..parties import ALIASES
from . import lexicon as lex
from .names import MentionName, NameKey, initials, is_acronym, mention_name, name_key
from .threads import acronym_map, paused_gc

_WORD = re.compile(r"[\w][\w\-’'.]*")
_PARTY_CODES = frozenset(code for code in ALIASES if code)


def classify_event(text: str, start: int, end: int) -> tuple[str, str]:
    """The lifecycle event a unit records for the mention at ``text[start:end]``, and why.

    The nearest event cue before the mention, in its clause and within
    ``EVENT_WINDOW_WORDS`` words, governs it; a vehicle preposition between
    the two ("expand cooperation *through* X") makes the mechanism merely
    referenced; a preparatory word before the cue ("work towards signing X")
    makes it a proposal; "a new X" is being established. Passive cues after
    the mention ("X will be held") count too. Otherwise: referenced.
    """
    low = text.lower()
    before = low[:start]
    clause_start = max((m.end() for m in lex.CLAUSE_BREAK.finditer(before)), default=0)
    words = list(_WORD.finditer(before, clause_start))
    window_start = words[-lex.EVENT_WINDOW_WORDS].start() if len(words) >= lex.EVENT_WINDOW_WORDS else clause_start
    window = before[window_start:]
    cues = []
    for event, pattern in lex.EVENT_CUES_RE.items():
        for m in pattern.finditer(window):
            cues.append((m.end(), m.start(), event, m.group()))
    after = low[end:]
    for event, pattern in lex.EVENT_AFTER.items():
        m = pattern.search(after)
        if m:
            return event, f"'{m.group().strip(' ,')}' after the mention"
    new = lex.NEW_MECHANISM.search(before[max(clause_start, start - 120):])
    is_new = bool(new) and not (set(new.group("between").replace(",", " ").split()) & lex.NOT_MODIFIERS)
    if lex.REFERENCE_CLAUSE.match(low[clause_start:]):
        cues = [c for c in cues if c[1] + window_start > _clause_head_end(low, clause_start)]
    governing = [c for c in cues if c[2] != "proposed"]
    if governing:
        cue_end, cue_start, event, words_ = max(governing)
        between = window[cue_end:]
        if lex.VEHICLE.search(between):
            if is_new:
                return "established", "named as new"
            return "referenced", f"vehicle of '{words_}' ('{lex.VEHICLE.search(between).group()}')"
        preparatory = [c for c in cues if c[2] == "proposed" and c[1] < cue_start and "," not in window[c[1] : cue_start]]
        if event != "reactivated" and preparatory:
            return "proposed", f"'{preparatory[0][3]}' before '{words_}'"
        if is_new and event in ("strengthened", "agreed", "convened"):
            return "established", f"named as new, after '{words_}'"
        return event, f"'{words_}'"
    proposals = [c for c in cues if c[2] == "proposed"]
    if proposals:
        cue_end, _s, _e, words_ = max(proposals)
        if not lex.VEHICLE.search(window[cue_end:]):
            return "proposed", f"'{words_}'"
    if is_new:
        return "established", "named as new"
    return "referenced", "no lifecycle verb governs it"


def _clause_head_end(low: str, clause_start: int) -> int:
    """End of an introductory phrase ("Building on …,"): its first comma, or the clause start."""
    comma = low.find(",", clause_start)
    return comma if comma >= 0 else clause_start


@dataclass
class _Mention:
    meeting_pos: int
    meeting: Meeting
    doc_pos: int
    commitment: Commitment
    value: Value
    name: MentionName
    key: NameKey


def _offsets_in_unit(c: Commitment, v: Value) -> tuple[int, int]:
    s, e = v.start - c.unit.start, v.end - c.unit.start
    if 0 <= s <= e <= len(c.text) and c.text[s:e] == v.text:
        return s, e
    at = c.text.find(v.text)
    return (at, at + len(v.text)) if at >= 0 else (0, 0)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60] or "mechanism"


def build_registry(meetings: list[Meeting], commitments: dict[str, list[Commitment]]) -> list[Mechanism]:
    """The mechanisms registry of ``meetings`` (see the module docstring), sorted by name.
    ``commitments``: document id → its commitments (``is_commitment`` units, as ``track`` passes them)."""
    with paused_gc():
        return _build_registry(meetings, commitments)


def _build_registry(meetings: list[Meeting], commitments: dict[str, list[Commitment]]) -> list[Mechanism]:
    everything = [c for m in meetings for d in m.doc_ids for c in commitments.get(d, ())]
    acronyms = acronym_map(everything)
    mentions: list[_Mention] = []
    for mi, m in enumerate(meetings):
        for di, d in enumerate(m.doc_ids):
            for c in sorted(commitments.get(d, ()), key=lambda c: c.unit.index):
                for v in c.mechanisms:
                    name = mention_name(v, acronyms)
                    mentions.append(_Mention(mi, m, di, c, v, name, name_key(name.name)))

    # 1–2: by key
    groups: dict[NameKey, list[_Mention]] = defaultdict(list)
    for x in mentions:
        groups[x.key].append(x)
    # 3: names without designators join the one compatible designated entry
    by_core: dict[str, list[NameKey]] = defaultdict(list)
    for k in groups:
        by_core[k.core].append(k)
    for k in list(groups):
        if k.owners or k not in groups:
            continue
        parties = {p for x in groups[k] for p in x.meeting.parties}
        fits = [o for o in by_core[k.core] if o.owners and o in groups and not (o.owners & (_PARTY_CODES - parties))]
        if len(fits) == 1:
            groups[fits[0]].extend(groups.pop(k))
    # 4: lone acronyms that spell one entry's initials
    spelled: dict[str, set[NameKey]] = defaultdict(set)
    for k, xs in groups.items():
        for x in xs:
            if not is_acronym(x.name.name):
                for a in initials(x.name.name):
                    if len(a) >= 3:
                        spelled[a].add(k)
    for k in list(groups):
        xs = groups.get(k)
        if not xs or not all(is_acronym(x.name.name) for x in xs):
            continue
        target = spelled.get(xs[0].name.name.upper(), set()) - {k}
        if len(target) == 1:
            groups[target.pop()].extend(groups.pop(k))

    entries: list[Mechanism] = []
    used_ids: Counter[str] = Counter()
    for k, xs in groups.items():
        xs.sort(key=lambda x: (x.meeting_pos, x.doc_pos, x.commitment.unit.index, x.value.start))
        name = _entry_name(xs)
        aliases = sorted({f for x in xs for f in x.name.forms()} - {name}, key=lambda a: (a.lower(), a))
        parties = tuple(dict.fromkeys(p for x in xs for p in x.meeting.parties))
        domain = Counter(x.commitment.domain for x in xs).most_common(1)[0][0]
        events = []
        for x in xs:
            s, e = _offsets_in_unit(x.commitment, x.value)
            event, _why = classify_event(x.commitment.text, s, e)
            events.append(MechanismEvent(
                x.meeting.id, x.meeting.date, event, x.commitment.doc_id, x.commitment.unit.index,
                x.value.start, x.value.end, x.commitment.text,
            ))
        base = _slug(name)
        used_ids[base] += 1
        mid = base if used_ids[base] == 1 else f"{base}-{used_ids[base]}"
        entries.append(Mechanism(mid, name, tuple(aliases), parties, domain, tuple(events)))
    entries.sort(key=lambda m: (m.name.lower(), m.id))
    return entries


def _entry_name(xs: Sequence[_Mention]) -> str:
    """The long form when one is known, else the most frequent written name (longest on ties)."""
    longs = Counter(x.name.long_name for x in xs if x.name.long_name)
    pool = longs or Counter(x.name.written for x in xs if not is_acronym(x.name.written)) or Counter(x.name.written for x in xs)
    return sorted(pool.items(), key=lambda kv: (-kv[1], -len(kv[0]), kv[0]))[0][0]


def _norm(s: str) -> str:
    return " ".join(s.replace("’", "'").lower().split())


def find_mechanism(registry: Sequence[Mechanism], name: str) -> Mechanism | None:
    """The entry ``name`` designates: its name or an alias (any case), an acronym of its
    name, the same key ("ROK-U.S. X" for "U.S.-ROK X"), or the one entry whose name
    contains it. None when nothing (or more than one entry, for containment) fits."""
    q = _norm(name)
    if not q:
        return None
    for m in registry:
        if q == _norm(m.name) or any(q == _norm(a) for a in m.aliases):
            return m
    key = name_key(name.strip())
    for m in registry:
        if any(name_key(n) == key for n in (m.name, *m.aliases) if not is_acronym(n)):
            return m
    if is_acronym(name.strip()):
        spelled = [m for m in registry if name.strip().upper() in initials(m.name)]
        if len(spelled) == 1:
            return spelled[0]
    containing = [m for m in registry if any(q in _norm(n) for n in (m.name, *m.aliases))]
    return containing[0] if len(containing) == 1 else None
