"""Bytes → text: detect the encoding instead of guessing, refuse binary files.

Order of evidence: a byte-order mark; the NUL pattern of BOM-less UTF-16
(checked for plausible text, so Korean or Japanese UTF-16 counts too);
strict UTF-8 (a file that is mostly valid UTF-8 with a few broken bytes is
refused, not read as something else); then charset-normalizer's ranked
candidates, each decoded strictly. Single-byte Western results are decoded as
Windows-1252 (charset-normalizer cannot tell cp1250 from cp1252 on curly
quotes, and English statements saved on Windows are cp1252). Korean results
are decoded as CP949, the superset of EUC-KR, and only when the bytes have
the shape of Korean text (pairs of high bytes), which short texts need:
charset-normalizer alone misreads a two-line EUC-KR file.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from charset_normalizer import from_bytes

from ..errors import BinaryFile, EmptyFile, Undecodable

# Magic numbers of formats people rename to .txt by mistake, and what each is.
_BINARY_MAGIC = {
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"PK\x03\x04": "a zip archive (or a Word, Excel or OpenDocument file)",
    b"\x1f\x8b": "a gzip archive",
    b"BM": "a bitmap image",  # checked with a NUL test below: "BM" also opens words
    b"\x7fELF": "a program",
    b"MZ": "a Windows program",
    b"RIFF": "an audio or video file",
    b"OggS": "an audio file",
    b"ID3": "an audio file",
    b"\x00\x00\x01\x00": "an icon",
    b"Rar!": "a RAR archive",
    b"7z\xbc\xaf": "a 7-Zip archive",
    b"\xd0\xcf\x11\xe0": "an old Microsoft Office file",
    b"SQLite format 3": "an SQLite database",
}

_KOREAN = {"cp949", "euc_kr", "euc-kr", "johab", "iso2022_kr", "uhc"}
_WESTERN = {"cp1250", "cp1252", "latin_1", "iso8859_1", "iso8859_15", "cp1254", "cp1257", "mac_roman", "iso8859_2",
            "iso8859_9", "iso8859_13", "iso8859_3", "iso8859_4", "iso8859_10", "iso8859_14", "iso8859_16", "cp1258"}
# Other encodings charset-normalizer names that are worth trusting as they are.
_OTHER_TRUSTED = {
    "gb18030", "gb2312", "gbk", "hz", "big5", "big5hkscs", "cp950", "cp932", "shift_jis", "shift_jis_2004",
    "shift_jisx0213", "euc_jp", "euc_jis_2004", "euc_jisx0213", "iso2022_jp", "cp1251", "koi8_r", "koi8_u",
    "iso8859_5", "mac_cyrillic", "cp1253", "iso8859_7", "cp1255", "iso8859_8", "cp1256", "iso8859_6", "tis_620",
    "cp874", "iso8859_11",
}
_UNICODE = ("utf_16", "utf_32", "utf_8", "utf_7")

# A UTF-8 multi-byte sequence (well-formed lead and continuation bytes).
_UTF8_SEQ = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


# Byte-order marks, longest first (UTF-32-LE's starts with UTF-16-LE's).
_BOMS = {
    codecs.BOM_UTF8: "utf-8-sig",
    codecs.BOM_UTF32_LE: "utf-32",
    codecs.BOM_UTF32_BE: "utf-32",
    codecs.BOM_UTF16_LE: "utf-16",
    codecs.BOM_UTF16_BE: "utf-16",
}


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str


# C0 controls other than whitespace, DEL and the C1 controls.
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def _control_ratio(text: str) -> float:
    return len(_CONTROL.findall(text)) / max(len(text), 1)


def _binary_kind(raw: bytes) -> str | None:
    """What binary format the file's first bytes announce, if any."""
    head = raw[:16]
    for magic, kind in _BINARY_MAGIC.items():
        if head.startswith(magic) and (magic != b"BM" or b"\x00" in raw[:64]):
            return kind
    return None


def _plausible_char(ch: str) -> bool:
    """A character that real text in the languages we read is made of."""
    o = ord(ch)
    return (
        (32 <= o < 127) or ch in "\n\r\t"
        or 0xA0 <= o < 0x250  # Latin-1 supplement, Latin extended
        or 0x370 <= o < 0x530  # Greek, Cyrillic
        or 0x2000 <= o < 0x2070  # general punctuation
        or 0x20A0 <= o < 0x20C0  # currency
        or 0x1100 <= o < 0x1200 or 0x3130 <= o < 0x3190 or 0xAC00 <= o < 0xD7A4  # Hangul
        or 0x3000 <= o < 0x3100 or 0x4E00 <= o < 0xA000 or 0xFF00 <= o < 0xFFF0  # CJK
        or ch == "\ufeff"
    )


def _utf16_without_bom(raw: bytes) -> Decoded | None:
    """UTF-16 text without a BOM: NULs at one byte parity, decoding to plausible text.

    ASCII-heavy text shows NULs at every other byte; Korean or Japanese text
    shows them only where spaces, digits and line breaks are, so the test is
    that the NULs fall on one parity and the result reads as text.
    """
    sample = raw[:8000]
    if len(raw) < 4 or len(raw) % 2 or b"\x00" not in sample:
        return None
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    order = ("utf-16-le", "utf-16-be") if odd_nuls >= even_nuls else ("utf-16-be", "utf-16-le")
    for enc in order:
        try:
            text = raw.decode(enc)
        except UnicodeDecodeError:
            continue
        if not text.strip():
            continue
        sample = text[:20000]
        plausible = sum(map(_plausible_char, sample)) / len(sample)
        if plausible >= 0.97 and any(ch.isspace() for ch in text):
            return Decoded(text, "utf-16")
    return None


