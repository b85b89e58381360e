"""A cache of loaded datasets: a data file is parsed and checked once, not on every command.

An entry holds the checked dataset in a compact form that loads several times faster than
parsing and validating the data files again. It is keyed by the content of every data file
(and their real paths and order: however a path is spelled, a file has one entry), by the
versions of careerpath, Python and pydantic, and by the package's own source files, so any
change to any of them is a miss, never a stale answer.

An entry is found without reading the data files when they have not changed: a small pointer
file, named for the files' status (real path, size, mtime, ctime, inode and device of each, and
the same versions and sources), holds the content key of their entry. Any change to any of those
is a miss of the pointer, and the files are hashed as before. An edit can keep the size, the
mtime and the inode (written in place, then ``touch -d`` back), but not the ctime, which only
the kernel sets; what remains is an edit made within the same tick of a coarse file-system
clock as the previous change. So a pointer is written only for files that had been still for
``SETTLE_NS`` (2 s) when they were hashed, and only when their status is unchanged after the
load: a later edit then has a later ctime. A file changed moments ago is hashed every time
until it settles.

Entries live in the user's cache directory (``$CAREERPATH_CACHE_DIR``, else
``$XDG_CACHE_HOME/careerpath`` or the platform's equivalent). They are written through a
temporary file and a rename; one that is missing, stale, truncated or corrupt is a miss and is
rebuilt; a directory that cannot be written just means no caching. The cache never raises.

An entry holds, in :mod:`marshal` format, the payload :mod:`careerpath.data.payload` encodes,
behind a checksum that guards against damage. Entries are only as trustworthy as the cache
directory: like any cache, it must not be writable by others.
"""

from __future__ import annotations

import gc
import hashlib
import marshal
import os
import stat
import sys
import time
import typing
import weakref
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from careerpath.data.locate import BUILTIN, builtin_path, cache_dir, distinct, identity
from careerpath.data.payload import FORMAT_VERSION
from careerpath.data.seal import is_sealed, seal, seal_path
from careerpath.data.sources import MAX_FILE_BYTES

if TYPE_CHECKING:
    from careerpath.data.ladder import Ladder

SUFFIX = ".ladder"
MAX_ENTRIES = 8
"""Entries kept; the least recently used beyond this are removed after each write."""
POINTER_SUFFIX = ".where"
"""Pointers from the data files' status to their entry (see :meth:`LadderCache.open`)."""
MAX_POINTERS = 4 * MAX_ENTRIES
"""Pointers kept; the oldest beyond this are removed after each write."""
SETTLE_NS = 2_000_000_000
"""How long a data file must have been unchanged before it is known by its status alone."""

T = TypeVar("T")

_MAGIC = b"careerpath-cache\n"
_DIGEST_SIZE = 32


