"""Writing a file whole or not at all: a temporary file beside it, then a rename.

The one way careerpath writes a file, whether the user named it (``export --output``, ``init``,
``import``, ``--svg``) or the cache keeps it. Modelled on pip's
``utils/filesystem.adjacent_tmp_file`` and ``replace``: the new content goes to a temporary
file in the target's folder (so the rename stays on one file system), is flushed to the disk,
and then takes the target's name in one step, so a reader sees the old file or the new one,
never half of either.

Only a regular file or a new name is written: a directory, a FIFO, a device or a symbolic link
is refused, with or without *force* (a link is never replaced by a file, nor written through
to a file the user did not name). The temporary file is named ``.NAME.XXXXXXXX.careerpath-tmp``
and, where the system has ``flock``, locked while it is written; one that a killed process
left behind (no lock held, older than this process's first write) is removed by the next
write to the same folder. Nothing else there is touched.
"""

from __future__ import annotations

import os
import re
import stat
import tempfile
import time
from collections.abc import Iterable
from contextlib import suppress
from pathlib import Path

from careerpath.errors import CannotWrite
from careerpath.messages import Message, _

try:
    import fcntl
except ImportError:  # Windows: an open file cannot be removed there anyway
    fcntl = None  # type: ignore[assignment]

TEMPORARY_SUFFIX = ".careerpath-tmp"
"""How the writer's temporary files end (after ``.NAME.`` and eight random characters)."""
_TEMPORARY = re.compile(r"^\..+\.[a-z0-9_]{8}" + re.escape(TEMPORARY_SUFFIX) + r"$")
_STARTED = time.time()
"""When this process began to use the writer: a temporary file older than this and unlocked
is not one it, or a process still running, is writing."""


def check_target(target: Path, *, force: bool) -> None:
    """Refuse *target* unless it is a new name, or (with *force*) a regular file.

    Raises :class:`~careerpath.errors.CannotWrite` saying what *target* is: a symbolic link
    (with where it points), a directory, a FIFO, a device or another kind of file that is not
    a regular one, or an existing file without *force*.
    """
    try:
        status = target.lstat()
    except FileNotFoundError:
        return
    except OSError as exc:
        raise _system_refused(target, exc) from None
    mode = status.st_mode
    if stat.S_ISLNK(mode):
        raise _refused(
            target,
            _("{file} is a symbolic link (to {link}); give the file itself, or remove the link"),
            link=os.readlink(target),
        )
    if stat.S_ISDIR(mode):
        raise _refused(target, _("{file} is a directory"))
    if stat.S_ISFIFO(mode):
        raise _refused(target, _("{file} is not a regular file: it is a named pipe (FIFO)"))
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        raise _refused(target, _("{file} is not a regular file: it is a device"))
    if not stat.S_ISREG(mode):
        raise _refused(target, _("{file} is not a regular file"))
    if not force:
        raise _refused(target, _("{file} exists; use --force to overwrite it"))


def write_atomically(
    target: Path,
    content: str | Iterable[bytes],
    *,
    force: bool,
    durable: bool = True,
    private: bool = False,
    prefix: str | None = None,
    suffix: str = TEMPORARY_SUFFIX,
) -> None:
    """Write *content* (text, written as UTF-8, or bytes in parts) to *target*.

    *force* replaces an existing regular file; without it an existing *target* is left as it
    is, even one created while this runs. A directory, a symbolic link or any other file that
    is not a regular one (a FIFO, a device) is never replaced (see :func:`check_target`).
    *durable* syncs the content to the disk before the rename; *private* keeps the file
    readable by its owner only, else it gets the mode a new file gets. The temporary file is
    named *prefix* (default ``.NAME.``), random characters and *suffix*; it is gone when this
    returns or raises. Temporary files of the default name that a killed process left in the
    folder are removed first.

    Raises :class:`~careerpath.errors.CannotWrite` when *target* is refused or the system
    cannot write it.
    """
    check_target(target, force=force)
    parts = [content.encode("utf-8")] if isinstance(content, str) else content
    remove_leftovers(target.parent)
    try:
        handle, temporary = tempfile.mkstemp(
            prefix=f".{target.name[:64]}." if prefix is None else prefix,
            suffix=suffix,
            dir=target.parent,
        )
    except OSError as exc:
        raise _system_refused(target, exc) from None
    try:
        # Locked until the rename is done: the next writer in this folder leaves it alone.
        if fcntl is not None:
            with suppress(OSError):  # a file system without locks: the age rule still holds
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        with os.fdopen(handle, "wb") as stream:
            for part in parts:  # in parts: a large body is not joined into a second copy
                stream.write(part)
            if durable:
                stream.flush()
                os.fsync(stream.fileno())
            if not private:  # mkstemp makes the file private (0600)
                umask = os.umask(0)
                os.umask(umask)
                os.chmod(temporary, 0o666 & ~umask)
            if fcntl is None:  # Windows renames no open file
                stream.close()
            if force:
                check_target(target, force=True)  # what took the name meanwhile is kept
                os.replace(temporary, target)
            else:
                _link_new(Path(temporary), target)
    except OSError as exc:
        raise _system_refused(target, exc) from None
    finally:
        Path(temporary).unlink(missing_ok=True)


