"""Where data files are: the built-in dataset, installed datasets by name, the user's folders.

The data and cache folders are platformdirs' (on Linux ``~/.local/share/careerpath`` and
``~/.cache/careerpath``, or under ``$XDG_DATA_HOME`` and ``$XDG_CACHE_HOME``) unless
``$CAREERPATH_DATA_DIR`` or ``$CAREERPATH_CACHE_DIR`` names them. Installed datasets are
``datasets/<name>.json`` in the data folder; a path that exists wins over an installed name.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Literal

APP_NAME = "careerpath"
"""The folder name under the platform's data and cache folders."""
BUILTIN = "builtin"
"""The name that stands for the embedded customer-support dataset in ``--data``."""
BUILTIN_FILE = "customer-support.yaml"
ENV_VAR = "CAREERPATH_DATA"
STDIN = "-"
"""The name that stands for standard input in ``validate``."""
DATA_DIR_ENV_VAR = "CAREERPATH_DATA_DIR"
"""Environment variable naming the data directory (used as is)."""
CACHE_DIR_ENV_VAR = "CAREERPATH_CACHE_DIR"
"""Environment variable naming the cache directory (used as is, without a subdirectory)."""
INSTALLED_SUFFIX = ".json"
NAME_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
"""What an installed dataset may be called: a file name without a directory or suffix."""


def builtin_path() -> Path:
    """Where the embedded dataset lives: inside the installed package, or in a checkout."""
    packaged = Path(__file__).with_name(BUILTIN_FILE)
    if packaged.is_file():
        return packaged
    return Path(__file__).resolve().parents[3] / "data" / BUILTIN_FILE


def data_paths(cli_paths: Sequence[str] | None = None) -> list[str]:
    """The data files to use: ``--data`` values, else ``$CAREERPATH_DATA``, else the builtin.

    A value that is not an existing path but the name of an installed dataset (see
    :func:`installed_path`) stands for that dataset's file.
    """
    if cli_paths:
        return resolve_specs(cli_paths)
    env = os.environ.get(ENV_VAR, "").strip()
    if env:
        return resolve_specs([p for p in env.split(os.pathsep) if p.strip()])
    return [BUILTIN]


def resolve_specs(specs: Sequence[str]) -> list[str]:
    """*specs* with installed dataset names replaced by their files (``builtin`` kept)."""
    return [spec if spec in (BUILTIN, STDIN) else resolve_name(spec) for spec in specs]


def identity(spec: str) -> str:
    """What tells data files apart: a file's real path, however *spec* spells it (relative,
    absolute, through ``./`` or ``..``, or a symbolic link); ``builtin`` and ``-`` as they are.
    """
    return spec if spec in (BUILTIN, STDIN) else os.path.realpath(spec)


def distinct(specs: Sequence[str]) -> list[str]:
    """*specs* without those naming a file named before (see :func:`identity`), in order;
    the first spelling of each file is kept."""
    seen: set[str] = set()
    kept = []
    for spec in specs:
        key = identity(spec)
        if key not in seen:
            seen.add(key)
            kept.append(spec)
    return kept


def data_dir() -> Path | None:
    """The user's careerpath data directory, or None when there is no home to put it in."""
    configured = os.environ.get(DATA_DIR_ENV_VAR, "").strip()
    if configured:
        return Path(configured)
    return _user_folder("data")


def datasets_dir() -> Path | None:
    """Where installed datasets live."""
    base = data_dir()
    return base / "datasets" if base is not None else None


def is_name(text: str) -> bool:
    """True when *text* can name an installed dataset (no directory, no suffix needed)."""
    return (
        bool(NAME_PATTERN.match(text)) and not text.endswith(INSTALLED_SUFFIX) and ".." not in text
    )


def installed_path(name: str) -> Path | None:
    """Where the dataset called *name* is (or would be) installed."""
    folder = datasets_dir()
    return folder / f"{name}{INSTALLED_SUFFIX}" if folder is not None and is_name(name) else None


def resolve_name(spec: str) -> str:
    """The file a ``--data`` value names: a path that exists as given, else an installed
    dataset of that name when there is one, else the value unchanged (the loader then says
    that there is no such file)."""
    if not is_name(spec) or os.path.lexists(spec):
        return spec
    path = installed_path(spec)
    if path is not None and path.is_file():
        return str(path)
    if "." not in spec:  # a bare word names a dataset rather than a file: say how to get one
        raise _not_installed(spec)
    return spec


def _not_installed(name: str) -> Exception:
    """The error for ``--data NAME`` where neither a file nor an installed dataset is NAME."""
    from careerpath.errors import InvalidDataset, Problem
    from careerpath.messages import _

    if name in ("onet", "esco"):
        command = f"careerpath import {name} SOURCE"
    else:
        command = f"careerpath import onet SOURCE --name {name}"
    message = _(
        "no installed dataset {name} (nor a file of that name); install one with: {command}"
    ).format(name=repr(name), command=command)
    return InvalidDataset([Problem(message, file=name)])


def cache_dir() -> Path | None:
    """Where cache entries are kept, or None when there is no home directory to put them in."""
    configured = os.environ.get(CACHE_DIR_ENV_VAR, "").strip()
    if configured:
        return Path(configured)
    return _user_folder("cache")


def _user_folder(kind: Literal["data", "cache"]) -> Path | None:
    """The platform's folder of *kind* for careerpath (platformdirs), or None without a home."""
    import platformdirs  # ≈ 2.5 ms: only imported when no variable names the folder

    # roaming: %APPDATA% on Windows, as before platformdirs; the cache is local either way.
    folders = platformdirs.PlatformDirs(APP_NAME, appauthor=False, roaming=True)
    try:
        return folders.user_data_path if kind == "data" else folders.user_cache_path
    except (RuntimeError, KeyError, ValueError, OSError):  # no home, no %LOCALAPPDATA%
        return None
