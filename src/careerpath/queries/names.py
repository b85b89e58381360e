"""Turn what a user types into a role or a skill, the way a good search box does.

A name is folded before it is compared: case, diacritics, punctuation and Unicode normal form
go (``normalize``), English plurals fold to the singular, a few common abbreviations fold to
the word they stand for (``ABBREVIATIONS``), and small words such as "of" and "for" are left
out. Then, best first:

1. **exact id or title** – the folded words, in any order, are those of an id or of a title
   in any language (singular or plural: "customer service reps" is *Customer Service
   Representative*);
2. **exact alias** – they are those of an alias or alternate title;
3. **title words** – every typed word matches a word of a title: the whole word, its start
   ("coord", "rep"), the last part of a compound ("koordinaattori" in
   *asiakaspalvelukoordinaattori*) or an acronym of it ("cx" for "customer experience");
4. **alias words** – the same, in an alias;
5. **partial** – every typed word of at least four letters occurs inside a word of one name
   ("palvelu" in *asiakaspalvelupäällikkö*).

Within a level, a name all of whose words are matched ranks higher ("cust serv rep" is
*Customer Service Representative*, not *Senior Customer Service Representative*), then more
typed words that equal a whole word, then a title before an alias. A role ranks as its
best-matching name. Only a true tie of the best roles is ambiguous. When nothing matches,
RapidFuzz finds the names closest to a misspelling for a "did you mean".

An index of every name is built once per dataset; for a large dataset it is kept beside the
dataset in the cache (:func:`careerpath.data.cache.companion`), so a look-up in a fresh process
does not fold 57,000 names again.
"""

from __future__ import annotations

import weakref
from array import array
from bisect import bisect_left
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from careerpath.data.text import normalize
from careerpath.errors import (
    AmbiguousName,
    AmbiguousRole,
    AmbiguousSkill,
    UnknownName,
    UnknownRole,
    UnknownSkill,
)

if TYPE_CHECKING:
    from careerpath.data.ladder import Ladder
    from careerpath.data.models import Role, Skill

MAX_QUERY_LENGTH = 200

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

ACRONYMS: dict[str, tuple[str, ...]] = {
    "cx": ("customer", "experience"),
    "csm": ("customer", "success", "manager"),
    "vp": ("vice", "president"),
    "it": ("information", "technology"),
    "hr": ("human", "resource"),
    "qa": ("quality", "assurance"),
}
"""Acronyms of several words. A name holding the words also answers to the acronym and the
other way round, as a word match; an acronym never makes an exact match, so a dataset's own
alias (the built-in ladder calls its customer service manager "CSM") wins over the reading."""

STOP_WORDS = frozenset(
    {"of", "and", "the", "for", "a", "an", "in", "at", "to", "og", "av", "i", "ja"}
)
"""Small words left out of names and queries (English, Norwegian, Finnish)."""

EXACT_TITLE, EXACT_ALIAS, TITLE_WORDS, ALIAS_WORDS, PARTIAL = 5, 4, 3, 2, 1
KIND_ID, KIND_TITLE, KIND_ALIAS = 0, 1, 2
KIND_NAMES = ("id", "title", "alias")

_MIN_PART = 4
"""Fewest letters a typed word needs to match inside a compound word rather than at its start."""


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


def fold_word(word: str) -> str:
    """One normalized word folded: abbreviation, then plural, then abbreviation again."""
    word = ABBREVIATIONS.get(word, word)
    return ABBREVIATIONS.get(_singular(word), _singular(word))


def fold(text: str) -> list[str]:
    """The folded words of *text* that count for matching (small words left out unless
    there is nothing else)."""
    words = [fold_word(word) for word in normalize(text).split()]
    kept = [word for word in words if word not in STOP_WORDS]
    return kept or words


def _key(words: Iterable[str]) -> str:
    return " ".join(sorted(words))


def _virtual_words(words: Sequence[str]) -> set[str]:
    """Words a name answers to through an acronym: "cx" for "customer experience" and back."""
    extra: set[str] = set()
    joined = " " + " ".join(words) + " "
    for acronym, expansion in ACRONYMS.items():
        if acronym in words:
            extra.update(expansion)
        if " " + " ".join(expansion) + " " in joined:
            extra.add(acronym)
    return extra - set(words)


