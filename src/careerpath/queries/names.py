"""Turn what a user types into a role or a skill, the way a good search box does.

A name is folded before it is compared: case, diacritics, punctuation and Unicode normal form
go (``normalize``), British spellings read as American ones (``american``), English plurals
fold to the singular, a few common abbreviations fold to the word they stand for
(``ABBREVIATIONS``), common forms are spelled out ("helpdesk" is "help desk", ``COMMON_FORMS``
and ``PHRASES``), and small words such as "of" and "for" are left out. Then, best first:

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

Within a level, a name scores a point for each typed word that is a whole word of it and one
more when it has no other words ("cust serv rep" is *Customer Service Representative*, 2
points, not *Senior Customer Service Representative*, 1); among exact aliases, a role whose
own title holds every typed word wins. A role ranks as its best-matching name. Roles of the
same level, title support and points match about as well (:attr:`Match.standing`): they are
listed, never chosen between. Generic job words (``JOB_WORDS``) found only at the end of
longer aliases are offered, not opened. When nothing matches, RapidFuzz finds the names
closest to a misspelling for a "did you mean".

The folding rules live in :mod:`careerpath.queries.name_words`, the packed index in
:mod:`careerpath.queries.name_index`. An index of every name is built once per dataset; for a
large dataset it is kept beside the dataset in the cache
(:func:`careerpath.data.cache.companion`), so a look-up in a fresh process does not fold
57,000 names again.
"""

from __future__ import annotations

import marshal
import weakref
from array import array
from bisect import bisect_right
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import cached_property
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
from careerpath.queries.name_index import (
    KIND_ALIAS,
    KIND_HIDDEN,
    KIND_NAMES,
    SHARED,
    IndexData,
    unpack,
)
from careerpath.queries.name_index import build_index as build_index
from careerpath.queries.name_words import JOB_WORDS, STOP_WORDS, fold_word, name_key
from careerpath.queries.name_words import fold as fold

if TYPE_CHECKING:
    from careerpath.data.ladder import Ladder
    from careerpath.data.records import Role, Skill

MAX_QUERY_LENGTH = 200

EXACT_TITLE, EXACT_ALIAS, TITLE_WORDS, ALIAS_WORDS, PARTIAL = 5, 4, 3, 2, 1

_MIN_PART = 4
"""Fewest letters a typed word needs to match inside a compound word rather than at its start."""


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
    title_too: bool = False
    """An exact alias whose words are all whole words of one of the role's own titles too
    ("System Admin" of *Network and Computer Systems Administrators*)."""
    hidden: bool = False
    """The name is one of the role's hidden search names (ESCO's hidden labels): never shown."""
    broader: bool = False
    """The typed words are generic job words (:data:`JOB_WORDS`) that are only the last words
    of a longer alias ("team leader" of "field survey team leader"): they name a broader job
    than that role."""

    @property
    def points(self) -> int:
        """One for each typed word that is a whole word of the name, one more when the name
        has no other words."""
        return self.exact_words + self.complete

    @property
    def standing(self) -> tuple[int, bool, int]:
        """What decides between roles: equal standings match about as well (a tie)."""
        return self.tier, self.title_too, self.points

    @cached_property
    def rank(self) -> tuple[int, bool, int, bool, bool]:
        """Higher is better: the standing, then a complete name, then a title before an
        alias (these two only order a list). (Computed once: a search compares it often.)"""
        return *self.standing, self.complete, self.kind != "alias"

    @property
    def exact(self) -> bool:
        """Found by an exact id, title or alias (no note needed to say which name matched)."""
        return self.tier >= EXACT_ALIAS


def _first_not_before(item: Callable[[int], str], count: int, wanted: str) -> int:
    """The first of *count* sorted texts (number *n* is ``item(n)``) not before *wanted*, or
    *count* (a binary search, as :func:`bisect.bisect_left` of a list)."""
    low, high = 0, count
    while low < high:
        middle = (low + high) // 2
        if item(middle) < wanted:
            low = middle + 1
        else:
            high = middle
    return low


def _better(found: Match, held: Match | None) -> bool:
    """Whether *found* is a better name of its role than the one *held* (a role is found by
    its best name; among equals, the shorter, then the first)."""
    return held is None or (found.rank, -found.size) > (held.rank, -held.size)


