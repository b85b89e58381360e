"""The resolver: every language, ids, aliases, diacritics, misspellings and ambiguity."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from careerpath.data.ladder import Ladder
from careerpath.errors import AmbiguousRole, UnknownRole
from careerpath.queries.names import find_role, normalize


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("customer-service-team-lead", "customer-service-team-lead"),
        ("Asiakaspalvelun tiimijohtaja", "customer-service-team-lead"),
        ("asiakaspalvelupaallikko", "customer-service-manager"),
        ("ASIAKASPALVELUPÄÄLLIKKÖ", "customer-service-manager"),
        ("csam", "customer-support-account-manager"),
        ("CSM", "customer-service-manager"),
        ("kundestøtteansvarlig", "customer-support-account-manager"),
        ("kundestotteansvarlig", "customer-support-account-manager"),
        ("customer support representative", "customer-service-representative"),
        ("team lead", "customer-service-team-lead"),
        ("vp of customer experience", "vp-of-customer-experience"),
    ],
)
def test_finds_by_any_name(ladder: Ladder, query: str, expected: str) -> None:
    assert find_role(ladder, query).id == expected


def test_every_title_in_every_language_finds_its_role(ladder: Ladder) -> None:
    for role in ladder.roles.values():
        for name in role.names():
            assert find_role(ladder, name).id == role.id, name


def test_nfd_spelling_finds_the_same_role(ladder: Ladder) -> None:
    nfc = "Asiakaspalvelupäällikkö"
    nfd = unicodedata.normalize("NFD", nfc)
    assert nfc != nfd
    assert find_role(ladder, nfd).id == find_role(ladder, nfc).id


def test_misspelling_suggests(ladder: Ladder) -> None:
    with pytest.raises(UnknownRole) as caught:
        find_role(ladder, "tiimijohtja")
    lead = ladder.roles["customer-service-team-lead"].title.en
    assert lead in caught.value.suggestions
    assert "did you mean" in str(caught.value)


def test_ambiguous_name_lists_candidates(ladder: Ladder) -> None:
    with pytest.raises(AmbiguousRole) as caught:
        find_role(ladder, "manager")
    ids = {ident for ident, _ in caught.value.candidates}
    assert {"customer-service-manager", "senior-account-manager"} <= ids
    assert all(ladder.roles[i].title.en for i in ids)


@pytest.mark.parametrize("query", ["", "   ", "x" * 10_000, "!!!"])
def test_empty_or_absurd_queries_are_unknown(ladder: Ladder, query: str) -> None:
    with pytest.raises(UnknownRole):
        find_role(ladder, query)


@given(st.text(max_size=40))
@settings(max_examples=200, deadline=None)
def test_normalize_is_idempotent_and_ascii(text: str) -> None:
    folded = normalize(text)
    assert normalize(folded) == folded
    assert folded == folded.strip()
    assert all(ch.isascii() for ch in folded)


@given(st.text(max_size=30))
@settings(max_examples=200, deadline=None)
def test_any_query_resolves_or_raises_our_error(ladder: Ladder, text: str) -> None:
    try:
        role = find_role(ladder, text)
    except (UnknownRole, AmbiguousRole):
        return
    assert role.id in ladder.roles
