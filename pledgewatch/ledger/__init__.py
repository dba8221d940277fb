"""The ledger's rules, as plain functions over plain data: entries and their standing,
deadlines, the crosswalks to other scales, and finding what an entry points to.

Nothing here touches a database (``store.ledger`` does); ``pledgewatch.assessments``
is the library API that the CLI and the web app call.
"""

from __future__ import annotations

from .anchors import Located, anchor_of, find_unit, locate, thread_index
from .deadlines import DUE_STATES, Deadline, deadline_of, due_state
from .entries import Standing, assessments, in_order, new_assessment, new_retraction, retracted_ids, standing
from .scales import G7_COMPLIANCE, POLITIFACT, SCALES, on_scale

__all__ = [
    "DUE_STATES", "Deadline", "G7_COMPLIANCE", "Located", "POLITIFACT", "SCALES", "Standing", "anchor_of", "assessments",
    "deadline_of", "due_state", "find_unit", "in_order", "locate", "new_assessment", "new_retraction", "on_scale",
    "retracted_ids", "standing", "thread_index",
]
