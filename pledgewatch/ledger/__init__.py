"""The ledger's rules, as plain functions over plain data: entries and their standing,
deadlines, the crosswalks to other scales, corrections, and finding what an entry points to.

Nothing here touches a database (``store.ledger`` does); ``pledgewatch.assessments``
is the library API that the CLI and the web app call.
"""

from __future__ import annotations

from .anchors import Located, anchor_of, find_unit, locate, thread_index
from .corrections import correction_id, new_correction, verdicts_for
from .deadlines import DUE_STATES, Deadline, deadline_of, due_state, latest_deadline
from .entries import Standing, assessments, in_order, new_assessment, new_retraction, retracted_ids, standing
from .scales import G7_COMPLIANCE, POLITIFACT, SCALES, on_scale

__all__ = [
    "anchor_of", "assessments", "correction_id", "Deadline", "deadline_of", "due_state", "DUE_STATES", "find_unit",
    "G7_COMPLIANCE", "in_order", "latest_deadline", "locate", "Located", "new_assessment", "new_correction",
    "new_retraction", "on_scale", "POLITIFACT", "retracted_ids", "SCALES", "Standing", "standing", "thread_index",
    "verdicts_for",
]
