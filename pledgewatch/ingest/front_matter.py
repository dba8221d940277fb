"""Markdown front matter: the YAML block at the top of a file, read into metadata hints.

Known keys (title, date, source_url, tags, doc_type, parties and their
usual synonyms) become hints with ``front_matter`` provenance; a value of
the wrong shape, YAML that does not parse, or a block that is never
closed is a coded warning (``MalformedFrontMatter``), never an error: the
body is still ingested.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import yaml

from ..errors import MalformedFrontMatter
from ..model import DocumentWarning, Provenance
from .parsed import _URL_LIKE, Parsed, clean_inline, clean_meta

FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\r?\n(?P<yaml>.*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S)


def _scalar(value: Any) -> bool:
    return isinstance(value, (str, int, float, dt.date)) and not isinstance(value, bool)


def _front_matter_meta(data: dict[Any, Any], parsed: Parsed, path: str | None) -> None:
    """Known front-matter keys → metadata hints; a value of the wrong shape is a warning, not an error."""
    ignored: list[str] = []
    for key, value in data.items():
        key_l = str(key).lower()
        if value is None or value == "" or value == []:
            continue
        evidence = clean_meta(f"{key}: {value}")
        if key_l in ("title", "headline"):
            if _scalar(value) and (title := clean_inline(str(value), True)):
                parsed.meta["title"] = (title, Provenance("front_matter", 0.95, evidence))
            else:
                ignored.append(str(key))
        elif key_l in ("date", "published", "date_published", "published_time", "issued"):
            if _scalar(value):
                parsed.meta.setdefault("date", (value, Provenance("front_matter", 0.95, evidence)))
            else:
                ignored.append(str(key))
        elif key_l in ("source_url", "url", "source", "link", "canonical_url"):
            if isinstance(value, str) and _URL_LIKE.match(value.strip()):
                parsed.meta["source_url"] = (clean_meta(value), Provenance("front_matter", 0.95, evidence))
            else:
                ignored.append(str(key))
        elif key_l in ("tags", "categories", "keywords"):
            tags = value if isinstance(value, list) else re.split(r"[,;]\s*", str(value))
            cleaned = tuple(t for t in (clean_meta(t, 100) for t in tags if _scalar(t)) if t)
            if cleaned:
                parsed.meta["tags"] = (cleaned, Provenance("front_matter", 0.95, clean_meta(key)))
        elif key_l in ("type", "doc_type", "document_type"):
            if _scalar(value):
                parsed.meta["doc_type"] = (clean_meta(value), Provenance("front_matter", 0.9, evidence))
        elif key_l in ("parties", "countries"):
            parties = value if isinstance(value, list) else re.split(r"[,;]\s*", str(value))
            parsed.meta["parties"] = (tuple(clean_meta(p, 100) for p in parties if _scalar(p)), Provenance("front_matter", 0.95, clean_meta(key)))
    if ignored:
        parsed.warnings.append(_coded(MalformedFrontMatter(
            f"front matter {', '.join(ignored)} ignored: not a plain value of the right kind", path=path,
            hint="give title and date as text and source_url as one http(s) URL")))


def _coded(err: MalformedFrontMatter) -> DocumentWarning:
    """A front-matter problem is a warning (the body is still ingested) that keeps its error code."""
    return DocumentWarning(str(err), err.code)


# Lines that look like the YAML of a front matter block ("key: value", "- item").
_YAML_LINE = re.compile(r"^\s*(?:[\w-]+\s*:(?:\s|$)|-\s|#)")


_LENIENT_LINE = re.compile(r"^(?P<key>[A-Za-z_][\w\-]*)\s*:\s*(?P<value>.*?)\s*$")


def _lenient_front_matter(block: str) -> dict[str, Any]:
    """``key: value`` lines of a front matter block that YAML refused, values as plain text."""
    out: dict[str, Any] = {}
    for line in block.splitlines():
        m = _LENIENT_LINE.match(line)
        if m and m.group("value"):
            value = m.group("value")
            if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
                value = value[1:-1]
            out.setdefault(m.group("key"), value)
    return out


def read_front_matter(text: str, parsed: Parsed, path: str | None) -> str:
    """Read the front matter at the start of ``text`` into ``parsed`` (metadata, warnings); return the body after it.

    A block YAML refuses is read line by line as "key: value" before it is
    given up; a block opened with "---" and never closed loses its
    YAML-looking lines and keeps the rest as the body.
    """
    m = FRONT_MATTER.match(text)
    body = text
    if m:
        body = text[m.end() :]
        try:
            data = yaml.safe_load(m.group("yaml"))
            if data is None:
                data = {}
            if not isinstance(data, dict):
                raise yaml.YAMLError("front matter is not a mapping")
            _front_matter_meta(data, parsed, path)
        except Exception as exc:  # YAMLError, and ValueError for impossible dates ("2026-13-45")
            first = str(exc).splitlines()[0] if str(exc) else "invalid YAML"
            # The commonest slip is an unquoted colon in a title ("title: Joint Statement: …"):
            # read such a block line by line, "key: the rest of the line", rather than lose it all.
            lenient = _lenient_front_matter(m.group("yaml"))
            fallback = Parsed("markdown", [])
            if lenient:
                _front_matter_meta(lenient, fallback, path)
            if fallback.meta:
                parsed.meta.update(fallback.meta)
                parsed.warnings.extend(fallback.warnings)
                parsed.warnings.append(_coded(MalformedFrontMatter(
                    f"front matter is not valid YAML ({clean_meta(first, 200)}); read line by line as 'key: value'", path=path,
                    hint="quote values that contain ': ' (title: \"A: B\")")))
            else:
                parsed.warnings.append(_coded(MalformedFrontMatter(
                    f"malformed front matter ({clean_meta(first, 200)}), left out; the body was ingested", path=path)))
    elif text.startswith("---"):
        # Never closed: the YAML-looking lines under the opener are dropped, the rest is the body.
        parsed.warnings.append(_coded(MalformedFrontMatter(
            "front matter opened with '---' but never closed; its lines were left out of the body", path=path,
            hint="end the front matter with a '---' line")))
        lines = text.split("\n")[1:]
        skip = 0
        while skip < len(lines) and _YAML_LINE.match(lines[skip]):
            skip += 1
        body = "\n".join(lines[skip:])
    return body
