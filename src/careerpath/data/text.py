"""Fold text for comparing names: case, diacritics, punctuation and Unicode forms go; British
spellings read as American ones (:func:`american`)."""

from __future__ import annotations

import re
import unicodedata
from functools import cache

# Letters that Unicode does not decompose into a base letter plus a mark.
_FOLD = str.maketrans({"ø": "o", "æ": "ae", "œ": "oe", "đ": "d", "ł": "l", "ß": "ss", "ı": "i"})
_NON_WORD = re.compile(r"[^0-9a-z]+")


def normalize(text: str) -> str:
    """Fold *text* for matching: lower case, no diacritics, words separated by one space."""
    if text.isascii():  # the same result, without decomposing letters that have no marks
        return _NON_WORD.sub(" ", text.lower()).strip()
    text = unicodedata.normalize("NFKD", text.casefold().translate(_FOLD))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return _NON_WORD.sub(" ", text.translate(_FOLD)).strip()


# -- British and American spellings ----------------------------------------------------------
#
# Each rule reads one normalized word (lower case, ASCII) and gives its American spelling; a
# word no rule knows is kept. Names and what is typed are folded alike, so a rule only has to
# be consistent, but each is kept narrow so that it never makes two different words one.

_RE_ER = ("centre", "theatre", "metre", "litre", "fibre", "calibre", "lustre", "sabre", "spectre")
"""-re / -er: centre, centres, centred (center, centers, centered)."""

_OUR = (
    "ardour",
    "armour",
    "behaviour",
    "candour",
    "clamour",
    "colour",
    "endeavour",
    "favour",
    "fervour",
    "flavour",
    "harbour",
    "honour",
    "humour",
    "labour",
    "neighbour",
    "odour",
    "parlour",
    "rancour",
    "rumour",
    "saviour",
    "savour",
    "splendour",
    "tumour",
    "valour",
    "vapour",
    "vigour",
)
"""-our / -or, with whatever follows: labour, labourer, behavioural, colourist, favourite.
A list, not an ending: "tour", "hour" and "four" are no -our words."""

_OGUE = ("catalog", "dialog", "analog", "prolog", "epilog", "monolog", "travelog")
"""-ogue / -og: catalogue, catalogues, catalogued, cataloguing, cataloguer."""

_ENCE = {"licenc": "licens", "defenc": "defens", "offenc": "offens", "pretenc": "pretens"}
"""-ence / -ense: licence, licences, licenced (license, licenses, licensed)."""

_DOUBLED_L = (
    "travel",
    "cancel",
    "model",
    "label",
    "counsel",
    "signal",
    "level",
    "fuel",
    "marshal",
    "channel",
    "funnel",
    "tunnel",
    "total",
    "dial",
    "jewel",
    "shovel",
    "pedal",
    "rival",
    "barrel",
    "panel",
    "duel",
)
"""Doubled l before an ending: travelling, travelled, traveller(s), counsellor (traveling,
traveled, traveler, counselor)."""

_DOUBLED_L_ENDINGS = ("ing", "ed", "er", "ers", "or", "ors", "ist", "ists", "ery")

_IZE_EXCEPTIONS = frozenset(
    {
        "advise",
        "anise",
        "bruise",
        "chemise",
        "comprise",
        "compromise",
        "concise",
        "cruise",
        "demise",
        "despise",
        "devise",
        "disguise",
        "enterprise",
        "excise",
        "exercise",
        "expertise",
        "franchise",
        "improvise",
        "incise",
        "merchandise",
        "mortise",
        "noise",
        "otherwise",
        "paradise",
        "poise",
        "porpoise",
        "praise",
        "precise",
        "premise",
        "promise",
        "raise",
        "reprise",
        "revise",
        "rise",
        "supervise",
        "surmise",
        "surprise",
        "televise",
        "tortoise",
        "treatise",
        "turquoise",
        "wise",
    }
)
"""Words ending in -ise that are not the -ise/-ize ending (nor are their other forms)."""

_IZE_EXCEPT_ENDINGS = ("vise", "raise", "wise", "prise", "guise")
"""Endings of more such words (fundraise, appraise, televise); no -ize word ends so."""

# -ise / -ize and -isation / -ization (organise, organisation, organisational, specialised) and
# -yse / -yze (analyse, analysed, analyser, paralyse) are endings: see _patterns().