@dataclass(frozen=True)
class Match:
    """One thing found by a search, through its best-matching name."""

    id: str
    tier: int
    complete: bool
    """Every word of the name is matched: "cust serv rep" covers *Customer Service
    Representative* but not *Senior Customer Service Representative*."""
    exact_words: int
    kind: str
    """"id", "title" or "alias": the kind of name that matched."""
    name: str
    """The name that matched, as the data file spells it."""
    size: int
    """Words in that name: fewer is a tighter match (orders lists, never breaks a tie)."""

    @property
    def rank(self) -> tuple[int, bool, int, bool]:
        """Higher is better; equal ranks of the best matches are a tie."""
        return self.tier, self.complete, self.exact_words, self.kind != "alias"


IndexData = tuple[  # a tuple, as marshal stores it
    list[str],  # ids
    str,  # every name's text, separated by NUL
    bytes,  # where each name's text starts in it (array "I", one more than the names)
    bytes,  # owner of each name: an index into ids (array "I")
    bytes,  # kind of each name (array "B")
    bytes,  # folded words of each name (array "B", at most 255)
    str,  # every exact key (a name's folded words, sorted), in order, separated by NUL
    bytes,  # where each exact key starts in it (array "I", one more than the keys)
    bytes,  # the name with each exact key, or SHARED + an index into the next (array "I")
    bytes,  # the names of the keys several names share, one run after another (array "I")
    bytes,  # where each shared key's run starts (array "I", one more than those keys)
    list[str],  # vocabulary, sorted
    list[bytes],  # names holding each word (array "I"): name * 2 + 1 when through an acronym
]
"""An index as plain values :mod:`marshal` stores and loads fast: columns, posting lists and
the sorted exact keys are packed strings and arrays, searched (bisected) where they lie, not
unpacked into tens of thousands of objects when a process starts."""

SHARED = 1 << 31


def build_index(
    entries: Iterable[tuple[str, Iterable[str], Iterable[str]]], *, ids: bool = True
) -> IndexData:
    """The index of *entries*: (id, titles, aliases); with *ids*, each id is a name too."""
    owned: list[str] = []
    texts: list[str] = []
    owners = array("I")
    kinds = array("B")
    sizes = array("B")
    exact: dict[str, list[int]] = {}
    postings: dict[str, list[int]] = {}
    for ident, titles, aliases in entries:
        owner = len(owned)
        owned.append(ident)
        # Titles first: an id that reads like a title shows the title as what matched.
        named = [(KIND_TITLE, title) for title in titles]
        if ids:
            named.append((KIND_ID, ident.replace("-", " ").replace("_", " ")))
        named += [(KIND_ALIAS, alias) for alias in aliases]
        seen: set[tuple[int, str]] = set()
        for kind, text in named:
            raw = normalize(text).split()
            words = [fold_word(word) for word in raw]
            kept = [word for word in words if word not in STOP_WORDS] or words
            if not kept or (kind, " ".join(kept)) in seen:
                continue
            seen.add((kind, " ".join(kept)))
            number = len(texts)
            texts.append(text.replace("\0", " "))
            owners.append(owner)
            kinds.append(kind)
            sizes.append(min(len(kept), 255))
            exact.setdefault(_key(kept), []).append(number)
            real = set(kept) | {word for word in raw if word not in STOP_WORDS}
            for word in real:
                postings.setdefault(word, []).append(number * 2)
            for word in _virtual_words(kept):
                postings.setdefault(word, []).append(number * 2 + 1)
    keys = sorted(exact)
    holders = array("I")
    shared, starts = array("I"), array("I", [0])
    for key in keys:
        if len(exact[key]) == 1:
            holders.append(exact[key][0])
        else:
            holders.append(SHARED + len(starts) - 1)
            shared.extend(exact[key])
            starts.append(len(shared))
    vocabulary = sorted(postings)
    return (
        owned,
        "\0".join(texts),
        _offsets(texts).tobytes(),
        owners.tobytes(),
        kinds.tobytes(),
        sizes.tobytes(),
        "\0".join(keys),
        _offsets(keys).tobytes(),
        holders.tobytes(),
        shared.tobytes(),
        starts.tobytes(),
        vocabulary,
        [array("I", postings[word]).tobytes() for word in vocabulary],
    )