def _exact_match(ident: str, kind: int, text: str, size: int, words: int) -> Match:
    """The match of a name whose folded words are exactly the *words* typed."""
    tier = EXACT_ALIAS if kind >= KIND_ALIAS else EXACT_TITLE
    hidden = kind == KIND_HIDDEN
    return Match(ident, tier, True, words, KIND_NAMES[kind], text, size, hidden=hidden)


class NameIndex:
    """Finds things by any of their names (see the module's docstring for the rules)."""

    unknown: type[UnknownName] = UnknownName
    ambiguous: type[AmbiguousName] = AmbiguousName

    def __init__(self, data: IndexData, display: Callable[[str], str] | None = None) -> None:
        """*data* from :func:`build_index`; *display* gives the title shown for an id."""
        ids, texts, offsets, owners, kinds, sizes, keys, key_offsets, holders = data[:9]
        shared, starts, words, word_offsets, postings, runs, key_of = data[9:]
        self.ids = ids
        self._texts = texts
        self._offsets = unpack("I", offsets)
        self.owners = unpack("I", owners)
        self.kinds = unpack("B", kinds)
        self.sizes = unpack("B", sizes)
        self._keys = keys
        self._key_offsets = unpack("I", key_offsets)
        self._holders = unpack("I", holders)
        self._shared = unpack("I", shared)
        self._starts = unpack("I", starts)
        self._words = words
        self._word_offsets = unpack("I", word_offsets)
        self._postings = unpack("I", postings)
        self._runs = unpack("I", runs)
        self._vocabulary: list[str] | None = None
        self._key_of = unpack("I", key_of)
        self.display = display or (lambda ident: ident)
        self._fuzzy_keys: list[str] | None = None

    @property
    def vocabulary(self) -> list[str]:
        """Every word of a name, sorted (made a list when first asked: a misspelling's
        suggestions compare with each)."""
        if self._vocabulary is None:
            self._vocabulary = self._words.split("\n") if self._words else []
        return self._vocabulary

    def word(self, position: int) -> str:
        """Word number *position* of the vocabulary."""
        return self._words[self._word_offsets[position] : self._word_offsets[position + 1] - 1]

    def posting(self, position: int) -> array[int]:
        """The names holding word number *position* (name * 2, + 1 when through an acronym)."""
        return self._postings[self._runs[position] : self._runs[position + 1]]

    def text(self, name: int) -> str:
        """The text of name number *name*, as the data file spells it."""
        return self._texts[self._offsets[name] : self._offsets[name + 1] - 1]

    def folded(self, name: int) -> list[str]:
        """The folded words of name number *name* (``fold`` of its text, in key order)."""
        return self._exact_key(self._key_of[name]).split(" ")

    def _exact_key(self, number: int) -> str:
        return self._keys[self._key_offsets[number] : self._key_offsets[number + 1] - 1]

    def names_for(self, key: str) -> list[int]:
        """The names whose folded words are those of *key* (a binary search of the keys)."""
        low = _first_not_before(self._exact_key, len(self._holders), key)
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

        With *words* false, only exact matches are looked for when there are any (and words
        only as far as they tell exact aliases of several roles apart).
        """
        if len(query) > MAX_QUERY_LENGTH:
            return []
        typed = fold(query)
        if not typed:
            return []
        best: dict[int, Match] = {}
        for name in self.names_for(name_key(typed)):
            kind = self.kinds[name]
            tier = EXACT_ALIAS if kind >= KIND_ALIAS else EXACT_TITLE
            self._keep(best, name, tier, len(typed), complete=True)
        aliased = [owner for owner, match in best.items() if match.tier == EXACT_ALIAS]
        shared = len(aliased) > 1 and len(aliased) == len(best)
        if not (words or shared or not best):
            self._prefetch(best)
            return sorted(best.values(), key=self._order)
        distinct = len(set(typed))
        # As typed, too: "tech" folds to "technician" but also starts "technology".
        spelled = {fold_word(word): word for word in normalize(query).split()}
        unfolded = {folded: raw for folded, raw in spelled.items() if folded != raw}
        found = self._word_matches(typed, unfolded)
        # An exact alias that a role's own title confirms (every typed word a whole word of
        # it) beats the same alias of a role whose title does not.
        confirmed = {
            self.owners[name]
            for name, tier, exact_words in found
            if tier == TITLE_WORDS and exact_words == distinct
        }
        for owner in aliased:
            if owner in confirmed:
                best[owner] = replace(best[owner], title_too=True)
        if words or not best:
            for name, tier, exact_words in found:
                complete = distinct >= self.sizes[name]
                if tier != PARTIAL:
                    tier, exact_words, complete = self._compounds(
                        name, typed, tier, exact_words, complete
                    )
                self._keep(best, name, tier, exact_words, complete=complete)
        self._prefetch(best)
        ranked = sorted(best.values(), key=self._order)
        if ranked and ranked[0].tier <= ALIAS_WORDS and JOB_WORDS.issuperset(typed):
            # Only the best (those a look-up would choose between) need to know whether
            # generic job words end a longer alias of theirs.
            top = {match.id for match in ranked if match.standing == ranked[0].standing}
            self._mark_broader(best, found, top, typed)
            ranked = sorted(best.values(), key=self._order)
        return ranked

    def _compounds(
        self, name: int, typed: list[str], tier: int, exact_words: int, complete: bool
    ) -> tuple[int, int, bool]:
        """(tier, exact words, complete) of a match, with compounds read as their words.

        Typed words that together spell a compound of *name* are each a whole word of it
        ("kundeservice spesialist" and *Kundeservicespesialist*). A word matched only as the
        end of compounds is a whole word of each, as "manager" is of *Customer Service
        Manager*, and like it leaves the name's other words untyped: "leder" names
        *Kundeserviceleder* and *Teamleder for kundeservice* alike, by title or other name.
        """
        parts = list(dict.fromkeys(typed))
        if len(parts) == 1:  # one word (most searches): does a word of the name start with it?
            spaced = " " + self._exact_key(self._key_of[name])
            if spaced.find(" " + parts[0]) == -1:
                return TITLE_WORDS, 1, False
            return tier, exact_words, complete
        words = self.folded(name)
        if {"".join(parts), "".join(reversed(parts))} & set(words):
            return tier, len(parts), complete
        if all(not any(word.startswith(part) for word in words) for part in parts):
            return TITLE_WORDS, len(parts), False
        return tier, exact_words, complete

    def _mark_broader(
        self,
        best: dict[int, Match],
        found: list[tuple[int, int, int]],
        top: set[str],
        typed: list[str],
    ) -> None:
        """Mark each role of *top* found only through the last words of longer aliases as
        broader; an alias of the same standing that is not keeps the role (and is the name
        shown)."""
        words = set(typed)
        same: dict[int, list[int]] = {}
        for name, tier, exact_words in found:
            owner = self.owners[name]
            held = best[owner]
            if (
                held.id in top
                and held.kind == "alias"
                and not held.complete
                and self.kinds[name] >= KIND_ALIAS
                and (tier, exact_words) == (held.tier, held.exact_words)
                and len(words) < self.sizes[name]
            ):
                same.setdefault(owner, []).append(name)
        for owner, names in same.items():
            held = best[owner]
            narrow = [name for name in names if not self._broader(name, words)]
            if not narrow:
                best[owner] = replace(held, broader=True)
            elif held.name not in {self.text(name) for name in narrow}:
                name = min(narrow, key=lambda number: self.sizes[number])
                best[owner] = replace(held, name=self.text(name), size=self.sizes[name])

    def _broader(self, name: int, typed: set[str]) -> bool:
        """Whether the *typed* words are only the last words of the longer name *name*."""
        words = fold(self.text(name).split("(")[0])
        if len(words) <= len(typed):
            return False
        tail = words[-len(typed) :]
        return all(any(word.startswith(part) for word in tail) for part in typed)

    def _prefetch(self, best: dict[int, Match]) -> None:
        """Let the titles shown (which order matches alike) be read at once for many."""
        prefetch = getattr(self.display, "prefetch", None)
        if prefetch is not None and len(best) > 1:
            prefetch([match.id for match in best.values()])

    def _order(self, match: Match) -> tuple[Any, ...]:
        ranked = tuple(-part for part in match.rank)
        return *ranked, match.size, self.display(match.id), match.id

    def exact_rows(self) -> Iterator[tuple[str, bytes]]:
        """Per exact key, the names that fold to it (owner id, kind, text, words), in the
        order :meth:`names_for` gives them: the rows of the keyed names (:func:`exact_role`)."""
        for number, key in enumerate(self._keys.split("\0")):
            held = self._holders[number]
            if held < SHARED:
                names: Sequence[int] = [held]
            else:
                run = held - SHARED
                names = self._shared[self._starts[run] : self._starts[run + 1]]
            yield (
                key,
                marshal.dumps(
                    [
                        (
                            self.ids[self.owners[name]],
                            self.kinds[name],
                            self.text(name),
                            self.sizes[name],
                        )
                        for name in names
                    ]
                ),
            )

    def _keep(
        self, best: dict[int, Match], name: int, tier: int, exact_words: int, *, complete: bool
    ) -> None:
        owner = self.owners[name]
        code, size = self.kinds[name], self.sizes[name]
        held = best.get(owner)
        if held is not None:  # no Match made for a name no better than the one held
            rank = (tier, False, exact_words + complete, complete, code < KIND_ALIAS)
            if (rank, -size) <= (held.rank, -held.size):
                return
        kind, text, hidden = KIND_NAMES[code], self.text(name), code == KIND_HIDDEN
        found = Match(self.ids[owner], tier, complete, exact_words, kind, text, size, hidden=hidden)
        if _better(found, held):
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
        if len(per_word) == 1:  # one word (most searches): its quality is the name's
            (only,) = per_word
            kinds = self.kinds
            for name in common:
                value = only[name]
                if value >= 2:
                    tier = ALIAS_WORDS if kinds[name] >= KIND_ALIAS else TITLE_WORDS
                else:
                    tier = PARTIAL
                found.append((name, tier, 1 if value == 3 else 0))
            return found
        for name in common:
            qualities = [quality[name] for quality in per_word]
            exact_words = sum(1 for q in qualities if q == 3)
            if min(qualities) >= 2:
                tier = ALIAS_WORDS if self.kinds[name] >= KIND_ALIAS else TITLE_WORDS
            else:
                tier = PARTIAL
            found.append((name, tier, exact_words))
        return found

    def _names_with(self, word: str) -> dict[int, int]:
        """Names holding a word *word* matches: 3 the whole word, 2 its start, the end of a
        compound or an acronym, 1 inside a compound."""
        quality: dict[int, int] = {}
        postings, runs = self._postings, self._runs

        def add(position: int, score: int) -> None:
            for entry in postings[runs[position] : runs[position + 1]]:
                name, through_acronym = entry >> 1, entry & 1
                value = min(score, 2) if through_acronym else score
                if quality.get(name, 0) < value:
                    quality[name] = value

        count = len(self._word_offsets) - 1
        position = _first_not_before(self.word, count, word)
        while position < count and (known := self.word(position)).startswith(word):
            add(position, 3 if known == word else 2)
            position += 1
        if len(word) >= _MIN_PART and "\n" not in word:
            # Inside longer words: each place the word occurs in the vocabulary's text.
            shortest = len(word) + 3  # a compound: the word plus at least three letters
            offsets, text = self._word_offsets, self._words
            seen: set[int] = set()
            at = text.find(word)
            while at != -1:
                position = bisect_right(offsets, at) - 1
                if position not in seen:
                    seen.add(position)
                    known = self.word(position)
                    if len(known) >= shortest and not known.startswith(word):
                        add(position, 2 if known.endswith(word) else 1)
                at = text.find(word, at + 1)
        return quality

    # -- resolving ---------------------------------------------------------------------------

    def find(self, query: str) -> str:
        """The id *query* names (see :meth:`resolve`)."""
        return self.resolve(query).id

    def resolve(self, query: str) -> Match:
        """The one thing *query* names, with the name that matched.

        Raises the index's ``unknown`` error (with suggestions) when nothing matches, and its
        ``ambiguous`` error when several things match about as well (the same standing: the
        same tier, title support and points) or when the best are all found only through the
        last words of longer aliases (``broader``), listing them all.
        """
        shown = query if len(query) <= 60 else query[:57] + "..."
        matches = self.search(query, words=False)
        if not matches:
            if len(query) > MAX_QUERY_LENGTH or not fold(query):
                raise self.unknown(shown)
            raise self.unknown(shown, self.suggest(query))
        best = matches[0]
        top = [match for match in matches if match.standing == best.standing]
        broader = all(match.broader for match in top)
        if len(top) == 1 and not broader:
            return best
        raise self.ambiguous(
            shown,
            [(match.id, self.display(match.id)) for match in top],
            [self.shown_name(match) for match in top],
            broader=broader,
        )

    def shown_name(self, match: Match) -> str | None:
        """The name that matched, where it says more than the title shown (None for a hidden
        name, which is never shown)."""
        if match.hidden or match.kind == "id" or match.name == self.display(match.id):
            return None
        return match.name

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
            name_key(typed),
            self._fuzzy_keys,
            scorer=fuzz.token_sort_ratio,
            limit=20,
            score_cutoff=70,
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


def named_as_typed(query: str, match: Match) -> bool:
    """Whether *match* is what *query* says in so many words: an exact id or title, or an
    exact alias typed as the data spells it (case, accents, punctuation, small words and word
    order aside). Otherwise the caller should say which name matched."""
    if not match.exact:
        return False
    if match.kind != "alias":
        return True

    def words(text: str) -> list[str]:
        return sorted(word for word in normalize(text).split() if word not in STOP_WORDS)

    return words(query) == words(match.name)


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


EXACT_NAMES = "exact-names"
"""The kind of the keyed file (:mod:`careerpath.data.keyed`) that holds, per exact key, the
role names that fold to it: what a look-up by a whole name needs of the index."""


def _kept_index(ladder: Ladder, kind: str) -> bool:
    """Whether an index of *kind* is kept beside the dataset's store (only a large dataset's
    is: then there is no need to count its names to know it is large)."""
    from careerpath.data.cache import entry_of

    entry = entry_of(ladder)
    return entry is not None and entry.companion_path(kind).is_file()


def role_index_data(ladder: Ladder) -> IndexData:
    """The language-independent index of every role name, built once per dataset."""
    data = _ROLE_DATA.get(ladder)
    if data is None:
        if _kept_index(ladder, "names") or ladder.name_counts()[0] >= CACHED_INDEX_NAMES:
            from careerpath.data.cache import companion
            from careerpath.data.keyed import KeyedFile

            data = companion(ladder, "names", lambda: build_index(ladder.role_name_entries()))
            keyed = KeyedFile.of(ladder, EXACT_NAMES)
            if keyed is not None and not keyed.exists():
                keyed.write(NameIndex(data).exact_rows())
        else:
            data = build_index(ladder.role_name_entries())
        _ROLE_DATA[ladder] = data
    return data


def exact_role(ladder: Ladder, query: str) -> Match | None:
    """What the index of every role name would answer for *query* when its words are exactly
    those of one role's names, read from the dataset's keyed names (one indexed row, not the
    whole index); None when they are not, or the dataset keeps no keyed names: ask the index.
    """
    if len(query) > MAX_QUERY_LENGTH:
        return None
    typed = fold(query)
    if not typed:
        return None
    from careerpath.data.keyed import KeyedFile

    keyed = KeyedFile.of(ladder, EXACT_NAMES)
    body = None if keyed is None else keyed.get(name_key(typed))
    if body is None:
        return None
    try:
        rows = marshal.loads(body)
    except (ValueError, EOFError, TypeError):
        return None
    if len({row[0] for row in rows}) != 1:
        return None  # several roles: the index tells them apart, or lists them
    best: Match | None = None
    for ident, kind, text, size in rows:
        found = _exact_match(ident, kind, text, size, len(typed))
        if _better(found, best):
            best = found
    return best


def role_index(ladder: Ladder, lang: str = "en") -> RoleIndex:
    """An index of every role by id, titles in every language and aliases."""
    return RoleIndex(role_index_data(ladder), _TitleLookup(ladder, lang))


class _TitleLookup:
    """A role's title in one language by id: read one by one for a look-up that ranks a few
    roles, all at once (one query) for a search that ranks thousands."""

    ONE_BY_ONE = 40

    def __init__(self, ladder: Ladder, lang: str) -> None:
        self.ladder = ladder
        self.lang = lang
        self.asked = 0
        self.titles: dict[str, str] = {}
        self.whole = False

    def prefetch(self, idents: Collection[str]) -> None:
        """Read the titles of *idents* at once: a search is about to rank that many."""
        missing = [ident for ident in idents if ident not in self.titles]
        if len(missing) > self.ONE_BY_ONE and not self.whole:
            heads = self.ladder.role_heads(missing)
            self.titles.update((head.id, head.title(self.lang)) for head in heads)

    def __call__(self, ident: str) -> str:
        found = self.titles.get(ident)
        if found is not None:
            return found
        self.asked += 1
        if self.asked <= self.ONE_BY_ONE or self.whole:
            return self.ladder.role_title(ident, self.lang)
        self.whole = True
        self.titles = {head.id: head.title(self.lang) for head in self.ladder.role_heads()}
        return self.titles[ident]


def skill_index(ladder: Ladder, lang: str = "en") -> SkillIndex:
    """An index of every skill by id, names in every language and aliases."""
    data = _SKILL_DATA.get(ladder)
    if data is None:
        # ESCO's: by the hundred thousand
        if _kept_index(ladder, "skill-names") or ladder.name_counts()[1] >= CACHED_INDEX_NAMES:
            from careerpath.data.cache import companion

            data = companion(
                ladder, "skill-names", lambda: build_index(ladder.skill_name_entries())
            )
        else:
            data = build_index(ladder.skill_name_entries())
        _SKILL_DATA[ladder] = data
    skills = ladder.skills
    return SkillIndex(data, lambda ident: skills[ident].name.get(lang))


def find_role(ladder: Ladder, query: str, lang: str = "en") -> Role:
    """The role *query* names; raises UnknownRole or AmbiguousRole."""
    exact = ladder.roles.get(query)
    if exact is not None:  # an id needs no index of every name
        return exact
    named = exact_role(ladder, query)  # nor does a whole name of one role
    if named is not None:
        return ladder.roles[named.id]
    return ladder.roles[role_index(ladder, lang).find(query)]


def find_skill(ladder: Ladder, query: str, lang: str = "en") -> Skill:
    """The skill *query* names; raises UnknownSkill or AmbiguousSkill."""
    exact = ladder.skills.get(query)
    if exact is not None:
        return exact
    index = skill_index(ladder, lang)
    match = index.resolve(query)
    if match.exact:
        return ladder.skills[match.id]
    # A word that is only part of a skill's names ("skills", "management", "evner") must not
    # become that skill silently: the typed words name a skill only when each is a whole word
    # of one of its names, not all of them are generic words, and no other skill's name has
    # them all.
    typed = set(fold(query))
    whole = [
        found
        for found in index.search(query)
        if any(
            typed <= set(fold(name))
            for name in (*ladder.skills[found.id].name.all(), *ladder.skills[found.id].aliases)
        )
    ]
    specific = not typed <= _GENERIC_SKILL_WORDS
    if specific and len(whole) == 1 and whole[0].id == match.id:
        return ladder.skills[match.id]
    candidates = (whole or index.search(query))[:6]
    shown = query if len(query) <= 60 else query[:57] + "..."
    raise index.ambiguous(
        shown,
        [(found.id, index.display(found.id)) for found in candidates],
        [index.shown_name(found) for found in candidates],
        broader=len(whole) <= 1,
    )


_GENERIC_SKILL_WORDS = frozenset(
    fold_word(word)
    for word in (
        # words that say "a skill" or "a field" rather than which one
        *("skill", "skills", "ability", "abilities", "knowledge", "competence", "competency"),
        *("management", "proficiency", "mindset", "collaboration", "development"),
        *("taito", "taidot", "kyky", "osaaminen", "hallinta", "ajattelutapa"),
        *("ferdighet", "ferdigheter", "evne", "evner", "kompetanse", "kunnskap", "tankegang"),
    )
)
"""Typed alone, these words name no skill in particular: they ask which one is meant."""
