"""Link targets into the source texts: every quote in the report is a link to its words.

``Anchors`` hands out element ids for ``(doc_id, start, end)`` spans — the
commitment units first, so a unit's id is ``d-<docid>-<start>`` — and
``mark_text`` writes a document's text, escaped, with each registered span
wrapped in ``<mark id=…>``. Spans may nest (a mechanism mention inside its
unit); a span that crosses its parent's end is clipped to it.
"""

from __future__ import annotations

import html
import re
from collections import defaultdict

from ..model import Document

_UNSAFE = re.compile(r"[^A-Za-z0-9_-]")


def safe_id(text: str) -> str:
    """An id fragment made only of ``[A-Za-z0-9_-]`` (ids come from data too)."""
    return _UNSAFE.sub("_", text)[:80] or "_"


class Anchors:
    def __init__(self, documents: list[Document]) -> None:
        self._lengths = {d.id: len(d.text) for d in documents}
        self._ids: dict[tuple[str, int, int], str] = {}
        self._classes: dict[tuple[str, int, int], str] = {}
        self._taken: set[str] = set()

    def target(self, doc_id: str, start: int, end: int, cls: str = "") -> str | None:
        """The id of the element holding ``doc.text[start:end]`` (registering it), or
        None when the document is not in the report or the span is not in its text."""
        size = self._lengths.get(doc_id)
        if size is None or not 0 <= start <= end <= size:
            return None
        key = (doc_id, start, end)
        if key not in self._ids:
            base = f"d-{safe_id(doc_id)}-{start}"
            ident = base if base not in self._taken else f"{base}-{end}"
            n = 1
            while ident in self._taken:
                n += 1
                ident = f"{base}-{end}-{n}"
            self._taken.add(ident)
            self._ids[key] = ident
            self._classes[key] = cls
        return self._ids[key]

    def href(self, doc_id: str, start: int, end: int) -> str | None:
        ident = self.target(doc_id, start, end)
        return f"#{ident}" if ident else None

    def spans(self) -> dict[str, list[tuple[int, int, str, str]]]:
        out: dict[str, list[tuple[int, int, str, str]]] = defaultdict(list)
        for (doc_id, start, end), ident in self._ids.items():
            out[doc_id].append((start, end, ident, self._classes[(doc_id, start, end)]))
        return out


def mark_text(text: str, spans: list[tuple[int, int, str, str]]) -> str:
    """``text`` HTML-escaped, each span wrapped in ``<mark id class>`` (properly nested)."""
    out: list[str] = []
    pos = 0
    stack: list[int] = []  # ends of the open marks

    def close_to(limit: int) -> None:
        nonlocal pos
        while stack and stack[-1] <= limit:
            end = stack.pop()
            out.append(html.escape(text[pos:end], quote=False) + "</mark>")
            pos = end

    for start, end, ident, cls in sorted(spans, key=lambda s: (s[0], -s[1], s[2])):
        close_to(start)
        if stack:
            end = min(end, stack[-1])
        out.append(html.escape(text[pos:start], quote=False))
        pos = start
        klass = f' class="{html.escape(cls)}"' if cls else ""
        out.append(f'<mark id="{html.escape(ident)}"{klass}>')
        stack.append(end)
    close_to(len(text))
    out.append(html.escape(text[pos:], quote=False))
    return "".join(out)
