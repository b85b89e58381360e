"""A dataset's values as queries and renderers read them: plain classes, without Pydantic.

The Pydantic models of :mod:`careerpath.data.models` are the gate a data file passes through;
each model is a subclass of the record class here of the same name, so a value checked from a
file is a record too. A value read back from the store (see :mod:`careerpath.data.stored`) is a
plain record, made without validation (it was valid when written) and without importing
Pydantic, which costs a command about as much as starting a bare Typer app does.

Every record class lists its fields in ``_fields``, in the model's order, and the fields that
hold other records in ``_nested`` (how, and which class); ``tests/test_records.py`` checks both
against the models. Records are immutable and compare and hash by their fields, as the frozen
models do, and a record equals the model value holding the same fields.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from enum import StrEnum
from typing import TYPE_CHECKING, Any, ClassVar, Literal, NoReturn

LANGUAGES: tuple[str, ...] = ("en", "fi", "nb")
Language = Literal["en", "fi", "nb"]


class StepKind(StrEnum):
    """The kinds of career step: three a data file lists, and the one similar skills suggest.

    ``related`` is similar work (O*NET's Related Occupations), neither a promotion nor a lateral
    move by anyone's judgement: where it leads is read from the two roles' levels.
    """

    promotion = "promotion"
    lateral = "lateral"
    related = "related"
    inferred = "inferred"


ListedStepKind = Literal["promotion", "lateral", "related"]
"""The kind of a step a data file lists: :class:`StepKind`'s listed members, as plain strings
(the dataset cache stores field values with marshal, and GraphML export writes them, and
neither takes an enum member)."""

MAX_TEXT_LENGTH = 5_000
MAX_NAME_LENGTH = 300
UNKNOWN_LEVEL = 0
"""A role's level when the data does not know it (an O*NET occupation without a job zone):
neither below nor above any other role."""

# C0/C1 controls (ESC starts ANSI and OSC sequences), plus format characters that reorder or
# hide text in a terminal: zero-width spaces and joiners, bidirectional overrides and isolates,
# the byte-order mark inside text. Line feeds and tabs are ordinary in descriptions.
INVISIBLE = "\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
FORBIDDEN_CHARS = re.compile(f"[\x00-\x08\x0b-\x1f{INVISIBLE}]")


def find_forbidden_character(value: str) -> str | None:
    """Return a description of the first control or invisible character in *value*, or None."""
    match = FORBIDDEN_CHARS.search(value)
    if match is None:
        return None
    char = match.group()
    name = unicodedata.name(char, "control character")
    return f"U+{ord(char):04X} ({name}) at character {match.start() + 1}"


LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}$")
"""A language code a data file may key names by (ISO 639: ``fr``, ``pt``, ``ga``)."""
LANGUAGE_ALIASES = {"no": "nb"}
"""Other codes for a language: ``no`` (ESCO's and many people's Norwegian) is Bokmål here."""


class Record:
    """Base of the record classes: fields in ``__dict__``, immutable, equal by fields."""

    __slots__ = ()
    _fields: ClassVar[tuple[str, ...]] = ()
    """The fields, in the model's order."""
    _nested: ClassVar[tuple[tuple[str, str, type[Record]], ...]] = ()
    """(field, how, record class) for each field holding records: ``one``, ``optional``,
    ``list``, ``text`` (a string or a record) or ``texts`` (a list of those)."""
    _record: ClassVar[type[Record]]
    """The record class a value is of (a model's is the record class it extends)."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "_fields" in cls.__dict__:
            cls._record = cls

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Record):
            return NotImplemented
        return self._record is other._record and self.__dict__ == other.__dict__

    def __hash__(self) -> int:
        return hash(tuple(self.__dict__.values()))

    def __setattr__(self, name: str, value: Any) -> NoReturn:
        raise AttributeError(f"{type(self).__name__} is immutable")

    def __delattr__(self, name: str) -> NoReturn:
        raise AttributeError(f"{type(self).__name__} is immutable")

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={value!r}" for name, value in self.__dict__.items())
        return f"{type(self).__name__}({shown})"


def make(cls: type[Any], fields: dict[str, Any]) -> Any:
    """An instance of the record class *cls* holding *fields* (trusted: no checks)."""
    instance = object.__new__(cls)
    object.__setattr__(instance, "__dict__", fields)
    return instance


class InLanguages(Record):
    """What :class:`Names` and :class:`LocalText` share: English required, fi and nb fields of
    their own, any other language in ``other``."""

    __slots__ = ()

    if TYPE_CHECKING:
        en: str
        fi: str | None
        nb: str | None
        other: Mapping[str, str]

    def get(self, lang: str) -> str:
        """The text in *lang*, or the English one when that language is missing."""
        value: str | None = getattr(self, lang) if lang in LANGUAGES else self.other.get(lang)
        return value or self.en


class Names(InLanguages):
    """A name in each language given; English is required, the others fall back to it.

    ``en``, ``fi`` and ``nb`` are fields of their own; names in any other language (ESCO has
    28) are kept in ``other`` by code.
    """

    _fields = ("en", "fi", "nb", "other")

    def has(self, lang: str) -> bool:
        """Whether a name is given in *lang* (not only by falling back to English)."""
        if lang in LANGUAGES:
            return getattr(self, lang) is not None
        return lang in self.other

    def languages(self) -> list[str]:
        """The codes of the languages a name is given in, English first."""
        return [code for code in LANGUAGES if getattr(self, code)] + sorted(self.other)

    def all(self) -> list[str]:
        """Every name given, English first."""
        return [n for n in (self.en, self.fi, self.nb, *self.other.values()) if n]


class LocalText(InLanguages):
    """Text in each supported language (a summary, a responsibility, a track); English is
    required, the others fall back to it."""

    _fields = ("en", "fi", "nb", "other")

    def __hash__(self) -> int:
        # Immutable, so hashable, though ``other`` is a dict: a tool's category, for one, is
        # shared by value in the dataset cache.
        return hash((self.en, self.fi, self.nb, tuple(sorted(self.other.items()))))


def text_in(value: str | LocalText | None, lang: str) -> str:
    """*value* in *lang*: a plain string is the same in every language; None is ""."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return value.get(lang)


class SkillScale(Record):
    """The scale skill levels (or importances) are measured on, with what each level means."""

    _fields = ("min", "max", "rubric", "rubric_translations", "editorial")

    if TYPE_CHECKING:
        min: int | float
        max: int | float
        rubric: Mapping[int, str]
        rubric_translations: Mapping[str, Mapping[int, str]]
        editorial: bool

    def meaning(self, level: int, lang: str) -> str:
        """What the rubric says of *level* in *lang* (else in English; "" where it says
        nothing)."""
        return self.rubric_translations.get(lang, {}).get(level) or self.rubric.get(level, "")


class Source(Record):
    """A document the facts come from."""

    _fields = ("id", "title", "language", "file", "url", "attribution", "licence")

    if TYPE_CHECKING:
        id: str
        title: str
        language: str | None
        file: str | None
        url: str | None
        attribution: str | None
        licence: str | None


class Skill(Record):
    """An entry of the shared skill catalogue."""

    _fields = ("id", "name", "description", "aliases", "group", "uri")
    _nested = (("name", "one", Names),)

    if TYPE_CHECKING:
        id: str
        name: Names
        description: str | None
        aliases: Sequence[str]
        group: str | None
        uri: str | None


class SkillRequirement(Record):
    """A skill a role needs, at a level on the dataset's scale, or without a level (see the
    model for what each field means)."""

    _fields = ("skill", "level", "essential", "importance", "low_precision", "level_se")

    if TYPE_CHECKING:
        skill: str
        level: int | float | None
        essential: bool | None
        importance: int | float | None
        low_precision: bool
        level_se: float | None


class Tool(Record):
    """A product a role works with, in the category its source lists it under."""

    _fields = ("name", "category", "sources", "hot", "in_demand")
    _nested = (("category", "text", LocalText),)

    if TYPE_CHECKING:
        name: str
        category: str | LocalText
        sources: Sequence[str]
        hot: bool
        in_demand: bool


class Salary(Record):
    """A pay range for a role in one city."""

    _fields = (
        "city",
        "currency",
        "low",
        "high",
        "period",
        "applies_to",
        "comparison",
        "source",
    )
    _nested = (("applies_to", "text", LocalText),)

    if TYPE_CHECKING:
        city: str
        currency: str
        low: int
        high: int
        period: Literal["year", "month", "hour"]
        applies_to: str | LocalText | None
        comparison: bool
        source: str | None


class Role(Record):
    """A job in the ladder."""

    _fields = (
        "id",
        "title",
        "aliases",
        "level",
        "track",
        "uri",
        "hidden_names",
        "level_rule",
        "summary",
        "responsibilities",
        "skills",
        "tools",
        "kpis",
        "salaries",
        "sources",
    )
    _nested = (
        ("title", "one", Names),
        ("track", "text", LocalText),
        ("summary", "text", LocalText),
        ("responsibilities", "texts", LocalText),
        ("skills", "list", SkillRequirement),
        ("tools", "list", Tool),
        ("kpis", "texts", LocalText),
        ("salaries", "list", Salary),
    )

    if TYPE_CHECKING:
        id: str
        title: Names
        aliases: Sequence[str]
        level: int
        track: str | LocalText
        uri: str | None
        hidden_names: Sequence[str]
        level_rule: str | None
        summary: str | LocalText | None
        responsibilities: Sequence[str | LocalText]
        skills: Sequence[SkillRequirement]
        tools: Sequence[Tool]
        kpis: Sequence[str | LocalText]
        salaries: Sequence[Salary]
        sources: Sequence[str]

    def names(self) -> list[str]:
        """Every name the role is known by: titles in each language and aliases."""
        return [*self.title.all(), *self.aliases, *self.hidden_names]

    def skill_levels(self) -> dict[str, float]:
        """The role's skill requirement as a mapping of skill id to level.

        A requirement without a level counts as level 1: needed, and met by holding the skill.
        """
        return {req.skill: 1 if req.level is None else req.level for req in self.skills}


class Step(Record):
    """A career step from one role to another."""

    _fields = ("source_role", "target_role", "kind", "sources", "note")
    _nested = (("note", "text", LocalText),)

    if TYPE_CHECKING:
        source_role: str
        target_role: str
        kind: ListedStepKind
        sources: Sequence[str]
        note: str | LocalText | None
