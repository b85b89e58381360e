"""An indexed store of one checked dataset: an SQLite file a command reads only in part.

A dataset is checked once (Pydantic is the gate), then written here: one row per role, skill,
requirement, tool, step and name, in tables named for the domain (see ``docs/store.md``), with
indexes on what a command looks up. :mod:`careerpath.data.stored` reads it back as it is
used (``show`` one role, ``gap`` two, ``path`` the step graph's ids), rebuilding models
without validation (they were valid when written).

Each row of ``roles``, ``skills``, ``sources`` and ``steps`` holds, beside its readable
columns, the record careerpath reads back (``record``: the model's fields as :mod:`marshal`
tables, see :func:`careerpath.data.payload.encode_records`; a role's without its
requirements, which are rebuilt from their own rows); the steps are kept once more, whole, in
``blobs``, for the commands that need every step. ``careerpath export --format sqlite``
writes the same tables without those records.

A store is written whole (a temporary file, then a rename), sealed (:mod:`careerpath.data.seal`)
and never changed after, so readers open it read-only and immutable. One that is unsealed,
damaged, truncated, foreign or of another format is refused when opened (:func:`open_store`
returns None).
"""

from __future__ import annotations

import json
import marshal
import os
import sqlite3
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from careerpath.data.ladder import Ladder, languages_of
from careerpath.data.payload import (
    RecordEncoder,
    check_attributes,
    encode_records,
    fields_mask,
    replaced,
)
from careerpath.data.records import Role, SkillRequirement, text_in
from careerpath.data.seal import open_sealed_database, seal
from careerpath.data.stored import REQUIREMENT_FIELDS, StoredLadder

if TYPE_CHECKING:
    from pydantic import BaseModel

STORE_FORMAT = 1
"""``PRAGMA user_version`` of a store: bumped whenever its tables change."""
APPLICATION_ID = 0x43504154  # "CPAT"
"""``PRAGMA application_id`` of a store, so a foreign SQLite file is told apart."""

_SCHEMA = """
CREATE TABLE dataset (
    field TEXT PRIMARY KEY,
    value TEXT
);
CREATE TABLE scales (
    kind TEXT PRIMARY KEY,
    min REAL NOT NULL,
    max REAL NOT NULL,
    record BLOB
);
CREATE TABLE scale_levels (
    scale TEXT NOT NULL REFERENCES scales(kind),
    level INTEGER NOT NULL,
    language TEXT,
    meaning TEXT NOT NULL
);
CREATE TABLE sources (
    id TEXT PRIMARY KEY,
    position INTEGER NOT NULL,
    title TEXT NOT NULL,
    url TEXT,
    licence TEXT,
    record BLOB
);
CREATE TABLE skills (
    id TEXT PRIMARY KEY,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    skill_group TEXT,
    uri TEXT,
    description TEXT,
    record BLOB
);
CREATE TABLE roles (
    id TEXT PRIMARY KEY,
    position INTEGER NOT NULL,
    title TEXT NOT NULL,
    level INTEGER NOT NULL,
    track TEXT NOT NULL,
    uri TEXT,
    summary TEXT,
    head BLOB,
    record BLOB
);
CREATE TABLE requirements (
    role_id TEXT NOT NULL REFERENCES roles(id),
    skill_id TEXT NOT NULL REFERENCES skills(id),
    level,
    essential INTEGER,
    importance,
    low_precision INTEGER NOT NULL,
    level_se,
    given INTEGER
);
CREATE TABLE tools (
    role_id TEXT NOT NULL REFERENCES roles(id),
    name TEXT NOT NULL,
    category TEXT NOT NULL,
    hot INTEGER NOT NULL,
    in_demand INTEGER NOT NULL
);
CREATE TABLE steps (
    position INTEGER PRIMARY KEY,
    from_role TEXT NOT NULL REFERENCES roles(id),
    to_role TEXT NOT NULL REFERENCES roles(id),
    kind TEXT NOT NULL,
    note TEXT,
    record BLOB
);
CREATE TABLE role_names (
    role_id TEXT NOT NULL REFERENCES roles(id),
    kind TEXT NOT NULL,
    language TEXT,
    name TEXT NOT NULL
);
CREATE TABLE skill_names (
    skill_id TEXT NOT NULL REFERENCES skills(id),
    kind TEXT NOT NULL,
    language TEXT,
    name TEXT NOT NULL
);
CREATE TABLE blobs (
    name TEXT PRIMARY KEY,
    body BLOB NOT NULL
);
"""

_INDEXES = """
CREATE INDEX requirements_by_role ON requirements(role_id);
CREATE INDEX requirements_by_skill ON requirements(skill_id);
CREATE INDEX tools_by_role ON tools(role_id);
CREATE INDEX steps_by_source ON steps(from_role);
CREATE INDEX steps_by_target ON steps(to_role);
CREATE INDEX role_names_by_name ON role_names(name COLLATE NOCASE);
CREATE INDEX role_names_by_role ON role_names(role_id);
CREATE INDEX skill_names_by_name ON skill_names(name COLLATE NOCASE);
"""

