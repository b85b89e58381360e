"""Pydantic models of a careerpath data file.

A data file declares its own skill-level scale, a catalogue of skills, the roles that reference
them, and the career steps between roles. These models check the shape and the content of each
value; rules that span the whole file (unique ids, references that resolve, levels within the
declared scale) live in :mod:`careerpath.data.checks` so every problem can be reported at once.
"""

from __future__ import annotations

import math
import re
import unicodedata
from typing import Annotated, Any, Literal, TypeAlias

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PlainValidator,
    WithJsonSchema,
    model_serializer,
    model_validator,
)

from careerpath.data import records
from careerpath.data.records import FORBIDDEN_CHARS, INVISIBLE
from careerpath.data.records import LANGUAGE_ALIASES as LANGUAGE_ALIASES
from careerpath.data.records import LANGUAGE_CODE as LANGUAGE_CODE
from careerpath.data.records import LANGUAGES as LANGUAGES
from careerpath.data.records import MAX_NAME_LENGTH as MAX_NAME_LENGTH
from careerpath.data.records import MAX_TEXT_LENGTH as MAX_TEXT_LENGTH
from careerpath.data.records import UNKNOWN_LEVEL as UNKNOWN_LEVEL
from careerpath.data.records import Language as Language
from careerpath.data.records import ListedStepKind as ListedStepKind
from careerpath.data.records import StepKind as StepKind
from careerpath.data.records import find_forbidden_character as find_forbidden_character
from careerpath.data.records import text_in as text_in

_FORBIDDEN_IN_LINE = re.compile(f"[\x00-\x1f{INVISIBLE}]")
"""What a name may not hold, line feeds and tabs too: one search for :func:`_clean_line`."""


def _clean_text(value: str) -> str:
    if _find_forbidden(value) is not None:
        problem = find_forbidden_character(value)
        raise ValueError(f"contains a control or invisible character: {problem}")
    value = _normalize("NFC", value).strip()
    if not value:
        raise ValueError("must not be empty")
    return value


def _clean_line(value: str) -> str:
    # The common case in one search: no forbidden character, line feed or tab (normalizing to
    # NFC and stripping bring none in). Otherwise the checks run one by one, so the first
    # problem found is the one reported.
    if _find_forbidden_in_line(value) is None:
        value = _normalize("NFC", value).strip()
        if value:
            return value
    value = _clean_text(value)
    if "\n" in value or "\t" in value:
        raise ValueError("must be a single line")
    return value


# Bound once: the two functions above run for every name and text of a file (a quarter of a
# million in a full ESCO dataset).
_find_forbidden = FORBIDDEN_CHARS.search
_find_forbidden_in_line = _FORBIDDEN_IN_LINE.search
_normalize = unicodedata.normalize


Text = Annotated[str, Field(max_length=MAX_TEXT_LENGTH), AfterValidator(_clean_text)]
"""Free text (summaries, descriptions): non-empty, NFC, no control characters."""

Name = Annotated[str, Field(max_length=MAX_NAME_LENGTH), AfterValidator(_clean_line)]
"""A one-line name or title."""

Id = Annotated[
    str,
    Field(
        min_length=1,
        max_length=120,
        pattern=r"^[a-z0-9][a-z0-9._-]*$",
        description="Lower-case letters, digits, '.', '_' and '-'; starts with a letter or digit.",
    ),
]


def _level(value: object) -> int | float:
    # One check instead of pydantic's int | float union, which reports two errors per value.
    kind = type(value)
    if kind is int:  # the common cases first: this runs for every requirement of a file
        return value  # type: ignore[return-value]
    if kind is float and value - value == 0:  # type: ignore[operator]  # finite
        return value  # type: ignore[return-value]
    if isinstance(value, str):
        text = value.strip()
        try:
            value = int(text)
        except ValueError:
            try:
                value = float(text)
            except ValueError:
                raise ValueError("must be a number") from None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError("must be a number")
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError("must be a finite number")
    return value


Level: TypeAlias = Annotated[
    int | float, PlainValidator(_level), WithJsonSchema({"type": "number"})
]
"""A value on a declared scale: a whole number, or a fraction where the data is measured
(O*NET's 2.12). Kept as given: an integer stays an integer in every output."""


class Model(BaseModel):
    """Base of every data-file model: immutable, and unknown fields are errors."""

    model_config = ConfigDict(
        frozen=True, extra="forbid", str_strip_whitespace=False, defer_build=True
    )


_OWN_FIELDS = frozenset(LANGUAGES)


def _gather_languages(value: Any) -> Any:
    """Text by language as a data file writes it (``{en: ..., fr: ...}``), with the languages
    beyond en, fi and nb gathered under ``other``."""
    if not isinstance(value, dict) or "other" in value or _OWN_FIELDS.issuperset(value):
        return value  # the last: nothing to gather (the common case, and a cheap test)
    fixed = {}
    other = {}
    for key, name in value.items():
        code = LANGUAGE_ALIASES.get(key, key) if isinstance(key, str) else key
        if code in LANGUAGES or not (isinstance(code, str) and LANGUAGE_CODE.match(code)):
            fixed[code] = name
        else:
            other[code] = name
    if other:
        fixed["other"] = other
    return fixed