_SAME = {
    "programme": "program",
    "programmes": "programs",
    "practise": "practice",
    "practised": "practiced",
    "practising": "practicing",
    "judgement": "judgment",
    "judgements": "judgments",
    "ageing": "aging",
    "enrolment": "enrollment",
    "enrolments": "enrollments",
    "fulfilment": "fulfillment",
    "instalment": "installment",
    "instalments": "installments",
    "skilful": "skillful",
    "jewellery": "jewelry",
    "draughtsman": "draftsman",
    "draughtsmen": "draftsmen",
    "draughtsperson": "draftsperson",
    "mould": "mold",
    "moulds": "molds",
    "moulder": "molder",
    "moulders": "molders",
    "moulding": "molding",
}
"""Single words whose American spelling no ending rule gives (programme, not programmer)."""

_AE = (
    ("orthopaed", "orthoped"),
    ("paediatr", "pediatr"),
    ("anaesth", "anesth"),
    ("gynaecolog", "gynecolog"),
    ("haemat", "hemat"),
    ("oesophag", "esophag"),
)
"""-ae- / -e- at the start of a few medical words: paediatric, anaesthetist."""


def _stems(stems: tuple[str, ...] | list[str], cut: int) -> str:
    """An alternation of *stems* without their last *cut* letters, longest first."""
    return "|".join(sorted((stem[: len(stem) - cut] for stem in stems), key=len, reverse=True))


@cache
def _patterns() -> tuple[re.Pattern[str], ...]:
    """The stem rules as one regular expression each, so that a word is read by a few patterns
    rather than by a loop over every stem. Compiled on first use: a command that folds no
    name (a look-up by id) never pays for them."""
    return (
        re.compile(rf"^({_stems(_RE_ER, 2)})r(e|es|ed)$"),
        re.compile(rf"^({_stems(_OUR, 2)})ur"),
        re.compile(rf"^({_stems(_OGUE, 0)})u(e|es|ed|ing|er|ers)$"),
        re.compile(rf"^({_stems(list(_ENCE), 1)})c(e|es|ed)$"),
        re.compile(rf"^({_stems(_DOUBLED_L, 0)})l({'|'.join(_DOUBLED_L_ENDINGS)})$"),
        re.compile(rf"^({'|'.join(british for british, _ in _AE)})"),
        re.compile(r"^([a-z]{3,})is(e|es|ed|ing|er|ers|ation|ations|ational)$"),
        re.compile(r"^([a-z]+)ys(e|es|ed|ing|er|ers)$"),
    )


_RE_ER_ENDINGS = {"e": "", "es": "s", "ed": "ed"}
_OGUE_ENDINGS = {"e": "", "es": "s", "ed": "ed", "ing": "ing", "er": "er", "ers": "ers"}
_AE_SPELLED = dict(_AE)


def american(word: str) -> str:
    """The American spelling of one normalized *word* (``centre`` -> ``center``,
    ``organisation`` -> ``organization``, ``colourised`` -> ``colorized``); other words as
    given. Each rule reads what the one before it left, so a word is folded in one pass."""
    re_er, our, ogue, ence, doubled_l, ae, ize, yze = _patterns()
    word = _SAME.get(word, word)
    if (found := re_er.match(word)) is not None:
        word = found[1] + "er" + _RE_ER_ENDINGS[found[2]]
    if (found := our.match(word)) is not None:
        word = found[1] + "r" + word[found.end() :]
    if (found := ogue.match(word)) is not None:
        word = found[1] + _OGUE_ENDINGS[found[2]]
    if (found := ence.match(word)) is not None:
        word = found[1] + "s" + found[2]
    if (found := doubled_l.match(word)) is not None:
        word = found[1] + found[2]
    if (found := ae.match(word)) is not None:
        word = _AE_SPELLED[found[1]] + word[found.end() :]
    if "is" in word and (found := ize.match(word)) is not None:
        base = found[1] + "ise"
        if base not in _IZE_EXCEPTIONS and not base.endswith(_IZE_EXCEPT_ENDINGS):
            word = found[1] + "iz" + found[2]
    if "ys" in word and (found := yze.match(word)) is not None:
        word = found[1] + "yz" + found[2]
    return word