@contextmanager
def paused_gc(*, freeze: bool = False) -> Iterator[None]:
    """Pause the cyclic garbage collector while loading.

    Loading creates hundreds of thousands of objects and no reference cycles; without the
    pause the collector scans them over and over, which doubles the time. With *freeze*, what
    exists afterwards is moved out of the collector's sight for the rest of the process (for
    a command line that loads once and exits).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if freeze:  # before enabling, so the first collection does not scan it all once more
            gc.freeze()
        if enabled:
            gc.enable()


class LadderCache:
    """The cache entry for one list of data files.

    The entry is the files' own, not their names': a file is known by its real path, so
    ``a.yaml``, ``./a.yaml``, its absolute path and a symbolic link to it share one entry, and
    a file named twice counts once (as the loader reads it once).
    """

    def __init__(
        self,
        directory: Path,
        key: bytes,
        specs: Sequence[str] = (),
        finder: tuple[bytes, bytes] | None = None,
    ) -> None:
        self.directory = directory
        self.key = key
        self.specs = list(specs)
        self.path = directory / (key.hex()[:40] + SUFFIX)
        # (the files' status key and the environment) when a pointer to this entry is wanted
        self.finder = finder

    @classmethod
    def open(cls, specs: Sequence[str]) -> LadderCache | None:
        """The entry for *specs* (paths, or ``"builtin"``), or None when caching is impossible.

        Finds the entry from the files' status (real path, size, times, inode) when a pointer
        for exactly that status was written; else reads and hashes every file. A file that
        cannot be read is left to the loader to report.
        """
        directory = cache_dir()
        if directory is None:
            return None
        environment = _environment()
        found = _status_key(specs, environment, since=time.time_ns())
        if found is not None:
            status, settled = found
            pointer = read_checked(_pointer_path(directory, status), status)
            if pointer is not None and len(pointer) == _DIGEST_SIZE:
                return cls(directory, bytes(pointer), specs, None)
        key = _key(specs, environment)
        if key is None:
            return None
        entry = cls(directory, key, specs, None)
        if found is not None and settled:  # the content hashed is the content of that status
            entry.finder = (status, environment)
        return entry

    def _point(self) -> None:
        """Write the pointer from the files' status to this entry, if one is wanted and the
        files have not changed since they were hashed."""
        if self.finder is None:
            return
        status, environment = self.finder
        self.finder = None
        found = _status_key(self.specs, environment)
        if found is None or found[0] != status:
            return  # changed while it was loaded
        if write_checked(_pointer_path(self.directory, status), status, self.key):
            self._prune()  # a file touched again and again leaves a pointer each time

    def point_when_settled(self) -> None:
        """Write the pointer from the files' status to this entry if they have been still
        long enough to be known by it and still hash to this entry (an import's output, once
        the import has written the store and its indexes): the next command need not hash
        them."""
        environment = _environment()
        found = _status_key(self.specs, environment, since=time.time_ns())
        if found is None or not found[1] or _key(self.specs, environment) != self.key:
            return
        self.finder = (found[0], environment)
        self._point()  # (only if they have not changed while they were hashed)

    def _unchanged(self) -> bool:
        """Whether the data files still hold what the key was made from. Files that had settled
        when they were hashed are known by their status, as a pointer knows them (an edit since
        would have a later ctime): a large file is not read and hashed a second time. Others are
        hashed again."""
        if self.finder is not None:
            status, environment = self.finder
            found = _status_key(self.specs, environment)
            if found is not None and found[0] == status:
                return True
        return _key(self.specs) == self.key

    def get(self) -> Ladder | None:
        """The cached dataset (read from its store as it is used), or None when the entry is
        missing, stale, foreign or damaged."""
        from careerpath.data.store import open_store

        ladder = open_store(self.path, self.key)
        if ladder is None:
            return None
        with suppress(OSError):
            # recently used: kept by pruning (the seal is touched, never the sealed store)
            os.utime(seal_path(self.path))
        self._point()
        if self.specs:  # named as this load names them, which may not be as they were stored
            ladder.files = distinct(self.specs)
        return ladder

    def put(self, ladder: Ladder) -> None:
        """Store *ladder*, if it can be stored and the directory can be written."""
        if self.specs and not self._unchanged():
            return  # a file changed while it was loaded: this ladder may match neither version
        from careerpath.data.store import write

        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            # Named .tmp-*.ladder while written, so that pruning finds one a killed process left.
            write(ladder, self.key, self.path, prefix=".tmp-", suffix=SUFFIX)
        except Exception:  # cannot be written, or a value this store cannot hold: no entry
            return
        self._point()
        self._prune()

    def discard(self) -> None:
        """Remove this entry (found damaged while it was read)."""
        with suppress(OSError):
            self.path.unlink()

    def companion_path(self, kind: str) -> Path:
        """Where something derived from this entry's dataset (*kind*) is kept beside it."""
        return self.directory / f"{self.path.name[: -len(SUFFIX)]}.{kind}{SUFFIX}"

    def get_companion(self, kind: str) -> Any:
        """What :meth:`put_companion` stored for *kind*, or None when missing or damaged.

        A companion untouched since it was written and sealed is read without hashing it (a
        large dataset's index of names is 13 MB); any other is read only if its checksum
        holds."""
        path = self.companion_path(kind)
        with _sealed_body(path, self.key) as sealed:
            body = sealed if sealed is not None else read_checked(path, self.key)
            if body is None:
                return None
            try:
                with paused_gc():
                    return marshal.loads(body)
            except Exception:  # damaged: rebuilt by the caller
                return None

    def put_companion(self, kind: str, value: Any) -> None:
        """Store *value* (plain data :mod:`marshal` can hold) for *kind*, if it can be written."""
        if not self.path.exists():
            return  # the dataset itself was not cached: nothing would prune this
        try:
            body = marshal.dumps(value)
        except ValueError:
            return
        if write_checked(self.companion_path(kind), self.key, body):
            seal(self.companion_path(kind))
        with suppress(OSError):
            os.utime(seal_path(self.path))

    def _prune(self) -> None:
        """Keep the most recently used entries; remove temporary files a killed process left."""
        entries, leftovers, companions, pointers = [], [], [], []
        try:
            for entry in self.directory.iterdir():
                if entry.name.endswith(POINTER_SUFFIX) and not entry.name.startswith("."):
                    pointers.append((entry.stat().st_mtime, entry))
                    continue
                if entry.name.startswith(".tmp-") and entry.name.endswith((".similarity", ".seal")):
                    if entry.stat().st_mtime < time.time() - 3600:  # a similarity index's
                        leftovers.append(entry)
                    continue
                if entry.name.endswith(".seal") and not entry.name.startswith("."):
                    if not entry.with_name(entry.name[: -len(".seal")]).exists():
                        leftovers.append(entry)  # the seal of a file pruned before
                    continue
                if not entry.name.endswith(SUFFIX):
                    continue  # not ours: the directory may be shared
                modified = entry.stat().st_mtime
                if entry.name.startswith(".tmp-"):
                    if modified < time.time() - 3600:
                        leftovers.append(entry)
                elif "." in entry.name[: -len(SUFFIX)]:  # KEY.KIND.ladder: kept with its entry
                    companions.append(entry)
                else:
                    with suppress(OSError):  # when last used: its seal's time
                        modified = max(modified, seal_path(entry).stat().st_mtime)
                    entries.append((modified, entry))
        except OSError:
            return
        entries.sort(reverse=True)
        kept = {entry.name[: -len(SUFFIX)] for _, entry in entries[:MAX_ENTRIES]}
        orphans = [entry for entry in companions if entry.name.split(".")[0] not in kept]
        pointers.sort(reverse=True)
        stale = [entry for _, entry in pointers[MAX_POINTERS:]]
        for entry in [*(entry for _, entry in entries[MAX_ENTRIES:]), *leftovers, *orphans, *stale]:
            with suppress(OSError):
                entry.unlink()


