"""Bytes → text: detect the encoding instead of guessing, refuse binary files.

Order of evidence: a byte-order mark; the NUL pattern of BOM-less UTF-16;
strict UTF-8; then charset-normalizer's detection. Among single-byte Western
results we decode as Windows-1252 (charset-normalizer cannot tell cp1250 from
cp1252 on curly quotes, and English statements saved on Windows are cp1252).
Korean results are decoded as CP949, the superset of EUC-KR.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from charset_normalizer import from_bytes

from ..errors import BinaryFile, EmptyFile, Undecodable

# Magic numbers of formats people rename to .txt by mistake.
_BINARY_MAGIC = (
    b"\x89PNG",
    b"\xff\xd8\xff",  # JPEG
    b"GIF8",
    b"PK\x03\x04",  # zip, docx, xlsx
    b"\x1f\x8b",  # gzip
    b"BM",  # bitmap (checked with a NUL test below)
    b"\x7fELF",
    b"MZ",
    b"RIFF",
    b"OggS",
    b"ID3",
    b"\x00\x00\x01\x00",  # ico
    b"Rar!",
    b"7z\xbc\xaf",
    b"\xd0\xcf\x11\xe0",  # old MS Office
    b"SQLite format 3",
)

_KOREAN = {"cp949", "euc_kr", "euc-kr", "johab", "iso2022_kr", "uhc"}
_WESTERN = {"cp1250", "cp1252", "latin_1", "iso8859_1", "iso8859_15", "cp1254", "cp1257", "mac_roman", "iso8859_2"}


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str


def _control_ratio(text: str) -> float:
    bad = sum(1 for ch in text if (ord(ch) < 32 and ch not in "\n\r\t\f\v") or 0x7F <= ord(ch) < 0xA0)
    return bad / max(len(text), 1)


def _looks_binary(raw: bytes) -> bool:
    head = raw[:16]
    if any(head.startswith(m) for m in _BINARY_MAGIC if m != b"BM"):
        return True
    return head.startswith(b"BM") and b"\x00" in raw[:64]


def _utf16_without_bom(raw: bytes) -> str | None:
    """UTF-16 text without a BOM shows NULs at every other byte."""
    sample = raw[:4000]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even_nuls = sample[0::2].count(0) / (len(sample) / 2)
    odd_nuls = sample[1::2].count(0) / (len(sample) / 2)
    for share, enc in ((odd_nuls, "utf-16-le"), (even_nuls, "utf-16-be")):
        if share > 0.4:
            try:
                return raw.decode(enc)
            except UnicodeDecodeError:
                return None
    return None


def decode_bytes(raw: bytes, encoding: str | None = None, *, path: str | None = None) -> Decoded:
    """Decode a file's bytes to text, or raise a coded error saying why not."""
    if not raw.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise EmptyFile("the file is empty", path=path)
    if encoding:
        try:
            return Decoded(raw.decode(encoding), encoding)
        except (UnicodeDecodeError, LookupError) as exc:
            raise Undecodable(f"cannot decode as {encoding}: {exc}", path=path) from None
    for bom, enc in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if raw.startswith(bom):
            try:
                return Decoded(raw.decode(enc), enc)
            except UnicodeDecodeError as exc:
                raise Undecodable(f"bad {enc} after its byte-order mark: {exc}", path=path) from None
    if _looks_binary(raw):
        raise BinaryFile("the file starts with the signature of a binary format", path=path)
    utf16 = _utf16_without_bom(raw)
    if utf16 is not None:
        return Decoded(utf16, "utf-16")
    if b"\x00" in raw:
        raise BinaryFile("the file holds NUL bytes", path=path)
    try:
        text = raw.decode("utf-8")
        encoding_name = "utf-8"
    except UnicodeDecodeError:
        best = from_bytes(raw).best()
        if best is None:
            raise Undecodable("no text encoding fits these bytes", path=path) from None
        detected = best.encoding.lower()
        if detected in _KOREAN:
            encoding_name = "cp949"
        elif detected in _WESTERN:
            encoding_name = "cp1252"
        else:
            encoding_name = detected
        try:
            text = raw.decode(encoding_name)
        except UnicodeDecodeError:
            try:
                text = raw.decode(detected)
                encoding_name = detected
            except UnicodeDecodeError:
                raise Undecodable(f"detected {detected} but the bytes do not decode", path=path) from None
    if _control_ratio(text) > 0.02:
        raise BinaryFile("the bytes decode to control characters, not text", path=path)
    return Decoded(text, encoding_name)