def _broken_utf8(raw: bytes) -> int | None:
    """The offset of the first bad byte when the file is UTF-8 with a few broken bytes."""
    try:
        raw.decode("utf-8")
        return None
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    good = len(_UTF8_SEQ.findall(raw))
    # Stretches of bytes that are not UTF-8 (one damaged spot is one stretch).
    bad = len(re.findall(r"[\udc80-\udcff]+", raw.decode("utf-8", errors="surrogateescape")))
    # Legacy encodings (cp1252, cp949 …) rarely form well-formed UTF-8
    # sequences by chance: where they outnumber the damaged stretches, the file is UTF-8.
    if good >= 2 and good > bad:
        return first_bad
    return None


def _korean_shaped(raw: bytes) -> bool:
    """Every high byte pairs with another, and most pairs are KS X 1001 (both ≥ 0xA1).

    Judged on the first 64 kB (a pair cut at the end of the sample counts as whole).
    """
    sample = raw[:65536]
    pairs = ks = 0
    i, n = 0, len(sample)
    while i < n:
        b = sample[i]
        if b < 0x80:
            i += 1
            continue
        if i + 1 >= n:
            return len(raw) > n and pairs >= 1 and ks >= 0.8 * pairs
        if b == 0x80 or b == 0xFF:
            return False
        t = sample[i + 1]
        if not (0x41 <= t <= 0x5A or 0x61 <= t <= 0x7A or 0x81 <= t <= 0xFE):
            return False
        pairs += 1
        ks += b >= 0xA1 and t >= 0xA1
        i += 2
    return pairs >= 1 and ks >= 0.8 * pairs


def _candidates(raw: bytes) -> list[str]:
    """Encodings to try, best first: charset-normalizer's ranking, mapped and filtered."""
    out: list[str] = []
    korean = _korean_shaped(raw)
    for match in from_bytes(raw):
        enc = match.encoding.lower().replace("-", "_")
        if enc.startswith(_UNICODE):
            continue  # UTF-8/16/32 were settled by the checks before this
        if enc in _KOREAN or enc == "euc_kr":
            if korean:
                out.append("cp949")
        elif enc in _WESTERN:
            out.append("cp1252")
        elif enc in _OTHER_TRUSTED:
            out.append(enc)
        else:
            out.append("cp1252")  # an exotic single-byte guess (cp1006, cp775 …) on Western text
    if korean:
        out.append("cp949")
    out.append("cp1252")
    return list(dict.fromkeys(out))


def decode_bytes(raw: bytes, encoding: str | None = None, *, path: str | None = None) -> Decoded:
    """Decode a file's bytes to text, or raise a coded error saying why not."""
    body = raw
    for bom in _BOMS:
        if raw.startswith(bom):
            body = raw[len(bom) :]
            break
    if not body.strip(b" \t\r\n\x00"):
        raise EmptyFile("the file is empty" if not body else "the file holds only white space", path=path)
    if encoding:
        try:
            return Decoded(raw.decode(encoding), codecs.lookup(encoding).name)  # its standard name: short, one per codec
        except LookupError:
            raise Undecodable(f"{encoding!r} is not an encoding pledgewatch knows", path=path,
                              hint="give a standard name to --encoding (utf-8, cp1252, euc-kr …)") from None
        except UnicodeDecodeError as exc:
            raise Undecodable(f"cannot decode as {encoding}: {exc.reason} at byte {exc.start}", path=path,
                              hint="give the file's own encoding to --encoding, or leave the option out to detect it") from None
    for bom, enc in _BOMS.items():
        if raw.startswith(bom):
            try:
                return _checked(Decoded(raw.decode(enc), enc), path)
            except UnicodeDecodeError as exc:
                raise Undecodable(f"bad {enc} after its byte-order mark: {exc.reason} at byte {exc.start}", path=path) from None
    if kind := _binary_kind(raw):
        raise BinaryFile(f"this is {kind}, not text", path=path)
    utf16 = _utf16_without_bom(raw)
    if utf16 is not None:
        return _checked(utf16, path)
    if b"\x00" in raw:
        raise BinaryFile("this is not text: it holds NUL bytes (an image, archive or program?)", path=path)
    try:
        return _checked(Decoded(raw.decode("utf-8"), "utf-8"), path)
    except UnicodeDecodeError:
        pass
    bad_at = _broken_utf8(raw)
    if bad_at is not None:
        raise Undecodable(f"the file is UTF-8 with invalid bytes (the first at byte {bad_at})", path=path,
                          hint="download or export it again, or give its encoding to --encoding if it is not UTF-8")
    for enc in _candidates(raw):
        try:
            return _checked(Decoded(raw.decode(enc), enc), path)
        except UnicodeDecodeError:
            continue
    raise Undecodable("no text encoding fits these bytes", path=path)


def _checked(decoded: Decoded, path: str | None) -> Decoded:
    if _control_ratio(decoded.text) > max(0.02, 8 / max(len(decoded.text), 1)):
        raise BinaryFile("this is not text: its bytes decode to control characters (an image, archive or program?)", path=path)
    return decoded
