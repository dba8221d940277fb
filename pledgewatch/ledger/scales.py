"""Crosswalks from pledgewatch's statuses to the scales analysts already use (data, in one place).

- The G7 Research Group's compliance score: +1 full compliance, 0 partial
  compliance or work in progress, −1 non-compliance (its interim and final
  compliance reports score each commitment so).
- PolitiFact's promise ratings: Not Yet Rated, In the Works, Stalled,
  Compromise, Promise Kept, Promise Broken.

Reasoning, status by status (also in the README):

- ``not_started``: nothing done yet. The G7 Research Group scores a
  commitment on which no action was taken as non-compliance (−1); PolitiFact
  rates a promise nobody has acted on "Not Yet Rated".
- ``in_progress``: action under way, goal not reached: 0 ("work in
  progress"); "In the Works".
- ``partially_achieved``: part of the goal met: 0 (partial compliance);
  "Compromise" (PolitiFact's rating for a promise kept in part).
- ``achieved``: +1; "Promise Kept".
- ``stalled``: begun, then stopped: the G7 scale has no "stopped" grade, and
  a stalled commitment is not being complied with: −1; "Stalled".
- ``abandoned``: given up: −1; "Promise Broken".
- ``superseded``: replaced by a later undertaking. Neither scale scores the
  old wording once it is replaced, so pledgewatch scores the replacement
  instead: no G7 score (None, "not scored") and "Compromise" on PolitiFact,
  whose rating for a promise changed on the way.
"""

from __future__ import annotations

from ..model import STATUSES

SCALES = ("g7", "politifact")

G7_COMPLIANCE: dict[str, int | None] = {
    "not_started": -1,
    "in_progress": 0,
    "partially_achieved": 0,
    "achieved": 1,
    "stalled": -1,
    "abandoned": -1,
    "superseded": None,
}
POLITIFACT: dict[str, str] = {
    "not_started": "Not Yet Rated",
    "in_progress": "In the Works",
    "partially_achieved": "Compromise",
    "achieved": "Promise Kept",
    "stalled": "Stalled",
    "abandoned": "Promise Broken",
    "superseded": "Compromise",
}
assert set(G7_COMPLIANCE) == set(POLITIFACT) == set(STATUSES)


def on_scale(status: str | None, scale: str) -> str | int | None:
    """A status on a scale; an undertaking never assessed is "Not Yet Rated" / not scored."""
    if scale == "g7":
        return G7_COMPLIANCE.get(status) if status else None
    if scale == "politifact":
        return POLITIFACT.get(status, "Not Yet Rated") if status else "Not Yet Rated"
    raise ValueError(f"scale must be one of {SCALES}")
