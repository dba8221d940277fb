"""ingest: a statement that is not English is stored with a coded warning and yields no commitments."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from pledgewatch.cli import app
from pledgewatch.extract import extract_commitments
from pledgewatch.ingest import document_from_bytes, read_document
from pledgewatch.ingest.metadata import (
    ENGLISH_FUNCTION_WORDS,
    MIN_WORDS_FOR_FUNCTION_WORDS,
    OTHER_FUNCTION_WORDS,
    not_english,
)
from pledgewatch.model import NOT_ENGLISH
from pledgewatch.segment import segment
from pledgewatch.store import Store

from .conftest import CORPUS, GOLD
from .test_ingest_decode import KOREAN, KOREAN_SHORT

runner = CliRunner()
DEV_RAW = GOLD.parent / "dev" / "raw"


def _codes(doc) -> list[str | None]:
    return [getattr(w, "code", None) for w in doc.warnings]


def _english_statements() -> list[Path]:
    return sorted(CORPUS.glob("*.txt")) + sorted(DEV_RAW.glob("*.txt"))


@pytest.mark.parametrize("encoding", ["cp949", "utf-8"])
def test_ingest_language_korean_statement_is_stored_with_a_coded_warning_and_no_commitments(encoding):
    doc = document_from_bytes(KOREAN.encode(encoding), name="kr_au.txt")
    assert NOT_ENGLISH in _codes(doc)
    warning = next(w for w in doc.warnings if w.code == NOT_ENGLISH)
    assert warning.startswith("PW111: the text is not English (") and "commitments are not extracted" in warning
    units = segment(doc)
    assert units  # segmented all the same: the text is kept and searchable
    assert extract_commitments(doc, units) == []


def test_ingest_language_short_korean_text_is_told_by_its_letters():
    assert not_english(KOREAN_SHORT * 3) is not None
    assert not_english(KOREAN_SHORT) is None  # nine letters prove nothing


def test_ingest_language_no_labelled_english_statement_warns():
    paths = _english_statements()
    assert len(paths) >= 5
    for path in paths:
        doc = read_document(path)
        assert NOT_ENGLISH not in _codes(doc), path.name
        # nor does any stretch of it the size of a short statement
        words = doc.text.split()
        for i in range(0, max(1, len(words) - MIN_WORDS_FOR_FUNCTION_WORDS), 5):
            window = " ".join(words[i : i + MIN_WORDS_FOR_FUNCTION_WORDS])
            assert not_english(window) is None, (path.name, window)


def test_ingest_language_function_word_lists_do_not_overlap():
    assert not ENGLISH_FUNCTION_WORDS & OTHER_FUNCTION_WORDS


@pytest.mark.parametrize("text", [
    "Japan will host the next meeting in 2027.",
    "The ministers of Ghana and Kenya met in Nairobi. They agreed to open a trade office and will meet again next year.",
    # a few Korean and Japanese names in an English statement
    "President Yoon Suk Yeol (윤석열) and Prime Minister Kishida Fumio (岸田文雄) met in Seoul on 7 May 2023. The two leaders "
    "welcomed the resumption of shuttle diplomacy and agreed to expand cooperation on semiconductors, supply chains and "
    "clean energy. They will meet again at the G7 summit in Hiroshima (히로시마) and in Busan (부산).",
    # foreign names and pieces of English words that are other languages' function words
    "European Commission President Ursula von der Leyen, High Representative Josep Borrell and President Lula da Silva of "
    "Brazil met in Brasília. They agreed to conclude the EU–Mercosur agreement and to launch a dialogue on the Amazon with "
    "the UN and the non-governmental sector. Details are at www.example.com and in Annex II para 3 of the plan.",
    # a list of English noun phrases holds few function words of any language
    "- Quantum computing\n- Semiconductors and critical minerals\n- Artificial intelligence research\n- Biotechnology "
    "partnerships\n- Space exploration programs\n- Critical minerals processing\n- Undersea cables\n- Open RAN deployment "
    "in Palau and Tuvalu\n- Cyber capacity building\n- Maritime domain awareness\n- Disaster relief logistics\n- Clean "
    "hydrogen hubs\n- Port infrastructure\n- Vaccine manufacturing",
])
def test_ingest_language_english_texts_do_not_warn(text):
    assert not_english(text) is None
    doc = document_from_bytes(text.encode(), name="en.md")
    assert NOT_ENGLISH not in _codes(doc)


OTHER_LANGUAGES = {
    "fr": "Le Président de la République française et le Premier ministre du Canada se sont entretenus aujourd'hui à Paris. "
          "Ils ont réaffirmé leur attachement à un ordre international fondé sur des règles et ont décidé de renforcer leur "
          "coopération dans les domaines du climat, de l'intelligence artificielle et de la sécurité.",
    "de": "Die Bundeskanzlerin und der Präsident der Französischen Republik sind heute in Berlin zusammengekommen, um die "
          "Freundschaft zu bekräftigen. Sie haben vereinbart, die Zusammenarbeit in der Verteidigung, in der Forschung und in "
          "der Energiepolitik zu vertiefen. Beide Länder werden an einem gemeinsamen Programm für Wasserstoff arbeiten.",
    "nl": "De minister-president van Nederland en de premier van België hebben vandaag in Den Haag overleg gevoerd over de "
          "samenwerking in de Benelux. Zij hebben afgesproken om de treinverbindingen te verbeteren en een gezamenlijk plan "
          "voor de Noordzee op te stellen. Het is van groot belang dat beide landen in Europa samen optrekken.",
    "id": "Para menteri luar negeri Indonesia dan Malaysia bertemu hari ini di Jakarta untuk memperkuat kerja sama bilateral. "
          "Mereka sepakat untuk membentuk kelompok kerja bersama tentang keamanan maritim dan akan bertemu lagi tahun depan. "
          "Kedua pemerintah akan mendukung transisi energi di kawasan.",
    "ja": "日本とオーストラリアの首脳は本日キャンベラで会談し、安全保障協力を強化することで一致した。",
    "ru": "Министры иностранных дел России и Казахстана встретились сегодня в Астане и договорились расширить сотрудничество.",
}


@pytest.mark.parametrize("lang", sorted(OTHER_LANGUAGES))
def test_ingest_language_other_languages_warn(lang):
    doc = document_from_bytes(OTHER_LANGUAGES[lang].encode(), name=f"{lang}.txt")
    assert NOT_ENGLISH in _codes(doc), lang
    assert extract_commitments(doc, segment(doc)) == []


_SENTENCES = st.sampled_from([
    "The leaders of Fiji and Samoa will open a joint fisheries office in Suva.",
    "We reaffirm our commitment to a free and open Indo-Pacific.",
    "ASEAN members agreed to expand cooperation on disaster relief.",
    "Prime Minister Rabuka welcomed the new Pacific Resilience Facility.",
    "New Zealand will provide NZ$20 million over three years.",
    "The Quad Fellowship supports students from Australia, India, Japan and the United States.",
    "Both governments condemned the missile launches.",
    "Ministers Kim Jin-ho, Nguyen Van An and Siti Nurhaliza attended.",
])


@settings(max_examples=150, deadline=None)
@given(st.lists(_SENTENCES, min_size=1, max_size=30))
def test_ingest_language_english_statements_never_warn(sentences):
    assert not_english(" ".join(sentences)) is None


def test_ingest_language_warning_is_stored_with_its_code_and_printed_by_the_cli(tmp_path):
    path = tmp_path / "kr_au.txt"
    path.write_bytes(KOREAN.encode("cp949"))
    db = f"sqlite:///{tmp_path / 'lang.db'}"
    result = runner.invoke(app, ["ingest", str(path), "--db", db])
    assert result.exit_code == 0, result.output
    assert re.search(r"warning: PW111: the text is not English", result.output)
    with Store(db) as store:
        assert NOT_ENGLISH in _codes(store.document("kr_au.txt"))
    shown = runner.invoke(app, ["show", "kr_au.txt", "--db", db])
    assert "PW111" in shown.output and "0 commitments" in shown.output
    extracted = runner.invoke(app, ["extract", str(path), "--format", "jsonl"])
    assert extracted.exit_code == 0
    assert "kr_au.txt: warning: PW111: the text is not English" in extracted.output
    assert not [line for line in extracted.stdout.splitlines() if line.startswith("{")]
