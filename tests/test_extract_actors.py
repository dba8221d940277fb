"""extract.actors: who acts, on invented statements of other pairs and groups (guide: "Who", `actors`).

Every sentence here is invented for the rule it tests; none comes from a
labelled document.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pledgewatch.extract.actors import find_mentions, leader_map, resolve_actors
from pledgewatch.extract.features import find_cues
from pledgewatch.parties import acting_parties


def actors_of(text: str, parties: tuple[str, ...], inherited: tuple[str, ...] | None = None, doc: str | None = None) -> set[str]:
    leaders = leader_map(doc or text, parties)
    actors, why = resolve_actors(text, parties, leaders, find_cues(text).verb_hits(), inherited)
    assert why
    return set(actors)


def case(text: str, parties: str, actors: str):
    return pytest.param(text, tuple(parties.split()), set(actors.split()), id=text[:60])


# --- group subjects -------------------------------------------------------


@pytest.mark.parametrize(
    "text,parties,actors",
    [
        # a standing group named without its members acts as the group
        case("We, the Leaders of the G7, commit to mobilize $600 billion for infrastructure by 2027.", "G7", "G7"),
        case("We, the G20 Leaders, will continue to support the multilateral trading system.", "G20", "G20"),
        case("We, the G20 Leaders, meeting in Rio de Janeiro, commit to tax cooperation.", "G20", "G20"),
        case("We, the Leaders of the G7, joined by the leaders of India and Brazil, will launch the initiative.", "G7", "G7"),
        # members listed: their codes
        case("We, the leaders of Canada and the European Union, will launch a Green Alliance.", "CA EU", "CA EU"),
        case("We, the Leaders of Australia, India, Japan and the United States, will establish a fellowship.",
             "AU IN JP US", "AU IN JP US"),
        # a group party's own words for its members acting together
        case("We, the Heads of State and Government of the ASEAN Member States, will establish a regional centre.", "ASEAN", "ASEAN"),
        case("Allies will continue to increase their defence spending.", "NATO", "NATO"),
        case("The Alliance will strengthen its deterrence and defence posture.", "NATO", "NATO"),
        case("NATO will enhance its cooperation with partners in the Indo-Pacific.", "NATO", "NATO"),
        case("ASEAN Member States will deepen maritime cooperation.", "ASEAN", "ASEAN"),
        case("ASEAN will establish a regional centre for public health emergencies.", "ASEAN", "ASEAN"),
        case("Leaders committed to hold the next summit in Suva.", "PIF", "PIF"),
        case("Forum Leaders committed to a regional ocean strategy.", "PIF", "PIF"),
        case("The Heads of State and Government agreed to convene a special session in 2026.", "AFRICAN_UNION", "AFRICAN_UNION"),
        case("The Heads of State and Government agreed to convene a special session in 2026.", "NATO", "NATO"),
        case("Each Ally will meet the target of two percent of GDP.", "NATO", "NATO"),
        case("All Allies will contribute to the new mission.", "NATO", "NATO"),
        case("G7 members will coordinate their sanctions.", "G7", "G7"),
        case("The Quad partners will launch a maritime domain awareness initiative.", "QUAD", "QUAD"),
        case("Quad Leaders will convene again next year in India.", "QUAD", "QUAD"),
        case("The African Union will deploy a stabilisation mission.", "AFRICAN_UNION EU", "AFRICAN_UNION"),
        # "X and its Member States", "EU Member States": the group
        case("The EU and its Member States will provide €2 billion in humanitarian aid.", "US EU", "EU"),
        case("EU Member States will coordinate export controls with the United States.", "US EU", "EU"),
        # a member named in a group's statement acting alone acts for itself
        case("Japan will host the next G7 summit in 2028.", "G7", "JP"),
        case("Italy and Canada will co-chair a working group on critical minerals.", "G7", "IT CA"),
        case("India will host the Quad Leaders' Summit in 2025.", "QUAD", "IN"),
        case("Singapore and Malaysia will finalise the high-speed rail agreement by 2026.", "ASEAN", "SG MY"),
        case("Türkiye will expand its contribution to the mission.", "NATO", "TR"),
    ],
)
def test_actors_group_subjects_resolve_to_the_group_or_the_members_listed(text, parties, actors):
    assert actors_of(text, parties) == actors


def test_actors_another_groups_members_are_a_third_party():
    # "UN Member States" are not the statement's parties, even though "Member States" alone would be
    t = "UN Member States will implement the resolution."
    assert actors_of(t, ("JP", "KR")) == {"JP", "KR"}  # no subject of the parties: the default, never the UN
    mentions = find_mentions(t, {})
    assert not any(m.text.lower().endswith("member states") for m in mentions)


# --- a pledge to defend or support another party ---------------------------


@pytest.mark.parametrize(
    "text,parties,actors",
    [
        case("The United States reaffirms its commitment to the defense of Japan.", "US JP", "US"),
        case("The United States reaffirmed its ironclad commitment to defend the Philippines.", "US PH", "US"),
        case("Australia will support the Philippines' efforts to modernise its coast guard.", "AU PH", "AU"),
        case("Australia will support the Philippines' leadership in ASEAN in 2026.", "AU PH", "AU"),
        case("Japan will support Viet Nam's plan to build a new port.", "JP VN", "JP"),
        case("New Zealand will help Australia's efforts to expand the Pacific fisheries program.", "AU NZ", "NZ"),
        case("The Philippines will continue to support Japan's efforts to expand its role in regional security.", "JP PH", "PH"),
        case("France will provide training to India's navy.", "FR IN", "FR"),
        case("Germany pledged to assist Poland's air defence modernisation.", "DE PL", "DE"),
        # mutual defence is both parties'
        case("The two countries will defend each other against armed attack.", "US PH", "US PH"),
    ],
)
def test_actors_a_pledge_to_support_another_party_is_the_pledgers_alone(text, parties, actors):
    assert actors_of(text, parties) == actors


# --- a party's own pledge reported inside a welcome or an appreciation ------


@pytest.mark.parametrize(
    "text,parties,actors",
    [
        case("The leaders welcomed Japan's decision to double its defence budget by 2027.", "JP GB", "JP"),
        case("The Ministers welcomed Indonesia's new strategy and the commitment it makes to engaging more in the region.",
             "AU ID", "ID"),
        case("Prime Minister Albanese welcomed Indonesia's Indo-Pacific Outlook and the commitment it makes to working with partners.",
             "AU ID", "ID"),
        case("The President expressed appreciation for Brazil's leadership of the G20 and its commitment to host a climate summit.",
             "US BR", "BR"),
        case("President Biden expressed appreciation for Brazil's leadership, particularly President Lula's role in the G20, "
             "and his commitment to protect the Amazon.", "US BR", "BR"),
        case("Canada welcomed the European Union's pledge to contribute €500 million to the fund.", "CA EU", "EU"),
        case("Both leaders reaffirmed the commitment of France to deploy a frigate to the region.", "FR IN", "FR"),
        case("Both ministers reaffirmed the commitment of New Zealand to provide two patrol vessels.", "AU NZ", "NZ"),
        case("The United Kingdom welcomed Japan's intention to join the program as a partner.", "GB JP", "JP"),
        case("Ministers welcomed Singapore's offer to host the next meeting.", "AU SG", "SG"),
        case("Prime Minister Kishida welcomed the United States' plan to deploy new capabilities.", "US JP", "US"),
        case("Mexico appreciated Canada's leadership in the region.", "CA MX", "CA"),
        # the welcome and a joint act in one unit: both
        case("The two leaders welcomed Viet Nam's offer to host the next round and agreed to launch a dialogue.", "JP VN", "JP VN"),
        case("The two Prime Ministers welcomed Poland's plan to expand its fleet and announced a joint study of new ports.",
             "DE PL", "DE PL"),
        # "his" is the leader who speaks when no other leader is named since the welcome
        case("President Obama welcomed Japan's decision to join the partnership and reaffirmed his commitment to the alliance.",
             "US JP", "JP US"),
    ],
)
def test_actors_a_partys_own_pledge_inside_a_welcome_is_that_partys(text, parties, actors):
    assert actors_of(text, parties) == actors


def test_actors_a_pronoun_pledge_needs_a_welcome_to_point_back():
    # no welcome: "its commitment" is the subject's own, as the verb says
    assert actors_of("Japan reaffirmed its commitment to the defense of Australia.", ("AU", "JP")) == {"JP"}


# --- places and adjectives are not actors ---------------------------------


@pytest.mark.parametrize(
    "text,parties,actors",
    [
        case("We reaffirm the enduring bond between Europe and North America.", "NATO", "NATO"),
        case("We reaffirm our commitment to Article 5 of the Washington Treaty that an attack against one shall be "
             "considered an attack against all.", "NATO", "NATO"),
        case("We will strengthen security in the Euro-Atlantic area and the Indo-Pacific.", "NATO", "NATO"),
        case("The two leaders will work to promote stability in the Middle East and the Americas.", "US MX", "US MX"),
        case("We will deepen cooperation in the Euro-Atlantic area, the Middle East, the Americas and the Indo-Pacific.",
             "NATO", "NATO"),
        case("The Tokyo Declaration will guide our cooperation.", "JP AU", "JP AU"),
        # a party's adjective names its people or things …
        case("Canadian and European companies will invest in clean hydrogen.", "CA EU", "CA EU"),
        case("Korean companies will invest $10 billion in Australia.", "AU KR", "AU KR"),
        # … or, before its agents, the party itself
        case("Korean and Australian officials will meet annually.", "AU KR", "AU KR"),
        case("The Canadian Government will double its contribution.", "CA EU", "CA"),
    ],
)
def test_actors_places_regions_and_adjectives_are_not_actors(text, parties, actors):
    assert actors_of(text, parties) == actors


def test_actors_an_attack_against_a_party_is_not_its_act():
    assert actors_of("Any attack against the Philippines will be met with a response.", ("US", "PH")) == {"US", "PH"}


# --- third parties --------------------------------------------------------


@pytest.mark.parametrize(
    "text,parties,actors",
    [
        case("We call on Russia to withdraw its forces from Ukraine.", "G7", "G7"),
        case("We urge China to refrain from coercion, and will continue to coordinate our response.", "US JP", "US JP"),
        case("The two sides called on the DPRK to abandon its nuclear weapons.", "JP KR", "JP KR"),
        case("Russia must withdraw its forces, and we will continue to support Ukraine.", "G7", "G7"),
        case("The leaders called on China to release the detained citizens.", "AU NZ", "AU NZ"),
        case("Russia will withdraw its forces.", "JP KR", "JP KR"),
    ],
)
def test_actors_third_parties_never_act(text, parties, actors):
    assert actors_of(text, parties) == actors


# --- subjects, coordination, openings, bullets ------------------------------


@pytest.mark.parametrize(
    "text,parties,actors",
    [
        case("Japan and India pledge to expand defence cooperation.", "JP IN", "JP IN"),
        case("Spain and Portugal will jointly host the 2030 conference.", "ES PT", "ES PT"),
        case("Egypt will host the next round of talks.", "EG JO", "EG"),
        case("South Africa will chair the working group.", "ZA IN", "ZA"),
        case("The Netherlands will contribute two frigates.", "NL DE", "NL"),
        case("The European Commission will launch a call for proposals in 2025.", "US EU", "EU"),
        case("The European Commission and the United States will convene the working group.", "US EU", "EU US"),
        # no undertaking verb: the subject that opens the main clause
        case("In this context, India is establishing a new consulate in Seattle.", "US IN", "IN"),
        case("The United States remains a steadfast partner in India's development.", "US IN", "US"),
        # a party named in a subordinate clause is not the subject
        case("When Japan hosts the summit next year, the two leaders will meet again.", "JP IN", "JP IN"),
    ],
)
def test_actors_subjects_of_other_states(text, parties, actors):
    assert actors_of(text, parties) == actors


def test_actors_a_coordinated_verb_shares_the_opening_subject_but_a_gerund_does_not():
    # "and launched": the Ministers' own act; "and working with": what Chile's pledge names
    assert actors_of("Chile welcomed Peru's plan to expand the port and launched a joint study.", ("CL", "PE")) == {"CL", "PE"}
    t = "The Ministers welcomed Peru's strategy and the commitment it makes to engaging more and working with partners."
    assert actors_of(t, ("CL", "PE")) == {"PE"}


def test_actors_bullets_inherit_their_lead_in_and_add_a_named_pledge():
    lead = ("JP", "PH")
    assert actors_of("Expand cooperation on disaster relief.", lead, inherited=lead) == {"JP", "PH"}
    # an imperative bullet naming a party's own decision: the lead-in's parties, that party among them
    t = "Expand maritime cooperation, building on the Philippines' decision to join the exercise."
    assert actors_of(t, lead, inherited=lead) == {"JP", "PH"}
    # a bullet with a subject of its own
    assert actors_of("Japan will provide ten patrol boats.", lead, inherited=lead) == {"JP"}
    # a lead-in of one party passes on that party
    assert actors_of("Provide ten patrol boats by 2027.", lead, inherited=("JP",)) == {"JP"}


def test_actors_leaders_and_ministers_learned_from_their_offices():
    doc = (
        "Mr. Anton Berg, Prime Minister of Sweden, and Ms. Aino Virtanen, President of Finland, met in Turku. "
        "The Minister for Foreign Affairs of Norway, Kari Dahl, and the Danish Minister of Defence, Lars Holm, joined them. "
        "The Prime Minister of Iceland Olof Jonsdottir sent a message."
    )
    leaders = leader_map(doc, ("SE", "FI"))
    assert {leaders[n] for n in ("Berg", "Anton")} == {"SE"}
    assert leaders["Virtanen"] == "FI" and leaders["Dahl"] == "NO" and leaders["Holm"] == "DK" and leaders["Jonsdottir"] == "IS"
    assert "Mr" not in leaders and "Minister" not in leaders
    assert actors_of("Prime Minister Berg will visit Helsinki in May.", ("SE", "FI"), doc=doc) == {"SE"}
    assert actors_of("Prime Minister Berg and President Virtanen will launch a dialogue.", ("SE", "FI"), doc=doc) == {"SE", "FI"}


def test_actors_a_leaders_name_before_pledge_is_a_verb_not_an_owner():
    doc = "President Lula of Brazil and President Boric of Chile met in Brasilia."
    t = "President Lula and President Boric pledge to complete the bi-oceanic corridor."
    assert actors_of(t, ("BR", "CL"), doc=doc) == {"BR", "CL"}


# --- properties -----------------------------------------------------------

PARTIES = st.sampled_from([("US", "JP"), ("G7",), ("NATO",), ("AU", "KR"), ("CA", "EU"), ("ASEAN",), ("QUAD",), ("IN",)])
FRAGMENTS = st.sampled_from(
    [
        "We", "we", ", the Leaders of", "the G7", "Japan", "Russia", "China's", "the DPRK", "the ROK's", "Allies",
        "NATO", "ASEAN Member States", "UN Member States", "Korean", "officials", "Canadian", "Government", "will",
        "support", "welcomed", "reaffirm", "the commitment of", "its commitment", "the commitment it makes", "his",
        "decision to", "and", ",", ".", "call on", "to withdraw", "commit to", "host", "President Biden", "Prime Minister",
        "Kishida", "the Heads of State and Government", "Europe", "North America", "the Washington Treaty", "Expand",
        "announced", "plans to", "each other", "the European Union", "Australia", "the Philippines'", "Viet Nam", "help",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(FRAGMENTS, min_size=1, max_size=25), PARTIES, st.booleans())
def test_actors_are_always_among_the_acting_parties(fragments, parties, inherit):
    text = " ".join(fragments)
    inherited = parties[:1] if inherit else None
    actors, why = resolve_actors(text, parties, leader_map(text, parties), find_cues(text).verb_hits(), inherited)
    assert actors and why
    assert set(actors) <= acting_parties(parties)
    assert len(set(actors)) == len(actors)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300), PARTIES)
def test_actors_any_text_resolves_to_acting_parties_and_mentions_are_spans(text, parties):
    mentions = find_mentions(text, {"Biden": "US"})
    for a, b in zip(mentions, mentions[1:]):
        assert a.end <= b.start
    for m in mentions:
        assert 0 <= m.start < m.end <= len(text) and text[m.start : m.end] == m.text
    actors, _ = resolve_actors(text, parties, {}, find_cues(text).verb_hits(), mentions=mentions)
    assert set(actors) <= acting_parties(parties) and actors


def test_actors_a_leader_of_several_words_is_learned_after_a_title():
    doc = "President von der Leyen and Prime Minister Carney met in Ottawa."
    leaders = leader_map(doc, ("CA", "EU"))
    assert leaders["von der Leyen"] == "EU" and leaders["Carney"] == "CA"
    assert actors_of("President von der Leyen will host the next summit in Brussels.", ("CA", "EU"), doc=doc) == {"EU"}


def test_actors_members_of_something_else_are_not_a_joint_subject():
    assert not any(m.code is None for m in find_mentions("Visas for family members will be issued.", {}))
    assert any(m.code is None for m in find_mentions("Members will review the target in 2027.", {}))