def _flatten_languages(data: Any) -> Any:
    """The inverse of :func:`_gather_languages`: other languages beside en, fi and nb."""
    if isinstance(data, dict):
        other = data.pop("other", None)
        if other:
            data.update(other)
    return data


def _languages_schema(schema: dict[str, Any]) -> None:
    """A data file writes names in other languages beside en, fi and nb, not under ``other``."""
    properties = schema.get("properties", {})
    other = properties.pop("other", None)
    if other is not None:
        schema["patternProperties"] = {"^[a-z]{2,3}$": other.get("additionalProperties", {})}


class _InLanguages(Model):
    """What :class:`Names` and :class:`LocalText` share: English required, fi and nb fields of
    their own, any other language in ``other``; read and written as one mapping by code."""

    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
        str_strip_whitespace=False,
        defer_build=True,
        json_schema_extra=lambda schema: _languages_schema(schema),
    )

    en: str
    fi: str | None = None
    nb: str | None = None
    other: dict[str, str] = Field(default_factory=dict)

    @model_validator(mode="before")
    @classmethod
    def _gather_languages(cls, value: Any) -> Any:
        return _gather_languages(value)

    @model_serializer(mode="wrap")
    def _flatten_languages(self, handler: Any) -> Any:
        return _flatten_languages(handler(self))


class Names(_InLanguages, records.Names):
    """A name in each language given; English is required, the others fall back to it.

    ``en``, ``fi`` and ``nb`` are fields of their own; names in any other language (ESCO has
    28) are kept in ``other`` by code, and a data file writes them beside the rest
    (``{en: ..., fr: ...}``).
    """

    en: Name
    fi: Name | None = None
    nb: Name | None = None
    other: dict[str, Name] = Field(default_factory=dict)


class LocalText(_InLanguages, records.LocalText):
    """Text in each supported language (a summary, a responsibility, a track); English is
    required, the others fall back to it. Data files may also give a plain string: English.
    As for :class:`Names`, text in other languages (an ESCO pack's) is kept in ``other`` and
    written beside the rest."""

    en: Text
    fi: Text | None = None
    nb: Text | None = None
    other: dict[str, Text] = Field(default_factory=dict)

    __hash__ = records.LocalText.__hash__  # by value, though ``other`` is a dict


LocalizedText: TypeAlias = Text | LocalText
"""Free text as a plain (English) string or in several languages."""

LocalizedName: TypeAlias = Name | LocalText
"""A one-line label (a track, a tool category, a KPI) as a plain string or in several languages."""


class SkillScale(Model, records.SkillScale):
    """The scale skill levels (or importances) are measured on, with what each level means."""

    min: Level = Field(description="The lowest level, from 0 to 100.")
    max: Level = Field(description="The highest level, from 0 to 100.")
    rubric: dict[int, Text] = Field(default_factory=dict)
    rubric_translations: dict[str, dict[int, Text]] = Field(
        default_factory=dict,
        description="The rubric in other languages, by language code: {fi: {1: ...}, nb: ...}.",
    )
    editorial: bool = Field(
        default=False,
        description="True when levels are an editor's judgement rather than measured values.",
    )

    @model_validator(mode="after")
    def _bounds(self) -> SkillScale:
        for end in (self.min, self.max):
            if not 0 <= end <= 100:
                raise ValueError(f"scale ends must lie from 0 to 100 (got {end})")
        if self.min >= self.max:
            raise ValueError(f"min ({self.min}) must be below max ({self.max})")
        levels = [
            *self.rubric,
            *(level for words in self.rubric_translations.values() for level in words),
        ]
        outside = sorted({level for level in levels if not self.min <= level <= self.max})
        if outside:
            raise ValueError(f"rubric levels {outside} lie outside {self.min}..{self.max}")
        return self


class Source(Model, records.Source):
    """A document the facts come from."""

    id: Id
    title: Name
    language: Name | None = None
    file: Name | None = None
    url: Name | None = None
    attribution: Text | None = Field(
        default=None, description="The credit the source's licence asks for, word for word."
    )
    licence: Name | None = Field(default=None, description="The licence, e.g. 'CC BY 4.0'.")


class Skill(Model, records.Skill):
    """An entry of the shared skill catalogue."""

    id: Id
    name: Names
    description: Text | None = None
    aliases: list[Name] = Field(default_factory=list)
    group: Name | None = Field(
        default=None, description="A family the source puts the skill in, e.g. 'essential'."
    )
    uri: Name | None = Field(default=None, description="The skill's URI in its source (ESCO).")


