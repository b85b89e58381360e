"""A dataset read from its store as it is used: :class:`StoredLadder`.

The other side of :mod:`careerpath.data.store`, which writes the store and opens it: here
roles, skills and steps are read on first use (a role from its record, its requirements from
their rows), and the questions commands ask about the whole dataset are answered with SQL
from the store's columns, without reading the roles. An error met while reading is raised as
:class:`~careerpath.errors.StoreDamaged`.
"""

from __future__ import annotations

import json
import marshal
import sqlite3
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar, overload

from careerpath.data.ladder import Ladder, RoleHead
from careerpath.data.payload import decode_records, flat_builder
from careerpath.data.records import Record, Role, Skill, SkillRequirement, SkillScale, Source, Step
from careerpath.errors import StoreDamaged

M = TypeVar("M")


class _Lazy(Mapping[str, M]):
    """Rows of one table, as models by id, each read on first use (all at once when every
    one is asked for)."""

    def __init__(
        self,
        store: StoredLadder,
        table: str,
        build_one: Callable[[bytes], M],
        finish: Callable[[dict[str, M], str | None], None] | None = None,
    ) -> None:
        self._store = store
        self._table = table
        self._build = build_one
        self._finish = finish  # completes rows just read: (by id, the one id or None for all)
        self._read: dict[str, M] = {}
        self._ids: list[str] | None = None
        self._whole = False

    def _all_ids(self) -> list[str]:
        if self._ids is None:
            rows = self._store.query(f"SELECT id FROM {self._table} ORDER BY position")
            self._ids = [row[0] for row in rows]
        return self._ids

    def __getitem__(self, key: str) -> M:
        found = self._read.get(key)
        if found is not None:
            return found
        if self._whole or type(key) is not str:
            raise KeyError(key)
        rows = self._store.query(f"SELECT record FROM {self._table} WHERE id = ?", (key,))
        if not rows:
            raise KeyError(key)
        value = self._store.decoded(self._build, rows[0][0])
        if self._finish is not None:
            self._finish({key: value}, key)
        self._read[key] = value
        return value

    def __contains__(self, key: object) -> bool:
        if key in self._read:
            return True
        if self._whole or type(key) is not str:
            return False
        if self._ids is not None:
            return key in self._set()
        return bool(self._store.query(f"SELECT 1 FROM {self._table} WHERE id = ?", (key,)))

    def _set(self) -> set[str]:
        return set(self._all_ids())

    def __iter__(self) -> Iterator[str]:
        return iter(self._all_ids())

    def __len__(self) -> int:
        return len(self._all_ids())

    def load_all(self) -> dict[str, M]:
        """Every row, read in one pass (in the dataset's order)."""
        if not self._whole:
            rows = self._store.query(f"SELECT id, record FROM {self._table} ORDER BY position")
            read = self._read
            decoded = self._store.decoded
            fresh = {
                row_id: decoded(self._build, body) for row_id, body in rows if row_id not in read
            }
            if self._finish is not None and fresh:
                self._finish(fresh, None)
            read.update(fresh)
            self._read = {row_id: read[row_id] for row_id, _ in rows}
            self._ids = list(self._read)
            self._whole = True
        return self._read

    def values(self) -> Any:
        return self.load_all().values()

    def items(self) -> Any:
        return self.load_all().items()


class _LazySteps(Sequence[Step]):
    """A dataset's steps, read whole on first use; how many there are is known without it."""

    def __init__(self, store: StoredLadder) -> None:
        self._store = store
        self._steps: list[Step] | None = None
        self._count: int | None = None

    @property
    def read(self) -> list[Step] | None:
        """Every step, when they have been read; else None."""
        return self._steps

    def _all(self) -> list[Step]:
        if self._steps is None:
            rows = self._store.query("SELECT body FROM blobs WHERE name = 'steps'")
            if not rows:
                raise StoreDamaged(str(self._store.path), "no steps")
            self._steps = self._store.decoded(_steps_of, rows[0][0])
        return self._steps

    def __len__(self) -> int:
        if self._steps is not None:
            return len(self._steps)
        if self._count is None:
            self._count = self._store.query("SELECT count(*) FROM steps")[0][0]
        return self._count

    @overload
    def __getitem__(self, index: int) -> Step: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Step]: ...
    def __getitem__(self, index: int | slice) -> Step | Sequence[Step]:
        return self._all()[index]

    def __iter__(self) -> Iterator[Step]:
        return iter(self._all())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence):
            return self._all() == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]


