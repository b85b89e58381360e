"""The similarity index of a dataset stored beside its store, as an SQLite file read in part.

:mod:`careerpath.queries.similarity` builds the tables; this module only keeps them: every
role's id and vector length, per skill the positions of the roles that need it with their
weighted levels, and (once found) every role's nearest roles. Numbers are stored as the bytes
of :mod:`array` arrays; a question reads the rows of the skills it compares (a role's forty,
not the dataset's fourteen thousand), and the nearest roles of the roles it asks about.
"""

from __future__ import annotations

import marshal
import sqlite3
from array import array
from collections.abc import Iterator, MutableMapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, overload

from careerpath.data.cache import LadderCache, entry_of
from careerpath.data.locate import data_paths
from careerpath.data.seal import open_sealed_database, seal_path, write_sealed_database
from careerpath.errors import StoreDamaged

if TYPE_CHECKING:
    from careerpath.data.ladder import Ladder

Posting = tuple[Sequence[int], Sequence[float]] | tuple[bytes, bytes]
"""The roles that need one skill: their positions and weighted levels (bytes until read)."""
Postings = MutableMapping[str, Posting]
Tables = tuple[list[str], Sequence[float], Postings]
"""Role ids, their vectors' lengths, and each skill's posting."""
Nearest = tuple[Sequence[bytes], Sequence[bytes]]
"""Per role, the positions of its nearest roles and their similarities, as bytes."""
Stored = tuple[Tables, Nearest | Literal[False] | None, float | None, float | None]
"""What a stored index holds: its tables, its nearest roles (False: too dense to find them;
None: not found yet), the dataset's typical similarity found with them (or None), and the
similarity the nearest roles reach (None: each role's most similar others; a number: each
role's others at least that similar, and only those)."""

POSITION: Literal["I"] = "I"
"""Array type code of stored role positions."""
VALUE: Literal["d"] = "d"
"""Array type code of stored weighted levels, lengths and similarities."""
SUFFIX = ".similarity"
"""The name ending of a stored index, beside its dataset's store."""
KEEP = 8
"""Stored indexes kept; older ones are removed after each write."""
FORMAT = 2
"""``PRAGMA user_version`` of a stored index."""

_SCHEMA = """
CREATE TABLE about (field TEXT PRIMARY KEY, value);
CREATE TABLE postings (skill TEXT PRIMARY KEY, positions BLOB NOT NULL, weights BLOB NOT NULL);
CREATE TABLE nearest (position INTEGER PRIMARY KEY, positions BLOB NOT NULL, values_ BLOB);
"""


def decoded(positions: bytes, values: bytes) -> tuple[Sequence[int], Sequence[float]]:
    """Stored positions and values, readable as numbers without copying them."""
    return memoryview(positions).cast(POSITION), memoryview(values).cast(VALUE)


def encoded(positions: Sequence[int], values: Sequence[float]) -> tuple[bytes, bytes]:
    """Positions and values as the bytes they are stored as."""
    return array(POSITION, positions).tobytes(), array(VALUE, values).tobytes()


def stored_length(positions: Sequence[int] | bytes) -> int:
    """How many roles a posting's positions hold, whether still stored or already read."""
    if isinstance(positions, bytes):
        return len(positions) // array(POSITION).itemsize
    return len(positions)


class _Reader:
    """An open stored index: rows read as they are asked for."""

    def __init__(self, db: sqlite3.Connection, path: Path) -> None:
        self.db = db
        self.path = path

    def rows(self, sql: str, parameters: Sequence[Any] = ()) -> list[Any]:
        try:
            return self.db.execute(sql, parameters).fetchall()
        except sqlite3.Error as exc:
            raise StoreDamaged(str(self.path), str(exc)) from None


class _StoredPostings(MutableMapping[str, Posting]):
    """Each skill's posting, read from the file when first asked for."""

    def __init__(self, reader: _Reader, count: int) -> None:
        self._reader = reader
        self._count = count
        self._read: dict[str, Posting] = {}
        self._missing: set[str] = set()
        self._whole = False

    def __getitem__(self, skill: str) -> Posting:
        found = self._read.get(skill)
        if found is not None:
            return found
        if self._whole or skill in self._missing:
            raise KeyError(skill)
        rows = self._reader.rows(
            "SELECT positions, weights FROM postings WHERE skill = ?", (skill,)
        )
        if not rows:
            self._missing.add(skill)
            raise KeyError(skill)
        posting: Posting = (bytes(rows[0][0]), bytes(rows[0][1]))
        self._read[skill] = posting
        return posting

    def __setitem__(self, skill: str, posting: Posting) -> None:
        self._read[skill] = posting

    def __delitem__(self, skill: str) -> None:
        raise TypeError("a stored index is not changed")

    def _all(self) -> dict[str, Posting]:
        if not self._whole:
            for skill, positions, weights in self._reader.rows(
                "SELECT skill, positions, weights FROM postings ORDER BY skill"
            ):
                self._read.setdefault(skill, (bytes(positions), bytes(weights)))
            self._whole = True
        return self._read

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(self._all()))

    def __len__(self) -> int:
        return self._count


