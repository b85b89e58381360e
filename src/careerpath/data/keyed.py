"""Rows looked up by a key, kept beside a dataset's store as a sealed SQLite file.

Something derived from a dataset that a command asks one key of (the names that fold to what
a user typed) is kept here rather than in a companion read whole: one indexed read instead of
unmarshalling ninety thousand names. The queries layer decides what the keys and rows are;
this module only keeps them, written once through a temporary file and a rename, sealed, and
trusted only while the seal matches and the file names its dataset.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from careerpath.data.cache import entry_of
from careerpath.data.seal import open_sealed_database, write_sealed_database

if TYPE_CHECKING:
    from careerpath.data.ladder import Ladder

FORMAT = 1
"""``PRAGMA user_version`` of a keyed file."""

_SCHEMA = """
CREATE TABLE about (field TEXT PRIMARY KEY, value) WITHOUT ROWID;
CREATE TABLE keyed (key TEXT PRIMARY KEY, body BLOB NOT NULL) WITHOUT ROWID;
"""


class KeyedFile:
    """The keyed rows of one *kind* for one dataset (a file beside its cache entry)."""

    def __init__(self, path: Path, key: bytes) -> None:
        self.path = path
        self.key = key
        self._db: sqlite3.Connection | None = None
        self._checked = False

    @classmethod
    def of(cls, ladder: Ladder, kind: str) -> KeyedFile | None:
        """The file of *kind* for *ladder*, or None when its dataset is not cached."""
        entry = entry_of(ladder)
        if entry is None:
            return None
        return cls(entry.companion_path(kind), entry.key)

    def _open(self) -> sqlite3.Connection | None:
        if not self._checked:
            self._checked = True
            db = open_sealed_database(self.path, FORMAT)
            if db is not None:
                try:
                    rows = db.execute("SELECT value FROM about WHERE field = 'key'").fetchall()
                except sqlite3.Error:
                    rows = []
                if rows == [(self.key.hex(),)]:
                    self._db = db
                else:
                    db.close()
        return self._db

    def exists(self) -> bool:
        """Whether a sound file for this dataset is there."""
        return self._open() is not None

    def get(self, key: str) -> bytes | None:
        """The row kept for *key*, or None when there is none or no sound file to ask."""
        db = self._open()
        if db is None:
            return None
        try:
            rows = db.execute("SELECT body FROM keyed WHERE key = ?", (key,)).fetchall()
        except sqlite3.Error:
            return None
        return bytes(rows[0][0]) if rows else None

    def write(self, rows: Iterable[tuple[str, bytes]]) -> None:
        """Keep *rows* (key, body), if the folder can be written; never raises."""

        def fill(db: sqlite3.Connection) -> None:
            db.execute("INSERT INTO about VALUES ('key', ?)", (self.key.hex(),))
            db.executemany("INSERT INTO keyed VALUES (?, ?)", rows)

        write_sealed_database(self.path, FORMAT, _SCHEMA, fill)
        self._checked = False
