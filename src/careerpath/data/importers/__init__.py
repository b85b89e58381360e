"""Importers: turn other occupational datasets into careerpath data files.

Each module reads one external format (through :mod:`.source`) and returns a document shaped
like :class:`careerpath.data.models.DataFile`, checked, with a report of what was imported and
left out (an :class:`.report.ImportReport`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from careerpath.data.load import check_document
from careerpath.data.models import MAX_NAME_LENGTH, MAX_TEXT_LENGTH, find_forbidden_character

if TYPE_CHECKING:
    from careerpath.data.importers.report import ImportReport
    from careerpath.data.ladder import Ladder

Progress = Callable[[str, int, int], None]
"""Called as ``progress(what, done, total)`` while importing."""

ReportT = TypeVar("ReportT", bound="ImportReport")


@dataclass
class ImportResult(Generic[ReportT]):
    """The result of an import: the dataset as a data-file document, checked, and the report."""

    document: dict[str, Any]
    report: ReportT
    ladder: Ladder


def to_json_text(document: dict[str, Any]) -> str:
    """The document as the text of a JSON data file (compact: a full release is ~10 MB)."""
    import json

    return json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n"


def fits_name(value: str) -> bool:
    """Whether *value* can be a name in a data file (one line, not too long, nothing hidden)."""
    return bool(value) and len(value) <= MAX_NAME_LENGTH and find_forbidden_character(value) is None


def fits_text(value: str) -> bool:
    """Whether *value* can be a text (a summary, a description) in a data file."""
    return bool(value) and len(value) <= MAX_TEXT_LENGTH and find_forbidden_character(value) is None


def cut_text(value: str, note: str) -> str:
    """*value* cut at a word to fit a data file's text, followed by *note* (which says so)."""
    room = MAX_TEXT_LENGTH - len(note)
    kept = value[:room]
    if " " in kept[room // 2 :]:
        kept = kept[: kept.rindex(" ")]
    return kept.rstrip() + note


def dataset_document(
    name: str, description: str, source: dict[str, Any], version: str | None, **content: Any
) -> dict[str, Any]:
    """A data-file document of an imported release: *source* (its id, title, url, attribution
    and licence) is its one source and its credit; *content* gives its scales and sections."""
    document = {
        "name": name,
        "description": description,
        "attribution": source["attribution"],
        "licence": source["licence"],
        "sources": [source],
        **content,
    }
    if version:
        document["version"] = version
    return document


def run_stages(
    stages: Sequence[tuple[str, Callable[[], None]]], progress: Progress | None, total: int
) -> None:
    """Run each stage, telling *progress* its label and how many of *total* came before."""
    for done, (label, stage) in enumerate(stages):
        if progress is not None:
            progress(label, done, total)
        stage()


def checked_result(
    document: dict[str, Any],
    report: ReportT,
    name: str,
    progress: Progress | None,
    total: int,
) -> ImportResult[ReportT]:
    """The imported *document* checked as a dataset, reporting the last two of *total* stages.

    Raises InvalidDataset when it fails the checks (a bug in the importer).
    """
    if progress is not None:
        progress("checking the dataset", total - 1, total)
    ladder = check_document(document, f"<{name} import>")
    if progress is not None:
        progress("done", total, total)
    dumped: dict[str, Any] = ladder.to_document().model_dump(
        mode="json", by_alias=True, exclude_none=True, exclude_defaults=True
    )
    return ImportResult(dumped, report, ladder)
