"""Fold text for comparing names: case, diacritics, punctuation and Unicode forms go; British
spellings read as American ones (:func:`american`)."""

from __future__ import annotations

import re
import unicodedata

# Letters that Unicode does not decompose into a base letter plus a mark.
_FOLD = str.maketrans({"ø": "o", "æ": "ae", "œ": "oe", "đ": "d", "ł": "l", "ß": "ss", "ı": "i"})
_NON_WORD = re.compile(r"[^0-9a-z]+")


def normalize(text: str) -> str:
    """Fold *text* for matching: lower case, no diacritics, words separated by one space."""
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

_IZE = re.compile(r"^([a-z]{3,})is(e|es|ed|ing|er|ers|ation|ations|ational)$")
"""-ise / -ize and -isation / -ization: organise, organisation, organisational, specialised."""

_YZE = re.compile(r"^([a-z]+)ys(e|es|ed|ing|er|ers)$")
"""-yse / -yze: analyse, analysed, analyser, paralyse."""

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


def american(word: str) -> str:
    """The American spelling of one normalized *word* (``centre`` -> ``center``,
    ``organisation`` -> ``organization``, ``colourised`` -> ``colorized``); other words as
    given. Each rule reads what the one before it left, so a word is folded in one pass."""
    word = _SAME.get(word, word)
    for stem in _RE_ER:
        ending = word[len(stem) - 2 :]
        if word.startswith(stem[:-2]) and ending in ("re", "res", "red"):
            word = stem[:-2] + {"re": "er", "res": "ers", "red": "ered"}[ending]
            break
    for stem in _OUR:
        if word.startswith(stem):
            word = stem[:-2] + "r" + word[len(stem) :]
            break
    for stem in _OGUE:
        if word.startswith(stem + "u"):
            spelled = {"e": "", "es": "s", "ed": "ed", "ing": "ing", "er": "er", "ers": "ers"}
            ending = word[len(stem) + 1 :]
            if ending in spelled:
                word = stem + spelled[ending]
                break
    for british, us in _ENCE.items():
        if word.startswith(british) and word[len(british) :] in ("e", "es", "ed"):
            word = us + word[len(british) :]
            break
    for stem in _DOUBLED_L:
        if word.startswith(stem + "l") and word[len(stem) + 1 :] in _DOUBLED_L_ENDINGS:
            word = stem + word[len(stem) + 1 :]
            break
    for british, us in _AE:
        if word.startswith(british):
            word = us + word[len(british) :]
            break
    if "is" in word:
        match = _IZE.match(word)
        if match is not None:
            base = match[1] + "ise"
            if base not in _IZE_EXCEPTIONS and not base.endswith(_IZE_EXCEPT_ENDINGS):
                word = match[1] + "iz" + match[2]
    if "ys" in word:
        match = _YZE.match(word)
        if match is not None:
            word = match[1] + "yz" + match[2]
    return word
