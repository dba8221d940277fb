"""Mechanisms by shape: proper names with a head noun, acronym links, created bodies."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from pledgewatch.extract.mechanisms import acronym_map, find_mechanisms, to_values


def names(text: str, known=None) -> list[str]:
    return [m.text for m in find_mechanisms(text, 0, known)]


def test_mechanisms_proper_name_with_acronym_alias():
    found = find_mechanisms("The leaders launched the Quad Vaccine Partnership (QVP) to expand supply.")
    assert [m.text for m in found] == ["Quad Vaccine Partnership"]
    assert found[0].acronym == "QVP" and found[0].head == "partnership"
    assert acronym_map(found) == {"QVP": "Quad Vaccine Partnership"}


def test_mechanisms_bare_acronym_resolves_to_long_form():
    found = find_mechanisms("The QVP will meet twice a year.", 0, {"QVP": "Quad Vaccine Partnership"})
    assert [(m.text, m.long_name) for m in found] == [("QVP", "Quad Vaccine Partnership")]


def test_mechanisms_connectors_inside_and_between_names():
    assert names("We will host the Summit for Democracy and support the Convention on the Law of the Sea.") == [
        "Summit for Democracy", "Convention on the Law of the Sea"]
    assert names("They welcomed the Supply Chain and Commercial Dialogue.") == ["Supply Chain and Commercial Dialogue"]
    assert names("Both joined the North Atlantic Treaty Organization and the G20.") == ["North Atlantic Treaty Organization", "G20"]


def test_mechanisms_lower_case_body_being_created():
    assert "maritime security working group" in names("The ministers will establish a maritime security working group.")
    assert names("The ministers discussed the working group.") == []


def test_mechanisms_not_documents_people_or_countries():
    assert names("Consistent with the Nuclear Posture Review, President Macron of France met Prime Minister Modi.") == []
    assert names("The Inflation Reduction Act and the Indo-Pacific Strategy were noted.") == []


def test_mechanisms_lower_case_head_after_a_name():
    assert names("They expanded the Artemis program and the Erasmus scholarship program.") == ["Artemis program", "Erasmus scholarship program"]
    assert names("He praised the ROK’s initiative to host.") == []


def test_mechanisms_values_carry_offsets():
    text = "Leaders reaffirmed the Paris Agreement."
    (v,) = to_values(find_mechanisms(text, 100))
    assert v.kind == "mechanism" and v.start == 100 + text.index("Paris") and v.text == "Paris Agreement"
    assert v.normalised["head"] == "agreement"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("abcXYZ GFund()Group.-&’'0123of the and")), max_size=120), st.integers(0, 50))
def test_mechanisms_spans_in_order_and_exact(text, offset):
    last = offset
    for m in find_mechanisms(text, offset):
        assert text[m.start - offset : m.end - offset] == m.text
        assert last <= m.start < m.end
        last = m.end
