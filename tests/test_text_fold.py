"""Folding text for names: the quick path for ASCII text gives what the full one gives."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from careerpath.data import text


def full_fold(value: str) -> str:
    """The whole recipe, for every text: case, decomposition, marks dropped, punctuation."""
    value = unicodedata.normalize("NFKD", value.casefold().translate(text._FOLD))
    value = "".join(ch for ch in value if not unicodedata.combining(ch))
    return re.sub(r"[^0-9a-z]+", " ", value.translate(text._FOLD)).strip()


@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=40))
def test_ascii_text_folds_as_the_full_recipe_folds_it(value: str) -> None:
    assert text.normalize(value) == full_fold(value)


@given(st.text(max_size=40))
def test_any_text_folds_as_the_full_recipe_folds_it(value: str) -> None:
    assert text.normalize(value) == full_fold(value)