def remove_leftovers(folder: Path) -> list[Path]:
    """Remove the temporary files a killed writer left in *folder*; returns those removed.

    Only files named as this writer names them (``.NAME.XXXXXXXX.careerpath-tmp``), regular
    files (not links), owned by this user, last changed before this process began writing, and
    (where files can be locked) locked by nobody. Never raises.
    """
    removed: list[Path] = []
    try:
        names = [entry.name for entry in os.scandir(folder) if _TEMPORARY.match(entry.name)]
    except OSError:
        return removed
    for name in names:
        path = folder / name
        with suppress(OSError):
            if _remove_if_abandoned(path):
                removed.append(path)
    return removed


def _remove_if_abandoned(path: Path) -> bool:
    """Remove *path* if it is a temporary file nobody is writing; whether it was removed."""
    status = path.lstat()
    if not stat.S_ISREG(status.st_mode) or status.st_mtime >= _STARTED:
        return False
    if hasattr(os, "getuid") and status.st_uid != os.getuid():
        return False
    if fcntl is None:
        path.unlink()  # fails while a writer has it open
        return True
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:  # a writer holds it: alive
            return False
        same = os.fstat(descriptor)
        if (same.st_dev, same.st_ino) != (status.st_dev, status.st_ino):
            return False  # the name changed hands since it was looked at
        path.unlink()
        return True
    finally:
        os.close(descriptor)


def _link_new(temporary: Path, target: Path) -> None:
    # A hard link fails if the target exists, so a file created since the check above is
    # never overwritten either; file systems without hard links fall back to check-and-rename.
    try:
        os.link(temporary, target)
    except FileExistsError:
        raise _refused(target, _("{file} exists; use --force to overwrite it")) from None
    except OSError:
        if os.path.lexists(target):
            raise _refused(target, _("{file} exists; use --force to overwrite it")) from None
        os.replace(temporary, target)


def _refused(target: Path, message: Message, **more: str) -> CannotWrite:
    return CannotWrite(str(target), message.format(file=str(target), **more))


def _system_refused(target: Path, exc: OSError) -> CannotWrite:
    reason = exc.strerror or str(exc)
    return _refused(target, _("cannot write {file}: {reason}"), reason=reason)


def check_writable(target: Path, *, force: bool) -> None:
    """Refuse *target* now, before any work, for the reasons :func:`write_atomically` would
    later: it exists (without *force*), it is not a regular file, or its folder is missing or
    not writable.

    Raises :class:`~careerpath.errors.CannotWrite`.
    """
    if target.exists() and not force:
        raise _refused(target, _("{file} exists; use --force to overwrite it"))
    if target.is_dir():
        raise _refused(target, _("{file} is a directory"))
    if target.exists() and not target.is_file():
        raise _refused(target, _("{file} is not a regular file"))
    folder = target.parent
    if not folder.is_dir():
        raise _refused(target, _("cannot write {file}: {reason}"), reason=_("no such folder"))
    if not os.access(folder, os.W_OK | os.X_OK):
        raise _refused(target, _("cannot write {file}: {reason}"), reason=_("permission denied"))
