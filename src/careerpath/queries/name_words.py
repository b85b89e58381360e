"""How names and what is typed become comparable words: the folding rules of the name search.

Each rule applies alike to a dataset's names and to what a user types, so that the two meet:
British spellings read as American ones (:func:`careerpath.data.text.american`), English
plurals as singulars, abbreviations as the words they stand for, common forms spelled out
("helpdesk" is "help desk"), a few phrases as their usual form ("frontline supervisor" is
"first line supervisor"); small words are left out. Acronyms are not folded: a name answers to
them as extra words (:func:`virtual_words`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache

from careerpath.data.text import american, normalize

ABBREVIATIONS: dict[str, str] = {
    "mgr": "manager",
    "mngr": "manager",
    "sr": "senior",
    "snr": "senior",
    "jr": "junior",
    "dir": "director",
    "rep": "representative",
    "asst": "assistant",
    "admin": "administrator",
    "administrative": "administrator",
    "administration": "administrator",
    "leader": "lead",
    "exec": "executive",
    "acct": "account",
    "ops": "operations",
    "svc": "service",
    "eng": "engineer",
    "engr": "engineer",
    "tech": "technician",
}
"""One word for another, folded alike in names and queries ("Sr. Rep" is "senior
representative"; "leader" and "lead" are one word)."""

ACRONYMS: dict[str, tuple[tuple[str, ...], ...]] = {
    "cx": (("customer", "experience"),),
    "csm": (("customer", "success", "manager"),),
    "csr": (("customer", "service", "representative"),),
    "vp": (("vice", "president"),),
    "it": (("information", "technology"),),
    "hr": (("human", "resource"),),
    "qa": (("quality", "assurance"),),
    "pm": (("project", "manager"), ("product", "manager"), ("program", "manager")),
}
"""Acronyms of several words (some of more than one reading). A name holding the words also
answers to the acronym and the other way round, as a word match; an acronym never makes an
exact match, so a dataset's own alias (the built-in ladder calls its customer service manager
"CSM", O*NET lists "CSR") wins over the reading."""

COMMON_FORMS: dict[str, tuple[str, ...]] = {
    "helpdesk": ("help", "desk"),
    "servicedesk": ("service", "desk"),
    "sysadmin": ("system", "administrator"),
    "frontline": ("front", "line"),
    "firstline": ("first", "line"),
    "salespeople": ("salesperson",),
    "salesman": ("salesperson",),
    "salesmen": ("salesperson",),
    "saleswoman": ("salesperson",),
    "saleswomen": ("salesperson",),
}
"""Words people write for the words of a name, folded alike in names and queries, so that
they match exactly: "helpdesk" is "help desk", "sysadmin" "system administrator"."""

PHRASES: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (("front", "line", "supervisor"), ("first", "line", "supervisor")),
    (("front", "line", "manager"), ("first", "line", "manager")),
    (("sale", "person"), ("salesperson",)),
    (("sale", "people"), ("salesperson",)),
)
"""Runs of folded words read as others, in names and queries alike: a frontline supervisor is
a first-line supervisor (a "front line receptionist" stays one)."""

_PHRASE_STARTS = frozenset(phrase[0] for phrase, _ in PHRASES)

STOP_WORDS = frozenset(
    {"of", "and", "the", "for", "a", "an", "in", "at", "to", "og", "av", "i", "ja"}
)
"""Small words left out of names and queries (English, Norwegian, Finnish)."""

JOB_WORDS = frozenset(
    {
        "administrator",
        "adviser",
        "advisor",
        "agent",
        "analyst",
        "assistant",
        "associate",
        "chief",
        "clerk",
        "consultant",
        "coordinator",
        "deputy",
        "designer",
        "developer",
        "director",
        "employee",
        "engineer",
        "executive",
        "head",
        "helper",
        "inspector",
        "junior",
        "lead",
        "manager",
        "officer",
        "operator",
        "planner",
        "representative",
        "salesperson",
        "senior",
        "specialist",
        "staff",
        "supervisor",
        "team",
        "technician",
        "trainee",
        "worker",
    }
)
"""Generic job words (folded: "leader" is "lead"). Typed alone, they name a kind of job, not
a role: found only at the end of a longer alias ("team leader" of "field survey team leader",
"engineer" of "system engineer"), they are offered, never opened."""


def _singular(word: str) -> str:
    """The English singular of *word*, by its ending (also applied to other languages'
    words, alike in names and queries, so it only has to be consistent)."""
    if len(word) < 4 or not word.endswith("s"):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes", "zes")):
        return word[:-2]
    if word.endswith(("ss", "us", "is")):
        return word
    return word[:-1]


@lru_cache(maxsize=1 << 16)  # names repeat their words: each is folded once per process
def fold_word(word: str) -> str:
    """One normalized word folded: American spelling, abbreviation, plural, abbreviation."""
    word = ABBREVIATIONS.get(word, word)
    word = _singular(american(word))
    return ABBREVIATIONS.get(word, word)


def fold_words(words: Iterable[str]) -> list[str]:
    """Normalized *words* folded one by one (:func:`fold_word`), common forms spelled out
    ("helpdesk" is "help desk") and phrases read as their usual form ("frontline supervisor"
    is "first line supervisor")."""
    folded: list[str] = []
    for word in words:
        word = fold_word(word)
        folded.extend(COMMON_FORMS.get(word, (word,)))
    if _PHRASE_STARTS.isdisjoint(folded):
        return folded
    for phrase, meaning in PHRASES:
        size = len(phrase)
        position = 0
        while position + size <= len(folded):
            if tuple(folded[position : position + size]) == phrase:
                folded[position : position + size] = meaning
                position += len(meaning)
            else:
                position += 1
    return folded


def fold(text: str) -> list[str]:
    """The folded words of *text* that count for matching (small words left out unless
    there is nothing else)."""
    words = fold_words(normalize(text).split())
    kept = [word for word in words if word not in STOP_WORDS]
    return kept or words


def name_key(words: Iterable[str]) -> str:
    """The exact key of folded *words*: the same words in any order give the same key."""
    return " ".join(sorted(words))


_READINGS = [
    (acronym, expansion, " " + " ".join(expansion) + " ")
    for acronym, expansions in ACRONYMS.items()
    for expansion in expansions
]


def virtual_words(words: Sequence[str]) -> set[str]:
    """Words a name answers to through an acronym: "cx" for "customer experience" and back."""
    extra: set[str] = set()
    held = set(words)
    joined = " " + " ".join(words) + " "
    for acronym, expansion, spaced in _READINGS:
        if acronym in held:
            extra.update(expansion)
        if expansion[0] in held and spaced in joined:
            extra.add(acronym)
    return extra - held
