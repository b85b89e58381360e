"""The similarity index of a dataset stored beside its cache entry, as tables of bytes.

:mod:`careerpath.queries.similarity` builds the tables; this module only keeps them: every
role's id and vector length, per skill the positions of the roles that need it with their
weighted levels, and (once found) every role's nearest roles. Numbers are stored as the bytes
of :mod:`array` arrays and read back as memoryviews over them, so a large index is decoded
only where a search looks.
"""

from __future__ import annotations

import marshal
from array import array
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from careerpath.data.cache import LadderCache, entry_of, read_checked, write_checked
from careerpath.data.locate import data_paths

if TYPE_CHECKING:
    from careerpath.data.ladder import Ladder

Posting = tuple[Sequence[int], Sequence[float]] | tuple[bytes, bytes]
"""The roles that need one skill: their positions and weighted levels (bytes until read)."""
Tables = tuple[list[str], Sequence[float], dict[str, Posting]]
"""Role ids, their vectors' lengths, and each skill's posting."""
Nearest = tuple[list[bytes], list[bytes]]
"""Per role, the positions of its nearest roles and their similarities, as bytes."""
Stored = tuple[Tables, Nearest | Literal[False] | None, float | None]
"""What a stored index holds: its tables, its nearest roles (False: too dense to find them;
None: not found yet), and the dataset's typical similarity found with them (or None)."""

POSITION: Literal["I"] = "I"
"""Array type code of stored role positions."""
VALUE: Literal["d"] = "d"
"""Array type code of stored weighted levels, lengths and similarities."""
SUFFIX = ".similarity"
"""The name ending of a stored index, beside its dataset's cache entry."""
KEEP = 8
"""Stored indexes kept; older ones are removed after each write."""


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


class StoredIndex:
    """The file holding one dataset's similarity index, beside the dataset's cache entry."""

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

    def read(self, role_ids: Sequence[str]) -> Stored | None:
        """The stored tables, or None when missing, damaged or not for these *role_ids*."""
        body = read_checked(self.path, self.key)
        if body is None:
            return None
        try:
            stored_ids, norms, postings, nearest, typical = marshal.loads(body)
            norms_view = memoryview(norms).cast(VALUE)
        except Exception:  # a damaged entry is rebuilt, whatever it holds
            return None
        if stored_ids != list(role_ids) or len(norms_view) != len(stored_ids):
            return None
        if nearest and (len(nearest) != 2 or len(nearest[0]) != len(stored_ids)):
            return None
        if typical is not None and not isinstance(typical, float):
            return None
        return (stored_ids, norms_view, postings), nearest, typical

    def write(
        self,
        tables: Tables,
        nearest: Nearest | Literal[False] | None,
        typical: float | None = None,
    ) -> None:
        """Store *tables*, *nearest* and *typical*, if the directory can be written; never
        raises."""
        role_ids, norms, postings = tables
        # Postings read from an earlier file and not needed since are still bytes: kept as
        # they are (leaving them out emptied the index when the nearest roles were added later).
        stored = {
            skill: (positions, values)
            if isinstance(positions, bytes) and isinstance(values, bytes)
            else encoded(positions, values)
            for skill, (positions, values) in postings.items()
        }
        body = marshal.dumps((role_ids, array(VALUE, norms).tobytes(), stored, nearest, typical))
        if not write_checked(self.path, self.key, body):
            return
        # Keep the most recently written indexes, as the dataset cache keeps its entries.
        try:
            kept = sorted(
                self.path.parent.glob("*" + SUFFIX), key=lambda p: p.stat().st_mtime, reverse=True
            )
            for old in kept[KEEP:]:
                old.unlink(missing_ok=True)
        except OSError:
            pass
