"""Datasets installed under the user's data directory, selectable by a short name.

``careerpath import onet`` saves its result as ``datasets/<name>.json`` under the data
directory (``$CAREERPATH_DATA_DIR``, else ``$XDG_DATA_HOME/careerpath``, else
``~/.local/share/careerpath``; ``%APPDATA%\\careerpath`` on Windows), and ``--data <name>``
then selects it. A path that exists always wins over an installed name.
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path

ENV_VAR = "CAREERPATH_DATA_DIR"
"""Environment variable naming the data directory (used as is)."""
SUFFIX = ".json"
NAME_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
"""What an installed dataset may be called: a file name without a directory or suffix."""


def data_dir() -> Path | None:
    """The user's careerpath data directory, or None when there is no home to put it in."""
    configured = os.environ.get(ENV_VAR, "").strip()
    if configured:
        return Path(configured)
    if sys.platform == "win32":
        appdata = os.environ.get("APPDATA", "").strip()
        if appdata:
            return Path(appdata) / "careerpath"
    xdg = os.environ.get("XDG_DATA_HOME", "").strip()
    if xdg and Path(xdg).is_absolute():
        return Path(xdg) / "careerpath"
    try:
        return Path.home() / ".local" / "share" / "careerpath"
    except (RuntimeError, KeyError):
        return None


def datasets_dir() -> Path | None:
    """Where installed datasets live."""
    base = data_dir()
    return base / "datasets" if base is not None else None


def is_name(text: str) -> bool:
    """True when *text* can name an installed dataset (no directory, no suffix needed)."""
    return bool(NAME_PATTERN.match(text)) and not text.endswith(SUFFIX) and ".." not in text


def installed_path(name: str) -> Path | None:
    """Where the dataset called *name* is (or would be) installed."""
    folder = datasets_dir()
    return folder / f"{name}{SUFFIX}" if folder is not None and is_name(name) else None


def resolve(spec: str) -> str:
    """The file a ``--data`` value names: a path that exists as given, else an installed
    dataset of that name when there is one, else the value unchanged (the loader then says
    that there is no such file)."""
    if not is_name(spec) or os.path.lexists(spec):
        return spec
    path = installed_path(spec)
    return str(path) if path is not None and path.is_file() else spec


@dataclass(frozen=True)
class Installed:
    """One installed dataset."""

    name: str
    path: str
    roles: int | None
    version: str | None
    attribution: str | None
    problem: str | None = None


@dataclass(frozen=True)
class InstalledList:
    """The datasets installed under the data directory."""

    directory: str | None
    datasets: list[Installed]

    def to_json(self) -> dict[str, object]:
        return {
            "directory": self.directory,
            "datasets": [
                {
                    "name": d.name,
                    "path": d.path,
                    "roles": d.roles,
                    "version": d.version,
                    "attribution": d.attribution,
                    "problem": d.problem,
                }
                for d in self.datasets
            ],
        }


def list_installed(*, cache: bool = True) -> InstalledList:
    """Every installed dataset, by name, each loaded (through the cache) to count its roles."""
    from careerpath.data.load import load
    from careerpath.errors import InvalidDataset

    folder = datasets_dir()
    found: list[Installed] = []
    if folder is None or not folder.is_dir():
        return InstalledList(str(folder) if folder else None, found)
    for path in sorted(folder.glob(f"*{SUFFIX}")):
        name = path.name[: -len(SUFFIX)]
        if not is_name(name) or not path.is_file():
            continue
        try:
            ladder = load([str(path)], cache=cache)
        except InvalidDataset as exc:
            problem = exc.problems[0].message if exc.problems else str(exc)
            found.append(Installed(name, str(path), None, None, None, problem))
            continue
        found.append(
            Installed(name, str(path), len(ladder.roles), ladder.version, ladder.attribution)
        )
    return InstalledList(str(folder), found)