def _offsets(texts: list[str]) -> array[int]:
    """Where each of *texts* starts once joined by one separator, and where the last ends."""
    offsets = array("I", [0])
    for text in texts:
        offsets.append(offsets[-1] + len(text) + 1)
    return offsets


def _unpack(code: str, packed: bytes) -> array[int]:
    values = array(code)
    values.frombytes(packed)
    return values


class NameIndex:
    """Finds things by any of their names (see the module's docstring for the rules)."""

    unknown: type[UnknownName] = UnknownName
    ambiguous: type[AmbiguousName] = AmbiguousName

    def __init__(self, data: IndexData, display: Callable[[str], str] | None = None) -> None:
        """*data* from :func:`build_index`; *display* gives the title shown for an id."""
        ids, texts, offsets, owners, kinds, sizes, keys, key_offsets, holders = data[:9]
        shared, starts, vocabulary, postings = data[9:]
        self.ids = ids
        self._texts = texts
        self._offsets = _unpack("I", offsets)
        self.owners = _unpack("I", owners)
        self.kinds = _unpack("B", kinds)
        self.sizes = _unpack("B", sizes)
        self._keys = keys
        self._key_offsets = _unpack("I", key_offsets)
        self._holders = _unpack("I", holders)
        self._shared = _unpack("I", shared)
        self._starts = _unpack("I", starts)
        self.vocabulary = vocabulary
        self.postings = postings
        self.display = display or (lambda ident: ident)
        self._fuzzy_keys: list[str] | None = None

    def text(self, name: int) -> str:
        """The text of name number *name*, as the data file spells it."""
        return self._texts[self._offsets[name] : self._offsets[name + 1] - 1]

    def _exact_key(self, number: int) -> str:
        return self._keys[self._key_offsets[number] : self._key_offsets[number + 1] - 1]

    def names_for(self, key: str) -> list[int]:
        """The names whose folded words are those of *key* (a binary search of the keys)."""
        low, high = 0, len(self._holders)
        while low < high:
            middle = (low + high) // 2
            if self._exact_key(middle) < key:
                low = middle + 1
            else:
                high = middle
        if low == len(self._holders) or self._exact_key(low) != key:
            return []
        held = self._holders[low]
        if held < SHARED:
            return [held]
        run = held - SHARED
        return list(self._shared[self._starts[run] : self._starts[run + 1]])

    @property
    def titles(self) -> dict[str, str]:
        """Display title of every id (for callers of the former index)."""
        return {ident: self.display(ident) for ident in self.ids}

    # -- searching ---------------------------------------------------------------------------

    def search(self, query: str, *, words: bool = True) -> list[Match]:
        """Everything *query* matches, best first (one match per id, its best name).

        With *words* false, only exact matches are looked for when there are any.
        """
        if len(query) > MAX_QUERY_LENGTH:
            return []
        typed = fold(query)
        if not typed:
            return []
        best: dict[int, Match] = {}
        for name in self.names_for(_key(typed)):
            kind = self.kinds[name]
            tier = EXACT_ALIAS if kind == KIND_ALIAS else EXACT_TITLE
            self._keep(best, name, tier, len(typed), complete=True)
        if words or not best:
            distinct = len(set(typed))
            # As typed, too: "tech" folds to "technician" but also starts "technology".
            spelled = {fold_word(word): word for word in normalize(query).split()}
            unfolded = {folded: raw for folded, raw in spelled.items() if folded != raw}
            for name, tier, exact_words in self._word_matches(typed, unfolded):
                complete = distinct >= self.sizes[name]
                self._keep(best, name, tier, exact_words, complete=complete)
        return sorted(best.values(), key=self._order)

    def _order(self, match: Match) -> tuple[Any, ...]:
        tier, complete, exact_words, title_first = match.rank
        ranked = (-tier, -complete, -exact_words, -title_first)
        return *ranked, match.size, self.display(match.id), match.id

    def _keep(
        self, best: dict[int, Match], name: int, tier: int, exact_words: int, *, complete: bool
    ) -> None:
        owner = self.owners[name]
        kind = KIND_NAMES[self.kinds[name]]
        text, size = self.text(name), self.sizes[name]
        found = Match(self.ids[owner], tier, complete, exact_words, kind, text, size)
        held = best.get(owner)
        if held is None or (found.rank, -found.size) > (held.rank, -held.size):
            best[owner] = found

    def _word_matches(
        self, typed: list[str], unfolded: dict[str, str] | None = None
    ) -> list[tuple[int, int, int]]:
        """(name, tier, exact words) of every name in which each typed word matches a word.

        *unfolded* gives, for a word that an abbreviation or plural folded, the word as typed,
        which may also match by its start.
        """
        per_word: list[dict[int, int]] = []
        for word in dict.fromkeys(typed):
            quality = self._names_with(word)
            raw = unfolded.get(word) if unfolded else None
            if raw is not None:
                for name, value in self._names_with(raw).items():
                    quality[name] = max(quality.get(name, 0), min(value, 2))
            if not quality:
                return []
            per_word.append(quality)
        per_word.sort(key=len)
        common = set(per_word[0])
        for quality in per_word[1:]:
            common.intersection_update(quality)
            if not common:
                return []
        found = []
        for name in common:
            qualities = [quality[name] for quality in per_word]
            exact_words = sum(1 for q in qualities if q == 3)
            if min(qualities) >= 2:
                tier = ALIAS_WORDS if self.kinds[name] == KIND_ALIAS else TITLE_WORDS
            else:
                tier = PARTIAL
            found.append((name, tier, exact_words))
        return found

    def _names_with(self, word: str) -> dict[int, int]:
        """Names holding a word *word* matches: 3 the whole word, 2 its start, the end of a
        compound or an acronym, 1 inside a compound."""
        quality: dict[int, int] = {}
        vocabulary, postings = self.vocabulary, self.postings

        def add(position: int, score: int) -> None:
            for entry in _unpack("I", postings[position]):
                name, through_acronym = entry >> 1, entry & 1
                value = min(score, 2) if through_acronym else score
                if quality.get(name, 0) < value:
                    quality[name] = value

        start = bisect_left(vocabulary, word)
        position = start
        while position < len(vocabulary) and vocabulary[position].startswith(word):
            add(position, 3 if vocabulary[position] == word else 2)
            position += 1
        if len(word) >= _MIN_PART:
            shortest = len(word) + 3  # a compound: the word plus at least three letters
            for position, known in enumerate(vocabulary):
                if len(known) >= shortest and word in known and not known.startswith(word):
                    add(position, 2 if known.endswith(word) else 1)
        return quality

    # -- resolving ---------------------------------------------------------------------------

    def find(self, query: str) -> str:
        """The id *query* names.

        Raises the index's ``unknown`` error (with suggestions) when nothing matches and its
        ``ambiguous`` error (with every tied candidate) when several things match equally well.
        """
        shown = query if len(query) <= 60 else query[:57] + "..."
        matches = self.search(query, words=False)
        if not matches:
            if len(query) > MAX_QUERY_LENGTH or not fold(query):
                raise self.unknown(shown)
            raise self.unknown(shown, self.suggest(query))
        top = [match for match in matches if match.rank == matches[0].rank]
        if len(top) == 1:
            return top[0].id
        raise self.ambiguous(shown, [(match.id, self.display(match.id)) for match in top])

    def suggest(self, query: str, limit: int = 3) -> list[str]:
        """Titles of the things closest to a misspelled *query*, closest first."""
        from rapidfuzz import fuzz, process

        typed = fold(query)
        if not typed:
            return []
        if self._fuzzy_keys is None:
            self._fuzzy_keys = self._keys.split("\0")
        found: list[str] = []
        # Each word put right on its own ("koordinatori", "tiimijohtja", "custmer sucess"),
        # then searched as if typed so: the best of those first.
        corrected = self._corrected_words(typed, process, fuzz)
        if corrected is not None:
            found.extend(match.id for match in self.search(" ".join(corrected))[:limit])
        # Then whole names spelled alike: "custome servce representativ".
        scores: dict[int, float] = {}
        for key, score, _ in process.extract(
            _key(typed), self._fuzzy_keys, scorer=fuzz.token_sort_ratio, limit=20, score_cutoff=70
        ):
            for name in self.names_for(key):
                owner = self.owners[name]
                scores[owner] = max(scores.get(owner, 0.0), score)
        ranked = sorted(scores, key=lambda owner: (-scores[owner], self.display(self.ids[owner])))
        found.extend(self.ids[owner] for owner in ranked)
        return [self.display(ident) for ident in dict.fromkeys(found)][:limit]

    def _corrected_words(self, typed: list[str], process: Any, fuzz: Any) -> list[str] | None:
        """*typed* with each word that matches nothing replaced by the closest known word, or
        by the closest compound part; None when some word is too far from every known one."""
        corrected = []
        for word in typed:
            if self._names_with(word):
                corrected.append(word)
                continue
            found = process.extractOne(word, self.vocabulary, scorer=fuzz.ratio, score_cutoff=75)
            if found is None and len(word) >= _MIN_PART:
                # The end of a compound: compare the word with each known word's last letters.
                ends = [known[-len(word) - 2 :] for known in self.vocabulary]
                hit = process.extractOne(word, ends, scorer=fuzz.ratio, score_cutoff=80)
                if hit is not None:
                    found = (self.vocabulary[hit[2]], hit[1], hit[2])
            if found is None:
                return None
            corrected.append(found[0])
        return corrected


