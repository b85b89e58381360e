"""The exceptions careerpath's library raises for anything a user can cause.

Each holds the data of what went wrong and a :class:`~careerpath.messages.Message` (English,
with its template kept); the command line says it in the user's language on stderr and exits 1
(2 for a :class:`UsageError`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from careerpath.messages import _, joined, ngettext


class CareerpathError(Exception):
    """Base of every error a user can cause; its message is meant for that user."""

    @property
    def message(self) -> str:
        """What went wrong, as a message the output layer can say in any language."""
        return self.args[0] if self.args and isinstance(self.args[0], str) else str(self)


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a data or profile file, with where it is."""

    message: str
    file: str | None = None
    path: str = ""
    line: int | None = None
    column: int | None = None
    severity: str = "error"

    def where(self) -> str:
        """`file:line:column: path` with whatever parts are known."""
        parts = [self.file or "<data>"]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        location = ":".join(parts)
        return f"{location}: {self.path}" if self.path else location

    def __str__(self) -> str:
        return f"{self.where()}: {self.message}"

    def to_json(self) -> dict[str, object]:
        return {
            "severity": self.severity,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "path": self.path,
            "message": self.message,
        }


class InvalidDataset(CareerpathError):
    """A data file cannot be used; carries every problem found, each with its location."""

    what = "data"

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)

        count = len(self.problems)
        if self.what == "profile":
            message = ngettext(
                "invalid profile: {count} problem", "invalid profile: {count} problems", count
            )
        else:
            message = ngettext(
                "invalid data: {count} problem", "invalid data: {count} problems", count
            )
        super().__init__(message.format(count=count))


class InvalidProfile(InvalidDataset):
    """A profile (your own skills) cannot be used."""

    what = "profile"


class UnknownName(CareerpathError):
    """Nothing matches what the user typed."""

    kind = "name"

    def __init__(self, query: str, suggestions: Sequence[str] = ()) -> None:
        self.query = query
        self.suggestions = list(suggestions)

        unknown = {
            "role": _("unknown role: {query}"),
            "skill": _("unknown skill: {query}"),
        }.get(self.kind, _("unknown name: {query}"))
        message = unknown.format(query=repr(query))
        if self.suggestions:
            names = ", ".join(repr(s) for s in self.suggestions)
            message = joined("; ", [message, _("did you mean {names}?").format(names=names)])
        super().__init__(message)


class UnknownRole(UnknownName):
    kind = "role"


class UnknownSkill(UnknownName):
    kind = "skill"


class AmbiguousName(CareerpathError):
    """What the user typed matches several things about as well, or only part of longer
    names (*broader*: "team leader" of "field survey team leader").

    *names* holds, for each candidate, the name that matched when it is not the title shown.
    """

    kind = "name"

    def __init__(
        self,
        query: str,
        candidates: Sequence[tuple[str, str]],
        names: Sequence[str | None] = (),
        *,
        broader: bool = False,
    ) -> None:
        self.query = query
        self.candidates = list(candidates)
        self.names = list(names) or [None] * len(self.candidates)
        self.broader = broader

        entries: list[str] = []
        for (ident, title), name in zip(self.candidates, self.names, strict=True):
            if name is None:
                entries.append(f"{title} ({ident})")
            else:
                entries.append(
                    _("{title} ({ident}) as {name}").format(
                        title=title, ident=ident, name=repr(name)
                    )
                )
        if broader:
            message = ngettext(
                "{query} is only part of a longer name: {listing}; give more of the name",
                "{query} is only part of longer names: {listing}; give more of the name",
                len(entries),
            )
        else:
            message = _("{query} matches several {things}: {listing}; be more specific")
        super().__init__(
            message.format(query=repr(query), things=self.things(), listing=joined(", ", entries))
        )

    def heading(self) -> str:
        """The first line of a question about the candidates ("... matches several roles:")."""
        if self.broader:
            return ngettext(
                "{query} is only part of a longer name:",
                "{query} is only part of longer names:",
                len(self.candidates),
            ).format(query=repr(self.query))
        return _("{query} matches several {things}:").format(
            query=repr(self.query), things=self.things()
        )

    def things(self) -> str:
        """What the candidates are, in the plural and the current language ("roles")."""

        return {"role": _("roles"), "skill": _("skills")}.get(self.kind, _("names"))


class AmbiguousRole(AmbiguousName):
    kind = "role"


class AmbiguousSkill(AmbiguousName):
    kind = "skill"


class NoPath(CareerpathError):
    """No route leads from one role to another."""

    def __init__(self, message: str, nearest: Sequence[tuple[str, str]] = ()) -> None:
        self.nearest = list(nearest)
        super().__init__(message)


class UsageError(CareerpathError):
    """A command-line value the library cannot use (a malformed --have, say)."""


class CannotWrite(UsageError):
    """A file cannot be written: it exists and may not be replaced, it is not a regular file,
    or the system refuses (no such folder, no space left)."""

    def __init__(self, file: str, message: str) -> None:
        self.file = file
        super().__init__(message)


class ImportFailed(CareerpathError):
    """An external dataset (such as an O*NET release) cannot be imported."""


class WrongHeader(ImportFailed):
    """A file of an external dataset lacks columns the importer needs."""

    def __init__(self, file: str, expected: Sequence[str], found: Sequence[str]) -> None:
        self.file = file
        self.expected = list(expected)
        self.found = list(found)

        missing = [name for name in expected if name not in found]
        super().__init__(
            _(
                "{file}: the header lacks {missing}; expected the columns {expected} "
                "(in any order, others ignored), found {found}"
            ).format(
                file=file,
                missing=", ".join(repr(m) for m in missing),
                expected=", ".join(repr(e) for e in expected),
                found=", ".join(repr(f) for f in found) or _("no columns"),
            )
        )


class StoreDamaged(CareerpathError):
    """The stored copy of a dataset (in the cache folder) could not be read after it was
    opened: it is removed, and the dataset is loaded afresh from its data files."""

    def __init__(self, path: str, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(
            _(
                "the cached copy of the dataset ({path}) is damaged ({reason}); it has been "
                "removed, and the next command reads the data files afresh"
            ).format(path=path, reason=reason)
        )