_RECORD_COLUMNS = (
    ("requirements", "given"),
    ("scales", "record"),
    ("sources", "record"),
    ("skills", "record"),
    ("roles", "head"),
    ("roles", "record"),
    ("steps", "record"),
)


_NULL = ""
"""Bound for None where a statement turns it back into NULL (``nullif(?, '')``, see
:func:`_insert`). Python's sqlite3 binds None (and booleans) through its adapter look-up, which
costs more than SQLite's own insert of a row: a third of a large store's write, where most
requirements leave most fields out. No column so marked ever holds an empty string: names and
texts are never empty, and the others hold numbers."""


def _insert(table: str, columns: str) -> str:
    """The INSERT statement of one row of *table*, a letter for each column: ``?`` a value bound
    as it is, ``n`` one that may be None, bound as :data:`_NULL`."""
    marks = ", ".join("nullif(?, '')" if column == "n" else "?" for column in columns)
    return f"INSERT INTO {table} VALUES ({marks})"


def _null(value: Any) -> Any:
    """*value*, or :data:`_NULL` for None."""
    return _NULL if value is None else value


def _flag(value: bool | None) -> int | str:
    """A boolean as SQLite stores it (1 or 0), bound without the adapter look-up; None as
    :data:`_NULL`."""
    return _NULL if value is None else 1 if value else 0


def _name_rows(
    kind: str, names: Any, aliases: Sequence[str], hidden: Sequence[str] = ()
) -> Iterator[tuple[str, str, str]]:
    """The rows of an item's names: each language of *names* (*kind*, in the order
    ``Names.all`` gives them), then its aliases and its hidden names (language :data:`_NULL`)."""
    for code in ("en", "fi", "nb"):
        value = getattr(names, code)
        if value:
            yield kind, code, value
    for code, value in names.other.items():
        if value:
            yield kind, code, value
    for alias in aliases:
        yield "alias", _NULL, alias
    for name in hidden:
        yield "hidden", _NULL, name


def _requirement_rows(roles: list[Role], records: bool) -> Iterator[tuple[Any, ...]]:
    """The rows of every requirement of *roles*, in order (see :func:`_insert` for the nulls).

    Roles share equal requirements (one instance stands for all, see
    ``items._with_shared_requirements``): a requirement's row after its role is made once."""
    made: dict[int, tuple[Any, ...]] = {}  # by id: each requirement is kept alive in `held`
    held: list[SkillRequirement] = []
    for role in roles:
        role_id = role.id
        for requirement in role.skills:
            row = made.get(id(requirement))
            if row is None:
                r = requirement
                held.append(r)
                row = made[id(r)] = (
                    r.skill,
                    _null(r.level),
                    _flag(r.essential),
                    _null(r.importance),
                    _flag(r.low_precision),
                    _null(r.level_se),
                    fields_mask(r) if records else _NULL,
                )
            yield (role_id, *row)


def build(ladder: Ladder, key: bytes, *, records: bool = True) -> bytes:
    """The store of *ladder* as the bytes of an SQLite file.

    *key* is what the store is for (the cache key of its data files); without *records* it
    holds only the readable tables (``export --format sqlite``), which careerpath does not read
    back.
    """
    db = sqlite3.connect(":memory:")
    try:
        _make(db, ladder, key, records)
        return db.serialize()
    finally:
        db.close()


def write(ladder: Ladder, key: bytes, target: Path, *, prefix: str, suffix: str) -> None:
    """Write the store of *ladder* to *target*, whole: into a temporary file beside it (named
    *prefix*, random characters, *suffix*), then renamed. Written on the disk rather than in
    memory (no second copy of a large store); not synced (a store a crash damages is refused
    when read, and rebuilt). Raises OSError or sqlite3.Error when it cannot be written."""
    import tempfile

    handle, name = tempfile.mkstemp(prefix=prefix, suffix=suffix, dir=target.parent)
    os.close(handle)
    temporary = Path(name)
    try:
        db = sqlite3.connect(temporary)
        try:
            db.execute("PRAGMA journal_mode = OFF")  # a new file: nothing to roll back to
            db.execute("PRAGMA synchronous = OFF")
            _make(db, ladder, key, True)
        finally:
            db.close()
        os.chmod(temporary, 0o600)
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    seal(target)


def _make(db: sqlite3.Connection, ladder: Ladder, key: bytes, records: bool) -> None:
    from careerpath.data import models

    check_attributes(ladder)
    if tuple(models.SkillRequirement.model_fields) != REQUIREMENT_FIELDS:
        raise ValueError("the requirements table does not hold every field of a requirement")
    db.executescript(_SCHEMA)
    _fill(db, ladder, key, records)
    db.executescript(_INDEXES)  # after the rows: faster than kept up row by row
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    db.execute(f"PRAGMA user_version = {STORE_FORMAT}")
    db.commit()