class RoleIndex(NameIndex):
    unknown = UnknownRole
    ambiguous = AmbiguousRole


class SkillIndex(NameIndex):
    unknown = UnknownSkill
    ambiguous = AmbiguousSkill


CACHED_INDEX_NAMES = 2_000
"""Datasets with at least this many role names keep their index in the dataset cache."""

_ROLE_DATA: weakref.WeakKeyDictionary[Ladder, IndexData] = weakref.WeakKeyDictionary()
_SKILL_DATA: weakref.WeakKeyDictionary[Ladder, IndexData] = weakref.WeakKeyDictionary()


def _role_entries(ladder: Ladder) -> Iterable[tuple[str, list[str], list[str]]]:
    return ((r.id, r.title.all(), [*r.aliases, *r.hidden_names]) for r in ladder.roles.values())


def role_index_data(ladder: Ladder) -> IndexData:
    """The language-independent index of every role name, built once per dataset."""
    data = _ROLE_DATA.get(ladder)
    if data is None:
        names = sum(
            len(role.aliases) + len(role.hidden_names) + 1 for role in ladder.roles.values()
        )
        if names >= CACHED_INDEX_NAMES:
            from careerpath.data.cache import companion

            data = companion(ladder, "names", lambda: build_index(_role_entries(ladder)))
        else:
            data = build_index(_role_entries(ladder))
        _ROLE_DATA[ladder] = data
    return data


