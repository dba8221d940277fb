"""The grammar features of detection: the subject's verb, the main clause's subject, the domain rule."""

from __future__ import annotations

import pytest

from pledgewatch.extract import extract_commitments
from pledgewatch.extract.actors import find_mentions
from pledgewatch.extract.features import choose_domain, guide_sign, opening_subject, subject_verbs
from pledgewatch.ingest import document_from_bytes
from pledgewatch.segment import segment

LEADERS = {"Albanese": "AU", "Luxon": "NZ"}


def _verbs(text: str) -> tuple[str, ...]:
    return subject_verbs(text, find_mentions(text, LEADERS))


@pytest.mark.parametrize("text, first", [
    ("We, the Leaders of the Pacific Islands Forum, met in Suva on the second day of the retreat.", "narrative"),
    ("The Ministers reiterated their support for the regional architecture.", "restating"),
    ("Both countries are close partners in the region.", "copula"),
    ("We are committed to a peaceful settlement of disputes.", "restating"),
    ("We are determined to keep the sea lanes open.", "commissive"),
    ("Prime Minister Albanese hosted Prime Minister Luxon in Canberra.", "narrative"),
    ("The two Prime Ministers welcomed the progress of the talks.", "attitude"),
    ("We are deepening our cooperation on disaster relief.", "progressive"),
    ("Our two governments have agreed to open a joint office.", "commissive"),
    ("Trade between the two countries has grown steadily.", "perfect"),
    ("The leaders should keep talking.", "normative"),
])
def test_grammar_subject_verb_is_classed(text, first):
    assert _verbs(text)[0] == first


def test_grammar_a_coordinated_undertaking_shares_the_subject():
    verbs = _verbs("The two leaders noted the importance of open markets and committed to conclude the talks this year.")
    assert verbs[0] == "attitude" and "and_commissive" in verbs
    # an infinitive after "and" is not a finite verb of the subject
    assert "and_commissive" not in _verbs("Cooperation can help make life affordable and create good jobs.")


@pytest.mark.parametrize("text, subject", [
    ("Australia and New Zealand will hold a maritime exercise.", "party"),
    ("Building on the 2020 roadmap, the Ministers committed to closer engagement.", "party"),
    ("Our shared values are the basis of the partnership.", "thing"),
    ("The New Zealand-Australia Closer Economic Relations agreement reflects our commitment to trade.", "thing"),
    ("Security cooperation between the two countries has continued to grow.", "thing"),
    ("Establish a working group on critical minerals.", "none"),
])
def test_grammar_opening_subject(text, subject):
    assert opening_subject(text, find_mentions(text, LEADERS)) == subject


def test_grammar_signs_follow_the_guide():
    assert guide_sign("sv_any:and_commissive") == 1 and guide_sign("own_pledge_to_act") == 1
    assert guide_sign("not:narrative") == -1 and guide_sign("sv_first:attitude") == -1 and guide_sign("subject:thing") == -1
    assert guide_sign("is_bullet") == 0 and guide_sign("opening_unit") == 0


@pytest.mark.parametrize("text, domain", [
    ("We will hold joint naval exercises to strengthen deterrence.", "defense"),
    ("We will launch a dialogue on semiconductor supply chains.", "economic_security"),
    ("We will expand scholarships and student exchanges.", "people"),
    ("We will cooperate on vaccines and pandemic preparedness.", "health"),
    ("We reaffirm our commitment to the rules-based international order and the UN Charter.", "regional"),
    ("We commit to deepen our partnership.", "alliance"),  # no domain cue: the relationship as a whole
    ("Recognizing the pandemic's toll, we will build new semiconductor supply chains.", "economic_security"),
])
def test_grammar_domain_follows_the_guides_table(text, domain):
    assert choose_domain(text)[0] == domain


def test_grammar_cooperation_across_many_fields_is_alliance():
    text = ("We will work together on clean energy and climate, global health and vaccines, cybersecurity, space "
            "exploration, scholarships for students and critical technologies.")
    assert choose_domain(text)[0] == "alliance"


def test_grammar_narrative_report_of_the_meeting_is_not_a_commitment_but_will_convene_is():
    doc = document_from_bytes(
        b"---\ntitle: Japan-Philippines Joint Statement\ndate: 2025-02-01\nparties: JP, PH\n---\n\n"
        b"Prime Minister Ishiba of Japan and President Marcos of the Philippines met in Manila on 1 February 2025. "
        b"The two leaders convened the first meeting of the Maritime Dialogue on 31 January. "
        b"The two leaders will convene the second meeting of the Maritime Dialogue in Tokyo next year.\n",
        name="jp-ph.md")
    labels = [c.label for c in extract_commitments(doc, segment(doc))]
    assert labels == ["other", "other", "commitment"]


def test_grammar_domain_cues_written_as_whole_words_do_not_match_inside_words():
    from pledgewatch.extract.features import domain_counts

    counts = domain_counts("The United States will fund aid and air travel.")
    assert counts["technology"] == 0 and counts["regional"] == 0  # not "ai" in "aid", not "un" in "united"
    assert domain_counts("We will cooperate on AI and at the UN.")["technology"] == 1


def test_grammar_the_statements_own_group_says_nothing_of_the_domain():
    text = "We reaffirm our commitment to NATO's open door."
    assert choose_domain(text)[0] == "regional"  # NATO named in another statement: minilateral diplomacy
    assert choose_domain(text, own=("NATO",))[0] == "alliance"  # NATO's own statement: the alliance itself
