"""Sentences the library hands to the output layer untranslated.

The library speaks no language of its own: a problem in a data file, an error or a note in a
result is a :class:`Message`, which *is* its English text (a ``str``, so it compares, prints
and searches as English) and also keeps the catalogue template and the arguments it was made
from. ``careerpath.output.i18n.speak`` turns one into the user's language at the last moment.

``_`` and ``ngettext`` here mark a template for the catalogue, exactly as the output layer's
functions of the same names do, so message extraction finds both; they translate nothing.
A :class:`Parameter` argument names one of the library's parameters (``alternatives``); the
command line speaks it as its option (``--alternatives``), so the library never names a flag.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any


class Parameter(str):
    """The name of a library parameter inside a message (``depth``); the caller names the
    option or argument it came from."""

    __slots__ = ()


class Message(str):
    """An English sentence that remembers its template, so it can be said in another language.

    ``plural``/``count`` hold the plural template and the number that chooses the form;
    ``args`` the values put into the template (a value may itself be a Message); ``code`` a
    stable name for the kind of message, where JSON shows it.
    """

    template: str
    plural: str | None
    number: int | None
    args: Mapping[str, Any]
    code: str | None

    def __new__(
        cls,
        template: str,
        args: Mapping[str, Any] | None = None,
        *,
        plural: str | None = None,
        count: int | None = None,
        code: str | None = None,
    ) -> Message:
        values = dict(args or {})
        if template == _JOIN:
            english = str(values["separator"]).join(str(part) for part in values["parts"])
        else:
            chosen = plural if plural is not None and count != 1 else template
            english = chosen.format_map(_Partial(values)) if values else chosen
        self = super().__new__(cls, english)
        self.template = template
        self.plural = plural
        self.number = count
        self.args = values
        self.code = code
        return self

    def format(self, *positional: object, **values: Any) -> Message:
        """The template with *values* put in (named arguments only)."""
        if positional:
            raise TypeError("messages take named arguments only")
        return Message(
            self.template,
            {**self.args, **values},
            plural=self.plural,
            count=self.number,
            code=self.code,
        )

    def with_code(self, code: str) -> Message:
        """The same message marked with a stable *code* (what JSON names a note by)."""
        return Message(self.template, self.args, plural=self.plural, count=self.number, code=code)

    def to_json(self) -> dict[str, Any]:
        """The message as JSON shows a note: its code, its arguments and its English text."""
        document: dict[str, Any] = {"code": self.code or self.template}
        for name, value in self.args.items():
            document[name] = str(value) if isinstance(value, str) else value
        document["text"] = str(self)
        return document

    @property
    def joined(self) -> bool:
        """Whether this message is made by :func:`joined` (said part by part)."""
        return self.template == _JOIN

    def __add__(self, other: str) -> Message:
        return joined("", [self, other])

    def __radd__(self, other: str) -> Message:
        return joined("", [other, self])

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (self.template, self.args, self.plural, self.number, self.code))


def _rebuild(
    template: str,
    args: Mapping[str, Any],
    plural: str | None,
    count: int | None,
    code: str | None,
) -> Message:
    return Message(template, args, plural=plural, count=count, code=code)


class _Partial(dict[str, Any]):
    """Arguments for a template that may not have them all yet: a missing one stays a
    placeholder until :meth:`Message.format` is given it."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


_JOIN = "\x00join"
"""The template of a joined message: never in a catalogue, so it is never translated."""


def joined(separator: str, parts: Iterable[str]) -> Message:
    """*parts* (messages or plain text) joined by *separator*, each said in its own right."""
    return Message(_JOIN, {"separator": separator, "parts": list(parts)})


def _(template: str) -> Message:
    """Marks *template* for the catalogue; the output layer says it in the user's language."""
    return Message(template)


def ngettext(singular: str, plural: str, count: int) -> Message:
    """Marks a message with a plural form; *count* chooses the form where it is said."""
    return Message(singular, plural=plural, count=count)


class Number(int):
    """A whole number inside a message, grouped by thousands as the language writes it
    (``4,000`` in English)."""

    __slots__ = ()

    def __str__(self) -> str:
        return f"{int(self):,}"

    def __format__(self, spec: str) -> str:
        return str(self) if not spec else format(int(self), spec)