def _fill(db: sqlite3.Connection, ladder: Ladder, key: bytes, records: bool) -> None:
    from careerpath.data import models

    encoders: dict[type[BaseModel], RecordEncoder] = {}

    def record(model: type[BaseModel], value: Any) -> bytes | None:
        if not records:
            return None
        encoder = encoders.get(model)
        if encoder is None:
            encoder = encoders[model] = RecordEncoder(model)
        return marshal.dumps(encoder([value]))

    from careerpath.version import __version__

    about = {
        "name": ladder.name,
        "description": ladder.description,
        "version": ladder.version,
        "attribution": ladder.attribution,
        "licence": ladder.licence,
        "files": json.dumps(list(ladder.files)),
        "key": key.hex(),
        "careerpath": __version__,
        "format": str(STORE_FORMAT),
        "records": "yes" if records else "no",
    }
    db.executemany("INSERT INTO dataset VALUES (?, ?)", about.items())
    scales = [("skill", ladder.scale)]
    if ladder.importance_scale is not None:
        scales.append(("importance", ladder.importance_scale))
    db.executemany(
        "INSERT INTO scales VALUES (?, ?, ?, ?)",
        [(kind, s.min, s.max, record(models.SkillScale, s)) for kind, s in scales],
    )
    db.executemany(
        "INSERT INTO scale_levels VALUES (?, ?, ?, ?)",
        [
            (kind, level, language, meaning)
            for kind, scale in scales
            for language, rubric in [(None, scale.rubric), *scale.rubric_translations.items()]
            for level, meaning in sorted(rubric.items())
        ],
    )
    db.executemany(
        "INSERT INTO sources VALUES (?, ?, ?, ?, ?, ?)",
        [
            (s.id, position, s.title, s.url, s.licence, record(models.Source, s))
            for position, s in enumerate(ladder.sources.values())
        ],
    )
    skills = list(ladder.skills.values())
    db.executemany(
        _insert("skills", "???nnn?"),
        (
            (
                skill.id,
                position,
                skill.name.en,
                _null(skill.group),
                _null(skill.uri),
                _null(skill.description),
                record(models.Skill, skill),
            )
            for position, skill in enumerate(skills)
        ),
    )
    db.executemany(
        _insert("skill_names", "??n?"),
        (
            (skill.id, kind, code, name)
            for skill in skills
            for kind, code, name in _name_rows("name", skill.name, skill.aliases)
        ),
    )
    del skills
    roles = list(ladder.roles.values())
    db.executemany(
        _insert("roles", "?????nn??"),
        (
            (
                role.id,
                position,
                role.title.en,
                role.level,
                text_in(role.track, "en"),
                _null(role.uri),
                text_in(role.summary, "en") or _NULL,
                marshal.dumps((languages_of(role.title), languages_of(role.track)))
                if records
                else None,
                # the requirements are rows of their own, rebuilt from them when read
                record(models.Role, replaced(role, skills=[])),
            )
            for position, role in enumerate(roles)
        ),
    )
    db.executemany(_insert("requirements", "??nnn?nn"), _requirement_rows(roles, records))
    db.executemany(
        _insert("tools", "?????"),
        (
            (role.id, t.name, text_in(t.category, "en"), _flag(t.hot), _flag(t.in_demand))
            for role in roles
            for t in role.tools
        ),
    )
    db.executemany(
        _insert("role_names", "??n?"),
        (
            (role.id, kind, code, name)
            for role in roles
            for kind, code, name in _name_rows("title", role.title, role.aliases, role.hidden_names)
        ),
    )
    del roles
    db.executemany(
        "INSERT INTO steps VALUES (?, ?, ?, ?, ?, ?)",
        [
            (
                position,
                step.source_role,
                step.target_role,
                str(step.kind),
                text_in(step.note, "en") if step.note is not None else None,
                record(models.Step, step),
            )
            for position, step in enumerate(ladder.steps)
        ],
    )
    if records:
        steps = marshal.dumps(encode_records(models.Step, list(ladder.steps)))
        db.execute("INSERT INTO blobs VALUES ('steps', ?)", (steps,))
    else:
        for table, column in _RECORD_COLUMNS:
            db.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
        db.execute("DROP TABLE blobs")


def open_store(path: Path, key: bytes) -> StoredLadder | None:
    """The dataset stored at *path* for *key*, or None when the file is missing, foreign, of
    another format, for another key, truncated or damaged where it can be seen cheaply."""
    db = open_sealed_database(path, STORE_FORMAT, APPLICATION_ID)
    if db is None:
        return None
    try:
        about = dict(db.execute("SELECT field, value FROM dataset").fetchall())
        if about.get("key") != key.hex() or about.get("records") != "yes":
            raise LookupError("another dataset")
        return StoredLadder(db, path, about)
    except Exception:  # anything that is not a sound store of this dataset: a miss
        db.close()
        return None
