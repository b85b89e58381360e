"""Writing a file whole or not at all: a temporary file beside it, then a rename.

The one way careerpath writes a file, whether the user named it (``export --output``, ``init``,
``import``, ``--svg``) or the cache keeps it. Modelled on pip's
``utils/filesystem.adjacent_tmp_file`` and ``replace``: the new content goes to a temporary
file in the target's folder (so the rename stays on one file system), is flushed to the disk,
and then takes the target's name in one step, so a reader sees the old file or the new one,
never half of either.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from careerpath.errors import CannotWrite
from careerpath.messages import Message, _


def write_atomically(
    target: Path,
    content: str | Iterable[bytes],
    *,
    force: bool,
    durable: bool = True,
    private: bool = False,
    prefix: str | None = None,
    suffix: str = "",
) -> None:
    """Write *content* (text, written as UTF-8, or bytes in parts) to *target*.

    *force* replaces an existing regular file; without it an existing *target* is left as it
    is, even one created while this runs. A directory or any other file that is not a regular
    one (a FIFO, a device) is never replaced. *durable* syncs the content to the disk before
    the rename; *private* keeps the file readable by its owner only, else it gets the mode a
    new file gets. The temporary file is named *prefix* (default ``.NAME.``), random
    characters and *suffix*; it is gone when this returns or raises.

    Raises :class:`~careerpath.errors.CannotWrite` when *target* is refused or the system
    cannot write it.
    """
    if target.exists() and not force:
        raise _refused(target, _("{file} exists; use --force to overwrite it"))
    if target.is_dir():
        raise _refused(target, _("{file} is a directory"))
    if target.exists() and not target.is_file():
        raise _refused(target, _("{file} is not a regular file"))
    parts = [content.encode("utf-8")] if isinstance(content, str) else content
    try:
        handle, temporary = tempfile.mkstemp(
            prefix=f".{target.name}." if prefix is None else prefix,
            suffix=suffix,
            dir=target.parent,
        )
    except OSError as exc:
        raise _system_refused(target, exc) from None
    try:
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
        if force:
            os.replace(temporary, target)
        else:
            _link_new(Path(temporary), target)
    except OSError as exc:
        raise _system_refused(target, exc) from None
    finally:
        Path(temporary).unlink(missing_ok=True)


def _link_new(temporary: Path, target: Path) -> None:
    # A hard link fails if the target exists, so a file created since the check above is
    # never overwritten either; file systems without hard links fall back to check-and-rename.
    try:
        os.link(temporary, target)
    except FileExistsError:
        raise _refused(target, _("{file} exists; use --force to overwrite it")) from None
    except OSError:
        if target.exists():
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
