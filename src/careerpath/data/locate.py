"""Where data files are: the built-in dataset, installed datasets by name, ``$CAREERPATH_DATA``."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

BUILTIN = "builtin"
"""The name that stands for the embedded customer-support dataset in ``--data``."""
BUILTIN_FILE = "customer-support.yaml"
ENV_VAR = "CAREERPATH_DATA"
STDIN = "-"
"""The name that stands for standard input in ``validate``."""


def builtin_path() -> Path:
    """Where the embedded dataset lives: inside the installed package, or in a checkout."""
    packaged = Path(__file__).with_name(BUILTIN_FILE)
    if packaged.is_file():
        return packaged
    return Path(__file__).resolve().parents[3] / "data" / BUILTIN_FILE


def data_paths(cli_paths: Sequence[str] | None = None) -> list[str]:
    """The data files to use: ``--data`` values, else ``$CAREERPATH_DATA``, else the builtin.

    A value that is not an existing path but the name of an installed dataset (see
    :mod:`careerpath.data.installed`) stands for that dataset's file.
    """
    if cli_paths:
        return resolve_specs(cli_paths)
    env = os.environ.get(ENV_VAR, "").strip()
    if env:
        return resolve_specs([p for p in env.split(os.pathsep) if p.strip()])
    return [BUILTIN]


def resolve_specs(specs: Sequence[str]) -> list[str]:
    """*specs* with installed dataset names replaced by their files (``builtin`` kept)."""
    from careerpath.data.installed import resolve

    return [spec if spec in (BUILTIN, STDIN) else resolve(spec) for spec in specs]
