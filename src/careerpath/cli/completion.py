"""What a shell offers when a role or skill is half typed (``careerpath show cus<Tab>``).

Offered are ids, which every command accepts, and the one-word names (a title in any language
or an alias, such as ``asiakaspalvelupäällikkö`` or ``CSM``): what a shell inserts must be one
word, and it must begin with exactly what was typed (Typer drops anything else), so a name is
offered with the typed part kept as typed, in lower case after a lower-case beginning
(``csm`` for ``cs<Tab>``; names match in any case).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from careerpath.data.ladder import Ladder


def _completed(typed: str, candidate: str) -> str | None:
    """*candidate* as the completion of *typed*, or None when it does not begin so."""
    if candidate.startswith(typed):
        return candidate
    lower = candidate.lower()
    if len(lower) == len(candidate) and lower.startswith(typed.lower()):
        rest = candidate[len(typed) :]
        return typed + (rest.lower() if typed == typed.lower() else rest)
    return None


def _matches(typed: str, things: Iterable[tuple[str, str, list[str]]]) -> Iterator[tuple[str, str]]:
    # things: (id, title shown as the completion's help, every name it answers to)
    for ident, title, names in things:
        candidates = [ident]
        if typed:  # an empty word gets the ids only: names would triple the list
            candidates += [name for name in names if name.split() == [name]]
        for candidate in candidates:
            value = _completed(typed, candidate)
            if value is not None:
                yield value, title


def _unique(found: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    kept: dict[str, str] = {}
    for value, title in found:
        kept.setdefault(value, title)
    return sorted(kept.items())


def role_completions(ladder: Ladder, typed: str, lang: str = "en") -> list[tuple[str, str]]:
    """(value, title) for every role id or one-word role name that begins with *typed*."""
    titles = {head.id: head.title(lang) for head in ladder.role_heads()}
    names = ladder.role_name_entries()  # the roles themselves are not read
    return _unique(
        _matches(
            typed,
            (
                (ident, titles[ident], [*every, *aliases, *hidden])
                for ident, every, aliases, hidden in names
            ),
        )
    )


def skill_completions(ladder: Ladder, typed: str, lang: str = "en") -> list[tuple[str, str]]:
    """Completions of a ``--have`` value such as ``communication=3,lea``.

    The skill after the last comma is completed (to an id or a one-word name), the text
    before it kept; nothing is offered once its level is being typed (after ``=``).
    """
    done, comma, part = typed.rpartition(",")
    if "=" in part:
        return []
    stripped = part.lstrip()
    prefix = done + comma + part[: len(part) - len(stripped)]
    shown = ladder.skill_names_in(lang)
    skills = (
        (skill_id, shown[skill_id], [*every, *aliases])
        for skill_id, every, aliases in ladder.skill_name_entries()
    )
    return [(prefix + value, name) for value, name in _unique(_matches(stripped, skills))]