def _one(model: type[Record]) -> Callable[[bytes], Any]:
    def build_one(body: bytes) -> Any:
        (value,) = decode_records(model, marshal.loads(body))
        return value

    return build_one


_REQUIREMENT: list[Callable[[dict[str, Any], int], SkillRequirement]] = []

REQUIREMENT_FIELDS = ("skill", "level", "essential", "importance", "low_precision", "level_se")
"""The fields of a requirement the ``requirements`` table holds; a model with others is not
stored (:func:`build` refuses it) rather than read back without them."""


def _requirement_builder() -> Callable[[dict[str, Any], int], SkillRequirement]:
    if not _REQUIREMENT:
        _REQUIREMENT.append(flat_builder(SkillRequirement))
    return _REQUIREMENT[0]


def _steps_of(body: bytes) -> list[Step]:
    return decode_records(Step, marshal.loads(body))


_FEW_HEADS = 3_000
"""Up to this many role heads asked for by id are read by id; more, with the whole table."""


class StoredLadder(Ladder):
    """A dataset read from its store as it is used (see the module's description)."""

    def __init__(self, db: sqlite3.Connection, path: Path, about: Mapping[str, Any]) -> None:
        # The base class's constructor indexes everything; here the store's indexes do that.
        self._db = db
        self.path = path
        self.name = about.get("name")
        self.description = about.get("description")
        self.version = about.get("version")
        self.attribution = about.get("attribution")
        self.licence = about.get("licence")
        self.files = list(json.loads(about.get("files") or "[]"))
        scales = {
            kind: self.decoded(_one(SkillScale), body)
            for kind, body in self.query("SELECT kind, record FROM scales")
        }
        if "skill" not in scales:
            raise StoreDamaged(str(path), "no skill scale")
        self.scale = scales["skill"]
        self.importance_scale = scales.get("importance")
        self.sources = {
            source.id: source
            for source in (
                self.decoded(_one(Source), body)
                for (body,) in self.query("SELECT record FROM sources ORDER BY position")
            )
        }
        self._roles: _Lazy[Role] = _Lazy(self, "roles", _one(Role), self._attach_requirements)
        self.roles = self._roles
        self.skills = _Lazy(self, "skills", _one(Skill))
        self.steps: _LazySteps = _LazySteps(self)
        self._out = {}
        self._in = {}
        self._heads: list[RoleHead] | None = None
        self._some_heads: dict[str, RoleHead] = {}

    def _attach_requirements(self, roles: dict[str, Role], one: str | None) -> None:
        """Give roles just read their requirements, rebuilt from their rows."""
        columns = "role_id, skill_id, level, essential, importance, low_precision, level_se, given"
        if one is not None:
            rows = self.query(
                f"SELECT {columns} FROM requirements WHERE role_id = ? ORDER BY rowid", (one,)
            )
        else:
            rows = self.query(f"SELECT {columns} FROM requirements ORDER BY rowid")
        build = _requirement_builder()
        lists: dict[str, list[SkillRequirement]] = {role_id: [] for role_id in roles}
        try:
            for role_id, skill, level, essential, importance, low, error, given in rows:
                found = lists.get(role_id)
                if found is None:
                    continue
                fields = {
                    "skill": skill,
                    "level": level,
                    "essential": None if essential is None else bool(essential),
                    "importance": importance,
                    "low_precision": bool(low),
                    "level_se": error,
                }
                found.append(build(fields, given))
        except Exception as exc:
            raise StoreDamaged(str(self.path), f"a requirement cannot be read: {exc!r}") from None
        for role_id, role in roles.items():
            role.__dict__["skills"] = lists[role_id]

    def query(self, sql: str, parameters: Sequence[Any] = ()) -> list[Any]:
        """The rows *sql* selects; a store that cannot be read raises :class:`StoreDamaged`."""
        try:
            return self._db.execute(sql, parameters).fetchall()
        except sqlite3.Error as exc:
            raise StoreDamaged(str(self.path), str(exc)) from None

    def query_in(self, sql: str, values: Sequence[Any]) -> list[Any]:
        """The rows *sql* selects for each of *values*, which it names as ``IN ({marks})``
        (asked in runs of 500: SQLite's limit on parameters is 999 or more)."""
        rows: list[Any] = []
        for start in range(0, len(values), 500):
            chunk = values[start : start + 500]
            rows.extend(self.query(sql.format(marks=",".join("?" * len(chunk))), chunk))
        return rows

    def decoded(self, build_one: Callable[[bytes], M], body: Any) -> M:
        """A record rebuilt, or :class:`StoreDamaged` when it cannot be."""
        try:
            return build_one(body)
        except Exception as exc:
            raise StoreDamaged(
                str(self.path), f"a record cannot be read: {type(exc).__name__}"
            ) from None

    def _steps_where(self, column: str, role_id: str, cache: dict[str, list[Step]]) -> list[Step]:
        found = cache.get(role_id)
        if found is None:
            rows = self.query(
                f"SELECT position, record FROM steps WHERE {column} = ? ORDER BY position",
                (role_id,),
            )
            whole = self.steps.read
            if whole is not None:
                found = [whole[position] for position, _ in rows]
            else:
                build_one = _one(Step)
                found = [self.decoded(build_one, body) for _, body in rows]
            cache[role_id] = found
        return found

    def steps_from(self, role_id: str) -> list[Step]:
        return self._steps_where("from_role", role_id, self._out)

    def steps_to(self, role_id: str) -> list[Step]:
        return self._steps_where("to_role", role_id, self._in)

    def role_name_entries(self) -> Iterable[tuple[str, list[str], list[str], list[str]]]:
        names: dict[str, tuple[list[str], list[str], list[str]]] = {
            role_id: ([], [], []) for role_id in self.roles
        }
        slot = {"title": 0, "alias": 1, "hidden": 2}
        for role_id, kind, name in self.query(
            "SELECT role_id, kind, name FROM role_names ORDER BY rowid"
        ):
            names[role_id][slot[kind]].append(name)
        return [(role_id, *lists) for role_id, lists in names.items()]

    def skill_name_entries(self) -> Iterable[tuple[str, list[str], list[str]]]:
        names: dict[str, tuple[list[str], list[str]]] = {
            skill_id: ([], []) for skill_id in self.skills
        }
        for skill_id, kind, name in self.query(
            "SELECT skill_id, kind, name FROM skill_names ORDER BY rowid"
        ):
            names[skill_id][kind == "alias"].append(name)
        return [(skill_id, *lists) for skill_id, lists in names.items()]

    def skill_names_in(self, lang: str) -> dict[str, str]:
        found = dict(
            self.query(
                "SELECT skill_id, name FROM skill_names WHERE kind = 'name' AND language = 'en'"
                " ORDER BY rowid"
            )
        )
        if lang != "en":
            found.update(
                self.query(
                    "SELECT skill_id, name FROM skill_names WHERE kind = 'name' AND language = ?",
                    (lang,),
                )
            )
        return found

    def name_counts(self) -> tuple[int, int]:
        (counts,) = self.query(
            "SELECT (SELECT count(*) FROM roles)"
            " + (SELECT count(*) FROM role_names WHERE kind != 'title'),"
            " (SELECT count(*) FROM skills)"
            " + (SELECT count(*) FROM skill_names WHERE kind = 'alias')"
        )
        return counts[0], counts[1]

    def role_title(self, role_id: str, lang: str) -> str:
        read = self._roles._read.get(role_id)
        if read is not None:
            title: str = read.title.get(lang)
            return title
        rows = self.query(
            "SELECT language, name FROM role_names WHERE role_id = ? AND kind = 'title'"
            " AND language IN ('en', ?)",
            (role_id, lang),
        )
        titles: dict[str, str] = dict(rows)
        if "en" not in titles:
            raise KeyError(role_id)
        return titles.get(lang) or titles["en"]

    def role_heads(self, ids: Collection[str] | None = None) -> list[RoleHead]:
        # All of them read once (a listing asks for them to sort, to list and to title its
        # rows); a few (a search's finds) by their ids.
        if ids is not None and self._heads is None and len(ids) <= _FEW_HEADS:
            wanted = list(ids)
            found = self._some_heads  # kept: a search and its titles ask for the same ones
            missing = list(dict.fromkeys(i for i in wanted if i not in found))
            rows = self.query_in("SELECT id, level, head FROM roles WHERE id IN ({marks})", missing)
            found.update((head.id, head) for head in self._heads_of(rows))
            return [found[role_id] for role_id in wanted]
        if self._heads is None:
            rows = self.query("SELECT id, level, head FROM roles ORDER BY position")
            self._heads = self._heads_of(rows)
        if ids is not None:
            every = {head.id: head for head in self._heads}
            return [every[role_id] for role_id in ids]
        return list(self._heads)

    def _heads_of(self, rows: Iterable[tuple[str, int, bytes]]) -> list[RoleHead]:
        try:
            return [RoleHead(i, level, *marshal.loads(head)) for i, level, head in rows]
        except Exception as exc:
            raise StoreDamaged(str(self.path), f"a role cannot be read: {exc!r}") from None

    def roles_needing(self, skill_ids: Collection[str]) -> list[tuple[str, str]]:
        found: list[tuple[int, int, str, str]] = self.query_in(
            "SELECT roles.position, r.rowid, r.role_id, r.skill_id FROM requirements r"
            " JOIN roles ON roles.id = r.role_id WHERE r.skill_id IN ({marks})",
            list(skill_ids),
        )
        found.sort()  # as the roles and their requirements come in the dataset
        return [(role_id, skill_id) for _, _, role_id, skill_id in found]

    def tool_entries(self) -> list[tuple[str, list[str], list[str]]]:
        entries: dict[str, tuple[list[str], list[str]]] = {}
        for role_id, name, category in self.query(
            "SELECT t.role_id, t.name, t.category FROM tools t JOIN roles ON roles.id = t.role_id"
            " ORDER BY roles.position, t.rowid"
        ):
            names, categories = entries.setdefault(role_id, ([], []))
            names.append(name)
            categories.append(category)
        return [(role_id, *lists) for role_id, lists in entries.items()]

    def role_levels(self, ids: Collection[str] | None = None) -> dict[str, int]:
        wanted = None if ids is None else list(ids)
        if wanted is None or len(wanted) > 500:  # many: one pass over the table costs less
            every: dict[str, int] = dict(self.query("SELECT id, level FROM roles"))
            return every if wanted is None else {role_id: every[role_id] for role_id in wanted}
        levels: dict[str, int] = dict(
            self.query_in("SELECT id, level FROM roles WHERE id IN ({marks})", wanted)
        )
        missing = set(wanted) - levels.keys()
        if missing:
            raise KeyError(min(missing))
        return levels

    def role_nodes(self, ids: Collection[str] | None = None) -> Iterable[tuple[str, str, int, str]]:
        if ids is None:
            return self.query("SELECT id, title, level, track FROM roles ORDER BY position")
        wanted = list(ids)
        rows: list[tuple[str, str, int, str]] = self.query_in(
            "SELECT id, title, level, track FROM roles WHERE id IN ({marks})", wanted
        )
        missing = set(wanted) - {row[0] for row in rows}
        if missing:
            raise KeyError(min(missing))
        return rows

    def requirement_relations(self) -> list[tuple[str, bool | None]]:
        rows = self.query(
            "SELECT r.skill_id, r.essential FROM requirements r JOIN roles ON roles.id = r.role_id"
            " ORDER BY roles.position, r.rowid"
        )
        return [
            (skill, None if essential is None else bool(essential)) for skill, essential in rows
        ]

    def importances(self) -> list[tuple[str, float]]:
        return self.query(
            "SELECT r.skill_id, r.importance FROM requirements r JOIN roles ON roles.id = r.role_id"
            " WHERE r.importance IS NOT NULL ORDER BY roles.position, r.rowid"
        )

    def any_requirement_level(self) -> bool:
        return bool(self.query("SELECT 1 FROM requirements WHERE level IS NOT NULL LIMIT 1"))

    def any_flagged_tool(self) -> bool:
        return bool(self.query("SELECT 1 FROM tools WHERE hot OR in_demand LIMIT 1"))

    def title_languages(self) -> set[str]:
        rows = self.query("SELECT DISTINCT language FROM role_names WHERE kind = 'title'")
        return {language for (language,) in rows}
