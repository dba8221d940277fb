"""Ingest: files → ``Document`` (normalised text, blocks, metadata with provenance).

``read_document(path)`` reads one file; ``expand_paths(paths)`` turns files,
folders and globs into files; ``document_from_bytes`` does the work for bytes
from anywhere. Nothing here touches a database.
"""

from __future__ import annotations

import glob
import hashlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from ..errors import IngestError, NoBody, NotEnglish, NotFound, TooLarge, Unreadable
from ..model import NO_DATE, NOT_ENGLISH, Block, Document, DocumentWarning, Provenance, Source
from .chrome import split_dateline
from .decode import decode_bytes
from .formats import Parsed, RawBlock, parse_html, parse_markdown, parse_pdf, parse_text
from .metadata import choose_date, choose_doc_type, choose_parties, not_english, url_in_text

DEFAULT_MAX_SIZE = 20 * 1024 * 1024
SUFFIXES = {
    ".txt": "text", ".text": "text", "": "text",
    ".md": "markdown", ".markdown": "markdown", ".mdown": "markdown",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".pdf": "pdf",
}
BULLET_MARK = "• "

__all__ = ["DEFAULT_MAX_SIZE", "ExpandedPaths", "document_from_bytes", "expand_paths", "read_document", "read_file_bytes", "sniff_format"]


@dataclass(frozen=True)
class ExpandedPaths:
    files: list[Path]
    errors: list[IngestError]


def expand_paths(paths: list[str]) -> ExpandedPaths:
    """Files, folders (recursively) and globs → files in a stable order."""
    files: list[Path] = []
    errors: list[IngestError] = []
    for given in paths:
        # A path that exists is taken as it is, even when its name holds "[" or "*".
        literal = os.path.lexists(given)
        matches = sorted(glob.glob(given, recursive=True)) if glob.has_magic(given) and not literal else [given]
        if not matches:
            errors.append(NotFound("no file matches this pattern", path=given))
        for match in matches:
            p = Path(match)
            try:
                is_dir, exists = p.is_dir(), p.exists() or p.is_symlink()
            except OSError as exc:  # a parent folder that cannot be searched
                errors.append(Unreadable(f"cannot read the path ({exc.strerror})", path=str(p)))
                continue
            if is_dir:
                if not os.access(p, os.R_OK | os.X_OK):
                    errors.append(Unreadable("cannot read the folder", path=str(p)))
                    continue
                for root, dirs, names in os.walk(p, onerror=lambda e: errors.append(Unreadable(f"cannot read the folder ({e.strerror})", path=e.filename))):
                    dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                    files.extend(Path(root) / n for n in sorted(names) if not n.startswith("."))
            elif exists:
                files.append(p)  # read_file_bytes says what is wrong with it, if anything
            else:
                errors.append(NotFound("no such file or folder", path=str(p)))
    return ExpandedPaths(list(dict.fromkeys(files)), errors)


def sniff_format(name: str, raw: bytes) -> str:
    """The format by content first (a PDF renamed .txt is still a PDF), then by suffix."""
    head = raw[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if raw.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith((b"<!doctype html", b"<html", b"<?xml")) or (b"<html" in head and b"<body" in raw[:20000].lower()):
        return "html"
    fmt = SUFFIXES.get(Path(name).suffix.lower(), "text")
    if fmt == "text" and head.startswith(b"---"):
        return "markdown"  # a .txt file with YAML front matter
    return fmt if fmt != "pdf" else "text"


def _size(n: int) -> str:
    """A byte count for people: "20 MB", "1.5 MB", "30,000 bytes"."""
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.1f}".removesuffix(".0") + " MB"
    return f"{n:,} bytes"


def read_file_bytes(path: str | Path, max_size: int = DEFAULT_MAX_SIZE) -> bytes:
    """A file's bytes, or a coded error (missing, unreadable, a folder, too large)."""
    p = Path(path)
    try:
        st = p.stat()
    except FileNotFoundError:
        what = "a broken link" if p.is_symlink() else "no such file"
        raise NotFound(what, path=str(p)) from None
    except OSError as exc:
        raise Unreadable(f"cannot read the file ({exc.strerror})", path=str(p)) from None
    if stat.S_ISDIR(st.st_mode):
        raise Unreadable("this is a folder, not a file", path=str(p),
                         hint="give it to `pledgewatch ingest` or `extract`, which read folders")
    if not stat.S_ISREG(st.st_mode):
        # A named pipe or a device would block or never end.
        raise Unreadable("not a regular file (a pipe, socket or device)", path=str(p), hint="give a text, Markdown, HTML or PDF file")
    size = st.st_size
    if size > max_size:
        raise TooLarge(f"the file is {_size(size)}, over the {_size(max_size)} limit", path=str(p))
    try:
        return p.read_bytes()
    except OSError as exc:
        raise Unreadable(f"cannot read the file ({exc.strerror})", path=str(p)) from None


