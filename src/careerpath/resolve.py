"""Turn what a user types into a role or a skill.

Matching ignores case, diacritics, punctuation and Unicode normal form, so
"asiakaspalvelupaallikko", "Asiakaspalvelupäällikkö" and its NFD spelling all find the same
role. A name matches when it is an id, a title in any language or an alias; failing that,
when the words typed appear together in one role's name ("team lead").
Misspellings get "did you mean" suggestions.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import TYPE_CHECKING

from careerpath.errors import (
    AmbiguousName,
    AmbiguousRole,
    AmbiguousSkill,
    UnknownName,
    UnknownRole,
    UnknownSkill,
)

if TYPE_CHECKING:
    from careerpath.ladder import Ladder
    from careerpath.models import Role, Skill

MAX_QUERY_LENGTH = 200

# Letters that Unicode does not decompose into a base letter plus a mark.
_FOLD = str.maketrans({"ø": "o", "æ": "ae", "œ": "oe", "đ": "d", "ł": "l", "ß": "ss", "ı": "i"})
_NON_WORD = re.compile(r"[^0-9a-z]+")


def normalize(text: str) -> str:
    """Fold *text* for matching: lower case, no diacritics, words separated by one space."""
    text = unicodedata.normalize("NFKD", text.casefold().translate(_FOLD))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return _NON_WORD.sub(" ", text.translate(_FOLD)).strip()


class NameIndex:
    """Finds things by any of their names."""

    unknown: type[UnknownName] = UnknownName
    ambiguous: type[AmbiguousName] = AmbiguousName

    def __init__(self, entries: Iterable[tuple[str, str, Iterable[str]]]) -> None:
        """*entries*: (id, display title, every name it answers to)."""
        self.titles: dict[str, str] = {}
        self.names: dict[str, set[str]] = {}
        for ident, title, names in entries:
            self.titles[ident] = title
            for name in (ident, ident.replace("-", " "), *names):
                key = normalize(name)
                if key:
                    self.names.setdefault(key, set()).add(ident)

    def find(self, query: str) -> str:
        """The id *query* names.

        Raises the index's ``unknown`` error (with suggestions) when nothing matches and its
        ``ambiguous`` error (with the candidates) when several things do.
        """
        shown = query if len(query) <= 60 else query[:57] + "..."
        if len(query) > MAX_QUERY_LENGTH:
            raise self.unknown(shown)
        key = normalize(query)
        if not key:
            raise self.unknown(shown)
        exact = self.names.get(key)
        if exact:
            return self._one(shown, exact)
        partial = self._word_matches(key)
        if partial:
            return self._one(shown, partial)
        raise self.unknown(shown, self.suggest(key))

    def _one(self, query: str, ids: set[str]) -> str:
        if len(ids) == 1:
            return next(iter(ids))
        ordered = sorted(ids, key=lambda i: (self.titles[i].casefold(), i))
        raise self.ambiguous(query, [(i, self.titles[i]) for i in ordered])

    def _word_matches(self, key: str) -> set[str]:
        pattern = re.compile(r"(?:^| )" + re.escape(key) + r"(?: |$)")
        return {i for name, ids in self.names.items() if pattern.search(name) for i in ids}

    def suggest(self, key: str, limit: int = 3) -> list[str]:
        """Titles close to a misspelled *key*."""
        import difflib

        close = difflib.get_close_matches(key, list(self.names), n=limit * 3, cutoff=0.6)
        titles: list[str] = []
        for name in close:
            for ident in sorted(self.names[name]):
                title = self.titles[ident]
                if title not in titles:
                    titles.append(title)
        return titles[:limit]


class RoleIndex(NameIndex):
    unknown = UnknownRole
    ambiguous = AmbiguousRole


class SkillIndex(NameIndex):
    unknown = UnknownSkill
    ambiguous = AmbiguousSkill


def role_index(ladder: Ladder, lang: str = "en") -> RoleIndex:
    """An index of every role by id, titles in every language and aliases."""
    return RoleIndex((r.id, r.title.get(lang), r.names()) for r in ladder.roles.values())


def skill_index(ladder: Ladder, lang: str = "en") -> SkillIndex:
    """An index of every skill by id, names in every language and aliases."""
    return SkillIndex(
        (s.id, s.name.get(lang), [*s.name.all(), *s.aliases]) for s in ladder.skills.values()
    )


def find_role(ladder: Ladder, query: str, lang: str = "en") -> Role:
    """The role *query* names; raises UnknownRole or AmbiguousRole."""
    exact = ladder.roles.get(query)
    if exact is not None:  # an id needs no index of every name
        return exact
    return ladder.roles[role_index(ladder, lang).find(query)]


def find_skill(ladder: Ladder, query: str, lang: str = "en") -> Skill:
    """The skill *query* names; raises UnknownSkill or AmbiguousSkill."""
    return ladder.skills[skill_index(ladder, lang).find(query)]
