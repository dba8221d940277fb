"""ingest.decode: encodings are detected, not guessed; binary and broken bytes get coded errors."""

from __future__ import annotations

import codecs

import pytest

from pledgewatch.errors import BinaryFile, EmptyFile, Undecodable
from pledgewatch.ingest import document_from_bytes
from pledgewatch.ingest.decode import decode_bytes

ENGLISH = (
    "Joint Statement\n\nThe ministers agreed “to cooperate closely” — and they will meet in Wellington "
    "next year; the leaders’ talks resume in May.\n"
)
KOREAN = "한·호 공동성명\n\n양국 정상은 오늘 캔버라에서 만나 협력을 강화하기로 합의했다. 양국은 내년에 다시 만날 것이다.\n"
KOREAN_SHORT = "공동성명\n\n협력한다.\n"
FRENCH = "Déclaration commune\n\nLes ministres se sont réunis à Genève. Ils coopéreront « étroitement » dès 2027.\n"


@pytest.mark.parametrize(
    "text,encoding,bom",
    [
        (ENGLISH, "utf-8", b""),
        (ENGLISH, "utf-8", codecs.BOM_UTF8),
        (ENGLISH, "utf-16-le", codecs.BOM_UTF16_LE),
        (ENGLISH, "utf-16-be", codecs.BOM_UTF16_BE),
        (ENGLISH, "utf-16-le", b""),
        (ENGLISH, "utf-16-be", b""),
        (ENGLISH, "cp1252", b""),
        (FRENCH, "cp1252", b""),
        (KOREAN, "utf-8", b""),
        (KOREAN, "euc-kr", b""),
        (KOREAN, "cp949", b""),
        (KOREAN, "utf-16-le", codecs.BOM_UTF16_LE),
        (KOREAN, "utf-16-le", b""),  # few NULs: only spaces, digits and line breaks have them
        (KOREAN, "utf-16-be", b""),
        (KOREAN_SHORT, "euc-kr", b""),  # too short for statistics alone
        (KOREAN_SHORT, "utf-16-le", b""),
    ],
)
def test_decode_reads_every_supported_encoding_exactly(text, encoding, bom):
    decoded = decode_bytes(bom + text.encode(encoding))
    assert decoded.text.lstrip("\ufeff") == text


def test_decode_names_the_encoding_it_used():
    assert decode_bytes(ENGLISH.encode("cp1252")).encoding == "cp1252"
    assert decode_bytes(KOREAN.encode("euc-kr")).encoding == "cp949"  # the superset of EUC-KR
    assert decode_bytes(codecs.BOM_UTF8 + b"Plain words.").encoding == "utf-8-sig"
    assert decode_bytes(ENGLISH.encode("utf-16-le")).encoding == "utf-16"


def test_decode_windows_1252_keeps_curly_quotes_and_dashes_in_the_document():
    doc = document_from_bytes(ENGLISH.encode("cp1252"), name="nz.txt")
    assert "“to cooperate closely” — and" in doc.text and "leaders’ talks" in doc.text
    assert doc.sources[0].encoding == "cp1252"


def test_decode_explicit_encoding_overrides_detection():
    raw = "Les ministres se sont réunis à Genève.".encode("latin-1")
    assert decode_bytes(raw, "latin-1").text == "Les ministres se sont réunis à Genève."
    with pytest.raises(Undecodable, match="cannot decode as ascii"):
        decode_bytes(raw, "ascii")
    with pytest.raises(Undecodable):
        decode_bytes(raw, "no-such-codec")


def test_decode_utf8_with_broken_bytes_is_undecodable_not_mojibake():
    head = "The leaders “agreed” — to meet ".encode()
    raw = head + b"\xff\xfe" + " again in 2028.".encode()
    with pytest.raises(Undecodable) as info:
        decode_bytes(raw, path="broken.txt")
    assert "UTF-8" in info.value.message and f"byte {len(head)}" in info.value.message
    assert str(info.value).startswith("PW104: broken.txt:")


def test_decode_bad_bytes_after_a_bom_is_undecodable():
    with pytest.raises(Undecodable):
        decode_bytes(codecs.BOM_UTF8 + b"text \xff\xfe\xfd")


@pytest.mark.parametrize(
    "raw",
    [
        b"\x89PNG\r\n\x1a\n" + bytes(range(256)),  # a PNG renamed .txt
        b"\xff\xd8\xff\xe0" + b"JFIF" + bytes(200),
        b"PK\x03\x04" + bytes(100),  # a .docx or zip
        b"%!binary \x00\x01\x02\x03\x04 with NULs everywhere \x00\x00\x17",
        bytes(range(1, 32)) * 20,  # control characters, no text
    ],
)
def test_decode_binary_files_are_refused(raw):
    with pytest.raises(BinaryFile):
        decode_bytes(raw)


@pytest.mark.parametrize("raw", [b"", b"   \n\t\r\n", codecs.BOM_UTF8, codecs.BOM_UTF16_LE, b"\x00\x00",
                                 codecs.BOM_UTF16_BE + " \n".encode("utf-16-be")])
def test_decode_empty_files_are_refused(raw):
    with pytest.raises(EmptyFile):
        decode_bytes(raw)


def test_decode_text_made_of_bom_like_bytes_is_not_empty():
    # "ÿþ" in UTF-16-LE is the bytes ff 00 fe 00: text, not byte-order marks
    assert decode_bytes(codecs.BOM_UTF16_LE + "ÿþ".encode("utf-16-le")).text == "ÿþ"
    assert decode_bytes("ÿ".encode("utf-8")).text == "ÿ"


def test_decode_random_utf16_lookalike_binary_is_not_text():
    # NULs at one parity but decoding to code points scattered over the BMP
    raw = bytes(b for i in range(400) for b in ((i * 97) % 251 + 3, 0 if i % 3 else 0x99))
    with pytest.raises((BinaryFile, Undecodable)):
        decode_bytes(raw)