class _StoredNearest(Sequence[bytes]):
    """One column (positions or similarities) of every role's nearest roles, by position."""

    def __init__(self, reader: _Reader, count: int, column: str) -> None:
        self._reader = reader
        self._count = count
        self._column = column

    @overload
    def __getitem__(self, index: int) -> bytes: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[bytes]: ...
    def __getitem__(self, index: int | slice) -> bytes | Sequence[bytes]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(self._count))]
        rows = self._reader.rows(f"SELECT {self._column} FROM nearest WHERE position = ?", (index,))
        if not rows:
            raise StoreDamaged(str(self._reader.path), f"no nearest roles for role {index}")
        return bytes(rows[0][0])

    def __len__(self) -> int:
        return self._count


class StoredIndex:
    """The file holding one dataset's similarity index, beside the dataset's store."""

    def __init__(self, path: Path, key: bytes) -> None:
        self.path = path
        self.key = key

    @classmethod
    def of(cls, ladder: Ladder, specs: Sequence[str] | None) -> StoredIndex | None:
        """The file for *ladder*, loaded from *specs* (as :func:`careerpath.data.load.load`
        takes them), or None when nothing can be cached."""
        # The entry the dataset was loaded through, else found again by hashing its files.
        entry = entry_of(ladder) or LadderCache.open(data_paths(specs))
        if entry is None:
            return None
        return cls(entry.directory / (entry.key.hex()[:40] + SUFFIX), entry.key)

    def read(self, role_ids: Sequence[str] | None = None) -> Stored | None:
        """The stored tables, or None when missing, damaged, foreign or (given *role_ids*) not
        for these roles; rows read later that turn out damaged raise
        :class:`~careerpath.errors.StoreDamaged`. (The file names its dataset's key: without
        *role_ids*, its roles are those of the dataset the key names.)"""
        db = open_sealed_database(self.path, FORMAT)
        if db is None:
            return None
        try:
            about = dict(db.execute("SELECT field, value FROM about").fetchall())
            if about.get("key") != self.key.hex():
                raise LookupError("another dataset's")
            stored_ids = marshal.loads(about["roles"])
            norms = memoryview(about["norms"]).cast(VALUE)
            if len(norms) != len(stored_ids) or (
                role_ids is not None and stored_ids != list(role_ids)
            ):
                raise LookupError("other roles")
            typical = about.get("typical")
            if typical is not None and not isinstance(typical, float):
                raise LookupError("typical")
            reader = _Reader(db, self.path)
            postings = _StoredPostings(reader, int(about["skills"]))
            state = about.get("nearest")
            reach = about.get("reach")
            if (state == "above") != isinstance(reach, float):
                raise LookupError("reach")
            nearest: Nearest | Literal[False] | None
            if state in ("found", "above"):
                nearest = (
                    _StoredNearest(reader, len(stored_ids), "positions"),
                    _StoredNearest(reader, len(stored_ids), "values_"),
                )
            else:
                nearest = False if state == "dense" else None
            return (stored_ids, norms, postings), nearest, typical, reach
        except Exception:  # anything that is not a sound index of these roles: a miss
            db.close()
            return None

    def write(
        self,
        tables: Tables,
        nearest: Nearest | Literal[False] | None,
        typical: float | None = None,
        reach: float | None = None,
    ) -> None:
        """Store *tables*, *nearest* (with the similarity it *reach*-es, see :data:`Stored`)
        and *typical*, if the directory can be written; never raises."""
        role_ids, norms, postings = tables

        def fill(db: sqlite3.Connection) -> None:
            state = "found" if nearest else "dense" if nearest is False else "none"
            if nearest and reach is not None:
                state = "above"
            about = {
                "key": self.key.hex(),
                "roles": marshal.dumps(list(role_ids)),
                "norms": array(VALUE, norms).tobytes(),
                "skills": len(postings),
                "nearest": state,
                "typical": typical,
                "reach": reach if state == "above" else None,
            }
            db.executemany("INSERT INTO about VALUES (?, ?)", about.items())
            # Postings read from an earlier file and not needed since are still bytes: kept
            # as they are.
            db.executemany(
                "INSERT INTO postings VALUES (?, ?, ?)",
                (
                    (skill, positions, values)
                    if isinstance(positions, bytes) and isinstance(values, bytes)
                    else (skill, *encoded(positions, values))
                    for skill, (positions, values) in postings.items()
                ),
            )
            if nearest:
                db.executemany(
                    "INSERT INTO nearest VALUES (?, ?, ?)",
                    (
                        (position, nearest[0][position], nearest[1][position])
                        for position in range(len(role_ids))
                    ),
                )

        try:
            if not write_sealed_database(self.path, FORMAT, _SCHEMA, fill):
                return
        except StoreDamaged:  # the earlier file it was read from turned out damaged
            return
        # Keep the most recently written indexes, as the dataset cache keeps its entries.
        try:
            kept = sorted(
                (p for p in self.path.parent.glob("*" + SUFFIX) if not p.name.startswith(".")),
                key=lambda p: p.stat().st_mtime,
                reverse=True,
            )
            for old in kept[KEEP:]:
                old.unlink(missing_ok=True)
                seal_path(old).unlink(missing_ok=True)
        except OSError:
            pass