@contextmanager
def _sealed_body(path: Path, key: bytes) -> Iterator[memoryview | None]:
    """The body of a file :func:`write_checked` wrote for *key* and sealed after, mapped
    from the file without reading or hashing it, while the context lasts; None when it is not
    sealed as it is now, or not written for *key*."""
    import mmap

    if not is_sealed(path):
        yield None
        return
    try:
        with path.open("rb") as handle:
            mapped = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
    except (OSError, ValueError):
        yield None
        return
    view = memoryview(mapped)
    head = len(_MAGIC) + 2 * _DIGEST_SIZE
    try:
        good = (
            len(view) > head
            and view[: len(_MAGIC)] == _MAGIC
            and view[len(_MAGIC) : len(_MAGIC) + _DIGEST_SIZE] == key
        )
        body = view[head:]
        try:
            yield body if good else None
        finally:
            body.release()
    finally:
        view.release()
        mapped.close()


def read_checked(path: Path, key: bytes) -> memoryview | None:
    """The body of a file :func:`write_checked` wrote for *key*, or None when the file is
    missing, was written for another key, or is truncated or corrupt."""
    try:
        blob = path.read_bytes()
    except OSError:
        return None
    head = len(_MAGIC) + 2 * _DIGEST_SIZE
    if (
        len(blob) <= head
        or not blob.startswith(_MAGIC)
        or blob[len(_MAGIC) : len(_MAGIC) + _DIGEST_SIZE] != key
    ):
        return None
    body = memoryview(blob)[head:]
    if hashlib.sha256(body).digest() != blob[head - _DIGEST_SIZE : head]:
        return None
    return body


def write_checked(path: Path, key: bytes, body: bytes) -> bool:
    """Write *body* to *path* behind a header (magic, *key*, checksum), through a temporary
    file and a rename, so no reader ever sees half a file. False when it cannot be written."""
    from careerpath.data.files import write_atomically
    from careerpath.errors import CannotWrite

    header = b"".join((_MAGIC, key, hashlib.sha256(body).digest()))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # Not synced to the disk: an entry a crash loses or truncates is a miss (the checksum
        # tells), rebuilt by the next command. Named .tmp-*.ladder so that pruning finds one a
        # killed process left behind.
        write_atomically(
            path,
            (header, body),
            force=True,
            durable=False,
            private=True,
            prefix=".tmp-",
            suffix=SUFFIX,
        )
    except (OSError, CannotWrite):
        return False
    return True


_ENTRIES: weakref.WeakKeyDictionary[Ladder, LadderCache] = weakref.WeakKeyDictionary()


def entry_of(ladder: Ladder) -> LadderCache | None:
    """The cache entry *ladder* was loaded from or stored in, if this process knows it."""
    return _ENTRIES.get(ladder)