class SkillRequirement(Model, records.SkillRequirement):
    """A skill a role needs, at a level on the dataset's scale, or without a level.

    A requirement without a level (ESCO gives none) only says the role needs the skill; its
    gap is "to learn" or "held". ``essential`` keeps ESCO's relation: true for an essential
    skill, false for an optional one, None where the data has no such relation.
    """

    skill: Id
    level: Level | None = None
    essential: bool | None = Field(
        default=None,
        description="True for a skill essential to the role, false for an optional one "
        "(ESCO's relation); absent where the data does not say.",
    )
    importance: Level | None = Field(
        default=None,
        description="How much the skill matters to the role, on the dataset's importance_scale.",
    )
    low_precision: bool = Field(
        default=False,
        description="True when the source flags the figures as imprecise (O*NET's "
        "'Recommend Suppress').",
    )
    level_se: float | None = Field(
        default=None,
        ge=0,
        allow_inf_nan=False,
        description="The standard error of the level where it was measured (O*NET's "
        "'Standard Error'): a difference within the two levels' margin is no change.",
    )


class Tool(Model, records.Tool):
    """A product a role works with, in the category its source lists it under."""

    name: Name
    category: LocalizedName
    sources: list[Id] = Field(default_factory=list)
    hot: bool = Field(default=False, description="Named often in job postings (O*NET's 'Hot').")
    in_demand: bool = Field(
        default=False, description="Asked for by employers in job postings (O*NET's 'In Demand')."
    )


class Salary(Model, records.Salary):
    """A pay range for a role in one city."""

    city: Name
    currency: str = Field(pattern=r"^[A-Z]{3}$")
    low: int = Field(ge=0)
    high: int = Field(ge=0)
    period: Literal["year", "month", "hour"] = "year"
    applies_to: LocalizedName | None = None
    comparison: bool = Field(
        default=False,
        description="True for a range quoted for another group (e.g. the individual "
        "contributors a manager leads): shown on the card, never compared as the role's pay.",
    )
    source: Id | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Salary:
        if self.low > self.high:
            raise ValueError(f"low ({self.low}) is above high ({self.high})")
        return self


class Role(Model, records.Role):
    """A job in the ladder."""

    id: Id
    title: Names
    aliases: list[Name] = Field(default_factory=list)
    level: int = Field(ge=0, le=100)
    track: LocalizedName = "general"
    uri: Name | None = Field(default=None, description="The role's URI in its source (ESCO).")
    hidden_names: list[Name] = Field(
        default_factory=list,
        description="More names the role is found by and never shown (ESCO's hidden labels, "
        "each form of a gendered title, other languages' alternative labels).",
    )
    level_rule: Name | None = Field(
        default=None, description="How the level was derived, shown on the card."
    )
    summary: LocalizedText | None = None
    responsibilities: list[LocalizedText] = Field(default_factory=list)
    skills: list[SkillRequirement] = Field(default_factory=list)
    tools: list[Tool] = Field(default_factory=list)
    kpis: list[LocalizedName] = Field(default_factory=list)
    salaries: list[Salary] = Field(default_factory=list)
    sources: list[Id] = Field(default_factory=list)


class Step(Model, records.Step):
    """A career step from one role to another."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True, defer_build=True)

    source_role: Id = Field(alias="from")
    target_role: Id = Field(alias="to")
    kind: ListedStepKind
    sources: list[Id] = Field(default_factory=list)
    note: LocalizedName | None = None


class DataFile(Model):
    """One careerpath data file.

    A file that extends another (see ``--data``) may leave out ``skill_scale`` and any section;
    the combined dataset must declare a scale.
    """

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True, defer_build=True)

    schema_ref: str | None = Field(default=None, alias="$schema")
    name: Name | None = None
    description: Text | None = None
    version: Name | None = Field(default=None, description="The release of the data, e.g. '29.2'.")
    attribution: Text | None = Field(
        default=None, description="The credit the data's licence asks for, shown with answers."
    )
    licence: Name | None = Field(default=None, description="The data's licence, e.g. 'CC BY 4.0'.")
    skill_scale: SkillScale | None = None
    importance_scale: SkillScale | None = Field(
        default=None, description="The scale of skill importances, when roles give them."
    )
    sources: list[Source] = Field(default_factory=list)
    skills: list[Skill] = Field(default_factory=list)
    roles: list[Role] = Field(default_factory=list)
    steps: list[Step] = Field(default_factory=list)


def as_model(value: Any) -> Any:
    """The model instance holding the same fields as the record *value* (a value read from
    the store), made without validation (it was valid when stored); a model instance, or
    None, as it is. Every field counts as given (a record does not keep which were)."""
    if value is None or isinstance(value, BaseModel):
        return value
    model = globals()[value._record.__name__]
    fields = dict(value.__dict__)
    for name, how, _ in value._nested:
        item = fields[name]
        if how in ("list", "texts"):
            fields[name] = [one if type(one) is str else as_model(one) for one in item]
        elif item is not None and type(item) is not str:
            fields[name] = as_model(item)
    instance = model.__new__(model)
    object.__setattr__(instance, "__dict__", fields)
    object.__setattr__(instance, "__pydantic_fields_set__", set(value._fields))
    object.__setattr__(instance, "__pydantic_extra__", None)
    object.__setattr__(instance, "__pydantic_private__", None)
    return instance
