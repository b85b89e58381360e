"""The datasets installed under the user's data directory, each loaded to say what it holds."""

from __future__ import annotations

from dataclasses import dataclass

from careerpath.data.load import load
from careerpath.data.locate import INSTALLED_SUFFIX, datasets_dir, is_name
from careerpath.errors import InvalidDataset


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
    folder = datasets_dir()
    found: list[Installed] = []
    if folder is None or not folder.is_dir():
        return InstalledList(str(folder) if folder else None, found)
    for path in sorted(folder.glob(f"*{INSTALLED_SUFFIX}")):
        name = path.name[: -len(INSTALLED_SUFFIX)]
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