def remember(ladder: Ladder, entry: LadderCache) -> None:
    """Note that *ladder* is the dataset of *entry* (so :func:`companion` can find it)."""
    _ENTRIES[ladder] = entry


def companion(ladder: Ladder, kind: str, build: Callable[[], T]) -> T:
    """Something derived from *ladder* (*kind*, such as an index of its names), read from
    beside its cache entry, else built with *build* and stored there for the next process.

    Without a cache entry (``--no-cache``, a directory that cannot be written) it is built.
    """
    entry = entry_of(ladder)
    if entry is None:
        return build()
    stored = entry.get_companion(kind)
    if stored is not None:
        return typing.cast(T, stored)
    value = build()
    entry.put_companion(kind, value)
    return value


def _pointer_path(directory: Path, status: bytes) -> Path:
    return directory / (status.hex()[:40] + POINTER_SUFFIX)


def _status_key(
    specs: Sequence[str], environment: bytes, since: int | None = None
) -> tuple[bytes, bool] | None:
    """What identifies the files *specs* name without reading them (real path, size, mtime,
    ctime, inode and device of each), and whether each was last changed at least
    ``SETTLE_NS`` before *since*; None when one cannot be examined.

    A file system whose clock ticks coarsely can give an edit made in the same tick as the
    last one the same times (and an edit in place keeps the inode): only a file that had been
    still for longer than any tick when it was read is known by its status alone.
    """
    digest = hashlib.sha256(b"status\n" + environment)
    settled = True
    for spec in distinct(specs):
        path = builtin_path() if spec == BUILTIN else Path(spec)
        try:
            status = path.stat()
        except (OSError, ValueError):
            return None
        if not stat.S_ISREG(status.st_mode):
            return None
        if since is not None and max(status.st_mtime_ns, status.st_ctime_ns) > since - SETTLE_NS:
            settled = False
        label = identity(spec).encode("utf-8", "surrogateescape")
        digest.update(len(label).to_bytes(8, "big") + label)
        for number in (
            status.st_size,
            status.st_mtime_ns,
            status.st_ctime_ns,
            status.st_ino,
            status.st_dev,
        ):
            digest.update(number.to_bytes(16, "big", signed=True))
    return digest.digest(), settled


def _key(specs: Sequence[str], environment: bytes | None = None) -> bytes | None:
    """What identifies the dataset *specs* give, or None when a file cannot be read."""
    digest = hashlib.sha256(environment if environment is not None else _environment())
    for spec in distinct(specs):
        path = builtin_path() if spec == BUILTIN else Path(spec)
        try:
            status = path.stat()
            # Not a regular file (a FIFO would block) or too big: the loader says why.
            if not stat.S_ISREG(status.st_mode) or status.st_size > MAX_FILE_BYTES:
                return None
            with path.open("rb") as handle:
                content = handle.read()  # read(limit) would allocate the limit up front
        except (OSError, ValueError):
            return None
        if len(content) > MAX_FILE_BYTES:
            return None
        label = identity(spec).encode("utf-8", "surrogateescape")
        digest.update(len(label).to_bytes(8, "big") + label)
        digest.update(len(content).to_bytes(8, "big") + content)
    return digest.digest()


def _pydantic_version() -> str:
    """The installed Pydantic's version, read from its ``version.py`` without importing it
    (a command answered from the store never needs Pydantic, which is slow to import)."""
    import importlib.util

    try:
        spec = importlib.util.find_spec("pydantic")
        if spec is None or spec.origin is None:
            return "not found"
        text = Path(spec.origin).with_name("version.py").read_text("utf-8")
    except (OSError, ValueError, ImportError):
        return "unknown"
    for line in text.splitlines():
        if line.startswith("VERSION"):
            return line
    return "unknown"


def _environment() -> bytes:
    """What an entry depends on besides the data files: versions and the package's code."""
    from careerpath.data.store import STORE_FORMAT
    from careerpath.version import __version__

    parts = [
        f"format {FORMAT_VERSION} store {STORE_FORMAT}",
        f"careerpath {__version__}",
        f"python {sys.version} {sys.implementation.cache_tag}",
        f"pydantic {_pydantic_version()}",
    ]
    package = Path(__file__).parents[1]
    try:
        for source in sorted(package.rglob("*.py")):
            status = source.stat()
            parts.append(f"{source.relative_to(package)} {status.st_size} {status.st_mtime_ns}")
    except OSError:
        parts.append("sources unknown")
    return "\n".join(parts).encode("utf-8", "surrogateescape")
