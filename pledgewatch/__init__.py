"""pledgewatch: diplomatic joint statements → a tracked ledger of commitments.

The public Python API::

    from pledgewatch import read_document, segment, Store, ingest_paths
    doc = read_document("statement.md")
    units = segment(doc)
"""

__version__ = "0.1.0"

from .errors import PledgewatchError  # noqa: E402
from .ingest import document_from_bytes, read_document  # noqa: E402
from .model import Block, Commitment, Document, Provenance, Source, Span, Unit, Value  # noqa: E402
from .pipeline import ingest_paths  # noqa: E402
from .segment import segment  # noqa: E402
from .store import Store  # noqa: E402

__all__ = [
    "Block", "Commitment", "Document", "PledgewatchError", "Provenance", "Source", "Span", "Store", "Unit", "Value",
    "document_from_bytes", "ingest_paths", "read_document", "segment",
]
