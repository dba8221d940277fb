"""Typing a change: how one appearance of an undertaking differs from the previous one.

``facts_of`` reads what makes a commitment more or less binding (money, a
deadline, a named mechanism, its rung on the undertaking ladder);
``classify_change`` compares two such readings: ``reiterated``,
``strengthened`` or ``weakened``, with the evidence. Threads type each
appearance with it; comparing two documents uses it for pairs a thread did
not type.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..model import Commitment, Value
from . import lexicon as lex
from .names import mention_keys
from .text import ladder_rung


@dataclass(frozen=True)
class Facts:
    """The specifics of an undertaking that make it more or less binding."""

    money: tuple[tuple[str, float, str], ...] = ()  # (currency, value, text)
    deadlines: tuple[str, ...] = ()
    mechanisms: frozenset[str] = frozenset()
    mechanism_names: tuple[str, ...] = ()
    rung: int | None = None
    rung_words: str = ""

    @staticmethod
    def union(facts: Sequence[Facts]) -> Facts:
        rung = max((f.rung for f in facts if f.rung is not None), default=None)
        return Facts(
            money=tuple(dict.fromkeys(m for f in facts for m in f.money)),
            deadlines=tuple(dict.fromkeys(d for f in facts for d in f.deadlines)),
            mechanisms=frozenset(k for f in facts for k in f.mechanisms),
            mechanism_names=tuple(dict.fromkeys(n for f in facts for n in f.mechanism_names)),
            rung=rung,
            rung_words=next((f.rung_words for f in facts if f.rung == rung), ""),
        )


def _money(v: Value) -> tuple[str, float, str] | None:
    n = v.normalised or {}
    if n.get("type") == "money":
        return (str(n.get("currency") or "?"), float(n.get("value") or 0.0), v.text)
    if not n and lex.MONEY_TEXT.search(v.text):
        return ("?", 0.0, v.text)
    return None


def _is_deadline(v: Value) -> bool:
    n = v.normalised or {}
    if n:
        # a vague term ("in the coming months") or an open-ended condition ("for as long as it takes")
        # bounds nothing: adding or dropping it neither strengthens nor weakens an undertaking
        return not ((n.get("type") == "unresolved" and n.get("reason") == "vague") or n.get("type") == "open_ended")
    return bool(lex.TIME_WORDS.search(v.text)) and not lex.VAGUE_TIME.search(v.text)


def facts_of(c: Commitment, acronyms: dict[str, str] | None = None) -> Facts:
    money = tuple(m for m in map(_money, c.amounts) if m)
    rung, words = ladder_rung(c.text)
    mech_keys: set[str] = set()
    names: list[str] = []
    for v in c.mechanisms:
        mech_keys |= mention_keys(v, acronyms)
        names.append(v.text)
    return Facts(money, tuple(v.text for v in c.timeframes if _is_deadline(v)), frozenset(mech_keys), tuple(names), rung, words)


def ladder_facts(text: str) -> Facts:
    """Only the ladder rung of ``text``: what is left to compare of two bare texts."""
    rung, words = ladder_rung(text)
    return Facts(rung=rung, rung_words=words)


def classify_change(prev: Facts, cur: Facts) -> tuple[str, tuple[str, ...]]:
    """``reiterated``, ``strengthened`` or ``weakened``, and the evidence.

    More specific or binding: adds money (or more of it), a deadline, a named
    mechanism, or a higher rung of the ladder. The reverse weakens. When
    signs disagree, the larger count wins; a tie is a reiteration.
    """
    up: list[str] = []
    down: list[str] = []
    prev_money = {(cur_, val) for cur_, val, _t in prev.money}
    cur_money = {(cur_, val) for cur_, val, _t in cur.money}
    if cur.money and not prev.money:
        up.append(f"adds money ({', '.join(t for *_x, t in cur.money)})")
    elif prev.money and not cur.money:
        down.append(f"drops money ({', '.join(t for *_x, t in prev.money)})")
    elif cur_money != prev_money:
        def total(ms: set[tuple[str, float]], currency: str) -> float:
            return sum(v for c, v in ms if c == currency)
        for currency in {c for c, _v in cur_money} & {c for c, _v in prev_money}:
            a, b = total(prev_money, currency), total(cur_money, currency)
            if b > a:
                up.append(f"more money ({', '.join(t for *_x, t in cur.money)} vs {', '.join(t for *_x, t in prev.money)})")
            elif b < a:
                down.append(f"less money ({', '.join(t for *_x, t in cur.money)} vs {', '.join(t for *_x, t in prev.money)})")
    if cur.deadlines and not prev.deadlines:
        up.append(f"adds a deadline ({', '.join(cur.deadlines)})")
    elif prev.deadlines and not cur.deadlines:
        down.append(f"drops its deadline ({', '.join(prev.deadlines)})")
    if cur.mechanisms and not (cur.mechanisms & prev.mechanisms):
        up.append(f"names a mechanism ({', '.join(cur.mechanism_names)})")
    elif prev.mechanisms and not (cur.mechanisms & prev.mechanisms):
        down.append(f"no longer names a mechanism ({', '.join(prev.mechanism_names)})")
    if cur.rung is not None and prev.rung is not None and cur.rung != prev.rung:
        step = f"{lex.LADDER_NAMES[prev.rung]} → {lex.LADDER_NAMES[cur.rung]} ('{prev.rung_words}' → '{cur.rung_words}')"
        (up if cur.rung > prev.rung else down).append(f"ladder {step}")
    if len(up) > len(down):
        return "strengthened", tuple(up + [f"but {d}" for d in down])
    if len(down) > len(up):
        return "weakened", tuple(down + [f"but {u}" for u in up])
    if up:
        return "reiterated", tuple(f"mixed: {x}" for x in up + down)
    return "reiterated", ("no material change",)
