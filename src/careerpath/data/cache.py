"""A cache of loaded datasets: a data file is parsed and checked once, not on every command.

An entry holds the checked dataset in a compact form that loads several times faster than
parsing and validating the data files again. It is keyed by the content of every data file
(and their real paths and order: however a path is spelled, a file has one entry), by the
versions of careerpath, Python and pydantic, and by the package's own source files, so any
change to any of them is a miss, never a stale answer.

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
from careerpath.data.payload import FORMAT_VERSION, decode, encode
from careerpath.data.sources import MAX_FILE_BYTES

if TYPE_CHECKING:
    from careerpath.data.ladder import Ladder

SUFFIX = ".ladder"
MAX_ENTRIES = 8
"""Entries kept; the least recently used beyond this are removed after each write."""

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

    def __init__(self, directory: Path, key: bytes, specs: Sequence[str] = ()) -> None:
        self.directory = directory
        self.key = key
        self.specs = list(specs)
        self.path = directory / (key.hex()[:40] + SUFFIX)

    @classmethod
    def open(cls, specs: Sequence[str]) -> LadderCache | None:
        """The entry for *specs* (paths, or ``"builtin"``), or None when caching is impossible.

        Reads and hashes every file; a file that cannot be read is left to the loader to report.
        """
        directory = cache_dir()
        key = _key(specs) if directory is not None else None
        if directory is None or key is None:
            return None
        return cls(directory, key, specs)

    def get(self) -> Ladder | None:
        """The cached dataset, or None when the entry is missing, stale or corrupt."""
        body = read_checked(self.path, self.key)
        if body is None:
            return None
        try:
            with paused_gc():
                ladder = decode(marshal.loads(body))
        except Exception:  # a damaged entry is rebuilt, whatever it contained
            return None
        with suppress(OSError):
            os.utime(self.path)  # recently used: kept by pruning
        if self.specs:  # named as this load names them, which may not be as they were stored
            ladder.files = distinct(self.specs)
        return ladder

    def put(self, ladder: Ladder) -> None:
        """Store *ladder*, if it can be stored and the directory can be written."""
        if self.specs and _key(self.specs) != self.key:
            return  # a file changed while it was loaded: this ladder may match neither version
        try:
            body = marshal.dumps(encode(ladder))  # the encoded tables go once this returns
        except Exception:  # a model or value this cache cannot hold: no entry, no error
            return
        if write_checked(self.path, self.key, body):
            self._prune()

    def companion_path(self, kind: str) -> Path:
        """Where something derived from this entry's dataset (*kind*) is kept beside it."""
        return self.directory / f"{self.path.name[: -len(SUFFIX)]}.{kind}{SUFFIX}"

    def get_companion(self, kind: str) -> Any:
        """What :meth:`put_companion` stored for *kind*, or None when missing or damaged."""
        body = read_checked(self.companion_path(kind), self.key)
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
        write_checked(self.companion_path(kind), self.key, body)
        with suppress(OSError):
            os.utime(self.path)

    def _prune(self) -> None:
        """Keep the most recently used entries; remove temporary files a killed process left."""
        entries, leftovers, companions = [], [], []
        try:
            for entry in self.directory.iterdir():
                if not entry.name.endswith(SUFFIX):
                    continue  # not ours: the directory may be shared
                modified = entry.stat().st_mtime
                if entry.name.startswith(".tmp-"):
                    if modified < time.time() - 3600:
                        leftovers.append(entry)
                elif "." in entry.name[: -len(SUFFIX)]:  # KEY.KIND.ladder: kept with its entry
                    companions.append(entry)
                else:
                    entries.append((modified, entry))
        except OSError:
            return
        entries.sort(reverse=True)
        kept = {entry.name[: -len(SUFFIX)] for _, entry in entries[:MAX_ENTRIES]}
        orphans = [entry for entry in companions if entry.name.split(".")[0] not in kept]
        for entry in [*(entry for _, entry in entries[MAX_ENTRIES:]), *leftovers, *orphans]:
            with suppress(OSError):
                entry.unlink()


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


def _key(specs: Sequence[str]) -> bytes | None:
    """What identifies the dataset *specs* give, or None when a file cannot be read."""
    digest = hashlib.sha256(_environment())
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


def _environment() -> bytes:
    """What an entry depends on besides the data files: versions and the package's code."""
    from pydantic import VERSION as pydantic_version

    from careerpath.version import __version__

    parts = [
        f"format {FORMAT_VERSION}",
        f"careerpath {__version__}",
        f"python {sys.version} {sys.implementation.cache_tag}",
        f"pydantic {pydantic_version}",
    ]
    package = Path(__file__).parents[1]
    try:
        for source in sorted(package.rglob("*.py")):
            status = source.stat()
            parts.append(f"{source.relative_to(package)} {status.st_size} {status.st_mtime_ns}")
    except OSError:
        parts.append("sources unknown")
    return "\n".join(parts).encode("utf-8", "surrogateescape")