def read_document(path: str | Path, *, encoding: str | None = None, max_size: int = DEFAULT_MAX_SIZE) -> Document:
    """Read one file into a Document, or raise a coded ``IngestError``."""
    raw = read_file_bytes(path, max_size)
    return document_from_bytes(raw, name=Path(path).name, path=str(path), encoding=encoding)


def document_from_bytes(raw: bytes, *, name: str, path: str | None = None, encoding: str | None = None) -> Document:
    where = path or name
    fmt = sniff_format(name, raw)
    if fmt == "pdf":
        parsed = parse_pdf(raw, path=where)
        used_encoding = "pdf"
    else:
        decoded = decode_bytes(raw, encoding, path=where)
        used_encoding = decoded.encoding
        text = decoded.text.lstrip("\ufeff")
        if not used_encoding.startswith("utf-8"):
            # UTF-16 (or a legacy encoding) hid the markup from the byte sniff: look again at the text.
            fmt = sniff_format(name, text[:20000].encode("utf-8"))
            fmt = "text" if fmt == "pdf" else fmt
        if fmt == "html":
            parsed = parse_html(text, path=where)
        elif fmt == "markdown":
            parsed = parse_markdown(text, path=where)
        else:
            parsed = parse_text(text)
    source = Source(
        name=name,
        path=where,
        format=parsed.format,
        encoding=used_encoding,
        sha256=hashlib.sha256(raw).hexdigest(),
        size=len(raw),
        url=str(parsed.meta["source_url"][0]) if "source_url" in parsed.meta else None,
    )
    return build_document(parsed, source)


def _layout(blocks: list[RawBlock]) -> tuple[str, tuple[Block, ...]]:
    """Join blocks into the normalised text, one paragraph per block."""
    parts: list[str] = []
    out: list[Block] = []
    pos = 0
    for block in blocks:
        if parts:
            parts.append("\n\n")
            pos += 2
        # A bullet's mark and a numbered paragraph's number stand before the
        # block, outside it: no unit ever holds them.
        mark = BULLET_MARK if block.kind == "bullet" else f"{block.marker} " if block.marker else ""
        parts.append(mark)
        pos += len(mark)
        parts.append(block.text)
        out.append(Block(block.kind, pos, pos + len(block.text)))
        pos += len(block.text)
    return "".join(parts), tuple(out)


def build_document(parsed: Parsed, source: Source) -> Document:
    blocks = [b for b in parsed.blocks if b.text]
    meta = parsed.meta
    provenance: dict[str, Provenance] = {}
    dateline = None
    first_para = next((i for i, b in enumerate(blocks) if b.kind == "paragraph"), None)
    if first_para is not None:
        dateline, rest = split_dateline(blocks[first_para].text)
        if dateline:
            blocks[first_para] = RawBlock("paragraph", rest, blocks[first_para].marker)
            provenance["dateline"] = Provenance("dateline", 0.8, dateline)
    if not any(b.kind != "heading" for b in blocks):
        raise NoBody("no statement text: nothing but headings, site chrome or markup", path=source.path)
    text, layout = _layout(blocks)

    title, title_prov = None, Provenance("none", 0.0, "no title found")
    if "title" in meta:
        title, title_prov = str(meta["title"][0]), meta["title"][1]
    elif any(b.kind == "heading" for b in blocks):
        title = next(b.text for b in blocks if b.kind == "heading")
        title_prov = Provenance("text", 0.4, "first heading")
    else:
        title = Path(source.name).stem
        title_prov = Provenance("file_name", 0.2, source.name)
    provenance["title"] = title_prov

    source_url = None
    if "source_url" in meta:
        source_url, provenance["source_url"] = str(meta["source_url"][0]), meta["source_url"][1]
    elif url := url_in_text(text):
        source_url, provenance["source_url"] = url, Provenance("text", 0.5, url)

    opening = " ".join(b.text for b in blocks if b.kind == "paragraph")[:1500]
    date, provenance["date"] = choose_date(meta, source_url, dateline, opening, provenance.get("source_url"))
    tags = tuple(meta["tags"][0]) if "tags" in meta else ()
    bullet_share = sum(b.kind == "bullet" for b in blocks) / max(len(blocks), 1)
    doc_type, provenance["doc_type"] = choose_doc_type(title, tags, meta, bullet_share)
    parties, provenance["parties"] = choose_parties(meta, title, opening[:600], text)

    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    warnings = list(parsed.warnings)
    if date is None:
        warnings.append(DocumentWarning(f"no statement date found ({provenance['date'].evidence})", NO_DATE))
    if language := not_english(text):
        warnings.append(DocumentWarning(str(NotEnglish(f"the text is not English ({language})")), NOT_ENGLISH))
    return Document(
        id=digest[:16],
        text=text,
        sha256=digest,
        title=title,
        date=date,
        doc_type=doc_type,
        parties=parties,
        source_url=source_url,
        blocks=layout,
        sources=(source,),
        provenance=provenance,
        tags=tags,
        warnings=tuple(warnings),
    )
