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
from contextlib import suppress
from pathlib import Path

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
