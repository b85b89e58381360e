"""Seals: a file written whole is trusted later only if nothing has touched it since.

A store or a stored index is written once (a temporary file, then a rename) and never
changed in place. Its seal, a small file beside it (``NAME.seal``), records its status just
after the rename: size, modification and change times, inode and device. Reading it again
checks that status first; any write to the file since (a truncation, bytes overwritten in
place, a copy put in its place) changes its change time, which only the kernel sets, and the
file is then not trusted but rebuilt. One stat and a read of some forty bytes: nothing like
hashing a 90 MB file on every command.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlite3

SUFFIX = ".seal"


def seal_path(path: Path) -> Path:
    """Where the seal of *path* is kept."""
    return path.with_name(path.name + SUFFIX)


def _status(path: Path) -> bytes:
    status = os.stat(path)
    numbers = (status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino)
    return " ".join(str(number) for number in (*numbers, status.st_dev)).encode("ascii")


def seal(path: Path) -> None:
    """Record *path*'s status now, just after it was written (never raises; an unsealed file
    is only a file that is not trusted)."""
    from careerpath.data.files import write_atomically
    from careerpath.errors import CannotWrite

    with suppress(OSError, CannotWrite):
        write_atomically(
            seal_path(path),
            (_status(path),),
            force=True,
            durable=False,
            private=True,
            prefix=".tmp-",
            suffix=SUFFIX,
        )


def is_sealed(path: Path) -> bool:
    """Whether *path* is as it was when it was sealed."""
    try:
        return seal_path(path).read_bytes() == _status(path)
    except OSError:
        return False


def open_sealed_database(
    path: Path, version: int, application: int | None = None
) -> sqlite3.Connection | None:
    """An SQLite file careerpath wrote and sealed, opened read-only (it never changes after it
    is sealed), or None when it is missing, touched since, not SQLite, of another layout
    *version* (``PRAGMA user_version``) or *application* (``PRAGMA application_id``), or
    shorter or longer than its pages (truncated, or grown by something else)."""
    import sqlite3

    if not is_sealed(path):
        return None
    try:
        size = os.stat(path).st_size
        db = sqlite3.connect(f"{path.as_uri()}?mode=ro&immutable=1", uri=True)
    except (OSError, sqlite3.Error, ValueError):
        return None
    try:
        (found_application,) = db.execute("PRAGMA application_id").fetchone()
        (found_version,) = db.execute("PRAGMA user_version").fetchone()
        (page_size,) = db.execute("PRAGMA page_size").fetchone()
        (page_count,) = db.execute("PRAGMA page_count").fetchone()
    except sqlite3.Error:
        db.close()
        return None
    if (
        found_version != version
        or (application is not None and found_application != application)
        or page_size * page_count != size
    ):
        db.close()
        return None
    return db


def write_sealed_database(
    path: Path, version: int, schema: str, fill: Callable[[sqlite3.Connection], None]
) -> bool:
    """Write an SQLite file at *path* whole: a temporary file beside it made with *schema*
    and filled by *fill*, marked with layout *version*, renamed into place, then sealed.
    False when the folder cannot be written or *fill* fails with an OS or SQLite error (never
    raised); any other error of *fill* is raised. Nothing is left behind either way."""
    import sqlite3
    import tempfile

    try:
        handle, name = tempfile.mkstemp(prefix=".tmp-", suffix=path.suffix, dir=path.parent)
    except OSError:
        return False
    os.close(handle)
    temporary = Path(name)
    try:
        db = sqlite3.connect(temporary)
        try:
            # Nothing to journal or sync: a file cut short is not sealed, and not read.
            db.execute("PRAGMA journal_mode = OFF")
            db.execute("PRAGMA synchronous = OFF")
            db.executescript(schema)
            fill(db)
            db.execute(f"PRAGMA user_version = {version}")
            db.commit()
        finally:
            db.close()
        os.chmod(temporary, 0o600)
        os.replace(temporary, path)
    except BaseException as exc:
        with suppress(OSError):
            temporary.unlink()
        if isinstance(exc, (OSError, sqlite3.Error)):
            return False
        raise
    seal(path)
    return True