def role_index(ladder: Ladder, lang: str = "en") -> RoleIndex:
    """An index of every role by id, titles in every language and aliases."""
    roles = ladder.roles
    return RoleIndex(role_index_data(ladder), lambda ident: roles[ident].title.get(lang))


def skill_index(ladder: Ladder, lang: str = "en") -> SkillIndex:
    """An index of every skill by id, names in every language and aliases."""
    data = _SKILL_DATA.get(ladder)
    if data is None:
        entries = ((s.id, s.name.all(), list(s.aliases)) for s in ladder.skills.values())
        names = sum(len(skill.aliases) + 1 for skill in ladder.skills.values())
        if names >= CACHED_INDEX_NAMES:  # ESCO's skills have labels by the hundred thousand
            from careerpath.data.cache import companion

            data = companion(ladder, "skill-names", lambda: build_index(entries))
        else:
            data = build_index(entries)
        _SKILL_DATA[ladder] = data
    skills = ladder.skills
    return SkillIndex(data, lambda ident: skills[ident].name.get(lang))


def find_role(ladder: Ladder, query: str, lang: str = "en") -> Role:
    """The role *query* names; raises UnknownRole or AmbiguousRole."""
    exact = ladder.roles.get(query)
    if exact is not None:  # an id needs no index of every name
        return exact
    return ladder.roles[role_index(ladder, lang).find(query)]


def find_skill(ladder: Ladder, query: str, lang: str = "en") -> Skill:
    """The skill *query* names; raises UnknownSkill or AmbiguousSkill."""
    exact = ladder.skills.get(query)
    if exact is not None:
        return exact
    return ladder.skills[skill_index(ladder, lang).find(query)]
